"""Every reader fails well (issue 19): generated malformed files end in valid data or one typed error.

For each reader, hypothesis writes files with hostile values (wrong types, NaN and infinities,
positions outside degrees, impossible dates, random bytes ...) and the test holds the reader to
one of two ends: it accepts the file and what it returns passes the checks below, or it raises an
:class:`~frontmap.validate.InputFileError` that names the file and, where the file parsed, the
claim or feature and the field. Any other exception fails the test. Hangs and memory are bounded
by the readers' size limits (claim files 32 MB, front-line files 64 MB, exports 1 GB, articles
10 MB; peak memory on the 10 MB inputs of ``benchmarks/fuzz_readers.py`` stays under 500 MB) and
measured there, not here.
"""
from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
import shapely
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontmap.claimfile import ClaimFileError, read_claims
from frontmap.frontline import ControlSeries, FrontlineFileError
from frontmap.importers.acled import read_acled
from frontmap.importers.ucdp import read_ucdp
from frontmap.validate import InputFileError, read_article

FAST = settings(max_examples=40, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
LATEST = date.today() + timedelta(days=1)

hostile_numbers = st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 181.0, -181.0, 91.0, -91.0,
                                   3_926_000.0, 6_650_000.0, 0.0, -1.0, 1e-300])
hostile_text = st.sampled_from(["", " ", "5", "2025-13-40", "2202-02-02", "0005-01-01", "nan", "inf", "1e308", "-1",
                                "\x00", "\u202e", "{{7*7}}", "<script>", "x" * 200_001, "ISW", "2025-01-05/2024-01-01"])
hostile = st.one_of(hostile_numbers, hostile_text, st.integers(-10**30, 10**30), st.booleans(), st.none(),
                    st.floats(), st.text(max_size=20), st.lists(st.integers(), max_size=3),
                    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def _in_degrees(geometry) -> bool:
    coordinates = shapely.get_coordinates(geometry)
    return bool(np.isfinite(coordinates).all() and (np.abs(coordinates[:, 0]) <= 180).all()
                and (np.abs(coordinates[:, 1]) <= 90).all())


def _sound(claims) -> None:
    """What every accepted claim must be: text where text belongs, finite numbers, degrees, plausible dates."""
    for claim in claims:
        texts = [claim.claimant.name, claim.summary, claim.quote, claim.verification.note,
                 *claim.verification.confirmed_by, *(p.as_written for p in claim.places)]
        assert all(isinstance(t, str) and len(t) <= 100_000 for t in texts)
        confirmed = claim.verification.confirmed_by
        assert not (len(confirmed) > 1 and all(len(n) == 1 for n in confirmed)), "a name split into letters"
        days = [claim.event_time.start, claim.event_time.end, claim.reported.date()]
        assert all(date(1989, 1, 1) <= d <= LATEST for d in days), days
        assert all(math.isfinite(m.value) and 0 <= m.value <= 1e9 for m in claim.magnitudes)
        if claim.geometry is not None:
            assert math.isfinite(claim.geometry.uncertainty_km) and _in_degrees(claim.geometry.geometry)
            assert claim.geometry.geometry.is_valid


def _fails_well(error: InputFileError, path: Path) -> None:
    message = str(error)
    assert error.path == str(path) and message.startswith(str(path)) and len(message) < 2000


# --------------------------------------------------------------------------- claim files

RECORD = {
    "claimant": {"name": "Russian Defence Ministry", "side": "russia"}, "kind": "capture", "actor": "russia",
    "event_time": "2025-01-05", "reported": "2025-01-05",
    "places": [{"name": "Sudzha", "context": "in the Kursk region"}],
    "geometry": {"shape": "point", "at": "Sudzha", "uncertainty_km": 3},
    "magnitudes": [{"value": 42, "unit": "clashes"}], "summary": "Russian forces say they took a village.",
    "verification": {"status": "unverified", "confirmed_by": ["ISW"]},
    "publisher": {"name": "dpa", "url": "https://www.dpa.com/x", "published": "2025-01-05"},
}
FIELDS = [*RECORD, "quote", "links", "colour"]
SUBFIELDS = {"claimant": ["name", "side"], "geometry": ["uncertainty_km", "at", "shape", "geometry"],
             "verification": ["status", "confirmed_by", "note"], "publisher": ["name", "url", "published"]}


@st.composite
def mutated_records(draw) -> dict:
    record = json.loads(json.dumps(RECORD))
    field = draw(st.sampled_from(FIELDS))
    if field in SUBFIELDS and draw(st.booleans()):
        record[field][draw(st.sampled_from(SUBFIELDS[field]))] = draw(hostile)
    elif field == "places" and draw(st.booleans()):
        record["places"] = [draw(st.one_of(hostile, st.fixed_dictionaries({"as_written": st.just("X"), "lat": hostile,
                                                                            "lon": hostile})))]
    elif field == "magnitudes":
        record["magnitudes"] = [{"value": draw(hostile), "unit": draw(st.sampled_from(["clashes", "km2", 5]))}]
    else:
        record[field] = draw(hostile)
    return record


def _read_claim_file(path: Path, gaz) -> None:
    try:
        claims = read_claims(path, gaz)
    except ClaimFileError as error:
        _fails_well(error, path)
        return
    _sound(claims)


@FAST
@given(record=mutated_records())
def test_yaml_claim_files_fail_well(tmp_path, gaz, record):
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"claims": [record]}, allow_unicode=True, width=10**9), encoding="utf-8")
    try:
        _sound(read_claims(path, gaz))
    except ClaimFileError as error:
        _fails_well(error, path)
        assert error.claim == 1 and error.line == 2, "a bad record is named by its number and line"


@FAST
@given(record=mutated_records())
def test_json_claim_files_fail_well(tmp_path, gaz, record):
    path = tmp_path / "claims.json"
    path.write_text(json.dumps({"claims": [record]}), encoding="utf-8")  # NaN and Infinity as JS literals
    _read_claim_file(path, gaz)


CSV_HEADER = ["claimant", "side", "kind", "actor", "event_time", "reported", "places", "summary", "magnitudes",
              "publisher", "published", "shape", "at", "uncertainty_km"]
CSV_ROW = ["Russian Defence Ministry", "russia", "capture", "russia", "2025-01-05", "2025-01-05", "Sudzha",
           "Russian forces say they took a village.", "42 clashes", "dpa", "2025-01-05", "point", "Sudzha", "3"]


def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    # "\r\n" as exports end lines: the writer then quotes every cell holding \r or \n (with "\n" a bare
    # \r went out unquoted and split the row in two, a different file from the one meant)
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


@FAST
@given(column=st.integers(0, len(CSV_HEADER) - 1), value=hostile.map(str))
def test_csv_claim_files_fail_well(tmp_path, gaz, column, value):
    row = list(CSV_ROW)
    row[column] = value
    path = tmp_path / "claims.csv"
    path.write_bytes(_csv_bytes([CSV_HEADER, row]))
    try:
        _sound(read_claims(path, gaz))
    except ClaimFileError as error:
        _fails_well(error, path)
        assert error.line in (1, 2)


@FAST
@given(suffix=st.sampled_from([".yaml", ".json", ".csv"]), junk=st.binary(max_size=64), at=st.floats(0, 1))
def test_damaged_claim_files_fail_well(tmp_path, gaz, suffix, junk, at):
    valid = {".yaml": yaml.safe_dump({"claims": [RECORD]}).encode(), ".json": json.dumps({"claims": [RECORD]}).encode(),
             ".csv": _csv_bytes([CSV_HEADER, CSV_ROW])}[suffix]
    cut = int(len(valid) * at)
    path = tmp_path / f"claims{suffix}"
    path.write_bytes(valid[:cut] + junk + valid[cut + len(junk):])
    _read_claim_file(path, gaz)


# --------------------------------------------------------------------------- UCDP and ACLED exports

UCDP_HEADER = ["id", "year", "type_of_violence", "side_a", "side_b", "dyad_name", "date_start", "date_end",
               "date_prec", "where_prec", "latitude", "longitude", "best", "where_description", "number_of_sources"]
UCDP_ROW = ["1", "2014", "1", "Government of Ukraine", "DPR", "Government of Ukraine - DPR", "2014-07-18",
            "2014-07-18", "1", "1", "48.0", "37.8", "5", "Donetsk", "2"]
ACLED_HEADER = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
                "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]
ACLED_ROW = ["UKR1", "2025-01-05", "1", "Battles", "Armed clash", "Military Forces of Ukraine (2019-)",
             "Military Forces of Russia (2000-)", "Berdin", "51.29", "35.42", "2", "MoD", "Clashes near Berdin.", "0"]
EXPORTS = {"ucdp": (read_ucdp, UCDP_HEADER, UCDP_ROW), "acled": (read_acled, ACLED_HEADER, ACLED_ROW)}


@FAST
@pytest.mark.parametrize("source", EXPORTS)
@given(data=st.data())
def test_exports_keep_valid_rows_and_reject_the_rest_at_their_line(tmp_path, source, data):
    read, header, row = EXPORTS[source]
    column = data.draw(st.integers(0, len(header) - 1))
    changed = list(row)
    changed[column] = str(data.draw(hostile))
    path = tmp_path / f"{source}.csv"
    path.write_bytes(_csv_bytes([header, changed, row]))
    try:
        report = read(path)
    except InputFileError as error:
        _fails_well(error, path)
        assert error.line is not None
        return
    _sound(report.claims)
    assert len(report.claims) + len(report.rejected) == 2 and report.claims, "the valid row is kept"
    assert all(line == 2 and isinstance(why, str) and len(why) < 500 for line, why in report.rejected)


@FAST
@pytest.mark.parametrize("source", EXPORTS)
@given(junk=st.binary(max_size=32), at=st.floats(0, 1))
def test_damaged_exports_fail_well(tmp_path, source, junk, at):
    read, header, row = EXPORTS[source]
    valid = _csv_bytes([header, row])
    cut = int(len(valid) * at)
    path = tmp_path / f"{source}.csv"
    path.write_bytes(valid[:cut] + junk + valid[cut + len(junk):])
    try:
        _sound(read(path).claims)
    except InputFileError as error:
        _fails_well(error, path)


# --------------------------------------------------------------------------- front-line files

coordinates = st.recursive(st.one_of(hostile_numbers, st.floats(-200, 200), st.integers(-200, 200), st.none(),
                                     st.text(max_size=3)),
                           lambda inner: st.lists(inner, max_size=6), max_leaves=40)
SQUARE = [[37.5, 47.8], [37.6, 47.8], [37.6, 47.9], [37.5, 47.9], [37.5, 47.8]]
geometries = st.one_of(
    st.fixed_dictionaries({"type": st.sampled_from(["Polygon", "MultiPolygon", "Point", "LineString",
                                                    "GeometryCollection", "polygon", 5]),
                           "coordinates": coordinates}),
    st.builds(lambda xy, i: {"type": "Polygon", "coordinates": [SQUARE[:i] + [xy] + SQUARE[i + 1:]]},
              st.lists(st.one_of(hostile_numbers, st.floats(-100, 100)), min_size=1, max_size=4), st.integers(1, 3)),
    hostile)


def _sound_series(series) -> None:
    frame = series.frame
    assert len(frame) and shapely.is_valid(frame.geometry.values).all()
    assert all(_in_degrees(g) for g in frame.geometry.values)
    assert all(date(2014, 2, 20) <= d.date() <= LATEST for d in frame["date"])


def _read_frontline(path: Path) -> None:
    try:
        _sound_series(ControlSeries.read(path, strict=True))
    except FrontlineFileError as error:
        _fails_well(error, path)
    except FileNotFoundError as error:  # every feature skipped: the CLI prints this too
        assert str(path) in str(error)


@FAST
@given(geometry=geometries, wrapper=st.sampled_from(["isw", "liveuamap", "deepstate"]))
def test_frontline_geojson_fails_well(tmp_path, geometry, wrapper):
    properties = {"isw": {"layer_type": "ukraine_control_map", "date": "2024-11-24"},
                  "liveuamap": {"type": "gains", "date": "2024-11-24"},
                  "deepstate": {"name": "Окуповано /// Occupied /// geoJSON.status.occupied"}}[wrapper]
    collection = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": properties,
                                                             "geometry": geometry}]}
    path = tmp_path / "deepstate-2024-11-24.geojson"
    path.write_text(json.dumps({"value": collection} if wrapper == "liveuamap" else collection))
    try:
        _sound_series(ControlSeries.read(path, strict=True))
    except FrontlineFileError as error:
        _fails_well(error, path)
        if "valid JSON" not in error.problem:
            assert error.feature == 1 or error.field is not None or "usable date" in error.problem
    except FileNotFoundError as error:
        assert str(path) in str(error)


KML = ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
       "<Placemark><styleUrl>#ru</styleUrl><Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates>"
       "</LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>")
kml_numbers = st.one_of(st.floats(-200, 200).map(repr), st.sampled_from(["nan", "inf", "1e308", "", "x", "1,2", "-"]))


@FAST
@given(tuples=st.lists(st.lists(kml_numbers, min_size=0, max_size=4).map(",".join), max_size=8))
def test_frontline_kml_fails_well(tmp_path, tuples):
    path = tmp_path / "Control_24_11_24.kml"
    path.write_text(KML.format(" ".join(tuples)))
    _read_frontline(path)


@FAST
@given(junk=st.binary(max_size=64), at=st.floats(0, 1), suffix=st.sampled_from([".kml", ".geojson"]))
def test_damaged_frontline_files_fail_well(tmp_path, junk, at, suffix):
    valid = (KML.format(" ".join(",".join(map(str, xy)) for xy in SQUARE)).encode() if suffix == ".kml" else
             json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {
                 "type": "Polygon", "coordinates": [SQUARE]}, "properties": {
                 "layer_type": "ukraine_control_map", "date": "2024-11-24"}}]}).encode())
    cut = int(len(valid) * at)
    path = tmp_path / f"Control_24_11_24{suffix}"
    path.write_bytes(valid[:cut] + junk + valid[cut + len(junk):])
    _read_frontline(path)


# --------------------------------------------------------------------------- article text


@FAST
@given(data=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                      st.text(max_size=50).map(lambda t: b"\xef\xbb\xbf" + t.encode())))
def test_article_text_is_read_as_utf8_or_refused(tmp_path, data):
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    try:
        text = read_article(path)
    except InputFileError as error:
        _fails_well(error, path)
        assert error.line is not None
        return
    assert isinstance(text, str) and not text.startswith("\ufeff")
