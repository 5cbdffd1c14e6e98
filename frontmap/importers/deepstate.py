"""DeepStateMAP: raw API snapshots and the simplified daily series.

Raw snapshots name each feature ``"Окуповано /// Occupied /// geoJSON.status.occupied"`` and
the like, with non-breaking spaces and stray newlines; the ``geoJSON.*`` key at the end is
what we read. Features outside the theatre (Transnistria, the Kurils, …), unit markers and
other decorations are skipped and counted.

>>> status_of("Звільнено 25.03 /// Liberated 25.03\\xa0/// geoJSON.status.dismissed_at {{at:25.03}}")
'ukrainian'
>>> status_of("Окупований Крим /// Occupied Crimea\\xa0/// geoJSON.territories.crimea"), status_of("x")
('occupied', None)
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import shapely

from frontmap.frontline.geojson import polygons_from_geojson
from frontmap.frontline.snapshot import FrontlineFileError, RawSnapshot, usable_date

_KEY = re.compile(r"geoJSON\.([\w.\-]+)")
STATUS_OF_KEY = {
    "status.occupied": "occupied", "territories.crimea": "occupied",
    "territories.ordlo": "occupied", "territories.tuzla": "occupied",
    "status.dismissed": "ukrainian", "status.dismissed_at": "ukrainian",
    "zmiinyi_island": "ukrainian",
    "status.unknown": "contested",
    "status.attack_direction": "attack_direction",
}


def key_of(name: str) -> str:
    """The ``geoJSON.*`` key of a feature name, whitespace and all."""
    match = _KEY.search(name or "")
    return match.group(1) if match else "(no geoJSON key)"


def _kind_of(key: str) -> str:
    """``territories.kuril`` stays; ``units.brigade.38-air-assault`` becomes ``units``."""
    return key if key.startswith("territories.") else key.split(".")[0]


def status_of(name: str) -> str | None:
    """Our status for a DeepStateMAP feature name, or None for features we do not read."""
    return STATUS_OF_KEY.get(key_of(name))


def read_full(path: str | Path, document: dict) -> RawSnapshot:
    """A raw API snapshot (``deepstate-DATE-UNIXTIME.geojson``); the date is the file name's."""
    path = Path(path)
    features = document.get("features") or []
    statuses, polygons, points, skipped = [], [], [], Counter()
    for feature in features:
        name = (feature.get("properties") or {}).get("name", "")
        status, geometry = status_of(name), feature.get("geometry")
        if status is None or not geometry:
            skipped[f"deepstate {_kind_of(key_of(name))}"] += 1
            continue
        statuses.append(status)
        is_point = geometry["type"] == "Point"
        polygons.append(None if is_point else geometry)
        points.append(shapely.Point(geometry["coordinates"][:2]) if is_point else None)
    geometries = polygons_from_geojson(polygons)
    geometries[geometries == None] = np.asarray(points, dtype=object)[geometries == None]
    return RawSnapshot(path, "deepstate", usable_date(path), statuses, geometries, skipped)


def read_simplified(path: str | Path, document: dict) -> RawSnapshot:
    """One file of the simplified daily series: one MultiPolygon of occupied land."""
    path = Path(path)
    features = document.get("features") or []
    geometries = [f.get("geometry") for f in features]
    if not any(geometries):
        raise FrontlineFileError(path, "no polygon in this DeepStateMAP daily file")
    return RawSnapshot(path, "deepstate-simplified", usable_date(path),
                       ["occupied"] * len(geometries), polygons_from_geojson(geometries))
