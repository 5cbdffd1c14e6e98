"""Areas in km², never in degrees: an equal-area projection for the theatre, or the ellipsoid.

The default is an Albers equal-area conic on the WGS 84 ellipsoid with standard parallels
46°N and 51°N and central meridian 31.5°E: every area in Ukraine and western Russia comes out
true to the ellipsoid, computed with vectorised shapely. ``method="geodesic"`` uses
``pyproj.Geod`` polygon by polygon instead, as an independent check.

>>> from shapely import box
>>> round(float(area_km2([box(37.0, 48.0, 37.1, 48.1)])[0]), 1)
82.9
>>> round(float(area_km2([box(37.0, 48.0, 37.1, 48.1)], method="geodesic")[0]), 1)
82.9
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Literal

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer

EQUAL_AREA_CRS = CRS.from_proj4(
    "+proj=aea +lat_1=46 +lat_2=51 +lat_0=48.5 +lon_0=31.5 +datum=WGS84 +units=m +no_defs")
AreaMethod = Literal["equal-area", "geodesic"]
AREA_METHODS: dict[str, str] = {
    "equal-area": "km² in an Albers equal-area projection on the WGS 84 ellipsoid "
                  "(standard parallels 46°N and 51°N, central meridian 31.5°E)",
    "geodesic": "km² on the WGS 84 ellipsoid (pyproj.Geod, geodesic edges)",
}


@cache
def _to_equal_area() -> Transformer:
    return Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)


#: Edges longer than this (in degrees) get extra vertices before projecting, so that an edge
#: that is straight in longitude/latitude (as GeoJSON defines it) stays so in the projection,
#: and a polygon's area does not depend on how its edges happen to be split.
DENSIFY_DEG = 0.05


def to_equal_area(geometries: Sequence | np.ndarray) -> np.ndarray:
    """Longitude/latitude geometries → metres in :data:`EQUAL_AREA_CRS`."""
    transformer = _to_equal_area()
    densified = shapely.segmentize(np.asarray(geometries, dtype=object), DENSIFY_DEG)
    return shapely.transform(densified,
                             lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def area_km2(geometries: Sequence | np.ndarray, method: AreaMethod = "equal-area") -> np.ndarray:
    """Area of each longitude/latitude geometry in km² (0 for None or empty)."""
    geometries = np.asarray(geometries, dtype=object)
    if method == "geodesic":
        geod = Geod(ellps="WGS84")
        areas = [abs(geod.geometry_area_perimeter(g)[0]) if g is not None else 0.0
                 for g in geometries]
        return np.asarray(areas, dtype=float) / 1e6
    if method != "equal-area":
        raise ValueError(f"unknown area method {method!r}; use one of {sorted(AREA_METHODS)}")
    return np.nan_to_num(shapely.area(to_equal_area(geometries)) / 1e6)
