"""Where each control status means something: Ukraine's borders and Russia's border oblasts.

Sources draw beyond the land their statuses are about: a pro-Russian map shades Russia
itself as "Russian", DeepStateMAP's occupied polygon runs into the Sea of Azov. Before areas
are compared, each status is clipped to its meaningful region (:data:`CLIP_REGIONS`):
Russian-held land to Ukraine's internationally recognised borders (Crimea included), and the
other statuses to Ukraine plus the Russian oblasts on its border, where Ukrainian forces have
held ground (Kursk, Belgorod, Bryansk, Voronezh, Rostov).

Outlines are Natural Earth 1:10m admin-1 polygons (public domain), embedded with the gazetteer.
They are generalised to about a kilometre, so a source's border or coast rarely matches them:
only land that reaches further than :data:`OUTLINE_TOLERANCE_DEG` beyond the region is cut off
(whole pieces), and slivers along the outline stay as the source drew them.

>>> from shapely import box
>>> beyond = box(36.0, 49.0, 42.0, 50.0)   # from Kharkiv oblast far into Russia
>>> round(float(clip_status("occupied", [beyond])[0].bounds[2]), 1)   # cut at Luhansk oblast's border
40.2
"""
from __future__ import annotations

from functools import cache

import numpy as np
import shapely

from gazetteer import Gazetteer

#: Russian oblasts on Ukraine's border, by ISO 3166-2 code.
RUSSIAN_BORDER_OBLASTS = ("RU-BEL", "RU-BRY", "RU-KRS", "RU-ROS", "RU-VOR")

#: The region each status is clipped to, as said in every output.
CLIP_REGIONS = {
    "occupied": "Ukraine's internationally recognised borders (Crimea included)",
    "contested": "Ukraine and Russia's border oblasts",
    "ukrainian": "Ukraine and Russia's border oblasts",
    "russian_advance": "Ukraine and Russia's border oblasts",
}
#: How far (degrees, about 2 km) a piece may stray beyond a region's outline and still be kept.
OUTLINE_TOLERANCE_DEG = 0.02
CLIP_METHOD = ("each status clipped to where it means something: " +
               "; ".join(f"{status} to {region}" for status, region in CLIP_REGIONS.items()) +
               " (Natural Earth 1:10m admin-1 outlines; land beyond them is cut off where it reaches "
               f"more than {OUTLINE_TOLERANCE_DEG}° from them)")


@cache
def _admin1():
    import geopandas as gpd

    return gpd.read_parquet(Gazetteer.default().data_dir / "admin1.parquet")


@cache
def region(*codes: str) -> shapely.Geometry:
    """The union of first-level units by ISO 3166-2 code (prepared), in longitude/latitude."""
    table = _admin1()
    union = shapely.union_all(table.geometry[table["iso"].isin(codes)].values)
    shapely.prepare(union)
    return union


@cache
def ukraine() -> shapely.Geometry:
    """Ukraine (Crimea included) in longitude/latitude."""
    table = _admin1()
    return region(*table["iso"][table["iso"].str.startswith("UA-")])


def crimea() -> shapely.Geometry:
    """The Autonomous Republic of Crimea and Sevastopol, occupied since 2014."""
    return region("UA-43", "UA-40")


def russian_border_oblasts() -> shapely.Geometry:
    """The Russian oblasts on Ukraine's border."""
    return region(*RUSSIAN_BORDER_OBLASTS)


@cache
def ukraine_and_border_oblasts() -> shapely.Geometry:
    """Ukraine and the Russian oblasts on its border."""
    return shapely.union(ukraine(), russian_border_oblasts())


def clip_region(status: str) -> shapely.Geometry | None:
    """The region ``status`` is clipped to, or None for statuses that are not areas."""
    if status not in CLIP_REGIONS:
        return None
    return ukraine() if status == "occupied" else ukraine_and_border_oblasts()


@cache
def _tolerance_zone(status: str) -> shapely.Geometry:
    zone = shapely.buffer(clip_region(status), OUTLINE_TOLERANCE_DEG)
    shapely.prepare(zone)
    return zone


def clip_status(status: str, geometries):
    """``geometries`` of one status clipped to :func:`clip_region` (unchanged where it has none).

    Pieces beyond the region that stay within :data:`OUTLINE_TOLERANCE_DEG` of it are kept.
    """
    region = clip_region(status)
    if region is None:
        return geometries
    geometries = np.asarray(geometries, dtype=object)
    pieces, owner = shapely.get_parts(shapely.difference(geometries, region), return_index=True)
    far = ~shapely.within(pieces, _tolerance_zone(status))
    if not far.any():
        return geometries
    cut = np.full(len(geometries), None, dtype=object)
    owners = np.unique(owner[far])
    cut[owners] = shapely.multipolygons(pieces[far], indices=np.searchsorted(owners, owner[far]))
    return np.where(shapely.is_missing(cut), geometries, shapely.difference(geometries, cut))


def clip_statuses(statuses: np.ndarray, geometries: np.ndarray) -> np.ndarray:
    """Clip an array of geometries, each to the region of its status."""
    clipped = np.asarray(geometries, dtype=object).copy()
    for status in CLIP_REGIONS:
        rows = statuses == status
        if rows.any():
            clipped[rows] = clip_status(status, clipped[rows])
    return clipped
