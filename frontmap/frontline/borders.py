"""Where each control status means something: Ukraine's borders and Russia's border oblasts.

Sources draw beyond the land their statuses are about: a pro-Russian map shades Russia
itself as "Russian", DeepStateMAP's occupied polygon runs into the Sea of Azov. Before areas
are compared, each status is clipped to its meaningful region (:data:`CLIP_REGIONS`):
Russian-held land to Ukraine's internationally recognised borders (Crimea included), and the
other statuses to Ukraine plus the Russian oblasts on its border, where Ukrainian forces have
held ground (Kursk, Belgorod, Bryansk, Voronezh, Rostov).

Outlines are Natural Earth 1:10m admin-1 polygons (public domain), embedded with the gazetteer.
They are generalised to about a kilometre, so a source's border or coast rarely matches them:
only pieces that reach land across the border further than :data:`OUTLINE_TOLERANCE_DEG` away
are cut off (whole), and slivers along the outline, spits and islands stay as the source drew them.

>>> from shapely import box
>>> beyond = box(36.0, 49.0, 42.0, 50.0)   # from Kharkiv oblast far into Russia
>>> round(float(clip_status("occupied", [beyond])[0].bounds[2]), 1)   # cut at Luhansk oblast's border
40.2
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

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
#: How far (degrees, about 4-5 km) a piece may stray beyond a region's outline and still be kept.
OUTLINE_TOLERANCE_DEG = 0.05
#: Longitude/latitude bounds of everything a theatre map can show.
THEATRE_BOUNDS = (20.0, 40.0, 50.0, 60.0)
CLIP_METHOD = ("each status clipped to where it means something: " +
               "; ".join(f"{status} to {region}" for status, region in CLIP_REGIONS.items()) +
               " (Natural Earth 1:10m admin-1 outlines; land beyond them is cut off where it reaches "
               f"more than {OUTLINE_TOLERANCE_DEG}° across the border)")


@cache
def admin1():
    """Natural Earth admin-1 units of Ukraine and Russia's border oblasts (``iso``, names, geometry)."""
    import geopandas as gpd

    return gpd.read_parquet(Gazetteer.default().data_dir / "admin1.parquet")


@cache
def raions():
    """Ukraine's raions as before the 2020 reform (geoBoundaries, CC BY 4.0; ``raion``, ``oblast``)."""
    import geopandas as gpd

    return gpd.read_parquet(Path(__file__).resolve().parents[1] / "data" / "raions-ua-pre2020.parquet")


@cache
def water() -> shapely.Geometry:
    """Large water bodies in Ukraine and its Russian border oblasts (prepared): the Kakhovka and
    Kremenchuk reservoirs and the Syvash, Natural Earth 1:50m lakes (public domain), bundled by
    ``scripts/build_water.py``. Sources draw the front on opposite banks of the Dnipro, so
    areas are compared on land (:func:`on_land`)."""
    import geopandas as gpd

    union = shapely.union_all(gpd.read_parquet(Path(__file__).resolve().parents[1] / "data" /
                                               "water-ua.parquet").geometry.values)
    shapely.prepare(union)
    return union


def on_land(geometries) -> np.ndarray:
    """``geometries`` without the large water bodies of :func:`water`.

    >>> from shapely import box
    >>> reservoir = box(34.06, 47.33, 34.08, 47.34)    # in the Kakhovka reservoir
    >>> [round(float(g.area), 4) for g in on_land([reservoir, box(37.0, 48.0, 37.1, 48.1)])]
    [0.0, 0.01]
    """
    geometries = np.asarray(geometries, dtype=object).copy()
    wet = np.flatnonzero(shapely.intersects(water(), geometries))  # the prepared geometry first: fast
    geometries[wet] = shapely.difference(geometries[wet], water())
    return geometries


LAND = ("compared on land: the large water bodies (Natural Earth 1:50m lakes: the Kakhovka and Kremenchuk "
        "reservoirs, the Syvash) are left out of both sources, as they draw the front on opposite banks")


@cache
def region(*codes: str) -> shapely.Geometry:
    """The union of first-level units by ISO 3166-2 code (prepared), in longitude/latitude."""
    table = admin1()
    union = shapely.union_all(table.geometry[table["iso"].isin(codes)].values)
    shapely.prepare(union)
    return union


@cache
def ukraine() -> shapely.Geometry:
    """Ukraine (Crimea included) in longitude/latitude."""
    table = admin1()
    return region(*table["iso"][table["iso"].str.startswith("UA-")])


def crimea() -> shapely.Geometry:
    """The Autonomous Republic of Crimea and Sevastopol, occupied since 2014."""
    return region("UA-43", "UA-40")


@cache
def russia() -> shapely.Geometry:
    """Russia's oblasts in the admin-1 table (those on Ukraine's border have outlines)."""
    table = admin1()
    return region(*table["iso"][table["iso"].str.startswith("RU-")])


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
def _across(status: str) -> shapely.Geometry:
    """Where a piece beyond the region must reach to be cut off: land across the border (for
    occupied, Russia's border oblasts) more than the tolerance away from the region."""
    zone = shapely.buffer(clip_region(status), OUTLINE_TOLERANCE_DEG)
    reach = russian_border_oblasts() if status == "occupied" else shapely.box(*THEATRE_BOUNDS)
    across = shapely.difference(reach, zone)
    shapely.prepare(across)
    return across


def clip_status(status: str, geometries) -> np.ndarray:
    """``geometries`` of one status clipped to :func:`clip_region` (unchanged where it has none).

    Whole pieces beyond the region that reach land across the border, more than
    :data:`OUTLINE_TOLERANCE_DEG` away, are cut off; slivers along the outline, spits and
    islands the generalised outline leaves out, and (for occupied land) the sea stay. Only
    the polygons that reach across the border are overlaid with the region to find them.
    """
    geometries = np.asarray(geometries, dtype=object)
    region = clip_region(status)
    if region is None:
        return geometries
    across = _across(status)
    parts, owner = shapely.get_parts(geometries, return_index=True)
    reaching = np.flatnonzero(shapely.intersects(across, parts))  # the prepared geometry first: fast
    pieces, piece_of = shapely.get_parts(shapely.difference(parts[reaching], region), return_index=True)
    far = shapely.intersects(across, pieces)
    if not far.any():
        return geometries
    owners = np.unique(owner[reaching[np.unique(piece_of[far])]])
    cut = shapely.multipolygons(pieces[far], indices=np.searchsorted(owners, owner[reaching[piece_of[far]]]))
    clipped = geometries.copy()
    clipped[owners] = shapely.difference(geometries[owners], cut)
    return clipped


def clip_statuses(statuses: np.ndarray, geometries: np.ndarray) -> np.ndarray:
    """Clip an array of geometries, each to the region of its status."""
    clipped = np.asarray(geometries, dtype=object).copy()
    for status in CLIP_REGIONS:
        rows = statuses == status
        if rows.any():
            clipped[rows] = clip_status(status, clipped[rows])
    return clipped
