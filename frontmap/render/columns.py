"""Claims as columns for the page: one array per field instead of one object per claim.

A map of 100,000 claims must stay small and quick to read, so the JSON block holds each field
once for all claims (see ``docs/map-scale.md``):

- claims are sorted by event start; ``start`` holds the first day number (days since
  1970-01-01) and then the difference to the previous claim's start;
- ``end`` and ``reported`` are days after ``start``;
- fields with few distinct values (claimant, side, kind, publisher, ...) are indexes into
  ``tables[field]``, whose sorted values start with ``""`` when a claim has none;
- a column whose values are mostly the default (``""``, 0, false, null) is stored sparse as
  ``{"i": [index gaps], "v": [values]}``, and left out when every value is the default;
- points are integer ``lon``/``lat`` in 1e-5 degrees; other shapes are GeoJSON in the sparse
  ``geometry`` column.

:func:`decode_claims` reads the columns back (the page's script does the same in JavaScript).

>>> props = [{"claimant": "A", "text": "x", "start": "2025-01-02", "end": "2025-01-02",
...           "reported": "2025-01-03", "quoted": False, "shape": "point"}]
>>> block = encode_claims([{"geometry": {"type": "Point", "coordinates": [35.1, 48.2]},
...                         "properties": p} for p in props])
>>> block["columns"]["start"], block["columns"]["reported"], block["columns"]["lon"]
([20090], [1], [3510000])
>>> decode_claims(block)[0]["reported"], decode_claims(block)[0]["claimant"]
('2025-01-03', 'A')
"""
from __future__ import annotations

from datetime import date, timedelta

EPOCH = date(1970, 1, 1)
COORDINATE_SCALE = 100_000  # 1e-5 degrees, the claims' own precision
TABLES = ("claimant", "side", "kind", "actor", "publisher", "url", "verification", "precision", "shape", "place")
TEXTS = ("text", "note", "id")
FLAGS = ("quoted", "ambiguous")
DEFAULTS = {**{name: "" for name in TEXTS}, **{name: False for name in FLAGS}, "uncertainty_km": 0, "score": None}


def day_number(iso: str) -> int:
    """Days since 1970-01-01.

    >>> day_number("2025-01-01")
    20089
    """
    return (date.fromisoformat(iso) - EPOCH).days


def _iso(number: int) -> str:
    return (EPOCH + timedelta(days=number)).isoformat()


def _column(values: list, default) -> list | dict | None:
    """``values`` dense, sparse (``{"i": gaps, "v": values}``) when fewer than half differ from
    ``default``, or None when none does."""
    kept = [(index, value) for index, value in enumerate(values) if value != default]
    if not kept:
        return None
    if 2 * len(kept) >= len(values):
        return list(values)
    indexes = [index for index, _ in kept]
    return {"i": [b - a for a, b in zip([0] + indexes[:-1], indexes)], "v": [value for _, value in kept]}


def _dense(column: list | dict | None, n: int, default) -> list:
    if column is None:
        return [default] * n
    if isinstance(column, list):
        return column
    values, index = [default] * n, 0
    for gap, value in zip(column["i"], column["v"]):
        index += gap
        values[index] = value
    return values


def encode_claims(features: list[dict]) -> dict:
    """The claim features (:func:`~frontmap.render.layers.claim_features`) as columns."""
    order = sorted(range(len(features)), key=lambda i: (features[i]["properties"]["start"], i))
    props = [features[i]["properties"] for i in order]
    geometries = [features[i]["geometry"] for i in order]
    starts = [day_number(p["start"]) for p in props]
    columns: dict = {"start": [b - a for a, b in zip([0] + starts[:-1], starts)],
                     "end": _column([day_number(p["end"]) - s for p, s in zip(props, starts)], 0),
                     "reported": _column([day_number(p["reported"]) - s for p, s in zip(props, starts)], 0)}
    points = [g["type"] == "Point" for g in geometries]
    columns["lon"] = [round(g["coordinates"][0] * COORDINATE_SCALE) if point else 0
                      for g, point in zip(geometries, points)]
    columns["lat"] = [round(g["coordinates"][1] * COORDINATE_SCALE) if point else 0
                      for g, point in zip(geometries, points)]
    columns["geometry"] = _column([None if point else g for g, point in zip(geometries, points)], None)
    tables = {}
    for name in TABLES:
        values = [p.get(name) or (p.get("event") or {}).get(name) or "" for p in props]
        table = sorted(set(values))
        if table and table != [""]:
            where = {value: index for index, value in enumerate(table)}
            tables[name] = table
            columns[name] = _column([where[v] for v in values], 0) if table[0] == "" else [where[v] for v in values]
    for name, default in DEFAULTS.items():
        columns[name] = _column([p.get(name, default) for p in props], default)
    return {"n": len(props), "tables": tables, "columns": {k: v for k, v in columns.items() if v is not None}}


def decode_claims(block: dict) -> list[dict]:
    """The claims of an encoded block as property dicts (dates ISO, tables resolved), with
    ``geometry`` as GeoJSON."""
    n, columns, tables = block["n"], block["columns"], block["tables"]
    starts, day = [], 0
    for gap in columns.get("start", []):
        day += gap
        starts.append(day)
    ends = _dense(columns.get("end"), n, 0)
    reported = _dense(columns.get("reported"), n, 0)
    geometries = _dense(columns.get("geometry"), n, None)
    lon, lat = _dense(columns.get("lon"), n, 0), _dense(columns.get("lat"), n, 0)
    coded = {name: _dense(columns.get(name), n, 0) for name in TABLES if name in tables}
    plain = {name: _dense(columns.get(name), n, default) for name, default in DEFAULTS.items()}
    claims = []
    for index in range(n):
        claim = {name: tables[name][coded[name][index]] if name in tables else "" for name in TABLES}
        claim.update({name: values[index] for name, values in plain.items()})
        claim.update(start=_iso(starts[index]), end=_iso(starts[index] + ends[index]),
                     reported=_iso(starts[index] + reported[index]),
                     geometry=geometries[index] or {"type": "Point", "coordinates": [lon[index] / COORDINATE_SCALE,
                                                                                      lat[index] / COORDINATE_SCALE]})
        claims.append(claim)
    return claims
