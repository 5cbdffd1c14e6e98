"""Where two sources disagree on a date, as polygons with km².

>>> from shapely import box
>>> from frontmap.frontline.compare import disagreement_polygons
>>> only_a, only_b = disagreement_polygons(box(0, 0, 2, 1), box(1, 0, 3, 1))
>>> only_a.area, only_b.area
(1.0, 1.0)
"""
from __future__ import annotations

from datetime import date

import geopandas as gpd
import shapely

from .area import AREA_METHODS, AreaMethod, area_km2
from .changes import gained_and_lost
from .series import ControlSeries


def disagreement_polygons(a: shapely.Geometry, b: shapely.Geometry) -> tuple[shapely.Geometry, shapely.Geometry]:
    """``(a − b, b − a)``: land one source draws and the other does not."""
    only_b, only_a = gained_and_lost(a, b)
    return only_a, only_b


def disagreement(a: ControlSeries, b: ControlSeries, on: str | date, status: str = "occupied",
                 within: shapely.Geometry | None = None, method: AreaMethod = "equal-area",
                 ) -> gpd.GeoDataFrame:
    """Land that one source marks ``status`` on ``on`` and the other does not, and the overlap.

    ``within`` (optional) clips both first, e.g. to Ukraine when one source leaves out Russia.
    Each row names the source that draws the land, the snapshot dates used, and km².
    """
    first, second = a.geometry_on(on, status), b.geometry_on(on, status)
    if within is not None:
        first, second = shapely.intersection(first, within), shapely.intersection(second, within)
    only_a, only_b = disagreement_polygons(first, second)
    both = shapely.intersection(first, second)
    names = (a.sources[0], b.sources[0])
    frame = gpd.GeoDataFrame({
        "drawn_by": [names[0], names[1], "both"],
        "not_drawn_by": [names[1], names[0], ""],
        "status": status,
        f"{names[0]}_date": a.snapshot_date(on), f"{names[1]}_date": b.snapshot_date(on),
    }, geometry=[only_a, only_b, both], crs="EPSG:4326")
    frame["area_km2"] = area_km2(frame.geometry.values, method).round(2)
    frame.attrs["area_method"] = AREA_METHODS[method]
    return frame
