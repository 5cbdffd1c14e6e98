"""Resolving a whole column of names at once, vectorised.

Names without context are scored together: every (name, candidate) pair becomes a
row of flat arrays, and the per-name softmax runs as grouped numpy reductions. The
evidence and thresholds are those of :mod:`gazetteer.resolve`, so a name gets the
same place, score and ambiguity flag alone or in a table (the tests hold both to it).
Names the exact and variant tiers do not know go through :func:`resolve` one by one
(fuzzy matching is per name anyway).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from .licence import ATTRIBUTION
from .names import fold, skeleton
from .resolve import AMBIGUOUS_BELOW, AMBIGUOUS_RATIO, QUALITY_WEIGHT, RENAMED_POINTS, _as_date

if TYPE_CHECKING:
    from .index import Gazetteer

__all__ = ["score_names", "resolve_many", "RESULT_COLUMNS"]


def _spans(gaz: Gazetteer, names: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per name: the tier that found it (0 none, 1 exact, 2 variant) and its slice of that tier's order."""
    tier = np.zeros(len(names), dtype=np.int8)
    start = np.zeros(len(names), dtype=np.int64)
    stop = np.zeros(len(names), dtype=np.int64)
    for i, name in enumerate(names):
        span = gaz.by_fold.span(fold(name))
        if span is not None:
            tier[i], (start[i], stop[i]) = 1, span
            continue
        span = gaz.by_skeleton.span(skeleton(name))
        if span is not None:
            tier[i], (start[i], stop[i]) = 2, span
    return tier, start, stop


def _expand(start: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For slices [start, stop): the owner of each element and its position, flattened."""
    lengths = stop - start
    owner = np.repeat(np.arange(len(start)), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, np.repeat(start, lengths) + offsets


def score_names(gaz: Gazetteer, names: list[str], on: str) -> pd.DataFrame:
    """The best candidate of each name the exact or variant tier knows.

    Returns a frame indexed by position in ``names`` (names it lacks are absent) with ``row`` (place row),
    ``rule``, ``quality``, ``probability``, ``second`` (runner-up probability),
    ``candidates`` and ``ambiguous``.
    """
    tier, start, stop = _spans(gaz, names)
    found = np.flatnonzero(tier > 0)
    if not len(found):
        columns = ["row", "rule", "quality", "probability", "second", "candidates", "ambiguous"]
        return pd.DataFrame(columns=columns, index=pd.Index([], dtype=int))
    exact = tier[found] == 1
    # Both tiers index the same name table through different orders.
    owner_e, at_e = _expand(start[found[exact]], stop[found[exact]])
    owner_v, at_v = _expand(start[found[~exact]], stop[found[~exact]])
    name_rows = np.concatenate([gaz.by_fold.order[at_e], gaz.by_skeleton.order[at_v]])
    query = np.concatenate([found[exact][owner_e], found[~exact][owner_v]])
    is_exact = np.r_[np.ones(len(at_e), bool), np.zeros(len(at_v), bool)]
    place = gaz._name_place[name_rows]
    quality = np.where(is_exact, gaz._name_quality[name_rows], 0.85)

    # One row per (name, place): the best-quality match.
    order = np.lexsort((-quality, place, query))
    first = np.ones(len(order), bool)
    first[1:] = (query[order][1:] != query[order][:-1]) | (place[order][1:] != place[order][:-1])
    keep = order[first]
    query, place, quality, name_rows, is_exact = query[keep], place[keep], quality[keep], name_rows[keep], is_exact[keep]

    # Groups: rows are sorted by query already.
    group_start = np.flatnonzero(np.r_[True, query[1:] != query[:-1]])
    group_size = np.diff(np.r_[group_start, len(query)])

    static = gaz.static_evidence
    in_theatre = static.theatre[place] > 0
    theatre_town = np.repeat(np.maximum.reduceat(static.theatre_town[place], group_start), group_size)
    until = gaz.valid_until(name_rows)
    renamed = (until != "") & (until <= on)
    city = static.city[place] * np.where(theatre_town, in_theatre, True) * ~renamed
    logits = static.size[place] + static.theatre[place] + static.unlocated[place] + city
    logits = logits + QUALITY_WEIGHT * np.log(quality) + RENAMED_POINTS * renamed

    # Group softmax.
    top = np.repeat(np.maximum.reduceat(logits, group_start), group_size)
    weights = np.exp(logits - top)
    probability = weights / np.repeat(np.add.reduceat(weights, group_start), group_size)

    # Rank inside each group: probability down, then place row (as resolve() does).
    ranked = np.lexsort((place, -probability, query))
    best = ranked[group_start]
    second_index = np.minimum(group_start + 1, len(ranked) - 1)
    second = np.where(group_size > 1, probability[ranked[second_index]], 0.0)
    p_best = probability[best]
    exact_rules = gaz.exact_rules(name_rows[best])
    rules = [rule if e else "variant" for rule, e in zip(exact_rules, is_exact[best].tolist(), strict=True)]
    frame = pd.DataFrame(
        {
            "row": place[best], "rule": rules, "quality": quality[best], "probability": p_best,
            "second": second, "candidates": group_size,
            "ambiguous": (group_size > 1) & ((p_best < AMBIGUOUS_BELOW) | (p_best < AMBIGUOUS_RATIO * second)),
        },
        index=query[group_start],
    )
    return frame


RESULT_COLUMNS = [
    "query", "context", "resolved", "ambiguous", "score", "rule", "place_id", "name", "name_local",
    "admin1", "admin2", "kind", "population", "precision", "uncertainty_km", "candidates", "alternatives",
]
_PLACE_COLUMNS = {"id": "place_id", "name": "name", "name_local": "name_local", "admin1": "admin1", "admin2": "admin2",
                  "kind": "kind", "population": "population", "precision": "precision", "uncertainty_km": "uncertainty_km"}


def _one_by_one(gaz: Gazetteer, pairs: pd.DataFrame, on: str) -> pd.DataFrame:
    """Resolve (query, context) pairs with :func:`gazetteer.resolve.resolve`."""
    rows, probability, second, rules, quality, counts, ambiguous = [], [], [], [], [], [], []
    for query, context in pairs.itertuples(index=False):
        resolution = gaz.resolve(query, context=context or None, on=on) if query.strip() else None
        ranked = list(resolution.candidates[:2]) if resolution else []
        rows.append(gaz.row_of(ranked[0].place.id) if ranked else -1)
        probability.append(ranked[0].probability if ranked else 0.0)
        second.append(ranked[1].probability if len(ranked) > 1 else 0.0)
        rules.append(ranked[0].rule if ranked else "")
        quality.append(ranked[0].quality if ranked else 0.0)
        counts.append(len(resolution.candidates) if resolution else 0)
        ambiguous.append(bool(resolution and resolution.ambiguous))
    return pd.DataFrame({"row": rows, "rule": rules, "quality": quality, "probability": probability,
                         "second": second, "candidates": counts, "ambiguous": ambiguous}, index=pairs.index)


def resolve_many(gaz: Gazetteer, names: Sequence[str] | pd.Series | pd.DataFrame, *, name_column: str = "name",
                 context_column: str = "context", on: date | str | None = None,
                 alternatives: bool = False, progress: bool = False) -> gpd.GeoDataFrame:
    """Resolve a table of names: a GeoDataFrame (EPSG:4326), one row per input row, in order.

    ``table.attrs["attribution"]`` holds the credit its coordinates require (ODbL).

    Each distinct (name, context) pair is resolved once. With ``alternatives``, the
    column of that name lists the runner-up places of each ambiguous name (this
    resolves those names a second time, in full).
    """
    if isinstance(names, pd.DataFrame):
        if name_column not in names.columns:
            raise KeyError(f"the table has no {name_column!r} column; its columns are {list(names.columns)}")
        queries = names[name_column].astype("string").fillna("").to_numpy(dtype=object)
        contexts = (names[context_column].astype("string").fillna("").to_numpy(dtype=object)
                    if context_column in names.columns else np.full(len(names), "", dtype=object))
    else:
        queries = pd.Series(list(names), dtype="string").fillna("").to_numpy(dtype=object)
        contexts = np.full(len(queries), "", dtype=object)
    frame = pd.DataFrame({"query": queries, "context": contexts})
    pairs = frame.drop_duplicates().reset_index(drop=True)
    on_date = _as_date(on)

    plain = np.flatnonzero((pairs["context"] == "").to_numpy() & (pairs["query"].str.strip() != "").to_numpy())
    scored = score_names(gaz, pairs["query"].to_numpy()[plain].tolist(), on_date)
    scored.index = plain[scored.index]
    rest = pairs.drop(index=scored.index)
    if progress:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            bar.add_task("Resolving names with context", total=len(rest))
            done = _one_by_one(gaz, rest, on_date)
    else:
        done = _one_by_one(gaz, rest, on_date)
    best = pd.concat([frame for frame in (scored, done) if len(frame)] or [done]).sort_index()
    place_rows = best["row"].to_numpy(dtype=int)
    located = place_rows >= 0
    places = gaz.places.iloc[place_rows[located]].rename(columns=_PLACE_COLUMNS)
    result = pairs.copy()
    for column in _PLACE_COLUMNS.values():
        result[column] = None
        result.loc[located, column] = places[column].to_numpy()
    result["rule"] = best["rule"].to_numpy()
    result["candidates"] = best["candidates"].to_numpy()
    result["ambiguous"] = best["ambiguous"].to_numpy(dtype=bool)
    has_point = np.zeros(len(result), dtype=bool)
    has_point[located] = places["lat"].notna().to_numpy()
    result["resolved"] = has_point & ~result["ambiguous"].to_numpy()
    result["score"] = (best["quality"] * best["probability"]).round(3).to_numpy()
    listed = [""] * len(result)
    if alternatives:
        for i in np.flatnonzero(result["ambiguous"].to_numpy()).tolist():
            query, context = pairs.at[i, "query"], pairs.at[i, "context"]
            others = gaz.resolve(query, context=context or None, on=on_date).candidates[1:4]
            listed[i] = "; ".join(f"{c.place.label()} p={c.probability:.2f}" for c in others)
    result["alternatives"] = listed
    lon = np.full(len(result), np.nan)
    lat = np.full(len(result), np.nan)
    lon[located], lat[located] = places["lon"].to_numpy(), places["lat"].to_numpy()
    result["lon"], result["lat"] = lon, lat
    out = frame.merge(result, on=["query", "context"], how="left")
    geometry = gpd.points_from_xy(out["lon"], out["lat"], crs="EPSG:4326")
    table = gpd.GeoDataFrame(out[RESULT_COLUMNS], geometry=geometry, crs="EPSG:4326")
    table.attrs["attribution"] = ATTRIBUTION
    return table
