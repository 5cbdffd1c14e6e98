"""Draw the example chart and animation shown in the README, into ``maps/``.

    python3 scripts/build_example_charts.py [--frontline ../shared/data/frontline]

- ``maps/occupied-by-source.png``: occupied land by source (DeepStateMAP's simplified daily
  series, ISW, Liveuamap/NZZ) with monthly gains and losses, from the public files.
- ``maps/kursk-2025-01-front.gif``: the demo's DeepStateMAP week (1-7 January 2025), from the
  excerpt embedded for ``frontmap demo``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from frontmap.frontline import ControlSeries
from frontmap.frontline.chart import animate, area_chart

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frontline", type=Path, default=ROOT.parent / "shared" / "data" / "frontline")
    folder = parser.parse_args().frontline
    sources = ControlSeries.read(*(folder / name for name in ("deepstate-simplified-daily", "isw-control",
                                                              "liveuamap-nzz")))
    print(area_chart(sources, ROOT / "maps" / "occupied-by-source.png",
                     title="Occupied land in Ukraine by source (each source's own coverage)"))
    demo = ControlSeries.read(ROOT / "frontmap" / "data" / "deepstate-2025-01-01_07.gpkg")
    print(animate(demo, ROOT / "maps" / "kursk-2025-01-front.gif", fps=2))


if __name__ == "__main__":
    main()
