"""Read front-line files of any supported source, one file or a directory, into snapshots.

The format is recognised from the content: NZZ's ``{"value": …}`` wrapper, ISW's
``layer_type``, DeepStateMAP's ``geoJSON.status`` names, the simplified DeepStateMAP daily
files (``deepstatemap_data_YYYYMMDD``), KML, or a GeoPackage written by
``frontmap frontline import``.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import orjson
import pandas as pd
from pyogrio.errors import DataLayerError, DataSourceError

from frontmap.importers import deepstate, isw, kml, liveuamap

from .snapshot import FrontlineFileError, RawSnapshot, ReadReport, snapshot_rows

SUFFIXES = (".geojson", ".json", ".kml", ".gpkg")
LAYER = "control_snapshots"
COLUMNS = ["source", "date", "status", "file", "geometry"]


def _features(document) -> list:
    collection = document.get("value", document) if isinstance(document, dict) else {}
    return collection.get("features") or [] if isinstance(collection, dict) else []


def raw_snapshot(path: Path) -> RawSnapshot:
    """Recognise the format of one file and read it."""
    if path.suffix.lower() == ".kml":
        return kml.read(path)
    try:
        document = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise FrontlineFileError(path, f"not valid JSON ({error})") from None
    features = _features(document)
    properties = [f.get("properties") or {} for f in features[:50] if isinstance(f, dict)]
    if isinstance(document, dict) and "value" in document:
        return liveuamap.read(path, document)
    if any("layer_type" in p for p in properties):
        return isw.read(path, document)
    if any("geoJSON." in str(p.get("name", "")) for p in properties):
        return deepstate.read_full(path, document)
    if path.name.startswith("deepstatemap_data_"):
        return deepstate.read_simplified(path, document)
    raise FrontlineFileError(path, "not a recognised front-line format (DeepStateMAP, ISW, "
                                   "Liveuamap/NZZ GeoJSON or KML); see `frontmap frontline --help`")


def files_in(path: str | Path) -> list[Path]:
    """The front-line files of a directory (sorted), or the file itself."""
    path = Path(path)
    if not path.exists():
        raise FrontlineFileError(path, "no such file or directory")
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
    return [path]


def read_stored(path: Path) -> gpd.GeoDataFrame:
    """Snapshots saved by :func:`save`."""
    try:
        frame = gpd.read_file(path, layer=LAYER)
    except (DataSourceError, DataLayerError) as error:
        raise FrontlineFileError(path, f"no {LAYER} layer ({error}); write one with "
                                       "`frontmap frontline import`") from None
    frame["date"] = pd.to_datetime(frame["date"])
    return frame[COLUMNS]


def read_rows(paths: Iterable[Path], report: ReadReport, strict: bool) -> list[dict]:
    """Snapshot rows of every readable file; unreadable files are raised (strict) or reported."""
    rows = []
    for path in paths:
        try:
            rows += (read_stored(path).to_dict("records") if path.suffix.lower() == ".gpkg"
                     else snapshot_rows(raw_snapshot(path), report))
        except FrontlineFileError as error:
            if strict:
                raise
            report.rejected.append(error)
    return rows
