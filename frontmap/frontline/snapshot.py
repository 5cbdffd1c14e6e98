"""Control snapshots: (source, date, status, geometry), read from any supported file.

A snapshot is what one source published for one date, one row per status, each status
dissolved into one valid MultiPolygon (attack directions stay points). Statuses:

- ``occupied``: held by Russia (DeepStateMAP "Occupied", Crimea, ORDLO; ISW control; NZZ
  ``nochange`` + ``gains``; KML ``#ru``)
- ``ukrainian``: drawn as held by Ukraine (DeepStateMAP "Liberated", which also covers the
  Kursk salient; KML ``#ua``)
- ``contested``: DeepStateMAP "Unknown status"
- ``russian_advance``: ISW's assessed Russian advances in Kursk
- ``attack_direction``: DeepStateMAP's attack-direction points
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from ..validate import InputFileError, cut, short
from .dissolve import dissolve
from .geojson import polygons_from_geojson

STATUSES = ("occupied", "contested", "ukrainian", "russian_advance", "attack_direction")
AREA_STATUSES = STATUSES[:4]
EARLIEST = date(2014, 2, 20)  # the war began with the occupation of Crimea
#: Invalid geometries are repaired up to this many vertices a file (real ones have ~1,000 vertices; make_valid
#: took 4-7 s on a self-crossing ring of 200,000 and grows faster than linearly).
MAX_REPAIR_VERTICES = 100_000


@dataclass(frozen=True)
class Source:
    """A publisher of control maps and the credit line its data must carry."""

    key: str
    name: str
    attribution: str


SOURCES = {source.key: source for source in (
    Source("deepstate", "DeepStateMAP",
           "Territorial control: DeepStateMAP (deepstatemap.live), API snapshots archived by "
           "DanielRose2310/deepstatemaps-history"),
    Source("deepstate-simplified", "DeepStateMAP (simplified daily)",
           "Territorial control: DeepStateMAP (deepstatemap.live), simplified daily series by "
           "cyterat/deepstate-map-data (GPL-3.0)"),
    Source("isw", "ISW", "Control of terrain: Institute for the Study of War and AEI's Critical "
                         "Threats Project, via sdspieg/war-datasets-dashboard"),
    Source("liveuamap", "Liveuamap (NZZ)", "Territorial control: liveuamap.com, as published by "
                                           "NZZ (conflict-investigations/nzz-maps)"),
    Source("ru-kml", "Pro-Russian control map", "Control map from a pro-Russian source (KML), "
                                                "via creamy-caprice/dataviewer"),
)}


class FrontlineFileError(InputFileError):
    """A front-line file that cannot be read; names the file (and feature and field) and what to do."""

    def __init__(self, path: str | Path, problem: str, *, feature: int | None = None, field: str | None = None):
        super().__init__(path, problem, feature=feature, field=field)


@dataclass
class RawSnapshot:
    """One file's features before repair and dissolve: a status and a geometry each."""

    path: Path
    source: str
    date: date
    statuses: list[str]
    geometries: np.ndarray
    skipped: Counter = field(default_factory=Counter)
    numbers: list[int] = field(default_factory=list)  #: each geometry's feature in the file, counted from 1
    valid: np.ndarray | None = None  #: which geometries are known to be valid (None: none checked yet)


def features_of(path: Path, features: object) -> list[dict]:
    """The features list of a FeatureCollection, each feature checked to be an object."""
    if not isinstance(features, list):
        raise FrontlineFileError(path, f"'features' is {short(features)}, not a list of GeoJSON features",
                                 field="features")
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            raise FrontlineFileError(path, f"{short(feature)} is not a GeoJSON feature with a properties object",
                                     feature=number)
    return features


def checked_geometries(path: Path, geometries: list, numbers: list[int], points: bool = False) -> np.ndarray:
    """GeoJSON Polygon/MultiPolygon mappings (and Points if ``points``) → shapely geometries, or a
    :class:`FrontlineFileError` naming the feature (``numbers``, counted from 1) and what is wrong:
    another geometry type, malformed coordinates, or positions that are not lon/lat degrees."""
    allowed = ("Polygon", "MultiPolygon", "Point") if points else ("Polygon", "MultiPolygon")
    for geometry, number in zip(geometries, numbers, strict=True):
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        if kind not in allowed:
            raise FrontlineFileError(path, f"{short(kind if kind else geometry)} is not a {' or '.join(allowed)}; "
                                           "control maps are areas", feature=number, field="geometry.type")
    is_point = np.array([g["type"] == "Point" for g in geometries], dtype=bool)
    result = np.full(len(geometries), None, dtype=object)
    try:
        result[~is_point] = polygons_from_geojson([g for g, p in zip(geometries, is_point) if not p])
        if is_point.any():
            xy = np.array([g.get("coordinates") for g, p in zip(geometries, is_point) if p], dtype=float)
            result[is_point] = shapely.points(xy[:, :2])
    except (TypeError, ValueError, IndexError, KeyError, shapely.errors.GEOSException):
        _raise_first_malformed(path, geometries, numbers)
    coordinates, index = shapely.get_coordinates(result, return_index=True)
    bad = ~(np.isfinite(coordinates).all(axis=1) & (np.abs(coordinates[:, 0]) <= 180)
            & (np.abs(coordinates[:, 1]) <= 90))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise FrontlineFileError(path, f"position {coordinates[first].tolist()} is not longitude/latitude in degrees "
                                       "(WGS84); reproject the file", feature=numbers[index[first]],
                                 field="geometry.coordinates")
    return result


def _raise_first_malformed(path: Path, geometries: list, numbers: list[int]) -> None:
    """Find which geometry made the batch fail (only on that rare path), and say why."""
    for geometry, number in zip(geometries, numbers, strict=True):
        try:
            if geometry["type"] == "Point":
                position = np.array(geometry["coordinates"], dtype=float)
                if position.shape not in ((2,), (3,), (4,)):
                    raise ValueError("a Point's coordinates are [longitude, latitude]")
            else:
                polygons_from_geojson([geometry])
        except (TypeError, ValueError, IndexError, KeyError, shapely.errors.GEOSException) as error:
            raise FrontlineFileError(path, f"malformed {geometry['type']} coordinates ({cut(str(error), 120)})",
                                     feature=number, field="geometry.coordinates") from None


def skip_label(value: object) -> str:
    """A property value as a skip counter names it: text as it is (up to 40 characters), else its repr."""
    return value if isinstance(value, str) and len(value) <= 40 else short(value, 40)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def snapshot_of_features(path: Path, source: str, features: object, key: str, status_of: dict[str, str],
                         label: str = "") -> RawSnapshot:
    """A snapshot of GeoJSON features whose ``properties[key]`` maps to a status; the date
    comes from their ``date`` property or the file name. Features of other values, and
    features with no geometry, are skipped and counted (``"<source> <label><value>"``)."""
    statuses, geometries, numbers, skipped, dates = [], [], [], Counter(), []
    for number, feature in enumerate(features_of(path, features), start=1):
        properties = feature.get("properties") or {}
        value = _text_or_none(properties.get(key))
        status = status_of.get(value)
        if status is None or not feature.get("geometry"):
            skipped[f"{source} " + ("no geometry" if status else f"{label}{skip_label(properties.get(key))}")] += 1
            continue
        statuses.append(status)
        geometries.append(feature["geometry"])
        numbers.append(number)
        dates.append(_text_or_none(properties.get("date")))
    day = usable_date(path, *dict.fromkeys(dates))
    return RawSnapshot(path, source, day, statuses, checked_geometries(path, geometries, numbers), skipped, numbers)


@dataclass
class Repair:
    """An invalid feature geometry that was made valid."""

    path: str
    feature: int
    problem: str


@dataclass
class Duplicate:
    """A file left out because another file of the same source carries the same data date."""

    source: str
    date: str
    kept: str
    dropped: str
    identical: bool  # the same polygons, not just the same date


@dataclass
class Suspect:
    """A snapshot whose change against its neighbours is implausible (see ``series.SUSPECT_RULE``)."""

    source: str
    date: str
    file: str
    net_km2: float
    reason: str
    kept: bool = False


@dataclass
class ReadReport:
    """What reading kept, repaired, skipped, rejected, deduplicated and flagged, file by file."""

    files: int = 0
    repairs: list[Repair] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    rejected: list[FrontlineFileError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    suspects: list[Suspect] = field(default_factory=list)
    clipped: str = ""

    def to_dict(self) -> dict:
        return {"files": self.files,
                "repaired": [vars(repair) for repair in self.repairs],
                "skipped": dict(self.skipped),
                "rejected": [{"file": e.path, "problem": e.problem} for e in self.rejected],
                "duplicates": [vars(duplicate) for duplicate in self.duplicates],
                "suspects": [vars(suspect) for suspect in self.suspects],
                "clipped": self.clipped or "not clipped"}

    def warnings(self) -> list[str]:
        """One line per duplicate and suspect snapshot, for the command line."""
        return ([f"duplicate: {d.dropped} carries the same {d.source} date {d.date} as {d.kept}"
                 f"{' (identical polygons)' if d.identical else ''}; kept {d.kept}" for d in self.duplicates] +
                [f"suspect: {s.source} {s.date} ({s.file}): {s.reason}; "
                 f"{'kept (--keep-suspect)' if s.kept else 'left out of the series (--keep-suspect keeps it)'}"
                 for s in self.suspects])


_NAME_DATES = (
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), (1, 2, 3), 0),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"), (1, 2, 3), 0),
    (re.compile(r"(?<!\d)(\d{2})_(\d{2})_(\d{2})(?!\d)"), (1, 2, 3), 2000),
)


def date_in_name(path: str | Path) -> date | None:
    """The date a file name carries, if any.

    >>> date_in_name("deepstatemap_data_20241101.geojson"), date_in_name("Control_25_01_01.kml")
    (datetime.date(2024, 11, 1), datetime.date(2025, 1, 1))
    """
    for pattern, groups, century in _NAME_DATES:
        match = pattern.search(Path(path).stem)
        if match:
            year, month, day = (int(match.group(g)) for g in groups)
            try:
                return date(year + century, month, day)
            except ValueError:
                return None
    return None


def usable_date(path: str | Path, *candidates: str | date | None) -> date:
    """The first plausible date among the data's own and the file name's, else an error."""
    seen = []
    for candidate in (*candidates, date_in_name(path)):
        if candidate is None or candidate == "":
            continue
        try:
            day = candidate if isinstance(candidate, date) else date.fromisoformat(str(candidate)[:10])
        except ValueError:
            seen.append(short(candidate, 30))
            continue
        if EARLIEST <= day <= date.today():
            return day
        seen.append(day.isoformat())
    found = f" (found {', '.join(seen)}, outside {EARLIEST} .. today)" if seen else ""
    raise FrontlineFileError(path, f"no usable date in the data or the file name{found}; "
                                   "rename the file to carry its date as YYYY-MM-DD")


def _repair(raw: RawSnapshot, report: ReadReport) -> np.ndarray:
    geometries = raw.geometries
    valid = shapely.is_valid(geometries) if raw.valid is None else raw.valid
    invalid = np.flatnonzero(~valid & ~shapely.is_missing(geometries))
    if len(invalid):
        vertices = shapely.get_num_coordinates(geometries[invalid])
        if vertices.sum() > MAX_REPAIR_VERTICES:
            worst = int(invalid[vertices.argmax()])
            raise FrontlineFileError(raw.path, f"{len(invalid)} invalid geometries of {vertices.sum():,} vertices, the "
                                               f"largest this one ({shapely.is_valid_reason(geometries[worst])}); "
                                               f"repairs are made up to {MAX_REPAIR_VERTICES:,} vertices a file, as "
                                               "larger ones can take minutes: repair them in a GIS first "
                                               "(e.g. ogr2ogr -makevalid)",
                                     feature=raw.numbers[worst] if raw.numbers else worst + 1, field="geometry")
        reasons = shapely.is_valid_reason(geometries[invalid])
        report.repairs += [Repair(str(raw.path), int(i), reason) for i, reason in zip(invalid, reasons)]
        geometries = geometries.copy()
        geometries[invalid] = shapely.make_valid(geometries[invalid])
    return geometries


def _dissolve(geometries: np.ndarray, status: str):
    parts = shapely.get_parts(geometries[~shapely.is_missing(geometries)])
    parts = shapely.get_parts(parts)  # a repaired geometry may be a collection holding a MultiPolygon
    if status == "attack_direction":
        return shapely.multipoints(parts[shapely.get_type_id(parts) == 0])
    polygons = parts[shapely.get_type_id(parts) == 3]
    return dissolve(polygons) if len(geometries) > 1 else shapely.multipolygons(polygons)


def snapshot_rows(raw: RawSnapshot, report: ReadReport, read: Collection[str] | None = None) -> list[dict]:
    """Repair and dissolve a raw snapshot into one row per status (of those in ``read``, if given)."""
    report.files += 1
    report.skipped.update(raw.skipped)
    statuses = np.asarray(raw.statuses, dtype=object)
    keep = None if read is None else np.isin(statuses, list(read))
    if keep is not None and not keep.all():
        raw = replace(raw, statuses=list(statuses[keep]), geometries=raw.geometries[keep],
                      numbers=list(np.asarray(raw.numbers)[keep]) if raw.numbers else [],
                      valid=None if raw.valid is None else raw.valid[keep])
        statuses = statuses[keep]
    geometries = _repair(raw, report)
    return [{"source": raw.source, "date": pd.Timestamp(raw.date), "status": status,
             "file": raw.path.name, "geometry": _dissolve(geometries[statuses == status], status)}
            for status in STATUSES if (statuses == status).any()]
