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
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

import msgspec
import numpy as np
import orjson
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


@lru_cache(maxsize=4096)
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


#: Geometries built so far in this process that were valid, by their raw JSON: consecutive API
#: snapshots repeat most features byte for byte, and a repeated one is neither parsed, built nor
#: checked again.
_BUILT: dict[bytes, shapely.Geometry] = {}
#: The raw JSON kept as keys of :data:`_BUILT` at most (it is emptied when full).
CACHE_BYTES = 64 << 20
_cached_bytes = [0]


def read_full(path: str | Path, features: list, read: Collection[str] | None = None) -> RawSnapshot:
    """A raw API snapshot (``deepstate-DATE-UNIXTIME.geojson``); the date is the file name's.

    ``features`` are GeoJSON feature mappings, or features whose geometry is still raw JSON
    (``msgspec.Raw``, parsed here only for the statuses read, and only if not built before).
    Only the statuses in ``read`` (all if None) are read; features of the others are neither
    parsed nor counted as skipped.
    """
    path = Path(path)
    statuses, geometries, numbers, skipped, keys, reused = [], [], [], Counter(), [], []
    pairs = ([(f.name, f.geometry) for f in features] if features and isinstance(features[0], msgspec.Struct)
             else [((f.get("properties") or {}).get("name", ""), f.get("geometry")) for f in features_of(path, features)])
    for number, (name, geometry) in enumerate(pairs, start=1):
        name = name if isinstance(name, str) else ""
        status = status_of(name)
        if status is not None and read is not None and status not in read:
            continue
        key = bytes(geometry) if status is not None and isinstance(geometry, msgspec.Raw) else None
        built = _BUILT.get(key) if key is not None else None
        if key is not None and built is None:
            geometry = orjson.loads(key)
        if status is None or not geometry:
            skipped[f"deepstate {_kind_of(key_of(name))}"] += 1
            continue
        statuses.append(status)
        geometries.append(geometry if built is None else built)
        numbers.append(number)
        keys.append(key)
        reused.append(built is not None)
    checked = np.empty(len(geometries), dtype=object)
    new = ~np.array(reused, dtype=bool)
    for i in np.flatnonzero(~new):
        checked[i] = geometries[i]
    checked[new] = checked_geometries(path, [g for g, fresh in zip(geometries, new) if fresh],
                                      [n for n, fresh in zip(numbers, new) if fresh], points=True)
    valid = ~new
    valid[new] = shapely.is_valid(checked[new])
    _remember([k for k, fresh, ok in zip(keys, new, valid) if fresh and ok and k is not None],
              [g for g, k, fresh, ok in zip(checked, keys, new, valid) if fresh and ok and k is not None])
    is_point = np.array([s == "attack_direction" for s in statuses], dtype=bool)
    kinds = shapely.get_type_id(checked)
    wrong = np.flatnonzero(is_point != (kinds == 0))
    if len(wrong):
        raise FrontlineFileError(path, f"a {statuses[wrong[0]]} feature must be "
                                       f"{'a Point' if is_point[wrong[0]] else 'a Polygon or MultiPolygon'}",
                                 feature=numbers[wrong[0]], field="geometry.type")
    return RawSnapshot(path, "deepstate", usable_date(path), statuses, checked, skipped, numbers, valid)


def _remember(keys: list[bytes], geometries: list) -> None:
    if _cached_bytes[0] > CACHE_BYTES:
        _BUILT.clear()
        _cached_bytes[0] = 0
    _BUILT.update(zip(keys, geometries))
    _cached_bytes[0] += sum(map(len, keys))


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
