"""Build the DeepStateMAP control embedded for ``frontmap demo``: 1-7 January 2025.

    python3 scripts/build_demo_control.py [--frontline ../shared/data/frontline/deepstate-full]

Reads the raw API snapshots of the demo's week, keeps occupied, contested and
Ukrainian-held land, snaps coordinates to a 0.0001° grid (about 10 m, finer than the
source's drawing) and writes ``frontmap/data/deepstate-2025-01-01_07.gpkg``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import shapely

from frontmap.frontline import ControlSeries
from frontmap.frontline.store import save

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "frontmap" / "data" / "deepstate-2025-01-01_07.gpkg"
GRID_DEG = 1e-4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frontline", type=Path, default=ROOT.parent / "shared" / "data" / "frontline" / "deepstate-full")
    args = parser.parse_args()
    files = sorted(p for day in range(1, 8) for p in args.frontline.glob(f"deepstate-2025-01-0{day}-*.geojson"))
    series = ControlSeries.read(*files, strict=True)
    frame = series.frame[series.frame["status"].isin(["occupied", "contested", "ukrainian"])].copy()
    frame["geometry"] = shapely.make_valid(shapely.set_precision(frame.geometry.values, GRID_DEG))
    TARGET.unlink(missing_ok=True)
    save(ControlSeries(frame), TARGET)
    print(f"{TARGET}: {len(frame)} rows from {len(files)} files, {TARGET.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
