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

from ..snapshot import FrontlineFileError, RawSnapshot, checked_geometries, features_of, usable_date

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
    statuses, geometries, numbers, skipped = [], [], [], Counter()
    for number, feature in enumerate(features_of(path, document.get("features") or []), start=1):
        name = (feature.get("properties") or {}).get("name", "")
        name = name if isinstance(name, str) else ""
        status, geometry = status_of(name), feature.get("geometry")
        if status is None or not geometry:
            skipped[f"deepstate {_kind_of(key_of(name))}"] += 1
            continue
        statuses.append(status)
        geometries.append(geometry)
        numbers.append(number)
    checked = checked_geometries(path, geometries, numbers, points=True)
    is_point = np.array([s == "attack_direction" for s in statuses], dtype=bool)
    kinds = shapely.get_type_id(checked)
    wrong = np.flatnonzero(is_point != (kinds == 0))
    if len(wrong):
        raise FrontlineFileError(path, f"a {statuses[wrong[0]]} feature must be "
                                       f"{'a Point' if is_point[wrong[0]] else 'a Polygon or MultiPolygon'}",
                                 feature=numbers[wrong[0]], field="geometry.type")
    return RawSnapshot(path, "deepstate", usable_date(path), statuses, checked, skipped, numbers)


def read_simplified(path: str | Path, document: dict) -> RawSnapshot:
    """One file of the simplified daily series: one MultiPolygon of occupied land."""
    path = Path(path)
    features = features_of(path, document.get("features") or [])
    present = [(number, f["geometry"]) for number, f in enumerate(features, start=1) if f.get("geometry")]
    if not present:
        raise FrontlineFileError(path, "no polygon in this DeepStateMAP daily file")
    numbers, geometries = (list(column) for column in zip(*present, strict=True))
    return RawSnapshot(path, "deepstate-simplified", usable_date(path),
                       ["occupied"] * len(geometries), checked_geometries(path, geometries, numbers), numbers=numbers)
