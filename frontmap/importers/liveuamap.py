"""Liveuamap territory as published by NZZ: ``{"value": FeatureCollection}``.

Features are typed ``nochange`` and ``gains`` (together: held by Russia on the date) and
``losses`` (land Russia lost in the period, so not held on the date; skipped and counted).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from frontmap.frontline.geojson import polygons_from_geojson
from frontmap.frontline.snapshot import RawSnapshot, usable_date

STATUS_OF_TYPE = {"nochange": "occupied", "gains": "occupied"}


def read(path: str | Path, document: dict) -> RawSnapshot:
    path = Path(path)
    collection = document.get("value", document)
    statuses, geometries, skipped, dates = [], [], Counter(), []
    for feature in collection.get("features") or []:
        properties = feature.get("properties") or {}
        status = STATUS_OF_TYPE.get(properties.get("type"))
        if status is None or not feature.get("geometry"):
            skipped[f"liveuamap {properties.get('type')}"] += 1
            continue
        statuses.append(status)
        geometries.append(feature["geometry"])
        dates.append(properties.get("date"))
    day = usable_date(path, *dict.fromkeys(dates))
    return RawSnapshot(path, "liveuamap", day, statuses, polygons_from_geojson(geometries), skipped)
