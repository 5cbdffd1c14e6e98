"""Liveuamap territory as published by NZZ: ``{"value": FeatureCollection}``.

Features are typed ``nochange`` and ``gains`` (together: held by Russia on the date) and
``losses`` (land Russia lost in the period, so not held on the date; skipped and counted).
"""
from __future__ import annotations

from pathlib import Path

from frontmap.validate import short

from ..snapshot import FrontlineFileError, RawSnapshot, snapshot_of_features

STATUS_OF_TYPE = {"nochange": "occupied", "gains": "occupied"}


def read(path: str | Path, document: dict) -> RawSnapshot:
    """The occupied land of one NZZ daily file."""
    collection = document.get("value", document)
    if not isinstance(collection, dict):
        raise FrontlineFileError(path, f"'value' is {short(collection)}, not a FeatureCollection", field="value")
    return snapshot_of_features(Path(path), "liveuamap", collection.get("features") or [], "type", STATUS_OF_TYPE)
