"""Data for the timeline map: claims as GeoJSON features, control as pieces with lifetimes.

Control is not drawn as one full polygon per date. Each piece of land carries the interval in
which the source shows it under a status: the first snapshot's land minus everything later
lost is one piece for the whole window, and every step adds its gains as new pieces and
closes the pieces it loses. The browser shows the pieces alive on the slider's date.

Coordinates are snapped to :data:`GRID_DEG` (about 10 m), finer than any source draws.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd
import shapely

from frontmap.frontline import ControlSeries
from frontmap.frontline.borders import russia
from frontmap.model import Claim

GRID_DEG = 1e-4
CLAIM_GRID_DEG = 1e-5  # claims keep the model's own precision
SLIVER_DEG = 0.03  # about 3 km: half the width of the narrowest Ukrainian-held strip in Russia kept apart


def _polygonal(geometries: np.ndarray) -> np.ndarray:
    """Only the polygon parts of each geometry (snapping can leave stray points and lines)."""
    result = geometries.copy()
    for index in np.flatnonzero(~np.isin(shapely.get_type_id(geometries), (3, 6))):
        parts = shapely.get_parts(geometries[index])
        result[index] = shapely.multipolygons(shapely.get_parts(parts[np.isin(shapely.get_type_id(parts), (3, 6))]))
    return result


def _geojson(geometries: Sequence, properties: Sequence[dict], grid: float, polygons: bool = False) -> list[dict]:
    """GeoJSON features; empty geometries (after snapping) are dropped."""
    import json

    snapped = shapely.set_precision(np.asarray(geometries, dtype=object), grid)
    if polygons:
        snapped = _polygonal(snapped)
    keep = ~shapely.is_empty(snapped)
    texts = shapely.to_geojson(snapped[keep])
    props = [p for p, k in zip(properties, keep) if k]
    return [{"type": "Feature", "geometry": json.loads(text), "properties": p} for text, p in zip(texts, props)]


def _location(claim: Claim) -> tuple[shapely.Geometry | None, float, str]:
    if claim.geometry is not None:
        return claim.geometry.geometry, claim.geometry.uncertainty_km, claim.geometry.shape
    place = next((p for p in claim.places if p.lat is not None), None)
    if place is None:
        return None, 0.0, ""
    return shapely.Point(place.lon, place.lat), 0.0, "point"


class MapDataWarning(UserWarning):
    """A claim was left off a map because a number in it is not finite."""


def _not_finite(claim: Claim, geometry: shapely.Geometry, uncertainty_km: float) -> str:
    """The first field of ``claim`` on the map that holds NaN or infinity ('' if none)."""
    place = next((p for p in claim.places if p.place_id), None)
    numbers = {"geometry": shapely.get_coordinates(geometry).ravel().tolist(), "uncertainty_km": [uncertainty_km],
               "places.score": [place.score] if place and place.score is not None else []}
    return next((field for field, values in numbers.items() if not all(math.isfinite(v) for v in values)), "")


def _popup_fields(claim: Claim) -> dict:
    publisher = claim.publisher
    place = next((p for p in claim.places if p.place_id), None)
    return {
        "claimant": claim.claimant.name, "side": str(claim.claimant.side), "kind": str(claim.kind),
        "actor": str(claim.actor), "text": claim.quote or claim.summary, "quoted": bool(claim.quote),
        "publisher": publisher.name if publisher else "", "url": publisher.url if publisher else "",
        "event": claim.event_time.to_dict(), "reported": claim.reported.date().isoformat(),
        "verification": str(claim.verification.status), "note": claim.verification.note,
        "place": (f"{place.name} ({place.as_written})" if place else ""),
        "score": (round(place.score, 2) if place and place.score is not None else None),
        "ambiguous": bool(place.ambiguous) if place else False,
        "id": claim.id,
    }


def claim_features(claims: Iterable[Claim]) -> tuple[list[dict], int, int]:
    """Features of the claims that have a location, how many have none, and how many were
    left off because a number is NaN or infinite (each named in a :class:`MapDataWarning`)."""
    geometries, properties, unmapped, not_finite = [], [], 0, 0
    for claim in claims:
        geometry, uncertainty_km, shape = _location(claim)
        if geometry is None:
            unmapped += 1
            continue
        field = _not_finite(claim, geometry, uncertainty_km)
        if field:
            warnings.warn(f"claim {claim.id}: {field} is not a finite number; the claim is left off the map",
                          MapDataWarning, stacklevel=2)
            not_finite += 1
            continue
        geometries.append(geometry)
        properties.append({**_popup_fields(claim), "shape": shape, "uncertainty_km": uncertainty_km,
                           "start": claim.event_time.start.isoformat(), "end": claim.event_time.end.isoformat()})
    return _geojson(geometries, properties, CLAIM_GRID_DEG), unmapped, not_finite


def split_retaken(pieces: list[dict]) -> list[dict]:
    """``ukrainian`` pieces split at Russia's border: the part in Russia (the Kursk salient)
    stays ``ukrainian``; the rest, land Ukraine retook inside Ukraine (DeepStateMAP's 2022
    "liberated" areas), becomes status ``retaken``, drawn muted and named apart. Strips in
    Russia narrower than ~6 km are taken as noise of the generalised Natural Earth border.
    Other pieces are kept as they are.

    >>> kyiv = {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 51], [30, 50]]]}
    >>> [p["properties"]["status"] for p in split_retaken([{"type": "Feature", "geometry": kyiv,
    ...     "properties": {"status": "ukrainian", "from": "2025-01-01", "until": None}}])]
    ['retaken']
    """
    import json

    chosen = [i for i, p in enumerate(pieces) if p["properties"]["status"] == "ukrainian"]
    if not chosen:
        return pieces
    shapes = shapely.from_geojson([json.dumps(pieces[i]["geometry"]) for i in chosen])
    # Natural Earth's border is generalised: strips narrower than ~6 km along it are border noise.
    in_russia = _polygonal(shapely.intersection(shapes, russia(), grid_size=GRID_DEG))
    outside = _polygonal(shapely.intersection(shapely.buffer(shapely.buffer(in_russia, -SLIVER_DEG), SLIVER_DEG),
                                              in_russia, grid_size=GRID_DEG))
    parts = {"retaken": shapely.difference(shapes, outside, grid_size=GRID_DEG), "ukrainian": outside}
    kept = [p for i, p in enumerate(pieces) if p["properties"]["status"] != "ukrainian"]
    for status, geometries in parts.items():
        properties = [{**pieces[i]["properties"], "status": status} for i in chosen]
        kept += _geojson(geometries, properties, GRID_DEG, polygons=True)
    return kept


def control_pieces(series: ControlSeries, status: str, start: date | None = None,
                   end: date | None = None) -> list[dict]:
    """Pieces of ``status`` land with ``from``/``until`` dates (``until`` None: still held at the end).

    Also returns, as ``change: "lost"`` pieces, what each step took out of ``status``, alive
    until the next snapshot, so the map can shade it.
    """
    dates = series.dates
    window = (dates >= pd.Timestamp(start or dates[0])) & (dates <= pd.Timestamp(end or dates[-1]))
    first = series.snapshot_date(start) if start else dates[0]
    window |= dates == first
    chosen = ControlSeries(series.frame[series.frame["date"].isin(dates[window])])
    if status not in set(chosen.frame["status"]):
        return []
    days = chosen.dates
    steps = chosen.steps(status)
    lost_any = shapely.union_all(steps["lost"].values) if len(steps) else shapely.MultiPolygon()
    base = chosen.status_geometries(status).iloc[0]
    geometries = [shapely.difference(base, lost_any) if not lost_any.is_empty else base]
    properties = [{"status": status, "change": "base", "from": f"{days[0]:%Y-%m-%d}", "until": None}]
    open_pieces = [(shapely.intersection(base, lost_any), days[0], "base")] if not lost_any.is_empty else []
    for index, row in enumerate(steps.itertuples(index=False)):
        day = row.date
        following = days[index + 2] if index + 2 < len(days) else None
        if not row.lost.is_empty:
            still_open = []
            for geometry, since, change in open_pieces:
                if shapely.intersects(geometry, row.lost):
                    geometries.append(shapely.intersection(geometry, row.lost))
                    properties.append({"status": status, "change": change, "from": f"{since:%Y-%m-%d}",
                                       "until": f"{day:%Y-%m-%d}"})
                    geometry = shapely.difference(geometry, row.lost)
                still_open.append((geometry, since, change))
            open_pieces = still_open
            geometries.append(row.lost)
            properties.append({"status": status, "change": "lost", "from": f"{day:%Y-%m-%d}",
                               "until": f"{following:%Y-%m-%d}" if following is not None else None})
        if not row.gained.is_empty:
            open_pieces.append((row.gained, day, "gained"))
    for geometry, since, change in open_pieces:
        geometries.append(geometry)
        properties.append({"status": status, "change": change, "from": f"{since:%Y-%m-%d}", "until": None})
    return _geojson(geometries, properties, GRID_DEG, polygons=True)
