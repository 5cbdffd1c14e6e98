"""The demo: the claims of the 5 January 2025 wire report, mapped over DeepStateMAP's control
of that week.

Both inputs are embedded in the package: ``frontmap/data/kursk-2025-01-05.yaml`` (the report's
claims in our own words, the report cited; also at ``examples/``) and
``frontmap/data/deepstate-2025-01-01_07.gpkg`` (built by ``scripts/build_demo_control.py``).
The second is DeepStateMAP's data, under its own terms (``DATA-LICENSES.md``); a package built
without it maps the claims alone.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .claimfile import read_claims
from .frontline import ControlSeries
from .model import Claim
from .render import timeline_map, write_map
from .render.timeline import TimelineMap

DATA = files("frontmap").joinpath("data")
DEMO_CLAIMS = Path(str(DATA.joinpath("kursk-2025-01-05.yaml")))
DEMO_CONTROL = Path(str(DATA.joinpath("deepstate-2025-01-01_07.gpkg")))
DEMO_DATE = "2025-01-05"


def demo_claims() -> list[Claim]:
    """The example claims, their places resolved offline with the embedded gazetteer."""
    return read_claims(DEMO_CLAIMS)


def demo_map(claims: list[Claim] | None = None, tiles: str = "osm") -> TimelineMap:
    """The demo's timeline map: claims of the report over the control of 1-7 January 2025."""
    control = ControlSeries.read(DEMO_CONTROL) if DEMO_CONTROL.is_file() else None
    return timeline_map(demo_claims() if claims is None else claims, control, start="2025-01-01",
                        end="2025-01-07", on=DEMO_DATE, tiles=tiles, bbox=(34.0, 46.8, 39.0, 52.0))


def write_demo(path: str | Path, assets: str = "inline", tiles: str = "osm") -> Path:
    """Write the demo map (self-contained by default) and return its path."""
    return write_map(demo_map(tiles=tiles), path, assets=assets)
