"""ISW control-of-terrain and Kursk-advance polygons (``layer_type``, ``date``, ``area_km2``)."""
from __future__ import annotations

from pathlib import Path

from ..snapshot import RawSnapshot, snapshot_of_features

STATUS_OF_LAYER = {"ukraine_control_map": "occupied", "kursk_russian_advances": "russian_advance"}


def read(path: str | Path, document: dict) -> RawSnapshot:
    """Features of a known ``layer_type`` with a geometry; the rest are skipped and counted."""
    return snapshot_of_features(Path(path), "isw", document.get("features") or [], "layer_type",
                                STATUS_OF_LAYER, label="layer ")
