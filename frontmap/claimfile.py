"""Hand-written claim files (YAML, JSON or CSV): read, resolve places, validate.

A file has an optional ``source`` block of defaults (publisher, reported) and a list
of ``claims``; see ``examples/kursk-2025-01-05.yaml``. Places are written as names,
optionally with the context that decides among namesakes, and resolved with the
gazetteer; the resolution (score, ambiguity, rule) is kept on the claim.

Errors name the file, the claim's number and line, and the field.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import yaml

from gazetteer import Gazetteer

from .model import Claim, ClaimError, ClaimGeometry, LocationRef

__all__ = ["ClaimFileError", "claim_from_record", "read_claims"]


class ClaimFileError(ValueError):
    """A claim file cannot be read; the message says where and what to fix."""


def _claim_lines(text: str) -> list[int]:
    """1-based line of each item of the ``claims`` list, from the YAML node tree."""
    root = yaml.compose(text)
    if root is None or not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "claims" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _places(entries: list[Any], gazetteer: Gazetteer, on: str | None) -> list[LocationRef]:
    """Resolve a claim's places; each name resolved so far is context for the next."""
    refs, names = [], []
    for entry in entries:
        if isinstance(entry, dict) and "as_written" in entry:
            refs.append(LocationRef(**entry))
            continue
        name, context = (entry.get("name"), entry.get("context")) if isinstance(entry, dict) else (str(entry), None)
        refs.append(LocationRef.resolved(name, gazetteer.resolve(name, context=context, near=names, on=on)))
        names.append(name)
    return refs


_GEOMETRY_KEYS = {"shape", "at", "from", "to", "direction", "distance_km", "uncertainty_km", "description", "geometry"}


def _geometry(spec: dict[str, Any], places: list[LocationRef]) -> ClaimGeometry:
    """Geometry written relative to the claim's places: sector, arrow or point."""
    def at(name: str) -> LocationRef:
        found = next((p for p in places if p.as_written == name and p.lat is not None), None)
        if found is None:
            raise ClaimError("geometry", name, "must name one of the claim's resolved places")
        return found

    if not isinstance(spec, dict):
        raise ClaimError("geometry", spec, "must be a mapping such as {shape: point, at: Berdin}")
    unknown = sorted(set(spec) - _GEOMETRY_KEYS)
    if unknown:
        raise ClaimError("geometry", unknown[0], f"is not a geometry field; fields are {sorted(_GEOMETRY_KEYS)}")
    shape = spec.get("shape")
    if shape == "sector":
        origin = at(spec["from"])
        return ClaimGeometry.sector(origin.lat, origin.lon, spec["direction"], tuple(spec.get("distance_km", (0, 20))),
                                    description=spec.get("description", f"{spec['direction']} of {spec['from']}"))
    if shape == "arrow":
        origin, objective = at(spec["from"]), at(spec["to"])
        return ClaimGeometry.arrow((origin.lat, origin.lon), (objective.lat, objective.lon),
                                   description=spec.get("description", f"from {spec['from']} towards {spec['to']}"))
    if shape == "point" and "at" in spec:
        place = at(spec["at"])
        return ClaimGeometry.point(place.lat, place.lon, float(spec.get("uncertainty_km", 5)), spec.get("description", ""))
    return ClaimGeometry.from_dict(spec)


#: Columns of the CSV claim format; lists (places, magnitudes) are separated by ";".
CSV_COLUMNS = [
    "claimant", "side", "kind", "actor", "event_time", "reported", "places", "context", "summary", "quote",
    "magnitudes", "verification", "verification_note", "publisher", "url", "published",
    "shape", "at", "from", "to", "direction", "distance_km", "uncertainty_km", "description",
]


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    """One CSV row as the record a YAML claim would be.

    ``magnitudes`` reads ``42 clashes; 2 vehicles tank``; ``distance_km`` reads ``3-25``.
    """
    unknown = sorted(set(row) - set(CSV_COLUMNS))
    if unknown:
        raise ClaimError(unknown[0], row[unknown[0]], f"is not a column of the CSV claim format; columns are {CSV_COLUMNS}")
    value = {k: (v or "").strip() for k, v in row.items()}
    record: dict[str, Any] = {
        "claimant": {"name": value.get("claimant", ""), "side": value.get("side") or "unknown"},
        "kind": value.get("kind"), "actor": value.get("actor") or "unknown", "event_time": value.get("event_time"),
        "reported": value.get("reported"), "summary": value.get("summary", ""), "quote": value.get("quote", ""),
        "places": [{"name": name.strip(), "context": value.get("context") or None}
                   for name in value.get("places", "").split(";") if name.strip()],
        "verification": {"status": value.get("verification") or "unverified", "note": value.get("verification_note", "")},
    }
    magnitudes = []
    for text in filter(None, (m.strip() for m in value.get("magnitudes", "").split(";"))):
        number, unit, *item = text.split(" ")
        try:
            magnitudes.append({"value": float(number.replace(",", "")), "unit": unit, "item": " ".join(item)})
        except ValueError:
            raise ClaimError("magnitudes", text, "must read 'VALUE UNIT [ITEM]', e.g. '42 clashes'") from None
    record["magnitudes"] = magnitudes
    if value.get("publisher"):
        record["publisher"] = {"name": value["publisher"], "url": value.get("url", ""),
                               "published": value.get("published") or None}
    if value.get("shape"):
        geometry = {k: value[k] for k in ("shape", "at", "from", "to", "direction", "description") if value.get(k)}
        if value.get("distance_km"):
            near, _, far = value["distance_km"].partition("-")
            geometry["distance_km"] = [float(near), float(far or near)]
        if value.get("uncertainty_km"):
            geometry["uncertainty_km"] = float(value["uncertainty_km"])
        record["geometry"] = geometry
    return record


def _load(path: Path) -> tuple[dict[str, Any], list[Any], list[int]]:
    """A claim file's defaults, its claim records and the line each starts on."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                records, lines = [], []
                for row in reader:
                    lines.append(reader.line_num)
                    records.append(row)
            return {}, records, lines
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ClaimFileError(f"{path}: cannot read it ({exc})") from None
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ClaimFileError(f"{path}: not valid {'JSON' if suffix == '.json' else 'YAML'}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise ClaimFileError(f"{path}: expected a mapping with a 'claims' list (and an optional 'source' block)")
    return data.get("source") or {}, data["claims"], _claim_lines(text) if suffix != ".json" else []


def claim_from_record(record: dict[str, Any], gazetteer: Gazetteer) -> Claim:
    """One claim-file record (places as names, geometry relative to them) → a validated Claim."""
    record = dict(record)
    record.pop("extracted_from", None)  # offsets of the sentences a drafted claim came from
    on = str(record.get("reported") or "") or None
    places = _places(record.pop("places", None) or [], gazetteer, on)
    geometry = record.pop("geometry", None)
    record["places"] = places
    record["geometry"] = _geometry(geometry, places) if geometry else None
    return Claim.from_dict(record)


def read_claims(path: str | Path, gazetteer: Gazetteer | None = None) -> list[Claim]:
    """Read every claim of a YAML, JSON or CSV claim file; all or nothing."""
    path = Path(path)
    defaults, records, lines = _load(path)
    gazetteer = gazetteer or Gazetteer.default()
    claims = []
    for number, record in enumerate(records, start=1):
        where = f"{path}, claim {number}" + (f" (line {lines[number - 1]})" if number <= len(lines) else "")
        try:
            if not isinstance(record, dict):
                raise ClaimError("claim", record, "must be a mapping of fields")
            if path.suffix.lower() == ".csv":
                record = _csv_record(record)
            record = {**{k: v for k, v in defaults.items() if k in ("publisher", "reported")}, **record}
            claim = claim_from_record(record, gazetteer)
        except ClaimError as exc:
            raise ClaimFileError(f"{where}: {exc}") from None
        except (TypeError, KeyError) as exc:
            raise ClaimFileError(f"{where}: {exc}") from None
        claims.append(claim)
    return claims
