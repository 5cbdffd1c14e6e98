"""Exports: RFC 7946 GeoJSON, CSV safe for spreadsheets, KML/KMZ, atomic writes."""
import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely import Point, box

from frontmap.output import FORMATS, check_format, write_frame


@pytest.fixture
def frame():
    clockwise = box(37.0, 48.0, 37.5, 48.5).reverse()
    return gpd.GeoDataFrame({"name": ["=HYPERLINK(\"http://x\")", "Avdiivka"], "count": [1, 2]},
                            geometry=[clockwise, Point(37.123456789, 48.987654321)], crs="EPSG:4326")


def test_geojson_follows_rfc_7946(tmp_path, frame):
    write_frame(frame, tmp_path / "out.geojson", layer="claims")
    document = json.loads((tmp_path / "out.geojson").read_text())
    assert "crs" not in document and document["name"] == "claims"
    ring = shapely.LinearRing(document["features"][0]["geometry"]["coordinates"][0])
    assert ring.is_ccw
    assert document["features"][1]["geometry"]["coordinates"] == [37.1234568, 48.9876543]


def test_csv_has_lon_lat_and_wkt_and_no_formulas(tmp_path, frame):
    write_frame(frame, tmp_path / "out.csv")
    table = pd.read_csv(tmp_path / "out.csv")
    assert table["name"][0].startswith("'=") and table["name"][1] == "Avdiivka"
    assert (table["lon"][1], table["lat"][1]) == (37.1234568, 48.9876543) and pd.isna(table["lon"][0])
    assert table["wkt"][1] == "POINT (37.1234568 48.9876543)"


@pytest.mark.parametrize("suffix", [s for s in FORMATS if s not in (".csv", ".parquet", ".json")])
def test_every_geographic_format_reads_back(tmp_path, frame, suffix):
    write_frame(frame, tmp_path / f"out{suffix}")
    back = gpd.read_file(tmp_path / f"out{suffix}")
    assert len(back) == 2 and list(back["count"].astype(int)) == [1, 2]


def test_unknown_format_is_refused_before_writing(tmp_path, frame):
    with pytest.raises(ValueError, match="must end in"):
        check_format(tmp_path / "out.shp")
    assert not list(tmp_path.iterdir())


def test_a_failed_write_leaves_the_previous_file(tmp_path, frame, monkeypatch):
    from frontmap import output

    def disk_full(frame, path, layer):
        path.write_text("half a fi")
        raise OSError(28, "No space left on device")

    target = tmp_path / "out.geojson"
    target.write_text("previous")
    monkeypatch.setattr(output, "_write", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_frame(frame, target)
    assert target.read_text() == "previous" and [p.name for p in tmp_path.iterdir()] == ["out.geojson"]
