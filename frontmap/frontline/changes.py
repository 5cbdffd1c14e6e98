"""What changed between two control polygons, computed from the edges that changed.

Consecutive snapshots of a front line share almost all of their boundary. Overlaying two
large polygons (``shapely.difference``) re-nodes every edge, which is the slow part of a daily
series. Here only the edges that are not in both boundaries are noded and polygonised; each
resulting face is gained, lost or neither according to where it lies. Polygons are oriented
first (shells counter-clockwise, holes clockwise), so a shared edge is the same directed
segment in both, and a directed edge's interior is on its left.

Dirty sources can defeat the noding (GEOS "iterated noding failed"); :func:`changes` then
falls back to ``shapely.difference`` on valid, snapped polygons and says so in ``method``.

>>> from shapely import box
>>> gained, lost = gained_and_lost(box(0, 0, 2, 1), box(0, 0, 3, 1))
>>> gained.area, lost.area
(1.0, 0.0)
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

EMPTY = shapely.MultiPolygon()


class Edges(NamedTuple):
    """The directed boundary segments of a polygon (rows x1, y1, x2, y2) and their sorted hashes."""

    segments: np.ndarray
    keys: np.ndarray
    sorted_keys: np.ndarray

    def shared_with(self, other: Edges) -> np.ndarray:
        """Mask of this polygon's edges that the other polygon has too, in the same direction."""
        if not len(other.sorted_keys):
            return np.zeros(len(self.keys), dtype=bool)
        position = np.searchsorted(other.sorted_keys, self.keys).clip(max=len(other.sorted_keys) - 1)
        return other.sorted_keys[position] == self.keys


def prepare_polygon(geometry: BaseGeometry | None) -> BaseGeometry:
    """Valid, oriented, prepared polygon (empty for None), ready for :func:`edges_of`."""
    if geometry is None:
        return EMPTY
    oriented = shapely.orient_polygons(geometry)
    shapely.prepare(oriented)
    return oriented


def edges_of(polygon: BaseGeometry) -> Edges:
    """Directed edges of an oriented polygon, hashed row-wise with pandas."""
    rings = shapely.get_rings(shapely.get_parts(polygon))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same_ring = ring[1:] == ring[:-1]
    segments = np.column_stack([coords[:-1][same_ring], coords[1:][same_ring]])
    keys = pd.util.hash_pandas_object(pd.DataFrame(segments), index=False).to_numpy()
    return Edges(segments, keys, np.sort(keys))


class Change(NamedTuple):
    """Land gained and lost between two polygons, and how it was computed."""

    gained: BaseGeometry
    lost: BaseGeometry
    method: str  # "edges", or "overlay" where the edge-based noding failed


#: Grid (degrees, about 1 cm) that the overlay fallback snaps both polygons to.
SNAP_GRID_DEG = 1e-7


def changes(before: BaseGeometry | None, after: BaseGeometry | None,
            before_edges: Edges | None = None, after_edges: Edges | None = None) -> Change:
    """``after − before`` and ``before − after`` as polygons, for valid polygonal inputs.

    Pass precomputed :class:`Edges` (from :func:`edges_of` on :func:`prepare_polygon` output)
    when the same snapshot takes part in several comparisons.
    """
    before, after = prepare_polygon(before), prepare_polygon(after)
    try:
        return Change(*_edge_changes(before, after, before_edges, after_edges), "edges")
    except shapely.errors.GEOSException:
        before, after = (shapely.set_precision(shapely.make_valid(g), SNAP_GRID_DEG) for g in (before, after))
        return Change(_polygonal(shapely.difference(after, before)),
                      _polygonal(shapely.difference(before, after)), "overlay")


def gained_and_lost(before: BaseGeometry | None, after: BaseGeometry | None,
                    before_edges: Edges | None = None, after_edges: Edges | None = None,
                    ) -> tuple[BaseGeometry, BaseGeometry]:
    """``(after − before, before − after)`` as polygons: :func:`changes` without its method."""
    return changes(before, after, before_edges, after_edges)[:2]


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    parts = shapely.get_parts(geometry)
    return shapely.multipolygons(parts[shapely.get_type_id(parts) == 3])


def _edge_changes(before: BaseGeometry, after: BaseGeometry, before_edges: Edges | None,
                  after_edges: Edges | None) -> tuple[BaseGeometry, BaseGeometry]:
    before_edges = before_edges or edges_of(before)
    after_edges = after_edges or edges_of(after)
    changed = np.concatenate([
        before_edges.segments[~before_edges.shared_with(after_edges)],
        after_edges.segments[~after_edges.shared_with(before_edges)],
    ])
    if not len(changed):
        return EMPTY, EMPTY
    noded = shapely.node(shapely.multilinestrings(shapely.linestrings(changed.reshape(-1, 2, 2))))
    faces = shapely.get_parts(shapely.polygonize([noded]))
    inside = shapely.point_on_surface(faces)
    in_before, in_after = shapely.contains(before, inside), shapely.contains(after, inside)
    return (shapely.coverage_union_all(faces[in_after & ~in_before]),
            shapely.coverage_union_all(faces[in_before & ~in_after]))
