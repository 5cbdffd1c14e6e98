"""Importing UCDP GED exports: keep every valid row, reject the rest with their line."""

import csv
import json

import pytest

from frontmap.frontline import ControlSeries, FrontlineFileError
from frontmap.importers.acled import read_acled
from frontmap.importers.ucdp import read_ucdp
from frontmap.validate import InputFileError
from frontmap.store import GeoPackageStore

from .conftest import FIXTURES, SHARED

SAMPLE = FIXTURES / "ucdp-ged-sample.csv"
REAL = SHARED / "data" / "events" / "ucdp-ged-ukraine-2014-2022.csv"
ACLED = FIXTURES / "acled-sample.csv"


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


# --------------------------------------------------------------------------- issue 19: hostile and broken exports

UCDP_HEADER = ("id,year,type_of_violence,side_a,side_b,dyad_name,date_start,date_end,date_prec,where_prec,latitude,"
               "longitude,best,where_description,number_of_sources\n")
UCDP_ROW = "1,2014,1,Government of Ukraine,DPR,Government of Ukraine - DPR,2014-07-18,2014-07-18,1,1,48.0,37.8,5,{},2\n"


def test_a_utf8_ucdp_export_is_not_read_as_cp1252_and_a_bom_is_accepted(tmp_path):
    path = tmp_path / "ucdp.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (UCDP_HEADER + UCDP_ROW.format("Донецьк")).encode())
    assert "Донецьк" in read_ucdp(path).claims[0].summary
    path.write_bytes((UCDP_HEADER + UCDP_ROW.format("Dniprodzerzhyns’k café")).encode("cp1252"))
    assert "Dniprodzerzhyns’k café" in read_ucdp(path).claims[0].summary


@pytest.mark.parametrize(("old", "new", "reason"), [
    (",5,Donetsk", ",inf,Donetsk", "best 'inf' is not a whole number"),
    (",5,Donetsk", ",2.5,Donetsk", "best '2.5' is not a whole number"),
    ("48.0,37.8", "48.0,181", "impossible"),
    ("48.0,37.8", "nan,37.8", "impossible"),
    ("2014,1,Gov", "2014,9,Gov", "type_of_violence '9'"),
    ("1,1,48.0", "1,99,48.0", "where_prec '99'"),
    ("2014,1,Gov", "2202,1,Gov", "outside 1989-01-01"),
])
def test_bad_ucdp_rows_are_rejected_at_their_line(tmp_path, old, new, reason):
    path = tmp_path / "ucdp.csv"
    good = UCDP_ROW.format("Donetsk")
    bad = good.replace(old, new).replace("2014-07-18", "2202-07-18") if "2202" in new else good.replace(old, new)
    path.write_text(UCDP_HEADER + bad + good)
    report = read_ucdp(path)
    assert len(report.claims) == 1 and len(report.rejected) == 1
    assert report.rejected[0][0] == 2 and reason in report.rejected[0][1]


@pytest.mark.parametrize(("text", "message"), [
    ("", "line 1: is empty"),
    (UCDP_HEADER.replace("best", "year"), "missing column"),
    (UCDP_HEADER.replace("where_description", "where_description,best"), "appear more than once"),
    (UCDP_HEADER + UCDP_ROW.format("x" * 200_000), "line 2: a cell is longer than"),
    (UCDP_HEADER + UCDP_ROW.format("a\x00b"), r"line 2: holds the control character U\+0000"),
], ids=["empty", "missing column", "duplicate column", "huge cell", "NUL"])
def test_broken_exports_are_one_clear_error(tmp_path, text, message):
    path = tmp_path / "ucdp.csv"
    path.write_text(text)
    with pytest.raises(InputFileError, match=message):
        read_ucdp(path)


def test_a_ragged_row_is_rejected_not_shifted(tmp_path):
    path = tmp_path / "ucdp.csv"
    path.write_text(UCDP_HEADER + UCDP_ROW.format("Donetsk").replace(",2\n", ",2,extra\n") + UCDP_ROW.format("Donetsk"))
    report = read_ucdp(path)
    assert len(report.claims) == 1 and report.rejected == [(2, "16 cells where the header has 15")]


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("time_precision", "7", "time_precision '7' is not one of 1, 2, 3"),
    ("geo_precision", "9", "geo_precision '9'"),
    ("fatalities", "nan", "fatalities 'nan' is not a whole number"),
    ("latitude", "1e308", "not a longitude/latitude pair"),
    ("event_date", "2202-01-05", "event_date '2202-01-05' is outside"),
])
def test_bad_acled_rows_are_rejected_at_their_line(tmp_path, column, value, reason):
    with ACLED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = rows[:2]
    rows[1][rows[0].index(column)] = value
    path = tmp_path / "acled.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = read_acled(path)
    assert not report.claims and report.rejected[0][0] == 2 and reason in report.rejected[0][1]


# --------------------------------------------------------------------------- issue 19: hostile front-line files

SQUARE = [[37.5, 47.8], [37.6, 47.8], [37.6, 47.9], [37.5, 47.9], [37.5, 47.8]]


def _isw(tmp_path, geometry, **extra):
    path = tmp_path / "2024-11-24.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", **extra, "features": [
        {"type": "Feature", "properties": {"layer_type": "ukraine_control_map"}, "geometry": {
            "type": "Polygon", "coordinates": [SQUARE]}},
        {"type": "Feature", "properties": {"layer_type": "ukraine_control_map"}, "geometry": geometry}]}))
    return path


@pytest.mark.parametrize(("geometry", "field", "message"), [
    ({"type": "Point", "coordinates": [37.5, 47.8]}, "geometry.type", "'Point' is not a Polygon or MultiPolygon"),
    ({"type": "LineString", "coordinates": SQUARE}, "geometry.type", "'LineString'"),
    ({"type": "GeometryCollection", "geometries": []}, "geometry.type", "'GeometryCollection'"),
    ({"type": "Polygon", "coordinates": [[[181, 47.8], [181.1, 47.8], [181.1, 47.9], [181, 47.8]]]},
     "geometry.coordinates", r"position \[181.0, 47.8\] is not longitude/latitude"),
    ({"type": "Polygon", "coordinates": [[[4174000, 6070000], [4185000, 6070000], [4185000, 6086000],
                                          [4174000, 6070000]]]}, "geometry.coordinates", "reproject"),
    ({"type": "Polygon", "coordinates": [[[37.5], [37.6], [37.6], [37.5]]]}, "geometry.coordinates", "malformed"),
    ({"type": "Polygon", "coordinates": [[[37.5, 47.8], [37.5, 47.8]]]}, "geometry.coordinates", "2 positions"),
    ({"type": "Polygon", "coordinates": 5}, "geometry.coordinates", "malformed"),
])
def test_front_line_geometries_that_are_not_areas_in_degrees_are_refused(tmp_path, geometry, field, message):
    path = _isw(tmp_path, geometry)
    with pytest.raises(FrontlineFileError, match=message) as error:
        ControlSeries.read(path, strict=True)
    assert (error.value.feature, error.value.field) == (2, field)
    assert str(error.value).startswith(f"{path}, feature 2, field {field!r}: ")


def test_front_line_files_with_a_bom_3d_4d_or_empty_polygons_are_read(tmp_path):
    path = _isw(tmp_path, {"type": "Polygon", "coordinates": [[[*xy, 0, 1] for xy in SQUARE]]})
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(ControlSeries.read(path, strict=True)) == 1
    _isw(tmp_path, {"type": "Polygon", "coordinates": []})  # crashed GEOS with a segmentation fault
    assert len(ControlSeries.read(path, strict=True)) == 1


def test_a_crs_other_than_lon_lat_is_refused(tmp_path):
    path = _isw(tmp_path, None, crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}})
    with pytest.raises(FrontlineFileError, match="is not WGS84 longitude/latitude"):
        ControlSeries.read(path, strict=True)


def test_repairs_are_bounded(tmp_path, monkeypatch):
    from frontmap.frontline import snapshot

    monkeypatch.setattr(snapshot, "MAX_REPAIR_VERTICES", 4)
    path = _isw(tmp_path, {"type": "Polygon", "coordinates": [[[37.5, 47.8], [37.6, 47.9], [37.6, 47.8],
                                                                [37.5, 47.9], [37.5, 47.8]]]})
    with pytest.raises(FrontlineFileError, match=r"feature 2, field 'geometry': 1 invalid geometries of 5 vertices"):
        ControlSeries.read(path, strict=True)


KML = ('<?xml version="1.0" encoding="UTF-8"?>\n{}<kml><Document>{}<Placemark><styleUrl>#ru</styleUrl><Polygon>'
       "<outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
       "</Placemark></Document></kml>")
RING = "37.5,47.8,0 37.6,47.8,0 37.6,47.9,0 37.5,47.9,0 37.5,47.8,0"


@pytest.mark.parametrize(("doctype", "use", "coordinates", "message"), [
    ("", "", "", "feature 1, field 'Polygon': <coordinates> holds 0 positions"),
    ("", "", "37.5 37.6 37.6 37.5", "tuples without a latitude"),
    ("", "", "a,b c,d e,f a,b", "is not 'lon,lat"),
    ("", "", RING.replace("37.5,", "181,"), r"position \[181.0, 47.8\] is not longitude/latitude"),
    ("", "", RING.replace("37.5,", "nan,"), "is not longitude/latitude"),
    ('<!DOCTYPE kml [<!ENTITY a "lol">]>\n', "<name>&a;</name>", RING, "document type declaration"),
    ('<!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n', "<name>&x;</name>", RING,
     "document type declaration"),
])
def test_kml_is_parsed_without_entities_and_bad_coordinates_are_named(tmp_path, doctype, use, coordinates, message):
    path = tmp_path / "Control_24_11_24.kml"
    path.write_text(KML.format(doctype, use, coordinates))
    with pytest.raises(FrontlineFileError, match=message):
        ControlSeries.read(path, strict=True)


def test_kml_with_a_bom_is_read(tmp_path):
    path = tmp_path / "Control_24_11_24.kml"
    path.write_bytes(b"\xef\xbb\xbf" + KML.format("", "", RING).encode())
    assert ControlSeries.read(path, strict=True).sources == ["ru-kml"]
