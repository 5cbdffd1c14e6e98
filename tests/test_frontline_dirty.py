"""Front lines from dirty sources: duplicates, failed noding, stale snapshots, land beyond the border."""
import shutil

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely import box

from frontmap.frontline import ControlSeries, area_km2
from frontmap.frontline.borders import clip_status, on_land, ukraine
from frontmap.frontline.changes import changes
from frontmap.frontline.compare import disagreement, left_out
from frontmap.frontline.series import NotCovered

from .test_frontline import FRONTLINE, REAL, needs_real

BASE = box(36.0, 47.0, 38.0, 48.5)


def series_of(*shapes, start="2025-01-01") -> ControlSeries:
    days = pd.date_range(start, periods=len(shapes), freq="D")
    return ControlSeries(gpd.GeoDataFrame({"source": "test", "date": days, "status": "occupied", "file": [
        f"{day:%Y-%m-%d}.geojson" for day in days]}, geometry=list(shapes), crs="EPSG:4326"))


def test_a_file_repeating_a_data_date_is_kept_once_and_reported(tmp_path):
    original = next((FRONTLINE / "deepstate-full").glob("deepstate-2025-01-01-*.geojson"))
    shutil.copy(original, tmp_path / original.name)
    shutil.copy(original, tmp_path / "deepstate-2025-01-01-copy.geojson")
    series = ControlSeries.read(tmp_path)
    assert len(series.dates) == 1 and series.frame["file"].nunique() == 1
    [duplicate] = series.report.duplicates
    assert duplicate.identical and duplicate.date == "2025-01-01"
    assert "deepstate-2025-01-01-copy.geojson" in series.report.warnings()[0]


def test_a_snapshot_that_returns_to_an_older_state_is_flagged_and_left_out():
    grown = shapely.union(BASE, box(38.0, 47.0, 38.1, 48.5))
    grown_more = shapely.union(grown, box(38.1, 47.0, 38.3, 48.5))
    series = series_of(BASE, grown, grown_more, BASE)   # the last is a stale copy of the first
    [suspect] = series.suspects()
    assert suspect.date == "2025-01-04" and "copy of the 2025-01-01 snapshot" in suspect.reason
    assert suspect.net_km2 < -1000


def test_a_spike_undone_by_the_next_snapshot_is_flagged():
    spike = shapely.union(BASE, box(38.0, 47.0, 38.5, 48.5))
    assert [s.date for s in series_of(BASE, BASE, spike, BASE).suspects()] == ["2025-01-03"]


def test_steady_large_gains_are_not_suspect():
    steps = [shapely.union(BASE, box(38.0, 47.0, 38.0 + 0.2 * i, 48.5)) for i in range(1, 5)]
    assert series_of(BASE, *steps).suspects() == []


def test_noding_failure_falls_back_to_overlay_and_says_so(monkeypatch):
    from frontmap.frontline import changes as module

    def broken(*args):
        raise shapely.errors.GEOSException("TopologyException: iterated noding failed")

    monkeypatch.setattr(module, "_edge_changes", broken)
    change = changes(BASE, shapely.union(BASE, box(38.0, 47.0, 38.5, 48.5)))
    assert change.method == "overlay" and change.lost.is_empty
    assert change.gained.area == pytest.approx(0.75)


def test_occupied_land_is_clipped_to_ukraine_and_slivers_along_the_border_stay():
    into_russia = box(37.5, 49.5, 41.0, 50.0)   # from Luhansk oblast into Voronezh oblast
    [clipped] = clip_status("occupied", [into_russia])
    assert clipped.bounds[2] < 40.3 and shapely.covered_by(clipped, shapely.buffer(ukraine(), 0.02))
    sliver = shapely.difference(shapely.buffer(ukraine(), 0.01), shapely.buffer(ukraine(), -0.5))
    [kept] = clip_status("occupied", [sliver])
    assert kept.area == pytest.approx(sliver.area)


def test_sources_that_leave_out_crimea_and_2014_are_compared_on_common_ground():
    assert left_out("liveuamap", "deepstate") == {"crimea", "since-2014"}
    assert left_out("isw", "deepstate") == set()


def test_a_snapshot_older_than_max_age_is_refused():
    series = series_of(BASE, BASE)
    assert series.snapshot_date("2025-01-05", max_age=3) == pd.Timestamp("2025-01-02")
    with pytest.raises(NotCovered, match="days older"):
        series.snapshot_date("2025-01-06", max_age=3)


def test_diff_refuses_an_end_before_its_start():
    with pytest.raises(ValueError, match="after its last day"):
        series_of(BASE, BASE).diff("2025-01-02", "2025-01-01")


# The real files of ../shared/data/frontline.

@needs_real
def test_nzz_series_runs_and_reports_its_duplicate_file():
    series = ControlSeries.read(REAL / "liveuamap-nzz")
    assert {d.dropped for d in series.report.duplicates} == {"2025-01-05.json"}
    assert len(series.area_series()) == len(series.dates)


@needs_real
def test_nzz_february_2025_diff_completes_and_equals_shapely_difference():
    series = ControlSeries.read(REAL / "liveuamap-nzz")
    frame = series.diff("2025-02-01", "2025-03-01")
    before, after = (series.geometry_on(day) for day in (frame["from_date"][0], frame["to_date"][0]))
    expected = area_km2([shapely.difference(after, before), shapely.difference(before, after)])
    assert frame["area_km2"].tolist() == pytest.approx(expected, rel=0.005)


@needs_real
def test_isw_stale_2026_snapshot_is_flagged_and_kept_only_when_asked():
    series = ControlSeries.read(REAL / "isw-control")
    assert [s.date for s in series.report.suspects] == ["2026-01-25"]
    assert pd.Timestamp("2026-01-25") not in series.dates
    kept = ControlSeries.read(REAL / "isw-control", keep_suspect=True)
    assert pd.Timestamp("2026-01-25") in kept.dates and kept.report.suspects[0].kept


@needs_real
def test_pro_russian_kml_clipped_to_ukraine_is_within_1_percent_of_deepstate_on_land():
    kml = ControlSeries.read(REAL / "ru-source-control-kml")
    days = [f"{day:%Y-%m-%d}" for day in kml.dates]
    deepstate = ControlSeries.read(*(next((REAL / "deepstate-full").glob(f"deepstate-{day}-*.geojson")) for day in days))
    assert [f"{day:%Y-%m-%d}" for day in deepstate.dates] == days   # DeepStateMAP on the same days
    for day in days:
        # Unclipped the KML map holds ~507,000 km²; clipped it is 0.8-1.1 % above DeepStateMAP,
        # almost all of it the Kakhovka reservoir (occupied on one map, water on the other).
        ours, theirs = area_km2(on_land([kml.geometry_on(day), deepstate.geometry_on(day)]))
        assert abs(ours - theirs) / theirs < 0.01, day
        drawn = disagreement(kml, deepstate, day, max_age=0).set_index("drawn_by")["area_km2"]
        assert drawn["ru-kml"] + drawn["both"] == pytest.approx(ours, rel=1e-4)   # compare measures the same land
        assert drawn["deepstate"] + drawn["both"] == pytest.approx(theirs, rel=1e-4)


@needs_real
def test_nzz_and_deepstate_disagree_only_within_what_both_cover():
    nzz, deepstate = ControlSeries.read(REAL / "liveuamap-nzz"), ControlSeries.read(REAL / "deepstate-full")
    frame = disagreement(nzz, deepstate, "2025-01-05", max_age=3)
    one_sided = frame.set_index("drawn_by")["area_km2"]
    assert one_sided["liveuamap"] + one_sided["deepstate"] < 5_000   # not the 45,000 km² of coverage
    assert "Crimea" in frame.attrs["left_out"] and "since 2014" in frame.attrs["left_out"]


# Charts, breakdowns and animations of the bundled fixtures.

def test_area_chart_writes_png_and_svg_with_the_method_in_the_caption(tmp_path):
    from frontmap.frontline.chart import area_chart

    series = ControlSeries.read(FRONTLINE / "deepstate-simplified")
    png, svg = area_chart(series, tmp_path / "a.png"), area_chart(series, tmp_path / "a.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Albers equal-area" in svg.read_text() and "cyterat/deepstate-map-data" in svg.read_text()
    with pytest.raises(ValueError, match=".png or .svg"):
        area_chart(series, tmp_path / "a.jpg")


def test_animation_has_a_frame_per_snapshot(tmp_path):
    from PIL import Image

    from frontmap.frontline.chart import animate

    series = ControlSeries.read(FRONTLINE / "deepstate-simplified")
    with Image.open(animate(series, tmp_path / "front.gif")) as gif:
        assert gif.n_frames == len(series.dates)


def test_breakdown_by_oblast_and_raion_adds_up_to_the_diff():
    from frontmap.frontline.breakdown import breakdown

    series = ControlSeries.read(FRONTLINE / "deepstate-simplified")
    total = series.diff("2024-11-01", "2024-12-01")["area_km2"].tolist()
    for level in ("oblast", "raion"):
        table = breakdown(series, "2024-11-01", "2024-12-01", by=level)
        assert [table["gained_km2"].sum(), table["lost_km2"].sum()] == pytest.approx(total, abs=0.5)
    assert "Donetsk Oblast" in set(breakdown(series, "2024-11-01", "2024-12-01")["unit"])


# The same through the command.

def test_cli_chart_animation_and_breakdown(tmp_path):
    from .test_cli import frontmap

    fixture = str(FRONTLINE / "deepstate-simplified")
    assert frontmap("frontline", "chart", fixture, "-o", str(tmp_path / "c.svg")).returncode == 0
    assert frontmap("frontline", "animate", fixture, "-o", str(tmp_path / "a.gif")).returncode == 0
    run = frontmap("frontline", "diff", fixture, "--from", "2024-11-01", "--to", "2024-12-01", "--by", "oblast")
    assert run.returncode == 0 and run.stdout.startswith("source,from_date,to_date,unit,gained_km2")
    assert "clipping: each status clipped" in run.stderr
    wrong = frontmap("frontline", "chart", fixture, "-o", str(tmp_path / "c.jpg"))
    assert wrong.returncode == 2 and not (tmp_path / "c.jpg").exists()


def test_cli_refuses_a_stale_snapshot_unless_max_age_allows_it():
    from .test_cli import frontmap

    fixture = str(FRONTLINE / "deepstate-simplified")
    stale = frontmap("frontline", "line", fixture, "--on", "2024-12-20")
    assert stale.returncode == 1 and "--max-age" in stale.stderr and "Traceback" not in stale.stderr
    assert frontmap("frontline", "line", fixture, "--on", "2024-12-20", "--max-age", "30").returncode == 0
