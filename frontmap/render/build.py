"""Build the timeline map from claims and control series."""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from functools import cache

import numpy as np
import pandas as pd
import shapely

from frontmap.frontline import AREA_METHODS, SOURCES, ControlSeries
from gazetteer import ATTRIBUTION
from frontmap.model import Claim

from .columns import encode_claims
from .labels import place_labels
from .layers import claim_features, control_pieces, split_retaken
from .timeline import Timeline, TimelineMap

TILES = {"osm": "OpenStreetMap", "positron": "CartoDB positron", "none": None}
BASE_CREDITS = (f"Places: {ATTRIBUTION}, frontmap curated supplement",
                "Boundaries: Natural Earth")
STATUSES = ("occupied", "contested", "ukrainian", "russian_advance")
MAX_ZOOM = 18


@cache
def outline_features() -> list[dict]:
    """Natural Earth admin-1 outlines of the theatre, simplified to ~1 km, no properties."""
    import geopandas as gpd

    from gazetteer import Gazetteer

    table = gpd.read_parquet(Gazetteer.default().data_dir / "admin1.parquet")
    shapes = shapely.set_precision(shapely.simplify(np.asarray(table.geometry.values), 0.01), 1e-3)
    shapes = shapes[~shapely.is_missing(shapes) & ~shapely.is_empty(shapes)]
    return [{"type": "Feature", "properties": {}, "geometry": json.loads(text)}
            for text in shapely.to_geojson(shapes)]


def _in_window(claims: Iterable[Claim], start: date | None, end: date | None, bbox) -> list[Claim]:
    box = shapely.box(*bbox) if bbox else None
    kept = []
    for claim in claims:
        if start and claim.event_time.end < start or end and claim.event_time.start > end:
            continue
        if box is not None:
            where = claim.geometry.geometry if claim.geometry else None
            point = next((shapely.Point(p.lon, p.lat) for p in claim.places if p.lat is not None), None)
            if not shapely.intersects(box, where if where is not None else point):
                continue
        kept.append(claim)
    return kept


def _credits(control: ControlSeries | None, claims: list[Claim]) -> list[str]:
    """Attribution lines as plain text (the map's script escapes them)."""
    credits = list(BASE_CREDITS)
    if control is not None:
        credits += [SOURCES[key].attribution if key in SOURCES else key for key in control.sources]
    publishers = sorted({c.publisher.name for c in claims if c.publisher} | {c.claimant.name for c in claims})
    if publishers:
        shown = ", ".join(publishers[:8]) + (f" and {len(publishers) - 8} more" if len(publishers) > 8 else "")
        credits.append(f"Claims: {shown}")
    return credits


def _legend_notes(unmapped: int, not_finite: int, control: ControlSeries | None, dots: bool) -> list[str]:
    """Plain-text notes under the legend."""
    def claims(count: int) -> str:
        return f"{count} claim" + ("" if count == 1 else "s")

    notes = [f"Not on the map: {claims(unmapped)} without a location."] if unmapped else []
    if not_finite:
        notes.append(f"Not on the map: {claims(not_finite)} with a number that is not finite (NaN or infinity).")
    if dots:
        notes.append("Many claims: each is a dot in its claimant's colour (white inside: unverified); "
                     "click one for its details and uncertainty.")
    return notes + ([AREA_METHODS["equal-area"]] if control is not None else [])


def timeline_map(claims: Iterable[Claim] = (), control: ControlSeries | None = None, *,
                 start: str | date | None = None, end: str | date | None = None,
                 bbox: tuple[float, float, float, float] | None = None, stay_days: int = 3,
                 tiles: str = "osm", on: str | date | None = None, cluster_from: int = 300,
                 dots_from: int = 5000) -> TimelineMap:
    """A folium map with a date slider over ``claims`` and the ``control`` snapshots.

    Claims show from their event start until ``stay_days`` after their event end; control
    shows the snapshot in force on the slider's date, with that step's gains and losses
    shaded. ``bbox`` (min lon, min lat, max lon, max lat) keeps claims inside it and frames
    the map; ``tiles`` is ``osm``, ``positron`` or ``none`` (offline: the embedded Natural
    Earth outlines only, with the larger places named); ``on`` is the date shown first
    (default: the last). Claims are drawn as glyph markers, clustered beyond ``cluster_from``
    claims, and as dots on one canvas beyond ``dots_from`` (a slider step then moves hundreds).

    A claim with a NaN or infinite coordinate, ``uncertainty_km`` or place score is left off
    the map, named (claim id and field) in a :class:`~frontmap.render.layers.MapDataWarning`
    and counted in the legend: one bad value never blanks the whole map, and none reaches the
    page, whose JSON is written with ``allow_nan=False``.
    """
    start = pd.Timestamp(start).date() if start else None
    end = pd.Timestamp(end).date() if end else None
    claims = _in_window(claims, start, end, bbox)
    features, unmapped, not_finite = claim_features(claims)
    sources = []
    control_dates = {}
    if control is not None:
        for key, series in control.by_source():
            pieces = split_retaken([piece for status in STATUSES for piece in control_pieces(series, status, start, end)])
            dates = [f"{d:%Y-%m-%d}" for d in series.dates
                     if (start is None or d.date() >= start) and (end is None or d.date() <= end)]
            label = SOURCES[key].name if key in SOURCES else key
            sources.append({"key": key, "label": label, "features": pieces})
            control_dates[key] = sorted({p["properties"]["from"] for p in pieces} | set(dates))
    known = [f["properties"]["start"] for f in features] + [d for ds in control_dates.values() for d in ds]
    known += [f["properties"]["end"] for f in features]
    first = start or (min(date.fromisoformat(d) for d in known) if known else date.today())
    last = end or (max(date.fromisoformat(d) for d in known) if known else date.today())
    days = [d.strftime("%Y-%m-%d") for d in pd.date_range(first, last, freq="D")]
    tile_name = TILES.get(tiles, tiles)
    if tiles not in TILES:
        raise ValueError(f"unknown tiles {tiles!r}; use one of {', '.join(TILES)}")
    fmap = TimelineMap(tiles=tile_name, control_scale=True, prefer_canvas=False)
    fmap.options["maxZoom"] = MAX_ZOOM  # without tiles Leaflet has none, and marker clustering needs one
    bounds = _bounds(features, sources, bbox)
    payload = {
        "days": days, "initial": pd.Timestamp(on or days[-1]).strftime("%Y-%m-%d"),
        "claims": encode_claims(features), "stay": stay_days, "control": sources, "controlDates": control_dates,
        "clusterFrom": cluster_from, "dotsFrom": dots_from, "outline": outline_features(), "tiles": tile_name is not None,
        "labels": place_labels((bounds[0][1], bounds[0][0], bounds[1][1], bounds[1][0])) if tile_name is None else None,
        "legendNotes": _legend_notes(unmapped, not_finite, control, len(features) > dots_from),
        "attribution": _credits(control, claims),
    }
    Timeline(payload).add_to(fmap)
    fmap.fit_bounds(bounds)
    return fmap


def _bounds(features: list[dict], sources: list[dict], bbox) -> list[list[float]]:
    if bbox:
        return [[bbox[1], bbox[0]], [bbox[3], bbox[2]]]
    geometries = [f["geometry"] for f in features] or [f["geometry"] for s in sources for f in s["features"]]
    if not geometries:
        return [[44.0, 22.0], [53.0, 41.0]]
    minx, miny, maxx, maxy = shapely.total_bounds(shapely.from_geojson([json.dumps(g) for g in geometries]))
    pad = 0.15
    return [[miny - pad, minx - pad], [maxy + pad, maxx + pad]]
