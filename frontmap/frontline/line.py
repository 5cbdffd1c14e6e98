"""The front line as a line: where occupied land meets land Ukraine holds.

The boundary of the occupied polygon also runs along the coast and the Russian border; those
stretches are not front. They are removed by dropping every part of the boundary within
:data:`OUTLINE_TOLERANCE_M` of Ukraine's outline (:func:`.borders.ukraine`). Land drawn as
Ukrainian-held outside Ukraine (the Kursk salient) adds its own boundary, again minus the
stretch along the border.
"""
from __future__ import annotations

from functools import cache

import numpy as np
import shapely
from pyproj import Transformer

from .area import EQUAL_AREA_CRS, to_equal_area
from .borders import ukraine

#: Natural Earth's outline is generalised to about a kilometre; front within this distance of
#: the coast or the border is indistinguishable from them.
OUTLINE_TOLERANCE_M = 3_000.0


@cache
def _outline_zone() -> shapely.Geometry:
    zone = shapely.buffer(to_equal_area([shapely.boundary(ukraine())])[0], OUTLINE_TOLERANCE_M)
    shapely.prepare(zone)
    return zone


def _to_lonlat(geometry: shapely.Geometry) -> shapely.Geometry:
    back = Transformer.from_crs(EQUAL_AREA_CRS, "EPSG:4326", always_xy=True)
    return shapely.transform(geometry, lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1])))


def front_line(occupied: shapely.Geometry, ukrainian: shapely.Geometry | None = None) -> shapely.Geometry:
    """The front line of one snapshot as a MultiLineString in longitude/latitude.

    ``occupied`` is the snapshot's occupied polygon; ``ukrainian`` (optional) its
    Ukrainian-held polygons, of which only the parts outside Ukraine count.
    """
    boundaries = [shapely.boundary(occupied)]
    if ukrainian is not None and not shapely.is_empty(ukrainian):
        boundaries.append(shapely.boundary(shapely.difference(ukrainian, ukraine())))
    lines = shapely.difference(to_equal_area(boundaries), _outline_zone())
    merged = shapely.line_merge(shapely.union_all(lines))
    return _to_lonlat(merged)
