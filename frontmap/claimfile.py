"""Hand-written claim files (YAML, JSON or CSV): read, resolve places, validate.

A file has an optional ``source`` block of defaults (publisher, reported) and a list
of ``claims``; see ``examples/kursk-2025-01-05.yaml``. Places are written as names,
optionally with the context that decides among namesakes, and resolved with the
gazetteer; the resolution (score, ambiguity, rule) is kept on the claim.

Errors are :class:`ClaimFileError`: they name the file, the claim's number and line, and
the field. Nothing is guessed: a number where text belongs, a NaN, a date outside
1989 .. tomorrow, a position outside lon/lat degrees is refused, not converted. Files are
at most :data:`MAX_BYTES`; YAML nests at most :data:`MAX_DEPTH` levels and its aliases may
add at most :data:`MAX_ALIAS_NODES` nodes (an alias bomb is refused before it is expanded);
a byte-order mark is accepted.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from gazetteer import Gazetteer

from .model import Claim, ClaimError, ClaimGeometry, LocationRef
from .validate import MAX_NAME, InputFileError, cut, decode, lon_lat, number, plausible_day, read_bytes, short, text

__all__ = ["ClaimFileError", "claim_from_record", "read_claims"]

#: The largest claim file read (bulk imports come as UCDP or ACLED exports); a 35 MB YAML file of
#: 170,000 claims took 1.3 GB and 74 s to read.
MAX_BYTES = 32 << 20
#: How deep YAML and JSON may nest (a claim file needs 5 levels).
MAX_DEPTH = 32
#: How many nodes YAML aliases may add to a document by repeating what they point to.
MAX_ALIAS_NODES = 100_000
#: Largest magnitude read: more than any count of clashes, vehicles or km² in this war.
MAX_MAGNITUDE = 1e9


class ClaimFileError(InputFileError):
    """A claim file cannot be read; the message says where and what to fix."""

    def __init__(self, path: str | Path, problem: str, *, claim: int | None = None, line: int | None = None,
                 field: str | None = None):
        where = None if claim is None else f"claim {claim}" + (f" (line {line})" if line else "")
        super().__init__(path, problem, where=where, line=None if claim is not None else line, field=None)
        self.claim, self.line, self.field = claim, line, field


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
    """Safe YAML whose dates stay text, so the claim model checks them and names the field."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_yaml_shape(path: Path, text_: str) -> None:
    """Refuse deep nesting before the composer recurses into it (libyaml's would crash)."""
    depth = 0
    for event in yaml.parse(text_, Loader=_Loader):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise ClaimFileError(path, f"nests deeper than {MAX_DEPTH} levels; a claim file needs 5",
                                     line=event.start_mark.line + 1)
        elif isinstance(event, _CLOSE):
            depth -= 1


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Nodes in ``node`` with every alias written out (each distinct node counted once per use)."""
    if id(node) not in sizes:
        children = (node.value if isinstance(node, yaml.SequenceNode) else
                    [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else [])
        sizes[id(node)] = 1 + sum(_expanded_size(child, sizes) for child in children)
    return sizes[id(node)]


def _yaml(path: Path, text_: str) -> tuple[Any, list[int]]:
    """The document and the line of each item of its ``claims`` list."""
    _check_yaml_shape(path, text_)
    loader = _Loader(text_)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, []
        sizes: dict[int, int] = {}
        if _expanded_size(root, sizes) > len(sizes) + MAX_ALIAS_NODES:
            raise ClaimFileError(path, f"its aliases (*name) would add more than {MAX_ALIAS_NODES:,} nodes; "
                                       "write the values out instead of aliasing them")
        lines = next(([item.start_mark.line + 1 for item in value.value] for key, value in
                      (root.value if isinstance(root, yaml.MappingNode) else [])
                      if key.value == "claims" and isinstance(value, yaml.SequenceNode)), [])
        return loader.construct_document(root), lines
    finally:
        loader.dispose()


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows; write a finite number or leave the field out")


def _finite(text_: str) -> float:
    value = float(text_)
    if not math.isfinite(value):
        raise ValueError(f"{cut(text_, 30)} is too large for a number")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError(f"key {next(k for k in keys if keys.count(k) > 1)!r} appears twice in one object")
    return dict(pairs)


def _places(entries: list[Any], gazetteer: Gazetteer, on: str | None) -> list[LocationRef]:
    """Resolve a claim's places; each name resolved so far is context for the next."""
    refs, names = [], []
    for entry in entries:
        if isinstance(entry, dict) and "as_written" in entry:
            refs.append(LocationRef(**entry))
            continue
        name, context = (entry.get("name"), entry.get("context")) if isinstance(entry, dict) else (entry, None)
        refs.append(LocationRef.resolved(name, gazetteer.resolve(name, context=context, near=names, on=on)))
        names.append(name)
    return refs


_GEOMETRY_KEYS = {"shape", "at", "from", "to", "direction", "distance_km", "uncertainty_km", "description", "geometry"}
#: The GeoJSON types each shape may hold.
_TYPES_OF_SHAPE = {"point": ("Point",), "line": ("LineString",), "arrow": ("LineString",),
                   "sector": ("Polygon",), "polygon": ("Polygon", "MultiPolygon")}


def _geometry(spec: dict[str, Any], places: list[LocationRef]) -> ClaimGeometry:
    """Geometry written relative to the claim's places: sector, arrow or point."""
    def at(key: str) -> LocationRef:
        name = text(spec.get(key), f"geometry.{key}", MAX_NAME)
        found = next((p for p in places if p.as_written == name and p.lat is not None), None)
        if found is None:
            raise ClaimError(f"geometry.{key}", name, "must name one of the claim's resolved places")
        return found

    if not isinstance(spec, dict):
        raise ClaimError("geometry", spec, "must be a mapping such as {shape: point, at: Berdin}")
    unknown = sorted(set(spec) - _GEOMETRY_KEYS, key=str)
    if unknown:
        raise ClaimError("geometry", unknown[0], f"is not a geometry field; fields are {sorted(_GEOMETRY_KEYS)}")
    shape = spec.get("shape", "point")
    description = text(spec.get("description", ""), "geometry.description")
    if shape == "sector":
        origin = at("from")
        direction = spec.get("direction")
        if not isinstance(direction, str):
            direction = number(direction, "geometry.direction", -360, 360)
        distance = spec.get("distance_km", (0, 20))
        if not isinstance(distance, list | tuple) or len(distance) != 2:
            raise ClaimError("geometry.distance_km", distance, "must be [NEAR, FAR] in km, e.g. [3, 25]")
        near, far = (number(d, "geometry.distance_km", 0, 1000) for d in distance)
        return ClaimGeometry.sector(origin.lat, origin.lon, direction, (near, far),
                                    description=description or f"{direction} of {spec['from']}")
    if shape == "arrow":
        origin, objective = at("from"), at("to")
        return ClaimGeometry.arrow((origin.lat, origin.lon), (objective.lat, objective.lon),
                                   description=description or f"from {spec['from']} towards {spec['to']}")
    uncertainty = number(spec.get("uncertainty_km", 5 if "at" in spec else 0), "geometry.uncertainty_km", 0, 1000)
    if shape == "point" and "at" in spec:
        place = at("at")
        return ClaimGeometry.point(place.lat, place.lon, uncertainty, description)
    geometry = spec.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if shape in _TYPES_OF_SHAPE and kind not in _TYPES_OF_SHAPE[shape]:
        raise ClaimError("geometry.geometry", kind, f"must be a GeoJSON {' or '.join(_TYPES_OF_SHAPE[shape])} "
                                                             f"for shape {shape}")
    result = ClaimGeometry.from_dict({**spec, "uncertainty_km": uncertainty})
    minx, miny, maxx, maxy = result.geometry.bounds
    lon_lat(minx, miny, "geometry.geometry")
    lon_lat(maxx, maxy, "geometry.geometry")
    return result


def _day(value: Any, field: str, year: bool = False) -> None:
    """Dates are text (YYYY-MM-DD ...) or dates, an event time may be a year (its range is checked later)."""
    if isinstance(value, bool) or not isinstance(value, str | date | (int if year else str)):
        raise ClaimError(field, value, "is not a date; write it like 2025-01-05")
    if isinstance(value, str):
        text(value, field, 100)


def _names(value: Any, field: str) -> list[str]:
    """A list of names; one name alone (``confirmed_by: ISW``) is a list of one, never split into letters."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list):
        raise ClaimError(field, value, "must be a list of names, e.g. [ISW]")
    return [text(name, field, MAX_NAME, required=True) for name in names]


def _checked(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its raw values checked for type, size and finiteness before the model reads it."""
    record = dict(record)
    claimant = record.get("claimant")
    if isinstance(claimant, dict):
        text(claimant.get("name"), "claimant.name", MAX_NAME, required=True)
        text(claimant.get("side", "unknown"), "claimant.side", 20)
    elif claimant is not None:
        text(claimant, "claimant", MAX_NAME, required=True)
    for field in ("kind", "actor"):
        if field in record:
            text(record[field], field, 20)
    for field in ("summary", "quote", "id"):
        if record.get(field) is not None:
            text(record[field], field)
    event_time = record.get("event_time")
    if isinstance(event_time, dict):
        for key in ("start", "end"):
            if key in event_time:
                _day(event_time[key], f"event_time.{key}")
        text(event_time.get("precision", "day"), "event_time.precision", 20)
    elif event_time is not None:
        _day(event_time, "event_time", year=True)
    if record.get("reported") is not None:
        _day(record["reported"], "reported")
    publisher = record.get("publisher")
    if isinstance(publisher, dict):
        text(publisher.get("name"), "publisher.name", MAX_NAME, required=True)
        text(publisher.get("url") or "", "publisher.url", 2_000)
        if publisher.get("published") is not None:
            _day(publisher["published"], "publisher.published")
    elif publisher is not None:
        text(publisher, "publisher", MAX_NAME)
    places = record.get("places") or []
    if not isinstance(places, list):
        raise ClaimError("places", places, "must be a list of place names")
    for place in places:
        if isinstance(place, dict):
            text(place.get("as_written", place.get("name")), "places.name", MAX_NAME, required=True)
            if place.get("context") is not None:
                text(place["context"], "places.context", MAX_NAME)
            if place.get("lat") is not None or place.get("lon") is not None:
                lon_lat(number(place.get("lon"), "places.lon"), number(place.get("lat"), "places.lat"), "places")
        else:
            text(place, "places", MAX_NAME, required=True)
    magnitudes = record.get("magnitudes") or []
    if not isinstance(magnitudes, list) or not all(isinstance(m, dict) for m in magnitudes):
        raise ClaimError("magnitudes", magnitudes, "must be a list like [{value: 42, unit: clashes}]")
    for magnitude in magnitudes:
        number(magnitude.get("value"), "magnitudes.value", 0, MAX_MAGNITUDE)
        text(magnitude.get("item", ""), "magnitudes.item", MAX_NAME)
    verification = record.get("verification")
    if isinstance(verification, dict):
        verification = dict(verification)
        for key in ("confirmed_by", "disputed_by"):
            if key in verification:
                verification[key] = _names(verification[key], f"verification.{key}")
        text(verification.get("note", ""), "verification.note")
        record["verification"] = verification
    elif verification is not None:
        text(verification, "verification", 20)
    links = record.get("links") or []
    if not isinstance(links, list) or not all(isinstance(link, dict) for link in links):
        raise ClaimError("links", links, "must be a list like [{kind: supersedes, target: fm-...}]")
    return record


def _report_day(value: Any) -> str | None:
    """The report's date as YYYY-MM-DD (what the gazetteer reads names on), checked."""
    if value in (None, ""):
        return None
    try:
        day = value if isinstance(value, date) else datetime.fromisoformat(value)
    except ValueError:
        raise ClaimError("reported", value, "is not a date or ISO 8601 time") from None
    plausible_day(day, "reported")
    return (day.date() if isinstance(day, datetime) else day).isoformat()


def _dates_in_range(claim: Claim) -> Claim:
    plausible_day(claim.event_time.start, "event_time")
    plausible_day(claim.event_time.end, "event_time")
    plausible_day(claim.reported, "reported")
    if claim.publisher and claim.publisher.published:
        plausible_day(claim.publisher.published, "publisher.published")
    return claim


#: Columns of the CSV claim format; lists (places, magnitudes) are separated by ";".
CSV_COLUMNS = [
    "claimant", "side", "kind", "actor", "event_time", "reported", "places", "context", "summary", "quote",
    "magnitudes", "verification", "verification_note", "publisher", "url", "published",
    "shape", "at", "from", "to", "direction", "distance_km", "uncertainty_km", "description",
]


def _csv_number(text_: str, field: str) -> float:
    try:
        return float(text_.replace(",", ""))
    except ValueError:
        raise ClaimError(field, text_, "is not a number") from None


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    """One CSV row as the record a YAML claim would be.

    ``magnitudes`` reads ``42 clashes; 2 vehicles tank``; ``distance_km`` reads ``3-25``.
    """
    value = {k: (v or "").strip() for k, v in row.items()}
    record: dict[str, Any] = {
        "claimant": {"name": value.get("claimant", ""), "side": value.get("side") or "unknown"},
        "kind": value.get("kind"), "actor": value.get("actor") or "unknown", "event_time": value.get("event_time"),
        "reported": value.get("reported"), "summary": value.get("summary", ""), "quote": value.get("quote", ""),
        "places": [{"name": name.strip(), "context": value.get("context") or None}
                   for name in value.get("places", "").split(";") if name.strip()],
        "verification": {"status": value.get("verification") or "unverified",
                         "note": value.get("verification_note", "")},
    }
    magnitudes = []
    for text_ in filter(None, (m.strip() for m in value.get("magnitudes", "").split(";"))):
        number_, _, rest = text_.partition(" ")
        unit, _, item = rest.strip().partition(" ")
        if not unit:
            raise ClaimError("magnitudes", text_, "must read 'VALUE UNIT [ITEM]', e.g. '42 clashes'")
        try:
            magnitudes.append({"value": float(number_.replace(",", "")), "unit": unit, "item": item})
        except ValueError:
            raise ClaimError("magnitudes", text_, "must read 'VALUE UNIT [ITEM]', e.g. '42 clashes'") from None
    record["magnitudes"] = magnitudes
    if value.get("publisher"):
        record["publisher"] = {"name": value["publisher"], "url": value.get("url", ""),
                               "published": value.get("published") or None}
    if value.get("shape"):
        geometry = {k: value[k] for k in ("shape", "at", "from", "to", "direction", "description") if value.get(k)}
        if value.get("distance_km"):
            near, _, far = value["distance_km"].partition("-")
            geometry["distance_km"] = [_csv_number(near, "distance_km"), _csv_number(far or near, "distance_km")]
        if value.get("uncertainty_km"):
            geometry["uncertainty_km"] = _csv_number(value["uncertainty_km"], "uncertainty_km")
        record["geometry"] = geometry
    return record


def _csv(path: Path, text_: str) -> tuple[list[dict[str, str]], list[int]]:
    """Rows of a CSV claim file as dicts, and the line each starts on; the header is checked first."""
    reader = csv.reader(io.StringIO(text_, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise ClaimFileError(path, f"has no header row; the first line names the columns, e.g. "
                                       f"{','.join(CSV_COLUMNS[:6])}", line=1)
        header = [h.strip() for h in header]
        unknown = [h for h in header if h not in CSV_COLUMNS]
        if unknown:
            raise ClaimFileError(path, f"column {short(unknown[0])} is not a column of the CSV claim format; "
                                       f"columns are {CSV_COLUMNS}", line=1)
        twice = [h for h in header if header.count(h) > 1]
        if twice:
            raise ClaimFileError(path, f"column {twice[0]!r} appears twice in the header; keep one", line=1)
        rows, lines = [], []
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                return rows, lines
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ClaimFileError(path, f"has {len(row)} cells, the header {len(header)}; quote cells that hold "
                                           "commas", line=start)
            rows.append(dict(zip(header, row)))
            lines.append(start)
    except csv.Error as error:
        raise ClaimFileError(path, f"is not valid CSV ({error})", line=reader.line_num) from None


def _load(path: Path) -> tuple[dict[str, Any], list[Any], list[int]]:
    """A claim file's defaults, its claim records and the line each starts on."""
    suffix = path.suffix.lower()
    try:
        text_ = decode(path, read_bytes(path, MAX_BYTES, "claim file"))
    except InputFileError as error:
        raise ClaimFileError(path, error.problem, line=error.line) from None
    if not text_.strip():
        raise ClaimFileError(path, "is empty; a claim file holds a list of claims (see examples/)")
    if suffix == ".csv":
        records, lines = _csv(path, text_)
        if not records:
            raise ClaimFileError(path, "has a header but no claims")
        return {}, records, lines
    what = "JSON" if suffix == ".json" else "YAML"
    try:
        if suffix == ".json":
            data, lines = json.loads(text_, parse_constant=_no_constants, parse_float=_finite,
                                     object_pairs_hook=_unique_keys), []
        else:
            data, lines = _yaml(path, text_)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ClaimFileError(path, f"not valid YAML: {error.problem or error}",
                             line=mark.line + 1 if mark else None) from None
    except json.JSONDecodeError as error:
        raise ClaimFileError(path, f"not valid JSON: {error.msg}", line=error.lineno) from None
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        raise ClaimFileError(path, f"not valid {what}: {cut(str(error))}") from None
    except RecursionError:
        raise ClaimFileError(path, f"nests deeper than {MAX_DEPTH} levels; a claim file needs 5") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise ClaimFileError(path, "expected a mapping with a 'claims' list (and an optional 'source' block)")
    source = data.get("source") or {}
    if not isinstance(source, dict):
        raise ClaimFileError(path, "'source' must be a mapping such as {publisher: {name: dpa}, reported: 2025-01-05}")
    return source, data["claims"], lines


def claim_from_record(record: dict[str, Any], gazetteer: Gazetteer) -> Claim:
    """One claim-file record (places as names, geometry relative to them) → a validated Claim.

    Raises :class:`ClaimError` naming the field; values in its message are shortened.
    """
    if not isinstance(record, dict):
        raise ClaimError("claim", record, "must be a mapping of fields")
    record = _checked(record)
    record.pop("extracted_from", None)  # offsets of the sentences a drafted claim came from
    on = _report_day(record.get("reported"))
    places = _places(record.pop("places", None) or [], gazetteer, on)
    geometry = record.pop("geometry", None)
    record["places"] = places
    record["geometry"] = _geometry(geometry, places) if geometry else None
    return _dates_in_range(Claim.from_dict(record))


def read_claims(path: str | Path, gazetteer: Gazetteer | None = None) -> list[Claim]:
    """Read every claim of a YAML, JSON or CSV claim file; all or nothing."""
    path = Path(path)
    defaults, records, lines = _load(path)
    gazetteer = gazetteer or Gazetteer.default()
    claims = []
    for number_, record in enumerate(records, start=1):
        line = lines[number_ - 1] if number_ <= len(lines) else None
        field = None
        try:
            if path.suffix.lower() == ".csv":
                record = _csv_record(record)
            elif not isinstance(record, dict):
                raise ClaimError("claim", record, "must be a mapping of fields")
            record = {**{k: v for k, v in defaults.items() if k in ("publisher", "reported")}, **record}
            claims.append(claim_from_record(record, gazetteer))
        except ClaimError as error:
            field = error.field
            problem = f"claim field {error.field!r}: {short(error.value, 80)} {error.problem}"
        except (TypeError, KeyError, ValueError, AttributeError, OverflowError) as error:
            problem = f"{type(error).__name__}: {cut(str(error))}"
        else:
            continue
        raise ClaimFileError(path, problem, claim=number_, line=line, field=field)
    return claims
