"""Read front-line files of any supported source, one file or a directory, into snapshots.

The format is recognised from the content: NZZ's ``{"value": …}`` wrapper, ISW's
``layer_type``, DeepStateMAP's ``geoJSON.status`` names, the simplified DeepStateMAP daily
files (``deepstatemap_data_YYYYMMDD``), KML, or a GeoPackage written by
``frontmap frontline import``.

Files are read whole, so each is bounded: at most :data:`MAX_BYTES` (the largest real
front-line file is ~2 MB; reading one takes up to ~10x its size in memory). A UTF-8
byte-order mark is accepted; a ``crs`` other than WGS84 longitude/latitude is refused.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import orjson
import pandas as pd
from pyogrio.errors import DataLayerError, DataSourceError

from ..validate import InputFileError, read_bytes
from .readers import deepstate, isw, kml, liveuamap
from .snapshot import FrontlineFileError, RawSnapshot, ReadReport, snapshot_rows

#: The largest front-line file read.
MAX_BYTES = 64 << 20
#: ``crs`` members that mean WGS84 longitude/latitude, the only coordinates GeoJSON has.
LON_LAT_CRS = ("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326",
               "urn:ogc:def:crs:EPSG::4326")

SUFFIXES = (".geojson", ".json", ".kml", ".gpkg")
LAYER = "control_snapshots"
COLUMNS = ["source", "date", "status", "file", "geometry"]


def _features(document) -> list:
    collection = document.get("value", document) if isinstance(document, dict) else {}
    features = collection.get("features") or [] if isinstance(collection, dict) else []
    return features if isinstance(features, list) else []


def _document(path: Path) -> dict:
    """The JSON object of a front-line file, bounded in size, with a BOM accepted."""
    try:
        data = read_bytes(path, MAX_BYTES, "front-line file")
    except InputFileError as error:
        raise FrontlineFileError(path, error.problem) from None
    try:
        document = orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as error:
        raise FrontlineFileError(path, f"not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise FrontlineFileError(path, "not a GeoJSON object (a FeatureCollection, or NZZ's {\"value\": ...})")
    crs = document.get("crs")
    name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else crs
    if crs is not None and name not in LON_LAT_CRS:
        raise FrontlineFileError(path, f"its crs {name!r} is not WGS84 longitude/latitude; reproject it to "
                                       "EPSG:4326 (e.g. ogr2ogr -t_srs EPSG:4326)", field="crs")
    return document


def raw_snapshot(path: Path) -> RawSnapshot:
    """Recognise the format of one file and read it."""
    if path.suffix.lower() == ".kml":
        return kml.read(path)
    document = _document(path)
    features = _features(document)
    properties = [f.get("properties") for f in features[:50] if isinstance(f, dict)]
    properties = [p for p in properties if isinstance(p, dict)]
    if "value" in document:
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
