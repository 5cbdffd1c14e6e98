"""Read front-line files of any supported source, one file or a directory, into snapshots.

The format is recognised from the content: NZZ's ``{"value": …}`` wrapper, ISW's
``layer_type``, DeepStateMAP's ``geoJSON.status`` names, the simplified DeepStateMAP daily
files (``deepstatemap_data_YYYYMMDD``), KML, or a GeoPackage written by
``frontmap frontline import``.

Files are read whole, so each is bounded: at most :data:`MAX_BYTES` (the largest real
front-line file is ~2 MB; reading one takes up to ~10x its size in memory). A UTF-8
byte-order mark is accepted; a ``crs`` other than WGS84 longitude/latitude is refused.

Raw DeepStateMAP API snapshots are mostly geometry the series does not read (unit markers,
territories outside the theatre): they are first decoded by msgspec into features whose
geometry stays raw JSON bytes, and only the geometries of the statuses read are parsed
(:func:`.readers.deepstate.read_full`). A file that does not fit that shape is parsed whole
with orjson, which also names what is wrong with it.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

import geopandas as gpd
import msgspec
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


def _bytes(path: Path) -> bytes:
    """A front-line file's bytes, bounded in size, without a UTF-8 byte-order mark."""
    try:
        return read_bytes(path, MAX_BYTES, "front-line file").removeprefix(b"\xef\xbb\xbf")
    except InputFileError as error:
        raise FrontlineFileError(path, error.problem) from None


def _check_crs(path: Path, crs: object) -> None:
    name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else crs
    if crs is not None and name not in LON_LAT_CRS:
        raise FrontlineFileError(path, f"its crs {name!r} is not WGS84 longitude/latitude; reproject it to "
                                       "EPSG:4326 (e.g. ogr2ogr -t_srs EPSG:4326)", field="crs")


def _document(path: Path, data: bytes) -> dict:
    """The JSON object of a front-line file."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise FrontlineFileError(path, f"not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise FrontlineFileError(path, "not a GeoJSON object (a FeatureCollection, or NZZ's {\"value\": ...})")
    _check_crs(path, document.get("crs"))
    return document


class _Properties(msgspec.Struct):
    name: object = ""
    layer_type: msgspec.Raw | None = None  # an ISW file


class _Feature(msgspec.Struct):
    properties: _Properties | None = None
    geometry: msgspec.Raw = msgspec.Raw(b"null")

    @property
    def name(self) -> object:
        return self.properties.name if self.properties else ""


class _Shell(msgspec.Struct):
    """A FeatureCollection whose geometries stay unparsed (``value`` marks NZZ's wrapper)."""

    features: list[_Feature] = []
    crs: object = None
    value: msgspec.Raw | None = None


_SHELL = msgspec.json.Decoder(_Shell)


def _format(wrapped: bool, layer_typed: bool, names: list) -> str | None:
    """Which GeoJSON source a document is, from its ``value`` wrapper and its first features'
    properties: Liveuamap/NZZ, ISW, a raw DeepStateMAP snapshot (names holding ``geoJSON.``), or None.

    >>> _format(False, False, ["Окупована територія///geoJSON.territories.occupied"])
    'deepstate-full'
    """
    if wrapped:
        return "liveuamap"
    if layer_typed:
        return "isw"
    return "deepstate-full" if any("geoJSON." in str(name) for name in names) else None


def _deepstate_full(path: Path, data: bytes) -> list[_Feature] | None:
    """The features of a raw DeepStateMAP snapshot, geometries unparsed; None for any other file
    (or one that does not fit the shape, which the full parse then explains)."""
    if b"geoJSON." not in data:  # a quick scan spares other sources a second parse
        return None
    try:
        shell = _SHELL.decode(data)
    except msgspec.DecodeError:
        return None
    properties = [f.properties for f in shell.features[:50] if f.properties is not None]
    if _format(shell.value is not None, any(p.layer_type is not None for p in properties),
               [p.name for p in properties]) != "deepstate-full":
        return None
    _check_crs(path, shell.crs)
    return shell.features


def raw_snapshot(path: Path, statuses: Collection[str] | None = None) -> RawSnapshot:
    """Recognise the format of one file and read it (raw DeepStateMAP snapshots: only ``statuses``)."""
    if path.suffix.lower() == ".kml":
        return kml.read(path)
    data = _bytes(path)
    shell = _deepstate_full(path, data)
    if shell is not None:
        return deepstate.read_full(path, shell, statuses)
    document = _document(path, data)
    features = _features(document)
    properties = [f.get("properties") for f in features[:50] if isinstance(f, dict)]
    properties = [p for p in properties if isinstance(p, dict)]
    found = _format("value" in document, any("layer_type" in p for p in properties),
                    [p.get("name", "") for p in properties])
    if found == "liveuamap":
        return liveuamap.read(path, document)
    if found == "isw":
        return isw.read(path, document)
    if found == "deepstate-full":
        return deepstate.read_full(path, document.get("features") or [], statuses)
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


def read_rows(paths: Iterable[Path], report: ReadReport, strict: bool,
              statuses: Collection[str] | None = None) -> list[dict]:
    """Snapshot rows of every readable file (only ``statuses``, if given); unreadable files are
    raised (strict) or reported."""
    rows = []
    for path in paths:
        try:
            if path.suffix.lower() == ".gpkg":
                stored = read_stored(path)
                rows += (stored if statuses is None else stored[stored["status"].isin(statuses)]).to_dict("records")
            else:
                rows += snapshot_rows(raw_snapshot(path, statuses), report, statuses)
        except FrontlineFileError as error:
            if strict:
                raise
            report.rejected.append(error)
    return rows
