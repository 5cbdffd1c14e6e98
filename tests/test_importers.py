"""Importing UCDP GED exports: keep every valid row, reject the rest with their line."""

import csv

import pytest

from frontmap.importers.ucdp import read_ucdp
from frontmap.store import GeoPackageStore

from .conftest import FIXTURES, SHARED

SAMPLE = FIXTURES / "ucdp-ged-sample.csv"
REAL = SHARED / "data" / "events" / "ucdp-ged-ukraine-2014-2022.csv"


def test_sample_rows_become_claims_and_the_contradicted_one_is_rejected_at_its_line():
    report = read_ucdp(SAMPLE)
    assert len(report.claims) == 4
    assert report.rejected == [(7, pytest.approx(report.rejected[0][1]))]
    assert "re-written by a spreadsheet" in report.rejected[0][1] and "2021-04-08" in report.rejected[0][1]
    first = report.claims[0]
    assert first.claimant.side == "independent" and first.kind == "clash"
    assert first.magnitudes[0].unit == "deaths" and first.geometry.shape == "point"


def test_spreadsheet_dates_are_read_month_first():
    dates = {c.summary.split("event ")[-1].rstrip(")"): c.event_time.start.isoformat() for c in read_ucdp(SAMPLE).claims}
    assert all(d.startswith("2014") for d in dates.values())


def test_a_broken_date_is_rejected_and_the_rest_kept(tmp_path):
    with SAMPLE.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("date_start")] = "31/31/2014"
    broken = tmp_path / "ucdp.csv"
    with broken.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = read_ucdp(broken)
    assert len(report.claims) == 3
    assert (2, "date_start '31/31/2014' is not a date") in report.rejected


def test_a_file_that_is_not_ucdp_names_its_missing_columns(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match=r"line 1: not a UCDP GED export, missing column"):
        read_ucdp(other)


@pytest.mark.skipif(not REAL.exists(), reason="needs ../shared/data")
def test_the_real_ucdp_file_keeps_every_valid_row(tmp_path):
    report = read_ucdp(REAL)
    assert len(report.claims) + len(report.rejected) == 3883
    assert [line for line, _ in report.rejected] == [1374, 1617, 1629]
    assert len({c.id for c in report.claims}) == len(report.claims) == 3880
    store = GeoPackageStore(tmp_path / "claims.gpkg")
    assert store.append(report.claims) == 3880
    assert store.append(read_ucdp(REAL).claims) == 0


def test_acled_rows_map_to_claims_and_non_war_rows_are_rejected_at_their_line():
    from frontmap.importers.acled import read_acled

    report = read_acled(FIXTURES / "acled-sample.csv")
    assert [c.kind for c in report.claims] == ["clash", "strike", "capture"]
    assert report.rejected == [(5, "sub_event_type 'Peaceful protest' is not a war claim kind"),
                               (6, "event_date '2025-13-45' is not a date")]
    clash, strike, capture = report.claims
    assert clash.event_time.start.isoformat() == "2025-01-05" and clash.geometry.uncertainty_km == 25
    assert (strike.event_time.start.isoformat(), strike.event_time.end.isoformat()) == ("2025-01-02", "2025-01-08")
    assert strike.actor == "russia" and strike.magnitudes[0].value == 2
    assert capture.event_time.precision == "month" and capture.event_time.end.isoformat() == "2024-11-30"
