"""One period rule for diff, monthly figures and claim checks; the fast dissolve and clip equal the plain overlays."""
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely

from frontmap.frontline import PERIOD_RULE, ControlSeries, area_km2, month_days
from frontmap.frontline.borders import _across, clip_region, clip_status
from frontmap.frontline.dissolve import dissolve
from frontmap.frontline.read import files_in, raw_snapshot
from frontmap.frontline.snapshot import ReadReport, _repair
from frontmap.model import ClaimKind
from frontmap.verify import check_claim

from .test_cli import frontmap
from .test_frontline import FRONTLINE, REAL, claim, needs_real


def december_files(folder: str) -> list:
    """The files of a real series dated from late November 2024 to early January 2025."""
    def day(path):
        digits = "".join(c for c in path.stem if c.isdigit())[:8]
        return pd.Timestamp(digits)
    return [p for p in files_in(REAL / folder) if pd.Timestamp("2024-11-25") <= day(p) <= pd.Timestamp("2025-01-05")]


@needs_real
@pytest.mark.parametrize("folder", ["deepstate-simplified-daily", "deepstate-full"])
def test_diff_monthly_and_claim_checks_end_december_on_the_same_snapshots(folder):
    series = ControlSeries.read(*december_files(folder))
    diff = series.diff(*month_days("2024-12"))
    month = series.monthly().set_index("month").loc["2024-12"]
    check = check_claim(claim(ClaimKind.AREA_CHANGE, "2024-12-01", "2024-12-31", km2=400), series)
    net = diff["area_km2"][0] - diff["area_km2"][1]
    assert (diff["from_date"][0], diff["to_date"][0]) == (month["from_date"], month["to_date"])
    assert (check.from_date, check.to_date) == (f"{month['from_date']:%Y-%m-%d}", f"{month['to_date']:%Y-%m-%d}")
    assert net == pytest.approx(month["net_km2"], abs=0.01) and check.measured == pytest.approx(net, abs=0.01)
    assert month["from_date"] == series.snapshot_date("2024-12-01")
    assert month["to_date"] == series.snapshot_date("2025-01-01")


@needs_real
def test_cli_diff_series_and_compare_print_the_same_december(tmp_path):
    data = tmp_path / "daily"
    data.mkdir()
    for path in december_files("deepstate-simplified-daily"):
        (data / path.name).symlink_to(path)
    claims = tmp_path / "claims.yaml"
    claims.write_text("claims:\n  - claimant: Test\n    kind: area_change\n    actor: russia\n"
                      "    event_time: 2024-12\n    reported: 2025-01-05\n    magnitudes: [{value: 400, unit: km2}]\n    summary: December\n")
    diff = frontmap("frontline", "diff", str(data), "--month", "2024-12", "--json")
    monthly = frontmap("frontline", "series", str(data), "--monthly", "--json")
    checked = frontmap("frontline", "compare", str(data), "--claims", str(claims), "--json")
    for run in (diff, monthly, checked):
        assert run.returncode == 0, run.stderr
    diff, monthly, checked = (json.loads(run.stdout) for run in (diff, monthly, checked))
    [december] = [row for row in monthly["rows"] if row["month"] == "2024-12"]
    [check] = checked["rows"]
    assert diff["net_km2"] == pytest.approx(december["net_km2"], abs=0.01) == pytest.approx(check["measured"], abs=0.01)
    assert diff["to"] == december["to_date"][:10] == check["to_date"]
    assert diff["period"] == monthly["period"] == checked["period"] == PERIOD_RULE


def test_a_period_runs_from_its_first_day_to_the_day_after_its_last():
    series = ControlSeries.read(FRONTLINE / "deepstate-simplified")   # 2024-11-01, -15, 12-01
    assert series.period("2024-11-01", "2024-11-30") == (pd.Timestamp("2024-11-01"), pd.Timestamp("2024-12-01"))
    assert series.period("2024-11-01", "2024-11-14") == (pd.Timestamp("2024-11-01"), pd.Timestamp("2024-11-15"))
    assert list(series.monthly()["month"]) == ["2024-11"]        # December is not covered: left out, and said
    assert "2024-12" in series.monthly().attrs["left_out"]
    with pytest.raises(ValueError, match="swap"):
        series.period("2024-11-30", "2024-11-01")
    with pytest.raises(ValueError, match="YYYY-MM"):
        month_days("2024-13")
    assert month_days("2024-02")[1] == pd.Timestamp(date(2024, 2, 29))


def _real_files():
    full = files_in(REAL / "deepstate-full")[::7]
    return full + files_in(REAL / "liveuamap-nzz")[:4] + files_in(REAL / "ru-source-control-kml")


@needs_real
def test_dissolve_by_groups_equals_union_all_on_real_files():
    for path in _real_files():
        raw = raw_snapshot(path)
        geometries, statuses = _repair(raw, ReadReport()), np.asarray(raw.statuses)
        for status in set(raw.statuses) - {"attack_direction"}:
            parts = shapely.get_parts(shapely.get_parts(geometries[statuses == status]))
            parts = parts[shapely.get_type_id(parts) == 3]
            merged, reference = dissolve(parts), shapely.union_all(parts)
            assert shapely.is_valid(merged)
            ours, theirs = area_km2([merged, reference])
            assert ours == pytest.approx(theirs, rel=1e-5), (path.name, status)   # within 0.001 %
            assert area_km2([shapely.symmetric_difference(merged, reference)])[0] < 1e-3


def _clip_whole(status, geometries):
    """The plain overlay the fast clip must equal: each whole geometry minus the far pieces beyond the region."""
    across = _across(status)
    pieces, owner = shapely.get_parts(shapely.difference(geometries, clip_region(status)), return_index=True)
    far = shapely.intersects(across, pieces)
    clipped = geometries.copy()
    for row in np.unique(owner[far]):
        clipped[row] = shapely.difference(geometries[row], shapely.multipolygons(pieces[far & (owner == row)]))
    return clipped


@needs_real
def test_clipping_only_the_polygons_that_reach_across_equals_clipping_everything():
    series = ControlSeries.read(*_real_files(), clip=False, keep_suspect=True)
    for status in ("occupied", "ukrainian", "contested"):
        geometries = series.frame.geometry.values[series.frame["status"] == status].to_numpy()
        fast, whole = clip_status(status, geometries), _clip_whole(status, geometries)
        assert shapely.is_valid(fast).all()
        assert np.allclose(area_km2(fast), area_km2(whole), rtol=1e-5, atol=1e-6)
        assert (area_km2(shapely.symmetric_difference(fast, whole)) < 1e-3).all()
