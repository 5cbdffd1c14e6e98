"""The claim model: validation, stable ids, round trips, geometry, and the example file."""

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from pyproj import Geod

from frontmap.claimfile import ClaimFileError, read_claims
from frontmap.model import (
    Claim,
    Claimant,
    ClaimError,
    ClaimGeometry,
    ClaimKind,
    Link,
    LocationRef,
    Magnitude,
    Publisher,
    Side,
    TimeSpan,
    Verification,
)

EXAMPLE = Path(__file__).parents[1] / "examples" / "kursk-2025-01-05.yaml"


def convoy_claim(**changes):
    fields = dict(
        claimant=Claimant("Russian Defence Ministry", Side.RUSSIA), kind=ClaimKind.STRIKE,
        event_time=TimeSpan.parse("2025-01-05"), reported=date(2025, 1, 5), actor="russia",
        summary="A convoy was struck near Berdin.", magnitudes=(Magnitude(2, "vehicles", "tank"),),
        geometry=ClaimGeometry.point(51.29, 35.42, 5),
    )
    return Claim(**{**fields, **changes})


def test_the_id_comes_from_the_content_not_the_recording_time():
    claim = convoy_claim()
    assert claim.id.startswith("fm-") and len(claim.id) == 19
    assert claim.with_recorded(datetime(2026, 1, 1, tzinfo=timezone.utc)).id == claim.id
    assert convoy_claim(summary="Another wording.").id != claim.id


def test_every_field_survives_a_round_trip():
    claim = convoy_claim(
        verification=Verification("disputed", "Ukraine denies it", disputed_by=("General Staff of Ukraine",)),
        links=(Link("contradicts", "fm-0123456789abcdef"),), quote="…", recorded=datetime(2025, 1, 6, 12, 0),
    )
    again = Claim.from_dict(claim.to_dict())
    assert again == claim and again.id == claim.id
    assert again.to_dict() == claim.to_dict()


def every_field_claim():
    """A claim using every field, with text that JSON must escape."""
    return convoy_claim(
        verification=Verification("disputed", 'Ukraine "denies" it\n<script>\x01', confirmed_by=("ISW",),
                                  disputed_by=("General Staff of Ukraine",)),
        links=(Link("contradicts", "fm-0123456789abcdef"),), quote="Махновка… «quote»",
        recorded=datetime(2025, 1, 6, 12, 0),
        publisher=Publisher("dpa", "https://example.org/a?b=1", datetime(2025, 1, 5, 14, 30, tzinfo=timezone.utc)),
        places=(LocationRef("Makhnivka", "geonames:1", "Makhnovka", 51.3, 35.1, 0.875, True, "exact"),
                LocationRef("Berdin")),
        magnitudes=(Magnitude(2, "vehicles", "tank"), Magnitude(3600.5, "km2", approximate=True)),
        geometry=ClaimGeometry.sector(51.191, 35.271, "north-east", (5, 25), description="north-east of Sudzha"),
    )


def test_the_canonical_form_is_sorted_json_of_the_content():
    arrow = ClaimGeometry.arrow((51.19, 35.27), (51.5, 36.0), "towards Kursk")
    for claim in [every_field_claim(), convoy_claim(geometry=arrow), convoy_claim(geometry=None), *read_claims(EXAMPLE)]:
        content = {k: v for k, v in claim.to_dict().items() if k not in ("id", "recorded")}
        assert claim.canonical == json.dumps(content, sort_keys=True, ensure_ascii=False)


def test_ids_do_not_change_between_versions():
    """Ids computed by earlier releases: stores and claim files written then must still match."""
    arrow = ClaimGeometry.arrow((51.19, 35.27), (51.5, 36.0), "towards Kursk")
    assert every_field_claim().id == "fm-fbaa9bdac3dfe9d3"
    assert convoy_claim(geometry=arrow, actor="ukraine").id == "fm-6b861ebe10c751ad"
    assert convoy_claim(geometry=None, magnitudes=()).id == "fm-8b56b3d8d9a662f9"
    assert [c.id for c in read_claims(EXAMPLE)][:3] == ["fm-574e25b3f51a9eb8", "fm-6e25ee7a1d8375ab", "fm-5195992b822cb0f8"]


def test_the_same_moment_in_another_time_zone_is_another_claim():
    """Report times are formatted once per distinct UTC time; an equal time in another zone keeps its offset."""
    utc, kyiv = (convoy_claim(reported=time) for time in ("2025-01-05T12:00:00+00:00", "2025-01-05T14:00:00+02:00"))
    assert utc.reported == kyiv.reported and utc.id != kyiv.id
    assert '"reported": "2025-01-05T14:00:00+02:00"' in kyiv.canonical
    assert '"reported": "2025-01-05T12:00:00+00:00"' in utc.canonical


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "victory"}, "kind"),
        ({"actor": "nato"}, "actor"),
        ({"claimant": lambda: Claimant("  ")}, "claimant.name"),
        ({"summary": "", "quote": ""}, "summary"),
        ({"reported": date(2024, 12, 1)}, "reported"),
        ({"magnitudes": lambda: (Magnitude(2, "tanks"),)}, "magnitudes.unit"),
        ({"magnitudes": lambda: (Magnitude(-1, "km2"),)}, "magnitudes.value"),
        ({"links": lambda: (Link("supersedes", "c-1"),)}, "links.target"),
    ],
)
def test_validation_names_the_field_and_value(change, field):
    with pytest.raises(ClaimError) as error:
        convoy_claim(**{k: v() if callable(v) else v for k, v in change.items()})
    assert error.value.field == field
    assert repr(error.value.value) in str(error.value)


def test_an_event_interval_must_not_run_backwards():
    with pytest.raises(ClaimError, match="event_time.end.*is before the start"):
        TimeSpan.parse("2025-01-05/2025-01-01")


def test_an_edited_record_with_its_old_id_is_refused():
    data = convoy_claim().to_dict()
    data["summary"] = "Quietly changed."
    with pytest.raises(ClaimError, match="supersedes"):
        Claim.from_dict(data)


def test_unknown_fields_are_refused():
    data = {**convoy_claim().to_dict(with_id=False), "colour": "red"}
    with pytest.raises(ClaimError, match="'colour'.*not a claim field"):
        Claim.from_dict(data)


def test_time_precision():
    assert TimeSpan.parse("2024").precision == "year"
    november = TimeSpan.parse("2024-11")
    assert (november.start, november.end, november.precision) == (date(2024, 11, 1), date(2024, 11, 30), "month")
    assert TimeSpan.parse("2024-02").end == date(2024, 2, 29)


def test_a_sector_is_a_ring_sector_on_the_ellipsoid():
    sector = ClaimGeometry.sector(51.191, 35.271, "north-east", (5, 25))
    # A quarter ring between 5 and 25 km: pi * (25^2 - 5^2) / 4 = 471.2 km2 (flat-earth formula, <1% off here).
    assert sector.area_km2() == pytest.approx(471.2, rel=0.01)
    centroid = sector.geometry.centroid
    azimuth, _, distance = Geod(ellps="WGS84").inv(35.271, 51.191, centroid.x, centroid.y)
    assert 40 < azimuth < 50 and 10_000 < distance < 20_000


def test_an_arrow_runs_from_origin_to_objective():
    arrow = ClaimGeometry.arrow((51.191, 35.271), (51.727, 36.185))
    assert arrow.geometry.coords[0] == (35.271, 51.191) and arrow.geometry.coords[-1] == (36.185, 51.727)


def test_geometry_must_be_in_degrees_and_valid():
    import shapely

    with pytest.raises(ClaimError, match="longitude/latitude"):
        ClaimGeometry("point", shapely.Point(3_900_000, 6_600_000))
    with pytest.raises(ClaimError, match="invalid"):
        ClaimGeometry("polygon", shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)]))


def test_the_example_file_holds_the_claims_of_the_report():
    claims = read_claims(EXAMPLE)
    by_kind = {}
    for claim in claims:
        by_kind.setdefault(claim.kind.value, []).append(claim)
    assert len(claims) == 11
    offensive = by_kind["offensive"][0]
    assert offensive.claimant.side == "ukraine" and offensive.geometry.shape == "sector"
    assert "north-east of Sudzha" in offensive.geometry.description
    clash = by_kind["clash"][0]
    assert [m.value for m in clash.magnitudes] == [42, 12] and clash.claimant.name.startswith("General Staff")
    strike = by_kind["strike"][0]
    assert strike.claimant.side == "russia" and strike.verification.status == "unverified"
    assert strike.places[0].place_id == "curated:berdin"
    assert sum(m.value for m in strike.magnitudes) == 10
    loss = by_kind["loss"][0]
    assert loss.places[0].name == "Makhnovka" and not loss.places[0].ambiguous
    assert loss.reported.date() == date(2025, 1, 4)
    advances = {c.places[0].name for c in by_kind["advance"]}
    assert advances == {"Kurakhove", "Pokrovsk", "Toretsk"}
    areas = {(c.event_time.precision.value, m.value) for c in by_kind["area_change"] for m in c.magnitudes}
    assert {("year", 3600), ("month", 610), ("month", 510)} <= areas


def test_reading_the_example_twice_gives_the_same_ids():
    assert [c.id for c in read_claims(EXAMPLE)] == [c.id for c in read_claims(EXAMPLE)]


def test_a_bad_claim_names_the_file_the_claim_its_line_and_the_field(tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text(
        "source: {reported: 2025-01-05}\n"
        "claims:\n"
        "  - {claimant: A, kind: clash, event_time: 2025-01-05, summary: fine}\n"
        "  - claimant: B\n"
        "    kind: victory\n"
        "    event_time: 2025-01-05\n"
        "    summary: bad kind\n"
    )
    with pytest.raises(ClaimFileError) as error:
        read_claims(path)
    message = str(error.value)
    assert f"{path}, claim 2 (line 4)" in message and "'kind'" in message and "victory" in message


def test_a_file_that_is_not_yaml_is_reported(tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text("claims: [unclosed\n")
    with pytest.raises(ClaimFileError, match="not valid YAML"):
        read_claims(path)


def test_a_misspelt_geometry_field_is_refused(tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text(
        "claims:\n"
        "  - {claimant: A, kind: strike, event_time: 2025-01-05, reported: 2025-01-05, summary: s,\n"
        "     places: [Sudzha], geometry: {shape: point, at: Sudzha, uncertainty: 5}}\n"
    )
    with pytest.raises(ClaimFileError, match="'uncertainty' is not a geometry field"):
        read_claims(path)


def test_a_csv_claim_file_gives_the_same_claims_as_yaml():
    from_csv = read_claims(EXAMPLE.with_name("kursk-2025-01-05-extract.csv"))
    assert len(from_csv) == 2
    assert {c.id for c in from_csv} <= {c.id for c in read_claims(EXAMPLE)}


def test_a_bad_csv_claim_names_its_line_and_field(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("claimant,kind,event_time,reported,summary,magnitudes\n"
                    "A,clash,2025-01-05,2025-01-05,fine,42 clashes\n"
                    "B,clash,2025-01-05,2025-01-05,bad,many clashes\n")
    with pytest.raises(ClaimFileError, match=r"claim 2 \(line 3\).*'magnitudes'.*VALUE UNIT"):
        read_claims(path)
