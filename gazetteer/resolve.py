"""Choosing among namesakes: evidence from context, size and the theatre of war.

Each candidate collects evidence points, added to ``4 * log(match quality)``; a
softmax over candidates gives each its probability. The points:

============  =====================================================================
region        +4 when the context names the candidate's oblast ("in the Kursk region")
proximity     up to +6, falling with distance (15 km scale) to places named nearby
size          +0.5 per order of magnitude of population (or what its kind implies)
theatre       +1.5 in Ukraine or Russia's border oblasts, where the war is reported
renamed       -1.5 when only a name dropped before the report's date matched
============  =====================================================================

A resolution is ``ambiguous`` when the front runner's probability is below 0.5 or
it is less than three times as likely as the runner-up: the evidence does not
separate the namesakes and the caller must not guess.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd

from .context import RegionFinder, name_spans
from .names import fold
from .place import Candidate, Place, Resolution

if TYPE_CHECKING:
    from .index import Gazetteer, NameMatch

__all__ = ["resolve", "resolve_many", "THEATRE", "AMBIGUOUS_BELOW", "AMBIGUOUS_RATIO"]

THEATRE = frozenset({"RU-KRS", "RU-BEL", "RU-BRY"})
AMBIGUOUS_BELOW, AMBIGUOUS_RATIO = 0.5, 3.0
REGION_POINTS, PROXIMITY_POINTS, PROXIMITY_KM = 4.0, 6.0, 15.0
SIZE_POINTS, THEATRE_POINTS, RENAMED_POINTS, QUALITY_WEIGHT = 0.5, 1.5, -1.5, 4.0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _as_date(on: date | str | None) -> str:
    if on is None:
        return date.today().isoformat()
    if isinstance(on, date):
        return on.isoformat()
    from dateutil.parser import parse

    return parse(on).date().isoformat()


def _prior(gaz: Gazetteer, row: int) -> float:
    theatre = gaz.country[row] == "UA" or gaz.admin1[row] in THEATRE
    return SIZE_POINTS * gaz.size[row] + (THEATRE_POINTS if theatre else 0.0)


def _anchor_points(gaz: Gazetteer, name: str, context: str | None, near: Iterable[Any] | None) -> list[tuple[float, float]]:
    """Coordinates of the places the caller or the context puts near the name."""
    points: list[tuple[float, float]] = []
    names: list[str] = []
    for item in near or ():
        if isinstance(item, Place):
            points.append((item.lat, item.lon))
        elif isinstance(item, Resolution):
            if item.place is not None:
                points.append((item.place.lat, item.place.lon))
        elif isinstance(item, str):
            names.append(item)
        else:
            lat, lon = item
            points.append((float(lat), float(lon)))
    if context:
        own = fold(name)
        names.extend(span for span in name_spans(context) if fold(span) != own)
    for other in names:
        matches = gaz.lookup(other, fuzzy=False) if fold(other) else []
        if matches:
            best = max(matches, key=lambda m: _prior(gaz, m.row))
            points.append((gaz.lat[best.row], gaz.lon[best.row]))
    return points


def _evidence(gaz: Gazetteer, match: NameMatch, regions: tuple[str, ...],
              anchors: list[tuple[float, float]], on: str) -> dict[str, float]:
    row = match.row
    evidence = {"size": SIZE_POINTS * float(gaz.size[row])}
    if gaz.country[row] == "UA" or gaz.admin1[row] in THEATRE:
        evidence["theatre"] = THEATRE_POINTS
    if regions and gaz.admin1[row] in regions:
        evidence["region"] = REGION_POINTS
    if anchors:
        distance = min(_km(lat, lon, gaz.lat[row], gaz.lon[row]) for lat, lon in anchors)
        evidence["proximity"] = PROXIMITY_POINTS * math.exp(-distance / PROXIMITY_KM)
    if match.valid_until and on >= match.valid_until:
        evidence["renamed"] = RENAMED_POINTS
    return evidence


def resolve(gaz: Gazetteer, name: str, context: str | None = None, near: Iterable[Any] | None = None,
            on: date | str | None = None, fallback: Any = None) -> Resolution:
    """See :meth:`gazetteer.index.Gazetteer.resolve`."""
    matches = gaz.lookup(name)
    regions = RegionFinder.default().find(context) if context else ()
    if not matches:
        if fallback is not None:
            return fallback.resolve(name, context=context)
        return Resolution(name, (), False, regions)
    anchors = _anchor_points(gaz, name, context, near) if (context or near) else []
    on_date = _as_date(on)
    scored = []
    for match in matches:
        evidence = _evidence(gaz, match, regions, anchors, on_date)
        scored.append((sum(evidence.values()) + QUALITY_WEIGHT * math.log(match.quality), match, evidence))
    top = max(logit for logit, _, _ in scored)
    weights = [math.exp(logit - top) for logit, _, _ in scored]
    total = sum(weights)
    candidates = sorted(
        (Candidate(gaz.place(m.row), m.rule, m.quality, ev, w / total) for (_, m, ev), w in zip(scored, weights, strict=True)),
        key=lambda c: (-c.probability, c.place.id),
    )
    ambiguous = len(candidates) > 1 and (
        candidates[0].probability < AMBIGUOUS_BELOW
        or candidates[0].probability < AMBIGUOUS_RATIO * candidates[1].probability
    )
    return Resolution(name, tuple(candidates), ambiguous, regions)


RESULT_COLUMNS = [
    "query", "context", "resolved", "ambiguous", "score", "rule", "place_id", "name", "name_local",
    "admin1", "admin2", "kind", "population", "precision", "uncertainty_km", "candidates", "alternatives",
]


def _row(resolution: Resolution, context: str | None) -> dict[str, Any]:
    place = resolution.place
    others = "; ".join(f"{c.place.label()} p={c.probability:.2f}" for c in resolution.candidates[1:4])
    return {
        "query": resolution.query, "context": context or "", "resolved": resolution.resolved,
        "ambiguous": resolution.ambiguous, "score": round(resolution.score, 3), "rule": resolution.rule or "",
        "place_id": place.id if place else "", "name": place.name if place else "",
        "name_local": place.name_local if place else "", "admin1": place.admin1 if place else "",
        "admin2": place.admin2 if place else "", "kind": place.kind if place else "",
        "population": place.population if place else None, "precision": place.precision if place else "",
        "uncertainty_km": place.uncertainty_km if place else None,
        "candidates": len(resolution.candidates), "alternatives": others,
        "lon": place.lon if place else math.nan, "lat": place.lat if place else math.nan,
    }


def resolve_many(gaz: Gazetteer, names: Sequence[str] | pd.Series | pd.DataFrame, *, name_column: str = "name",
                 context_column: str = "context", on: date | str | None = None,
                 progress: bool = False) -> gpd.GeoDataFrame:
    """Resolve a table of names; each distinct (name, context) pair is resolved once.

    Returns a GeoDataFrame (EPSG:4326) with one row per input row, in input order.
    """
    if isinstance(names, pd.DataFrame):
        if name_column not in names.columns:
            raise KeyError(f"the table has no {name_column!r} column; its columns are {list(names.columns)}")
        queries = names[name_column].astype("string").fillna("")
        contexts = names[context_column].astype("string").fillna("") if context_column in names.columns else None
    else:
        queries = pd.Series(list(names), dtype="string").fillna("")
        contexts = None
    frame = pd.DataFrame({"query": queries.to_numpy(), "context": contexts.to_numpy() if contexts is not None else ""})
    pairs = frame.drop_duplicates().reset_index(drop=True)
    iterator: Iterable = pairs.itertuples(index=False)
    if progress:
        from rich.progress import track

        iterator = track(iterator, total=len(pairs), description="Resolving names", transient=True)
    on_date = _as_date(on)
    rows = []
    for query, context in iterator:
        resolution = gaz.resolve(query, context=context or None, on=on_date) if query.strip() else Resolution(query, (), False)
        rows.append(_row(resolution, context))
    resolved = pd.DataFrame(rows, columns=RESULT_COLUMNS + ["lon", "lat"])
    resolved["context"] = pairs["context"].to_numpy()
    out = frame.merge(resolved.drop(columns="query").assign(query=pairs["query"].to_numpy()), on=["query", "context"], how="left")
    geometry = gpd.points_from_xy(out.pop("lon"), out.pop("lat"), crs="EPSG:4326")
    return gpd.GeoDataFrame(out[RESULT_COLUMNS], geometry=geometry, crs="EPSG:4326")
