"""Front lines: readers, repairs, dates, diffs, areas, the front line, place status, claims."""
import json
from datetime import date

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely import box

from frontmap.claimfile import read_claims
from frontmap.frontline import ControlSeries, FrontlineFileError, area_km2, gained_and_lost, month_days
from frontmap.frontline.borders import on_land
from frontmap.frontline.compare import disagreement
from frontmap.frontline.line import OUTLINE_TOLERANCE_M, front_line, ukraine
from frontmap.frontline.places import LABELS, place_changes, status_matrix
from frontmap.frontline.store import save
from frontmap.model import Actor, Claim, Claimant, ClaimKind, LocationRef, TimeSpan
from frontmap.verify import check_claim

from .conftest import FIXTURES, SHARED
from .test_cli import frontmap

FRONTLINE = FIXTURES / "frontline"
REAL = SHARED / "data" / "frontline"
needs_real = pytest.mark.skipif(not REAL.exists(), reason="needs ../shared/data/frontline")


def geodesic_km2(geometry) -> float:
    """Independent check: pyproj's geodesic polygon area, no projection involved."""
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geometry)[0]) / 1e6


@pytest.fixture(scope="module")
def daily():
    return ControlSeries.read(FRONTLINE / "deepstate-simplified")


@pytest.fixture(scope="module")
def full():
    return ControlSeries.read(FRONTLINE / "deepstate-full")


# --- readers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("folder, source, statuses, dates", [
    ("deepstate-simplified", "deepstate-simplified", {"occupied"}, ["2024-11-01", "2024-11-15", "2024-12-01"]),
    ("deepstate-full", "deepstate", {"occupied", "contested", "ukrainian", "attack_direction"},
     ["2025-01-01", "2025-01-05"]),
    ("isw-control", "isw", {"occupied"}, ["2024-11-24", "2024-12-17"]),
    ("isw-kursk-advances", "isw", {"russian_advance"}, ["2024-11-12"]),
    ("liveuamap-nzz", "liveuamap", {"occupied"}, ["2024-12-30"]),
    ("ru-kml", "ru-kml", {"occupied", "ukrainian"}, ["2025-01-01"]),
])
def test_every_format_reads_into_dated_valid_2d_snapshots(folder, source, statuses, dates):
    series = ControlSeries.read(FRONTLINE / folder)
    assert series.sources == [source]
    assert set(series.frame["status"]) == statuses
    assert [f"{d:%Y-%m-%d}" for d in series.dates] == dates
    geometries = series.frame.geometry.values
    assert shapely.is_valid(geometries).all() and not shapely.has_z(geometries).any()


def test_deepstate_names_with_nbsp_and_newlines_and_skipped_features(full):
    raw = (FRONTLINE / "deepstate-full").glob("*.geojson").__next__().read_text()
    assert "\\u00a0" in raw or "\u00a0" in raw, "the fixture must keep the non-breaking spaces"
    assert '\\n"' in raw, "the fixture must keep the stray newlines"
    assert full.report.skipped == {"deepstate territories.kuril": 2, "deepstate units": 4}
    points = full.frame[full.frame["status"] == "attack_direction"].geometry
    assert (points.geom_type == "MultiPoint").all()


def test_reading_only_the_occupied_status_gives_the_same_occupied_rows(full):
    occupied = ControlSeries.read(FRONTLINE / "deepstate-full", statuses=("occupied",))
    assert set(occupied.frame["status"]) == {"occupied"}
    rows = full.frame[full.frame["status"] == "occupied"]
    assert shapely.equals(occupied.frame.geometry.values, rows.geometry.values).all()
    assert occupied.report.skipped == full.report.skipped
    with pytest.raises(ValueError, match="include occupied"):
        ControlSeries.read(FRONTLINE / "deepstate-full", statuses=("contested",))


def test_a_raw_snapshot_repeating_features_of_one_read_before_is_checked_and_repaired_alike(tmp_path):
    source = next((FRONTLINE / "deepstate-full").glob("*.geojson"))
    ControlSeries.read(source)  # its features are now built; copies that change one must not reuse them
    document = json.loads(source.read_text())
    number, feature = next((n, f) for n, f in enumerate(document["features"], start=1)
                           if "status.occupied" in f["properties"]["name"])
    ring = [[37.0, 48.0], [37.1, 48.1], [37.1, 48.0], [37.0, 48.1], [37.0, 48.0]]
    feature["geometry"] = {"type": "Polygon", "coordinates": [ring]}  # a bow tie: repaired and reported on every read
    bowtie = tmp_path / source.name
    bowtie.write_text(json.dumps(document))
    first, again = (ControlSeries.read(bowtie, clip=False).report.repairs for _ in range(2))
    assert [r.problem[:17] for r in first] == [r.problem[:17] for r in again] == ["Self-intersection"]
    ring[1:] = ring[1:2]  # two positions: no ring
    bowtie.write_text(json.dumps(document))
    with pytest.raises(FrontlineFileError, match=rf"feature {number}.*malformed"):
        ControlSeries.read(bowtie, strict=True)
    for junk in ([0], 1e308, "Polygon"):  # not a geometry: the same clear error as before any was reused
        feature["geometry"] = junk
        bowtie.write_text(json.dumps(document))
        with pytest.raises(FrontlineFileError, match=rf"feature {number}.*control maps are areas"):
            ControlSeries.read(bowtie, strict=True)
    document["features"][0] = ["not", "a", "feature"]
    bowtie.write_text(json.dumps(document))
    with pytest.raises(FrontlineFileError, match="feature 1.* is not a GeoJSON feature"):
        ControlSeries.read(bowtie, strict=True)


def test_liveuamap_losses_are_not_occupied():
    series = ControlSeries.read(FRONTLINE / "liveuamap-nzz")
    assert series.report.skipped == {"liveuamap losses": 1}


def test_invalid_geometry_is_repaired_and_reported():
    series = ControlSeries.read(FRONTLINE / "isw-kursk-advances")
    [repair] = series.report.repairs
    assert repair.path.endswith("2024-11-12.geojson") and repair.feature == 0
    assert repair.problem.startswith("Self-intersection")
    assert shapely.is_valid(series.frame.geometry.values).all()


def test_file_with_no_usable_date_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(FrontlineFileError, match=r"2202-02-02\.geojson: no usable date"):
        ControlSeries.read(FRONTLINE / "isw-control" / "2202-02-02.geojson", strict=True)
    undated = tmp_path / "control.geojson"
    document = json.loads((FRONTLINE / "isw-control" / "2024-11-24.geojson").read_text())
    for feature in document["features"]:
        feature["properties"].pop("date")
    undated.write_text(json.dumps(document))
    with pytest.raises(FrontlineFileError, match=r"control\.geojson: no usable date in the data or the file name"):
        ControlSeries.read(undated, strict=True)
    series = ControlSeries.read(FRONTLINE / "isw-control")  # a directory keeps the good files
    assert [e.path for e in series.report.rejected] == [str(FRONTLINE / "isw-control" / "2202-02-02.geojson")]
    assert len(series.dates) == 2


def test_unknown_format_is_an_error_naming_the_file(tmp_path):
    other = tmp_path / "roads.geojson"
    other.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(FrontlineFileError, match="roads.geojson: not a recognised front-line format"):
        ControlSeries.read(other, strict=True)


# --- changes and areas -----------------------------------------------------------------------

@pytest.mark.parametrize("before, after", [
    (box(0, 0, 2, 1), box(0, 0, 3, 1)),                                  # grows
    (box(0, 0, 3, 1), box(1, 0, 2, 1)),                                  # shrinks on both sides
    (box(0, 0, 1, 1), box(2, 2, 3, 3)),                                  # disjoint
    (box(0, 0, 4, 4).difference(box(1, 1, 2, 2)), box(0, 0, 4, 4)),      # a hole is filled
    (box(0, 0, 2, 2), shapely.MultiPolygon([box(0, 0, 1, 2), box(1.5, 0, 3, 1)])),
    (box(0, 0, 1, 1), box(0, 0, 1, 1)),                                  # unchanged
])
def test_gained_and_lost_match_overlay(before, after):
    gained, lost = gained_and_lost(before, after)
    assert shapely.symmetric_difference(gained, after.difference(before)).area < 1e-12
    assert shapely.symmetric_difference(lost, before.difference(after)).area < 1e-12


def test_diff_matches_overlay_and_an_independent_geodesic_area(daily):
    frame = daily.diff("2024-11-01", "2024-12-01")
    gained = frame.geometry[0]
    before, after = daily.geometry_on("2024-11-01"), daily.geometry_on("2024-12-01")
    reference = shapely.difference(after, before)
    assert shapely.symmetric_difference(gained, reference).area < 1e-9
    assert frame["area_km2"][0] == pytest.approx(geodesic_km2(reference), rel=0.005)
    assert frame["area_km2"][0] > 100 and frame["area_km2"][1] == 0


def test_area_series_steps_add_up(daily):
    table = daily.area_series()
    assert list(table.columns) == ["source", "date", "occupied_km2", "gained_km2", "lost_km2", "net_km2", "method"]
    change = table["occupied_km2"].iloc[-1] - table["occupied_km2"].iloc[0]
    assert table["net_km2"].sum() == pytest.approx(change, abs=0.05)
    assert table.attrs["area_method"].startswith("km² in an Albers equal-area")
    geodesic = area_km2(daily.status_geometries().values, "geodesic")
    assert np.allclose(table["occupied_km2"], geodesic, rtol=0.005)


def test_control_on_takes_the_latest_snapshot_not_after_the_date(daily):
    assert daily.snapshot_date("2024-11-20") == daily.snapshot_date("2024-11-15")
    with pytest.raises(LookupError, match="no snapshot on or before 2024-10-01"):
        daily.snapshot_date("2024-10-01")
    mixed = ControlSeries.read(FRONTLINE / "deepstate-simplified", FRONTLINE / "isw-control")
    with pytest.raises(ValueError, match="mixes sources"):
        mixed.diff("2024-11-01", "2024-12-01")


@needs_real
def test_november_2024_on_the_real_daily_series():
    series = ControlSeries.read(REAL / "deepstate-simplified-daily")
    frame = series.diff(*month_days("2024-11"))   # the snapshots in force on 1 November and 1 December
    reference = shapely.difference(series.geometry_on("2024-12-01"), series.geometry_on("2024-11-01"))
    assert frame["area_km2"][0] == pytest.approx(geodesic_km2(reference), rel=0.005)
    assert 700 < frame["area_km2"][0] < 760


# --- front line, places, disagreement ------------------------------------------------------

def test_front_line_leaves_out_coast_and_border_and_keeps_the_kursk_salient(full):
    day = full.dates[-1]
    line = front_line(full.geometry_on(day), full.geometry_on(day, "ukrainian"))
    assert line.geom_type in ("LineString", "MultiLineString") and line.length > 0
    abroad = shapely.difference(full.geometry_on(day, "ukrainian"), ukraine())
    assert shapely.intersects(line, abroad.buffer(0.001))      # the salient's edge is front
    assert not shapely.intersects(line, ukraine().boundary.buffer(0.02))  # ~2 km, inside the 3 km cut


@needs_real
def test_front_line_on_the_real_map_has_a_plausible_length():
    from frontmap.frontline.area import to_equal_area

    series = ControlSeries.read(next((REAL / "deepstate-full").glob("deepstate-2025-01-05-*")))
    line = front_line(series.geometry_on("2025-01-05"), series.geometry_on("2025-01-05", "ukrainian"))
    length_km = shapely.length(to_equal_area([line])[0]) / 1000
    assert 1200 < length_km < 2000
    outline = to_equal_area([ukraine().boundary])[0]
    assert shapely.distance(to_equal_area([line])[0], outline) >= OUTLINE_TOLERANCE_M * 0.99


def test_place_status_matches_point_in_polygon_on_every_date(gaz, daily, full):
    assert LABELS[status_matrix(full, [35.2, 35.52], [51.25, 51.2])[:, 0]].tolist() == ["ukrainian"] * 2
    places = gaz.places[gaz.places["admin1"] == "UA-14"]
    codes = status_matrix(daily, places["lon"], places["lat"])
    for step, day in enumerate(daily.dates):
        inside = shapely.contains_xy(daily.geometry_on(day), places["lon"], places["lat"])
        assert np.array_equal(LABELS[codes[step]] == "occupied", inside)
    changes = place_changes(daily, places)
    assert len(changes) > 0 and set(changes["after"]) <= {"occupied", "unmarked"}


def test_disagreement_partitions_each_source(full):
    kml = ControlSeries.read(FRONTLINE / "ru-kml")
    frame = disagreement(full, kml, "2025-01-05", status="ukrainian")
    only_a, only_b, both = frame["area_km2"]
    drawn = area_km2(on_land([full.geometry_on("2025-01-05", "ukrainian"), kml.geometry_on("2025-01-05", "ukrainian")]))
    assert only_a + both == pytest.approx(drawn[0], abs=0.05)   # compared on land, both sources alike
    assert only_b + both == pytest.approx(drawn[1], abs=0.05)
    assert list(frame["drawn_by"]) == ["deepstate", "ru-kml", "both"]
    assert "large water bodies" in frame.attrs["left_out"]


# --- claims against maps ---------------------------------------------------------------------

def claim(kind, start, end, lat=None, lon=None, km2=None, actor=Actor.RUSSIA):
    from frontmap.model import Magnitude

    places = (LocationRef("X", place_id="x", name="X", lat=lat, lon=lon),) if lat is not None else ()
    return Claim(claimant=Claimant("Test"), kind=kind, event_time=TimeSpan(date.fromisoformat(start),
                 date.fromisoformat(end)), reported=date.fromisoformat(end), actor=actor, places=places,
                 magnitudes=(Magnitude(km2, "km2"),) if km2 else (), summary=f"test {kind}")


def test_area_claim_against_the_map(daily):
    measured = daily.diff("2024-11-01", "2024-12-01")["area_km2"]
    net = measured[0] - measured[1]
    near = check_claim(claim(ClaimKind.AREA_CHANGE, "2024-11-01", "2024-11-30", km2=round(net * 1.05)), daily)
    far = check_claim(claim(ClaimKind.AREA_CHANGE, "2024-11-01", "2024-11-30", km2=round(net * 1.5)), daily)
    early = check_claim(claim(ClaimKind.AREA_CHANGE, "2024-01-01", "2024-12-31", km2=3600), daily)
    assert (near.verdict, far.verdict, early.verdict) == ("consistent", "inconsistent", "not covered")
    assert near.measured == pytest.approx(net, abs=0.01) and near.claimed == round(net * 1.05)


def test_capture_claims_against_the_place_status(gaz, daily):
    gained = daily.diff("2024-11-01", "2024-11-15").geometry[0]
    inside = shapely.point_on_surface(shapely.get_parts(gained)[0])
    taken = claim(ClaimKind.CAPTURE, "2024-11-01", "2024-11-14", inside.y, inside.x)
    held = claim(ClaimKind.CAPTURE, "2024-11-01", "2024-11-14", 48.6, 36.0)
    kursk = claim(ClaimKind.CAPTURE, "2024-11-01", "2024-11-14", 51.2, 35.3)
    assert check_claim(taken, daily).verdict == "consistent"
    assert check_claim(held, daily).verdict == "inconsistent"
    assert check_claim(kursk, daily).verdict == "not covered"


def test_example_claims_get_a_verdict_table(daily):
    from frontmap.verify import check_claims

    table = check_claims(read_claims("examples/kursk-2025-01-05.yaml"), daily)
    assert set(table["kind"]) == {"advance", "area_change"}
    assert set(table["verdict"]) <= {"consistent", "inconsistent", "not covered"}
    november = table[table["claimed"] == 610].iloc[0]
    assert november["verdict"] == "inconsistent" and november["from_date"] == "2024-11-01"


# --- store and CLI ---------------------------------------------------------------------------

def test_import_is_idempotent_and_reads_back(tmp_path, full):
    store = tmp_path / "frontlines.gpkg"
    assert save(full, store) == (8, 0)
    assert save(full, store) == (0, 8)
    again = ControlSeries.read(store)
    assert np.allclose(area_km2(again.frame.geometry.values), area_km2(full.frame.geometry.values))


def test_cli_diff_import_compare_and_errors(tmp_path):
    run = frontmap("frontline", "diff", str(FRONTLINE / "deepstate-simplified"), "--from", "2024-11-01",
                   "--to", "2024-12-01", "--json", "-o", str(tmp_path / "changes.geojson"))
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer["net_km2"] == pytest.approx(answer["gained_km2"] - answer["lost_km2"])
    assert "Albers equal-area" in answer["area_method"] and (tmp_path / "changes.geojson").exists()
    store = str(tmp_path / "f.gpkg")
    first = frontmap("frontline", "import", str(FRONTLINE / "isw-control"), "--store", store, "--json")
    second = frontmap("frontline", "import", str(FRONTLINE / "isw-control"), "--store", store, "--json")
    assert json.loads(first.stdout)["added"] == 2 and json.loads(second.stdout)["added"] == 0
    assert json.loads(first.stdout)["rejected"][0]["file"].endswith("2202-02-02.geojson")
    strict = frontmap("frontline", "series", str(FRONTLINE / "isw-control"), "--strict")
    assert strict.returncode == 1 and "2202-02-02.geojson: no usable date" in strict.stderr
    assert frontmap("frontline", "compare", str(FRONTLINE / "isw-control")).returncode == 2
    status = frontmap("frontline", "status", str(FRONTLINE / "deepstate-full"), "--place", "Makhnivka")
    assert status.returncode == 1 and "ambiguous" in status.stderr
