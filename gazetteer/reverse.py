"""Point to place: the nearest place, how far and in which direction, and the oblast.

>>> from gazetteer import Gazetteer
>>> Gazetteer.default().reverse(51.2322, 35.3268, min_kind="town").description
'6 km north-east of Sudzha'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from .licence import ATTRIBUTION
from .place import Place

if TYPE_CHECKING:
    from .index import Gazetteer

__all__ = ["reverse", "Reverse", "compass", "COMPASS_POINTS"]

#: The eight compass points, clockwise from north, 45 degrees apart.
COMPASS_POINTS = ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"]
KIND_RANK = {"hamlet": 0, "village": 1, "town": 2, "city": 3}


def compass(azimuth: float) -> str:
    """Eight-point compass direction of an azimuth in degrees.

    >>> compass(44), compass(-90), compass(181)
    ('north-east', 'west', 'south')
    """
    return COMPASS_POINTS[int(((azimuth % 360) + 22.5) // 45) % 8]


@dataclass(frozen=True)
class Reverse:
    """A point described from its nearest place; distances on the WGS84 ellipsoid."""

    place: Place
    distance_km: float
    bearing: float
    direction: str
    admin1: str
    admin1_name: str

    @property
    def description(self) -> str:
        if self.distance_km < 1:
            return f"in {self.place.name}"
        return f"{self.distance_km:.0f} km {self.direction} of {self.place.name}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": self.place.to_dict(), "distance_km": round(self.distance_km, 2),
            "bearing": round(self.bearing, 1), "direction": self.direction, "admin1": self.admin1,
            "admin1_name": self.admin1_name, "description": self.description, "attribution": ATTRIBUTION,
        }


class _SpatialIndex:
    """An STRtree over places in a locally equidistant plane (longitude scaled by cos(lat))."""

    def __init__(self, gaz: Gazetteer, rows: np.ndarray):
        import shapely

        self.rows = rows
        self.tree = shapely.STRtree(shapely.points(self._xy(gaz.lat[rows], gaz.lon[rows])))

    @staticmethod
    def _xy(lat, lon) -> np.ndarray:
        lat, lon = np.asarray(lat, float), np.asarray(lon, float)
        return np.column_stack([lon * np.cos(np.radians(lat)), lat])

    def candidates(self, lat: float, lon: float) -> np.ndarray:
        """Rows that may be nearest on the ellipsoid: all within 1.2x the planar nearest."""
        import shapely

        point = shapely.points(self._xy([lat], [lon]))[0]
        nearest, distance = self.tree.query_nearest(point, return_distance=True, all_matches=False)
        within = self.tree.query(point, predicate="dwithin", distance=float(distance[0]) * 1.2 + 1e-9)
        return self.rows[np.union1d(nearest, within)]


class _Admin1:
    """Admin-1 polygons of the theatre, loaded on first use."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz

    @cached_property
    def table(self):
        import geopandas as gpd

        return gpd.read_parquet(self.gaz.data_dir / "admin1.parquet")

    def at(self, lat: float, lon: float) -> str | None:
        import shapely

        hits = self.table.sindex.query(shapely.Point(lon, lat), predicate="intersects")
        return str(self.table["iso"].iloc[hits[0]]) if len(hits) else None


@cache
def _spatial_index(gaz: Gazetteer, min_kind: str) -> _SpatialIndex:
    """The tree over places of at least ``min_kind``, built once per gazetteer."""
    kinds = [kind for kind, rank in KIND_RANK.items() if rank >= KIND_RANK[min_kind]]
    return _SpatialIndex(gaz, np.flatnonzero(gaz.where("kind", kinds) & np.isfinite(gaz.lat)))


@cache
def _geod():
    """pyproj's WGS84 ellipsoid, made on the first reverse lookup (pyproj loads only then)."""
    from pyproj import Geod

    return Geod(ellps="WGS84")


@cache
def _admin1(gaz: Gazetteer) -> _Admin1:
    return _Admin1(gaz)


def reverse(gaz: Gazetteer, lat: float, lon: float, *, min_kind: str = "hamlet",
            max_km: float | None = None) -> Reverse | None:
    """Describe ``(lat, lon)`` from the nearest place of at least ``min_kind``.

    ``min_kind="town"`` describes a point from towns and cities only, as reports do
    ("north-east of Sudzha" rather than from the nearest hamlet). With ``max_km``,
    a point farther than that from every such place gives ``None``.

    >>> from gazetteer import Gazetteer
    >>> print(Gazetteer.default().reverse(0, 0, max_km=50))
    None
    """
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"({lat}, {lon}) is not a latitude/longitude pair in degrees")
    if min_kind not in KIND_RANK:
        raise ValueError(f"min_kind must be one of {list(KIND_RANK)}, not {min_kind!r}")
    rows = _spatial_index(gaz, min_kind).candidates(lat, lon)
    azimuths, _, distances = _geod().inv(gaz.lon[rows], gaz.lat[rows], np.full(len(rows), lon), np.full(len(rows), lat))
    best = int(np.argmin(distances))
    if max_km is not None and distances[best] / 1000 > max_km:
        return None
    place = gaz.place(int(rows[best]))
    admin = _admin1(gaz).at(lat, lon) or place.admin1
    return Reverse(place, float(distances[best]) / 1000, float(azimuths[best]) % 360,
                   compass(float(azimuths[best])), admin, gaz.admin1_names.get(admin, admin))
