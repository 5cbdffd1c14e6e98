"""ISW control-of-terrain and Kursk-advance polygons (``layer_type``, ``date``, ``area_km2``)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from frontmap.frontline.geojson import polygons_from_geojson
from frontmap.frontline.snapshot import RawSnapshot, usable_date

STATUS_OF_LAYER = {"ukraine_control_map": "occupied", "kursk_russian_advances": "russian_advance"}


def read(path: str | Path, document: dict) -> RawSnapshot:
    """Features of a known ``layer_type`` with a geometry; the rest are skipped and counted."""
    path = Path(path)
    features = document.get("features") or []
    statuses, geometries, skipped, dates = [], [], Counter(), []
    for feature in features:
        properties = feature.get("properties") or {}
        status = STATUS_OF_LAYER.get(properties.get("layer_type"))
        if status is None or not feature.get("geometry"):
            skipped["isw " + ("no geometry" if status else f"layer {properties.get('layer_type')}")] += 1
            continue
        statuses.append(status)
        geometries.append(feature["geometry"])
        dates.append(properties.get("date"))
    day = usable_date(path, *dict.fromkeys(dates))
    return RawSnapshot(path, "isw", day, statuses, polygons_from_geojson(geometries), skipped)
