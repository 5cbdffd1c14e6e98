"""Fast GeoJSON polygon decoding: orjson plus shapely's ragged-array constructor.

Front-line series are hundreds of files of large polygons; building them one coordinate at a
time through ``shapely.geometry.shape`` is the slow part of reading them. Here all rings of all
geometries go into one coordinate array and shapely builds the polygons in one call. Z values
are dropped (several sources carry a constant 0 height).

>>> polygons_from_geojson([{"type": "Polygon", "coordinates": [[[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 0, 0]]]}, None])
array([<MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))>, None], dtype=object)
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import shapely
from shapely import GeometryType


def load_json(path: str | Path) -> Any:
    """Parse a JSON file with orjson (several times faster than ``json`` on big geometries)."""
    return orjson.loads(Path(path).read_bytes())


def _xy(coords: list) -> np.ndarray:
    if not coords:
        return np.empty((0, 2))
    try:
        array = np.array(coords, dtype=float)
    except ValueError:  # rings that mix 2-D and 3-D positions
        array = np.array([position[:2] for position in coords], dtype=float)
    if array.ndim != 2 or array.shape[1] < 2:
        raise ValueError("positions must be [longitude, latitude] pairs")
    return np.ascontiguousarray(array[:, :2])


def polygons_from_geojson(geometries: Sequence[dict | None]) -> np.ndarray:
    """GeoJSON Polygon/MultiPolygon mappings → array of 2-D MultiPolygons (None stays None).

    Other geometry types raise ``ValueError``; callers filter them out first.
    """
    coords: list = []
    ring_ends, polygon_ends, geometry_ends = [0], [0], [0]
    present = np.array([g is not None for g in geometries], dtype=bool)
    for geometry in geometries:
        if geometry is None:
            continue
        kind = geometry.get("type")
        if kind not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"expected a Polygon or MultiPolygon, got {kind!r}")
        parts = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
        for polygon in parts:
            if not polygon:  # an empty polygon ("coordinates": []): nothing to add
                continue
            for ring in polygon:
                if len(ring) < 3:  # shapely closes a ring of 3 positions; fewer is no ring (and crashes GEOS)
                    raise ValueError(f"a ring has {len(ring)} positions, fewer than the 4 of a closed triangle")
                coords.extend(ring)
                ring_ends.append(len(coords))
            polygon_ends.append(len(ring_ends) - 1)
        geometry_ends.append(len(polygon_ends) - 1)
    result = np.full(len(geometries), None, dtype=object)
    if present.any():
        offsets = (np.array(ring_ends), np.array(polygon_ends), np.array(geometry_ends))
        result[present] = shapely.from_ragged_array(GeometryType.MULTIPOLYGON, _xy(coords), offsets)
    return result
