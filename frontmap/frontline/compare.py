"""Where two sources disagree on a date, as polygons with km², within what both cover.

Sources do not all draw the same land: NZZ's Liveuamap files hold only what Russia occupied
from 24 February 2022, without Crimea and the parts of Donetsk and Luhansk oblasts occupied
since 2014. Comparing such a source with one that draws everything would count coverage as
disagreement, so :func:`disagreement` compares only the land both cover and says what it
left out.

>>> from shapely import box
>>> from frontmap.frontline.compare import disagreement_polygons
>>> only_a, only_b = disagreement_polygons(box(0, 0, 2, 1), box(1, 0, 3, 1))
>>> only_a.area, only_b.area
(1.0, 1.0)
>>> sorted(left_out("liveuamap", "deepstate"))
['crimea', 'since-2014']
"""
from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
import shapely

from .area import AREA_METHODS, AreaMethod, area_km2
from .borders import LAND, crimea, on_land, region, russian_border_oblasts, water
from .changes import gained_and_lost
from .series import ControlSeries

#: Land beyond what was occupied from 24 February 2022 that a source's occupied polygons cover.
COVERAGE_PARTS = {
    "crimea": "Crimea and Sevastopol (Natural Earth outline)",
    "since-2014": "the parts of Donetsk and Luhansk oblasts occupied since 2014: land one source "
                  "draws there, in pieces that reach Russia's border, and the other does not",
}
COVERAGE = {
    "deepstate": frozenset(COVERAGE_PARTS), "deepstate-simplified": frozenset(COVERAGE_PARTS),
    "isw": frozenset(COVERAGE_PARTS), "ru-kml": frozenset(COVERAGE_PARTS),
    "liveuamap": frozenset(),
}
_DONBAS = ("UA-14", "UA-09")


def left_out(a: str, b: str) -> set[str]:
    """Parts of :data:`COVERAGE_PARTS` that one of two sources does not cover (unknown: all covered)."""
    everything = frozenset(COVERAGE_PARTS)
    return set(everything - (COVERAGE.get(a, everything) & COVERAGE.get(b, everything)))


def disagreement_polygons(a: shapely.Geometry, b: shapely.Geometry) -> tuple[shapely.Geometry, shapely.Geometry]:
    """``(a − b, b − a)``: land one source draws and the other does not."""
    only_b, only_a = gained_and_lost(a, b)
    return only_a, only_b


def _since_2014(only: shapely.Geometry) -> shapely.Geometry:
    """Pieces of one-sided land in Donetsk and Luhansk oblasts that reach Russia's border."""
    pieces = shapely.get_parts(shapely.intersection(only, region(*_DONBAS)))
    border = shapely.buffer(russian_border_oblasts(), 0.01)  # about 1 km, the outlines' generalisation
    return shapely.union_all(pieces[shapely.intersects(pieces, border)])


def disagreement(a: ControlSeries, b: ControlSeries, on: str | date, status: str = "occupied",
                 within: shapely.Geometry | None = None, method: AreaMethod = "equal-area",
                 max_age: int | None = None) -> gpd.GeoDataFrame:
    """Land that one source marks ``status`` on ``on`` and the other does not, and the overlap.

    ``within`` (optional) clips both first. Both are compared on land (:func:`.borders.on_land`:
    large water bodies left out). For ``occupied``, land outside the coverage the two
    sources share (:data:`COVERAGE`) is left out of both; ``attrs["left_out"]`` says what and
    how many km² each source drew there. Snapshots older than ``max_age`` days are refused.
    Each row names the source that draws the land, the snapshot dates used, and km².
    """
    names = (a.sources[0], b.sources[0])
    days = a.snapshot_date(on, max_age), b.snapshot_date(on, max_age)
    first, second = a.geometry_on(days[0], status), b.geometry_on(days[1], status)
    if within is not None:
        first, second = shapely.intersection(first, within), shapely.intersection(second, within)
    in_water = np.round(area_km2(shapely.intersection([first, second], water()), method), 2)
    first, second = on_land([first, second])
    missing = left_out(*names) if status == "occupied" else set()
    outside = crimea() if "crimea" in missing else shapely.MultiPolygon()
    drawn = [shapely.intersection(first, outside), shapely.intersection(second, outside)]
    first, second = shapely.difference(first, outside), shapely.difference(second, outside)
    only_a, only_b = disagreement_polygons(first, second)
    if "since-2014" in missing:  # one-sided pieces, so the land both draw stays as it is
        since_2014 = shapely.union_all([_since_2014(only_a), _since_2014(only_b)])
        drawn = [shapely.union(drawn[0], shapely.intersection(only_a, since_2014)),
                 shapely.union(drawn[1], shapely.intersection(only_b, since_2014))]
        only_a, only_b = shapely.difference(only_a, since_2014), shapely.difference(only_b, since_2014)
    both = shapely.intersection(first, second)
    frame = gpd.GeoDataFrame({
        "drawn_by": [names[0], names[1], "both"],
        "not_drawn_by": [names[1], names[0], ""],
        "status": status,
        f"{names[0]}_date": days[0], f"{names[1]}_date": days[1],
    }, geometry=[only_a, only_b, both], crs="EPSG:4326")
    frame["area_km2"] = area_km2(frame.geometry.values, method).round(2)
    frame.attrs.update(area_method=AREA_METHODS[method], clipping=a.report.clipped or "not clipped")
    notes = [f"{LAND} ({names[0]} drew {in_water[0]:,.2f} km² there, {names[1]} {in_water[1]:,.2f} km²)"]
    if missing:
        drawn = np.round(area_km2(drawn, method), 2)
        notes.append("compared only where both sources draw: left out " +
                     "; ".join(COVERAGE_PARTS[m] for m in sorted(missing)) +
                     f" ({names[0]} drew {drawn[0]:,.2f} km² there, {names[1]} {drawn[1]:,.2f} km²)")
    frame.attrs["left_out"] = "; and ".join(notes)
    return frame
