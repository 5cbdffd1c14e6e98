"""Hand-written claim files (YAML or JSON): read, resolve places, validate.

A file has an optional ``source`` block of defaults (publisher, reported) and a list
of ``claims``; see ``examples/kursk-2025-01-05.yaml``. Places are written as names,
optionally with the context that decides among namesakes, and resolved with the
gazetteer; the resolution (score, ambiguity, rule) is kept on the claim.

Errors name the file, the claim's number and line, and the field.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from gazetteer import Gazetteer

from .model import Claim, ClaimError, ClaimGeometry, LocationRef

__all__ = ["read_claims", "ClaimFileError"]


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


def _places(entries: list[Any], gazetteer: Gazetteer, on: str | None) -> tuple[list[LocationRef], list[str]]:
    refs, names = [], []
    for entry in entries:
        if isinstance(entry, dict) and "as_written" in entry:
            refs.append(LocationRef(**entry))
            continue
        name, context = (entry.get("name"), entry.get("context")) if isinstance(entry, dict) else (str(entry), None)
        refs.append(LocationRef.resolved(name, gazetteer.resolve(name, context=context, near=names, on=on)))
        names.append(name)
    return refs, names


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


def read_claims(path: str | Path, gazetteer: Gazetteer | None = None) -> list[Claim]:
    """Read every claim of a YAML/JSON claim file; all or nothing."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimFileError(f"{path}: cannot read it ({exc})") from None
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ClaimFileError(f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise ClaimFileError(f"{path}: expected a mapping with a 'claims' list (and an optional 'source' block)")
    lines = _claim_lines(text) if path.suffix.lower() != ".json" else []
    defaults = data.get("source") or {}
    gazetteer = gazetteer or Gazetteer.default()
    claims = []
    for number, record in enumerate(data["claims"], start=1):
        where = f"{path}, claim {number}" + (f" (line {lines[number - 1]})" if number <= len(lines) else "")
        try:
            if not isinstance(record, dict):
                raise ClaimError("claim", record, "must be a mapping of fields")
            record = {**{k: v for k, v in defaults.items() if k in ("publisher", "reported")}, **record}
            on = str(record.get("reported") or "") or None
            places, _ = _places(record.pop("places", None) or [], gazetteer, on)
            geometry = record.pop("geometry", None)
            record["places"] = [asdict(place) for place in places]
            record["geometry"] = _geometry(geometry, places).to_dict() if geometry else None
            claim = Claim.from_dict(record)
        except ClaimError as exc:
            raise ClaimFileError(f"{where}: {exc}") from None
        except (TypeError, KeyError) as exc:
            raise ClaimFileError(f"{where}: {exc}") from None
        claims.append(claim)
    return claims
