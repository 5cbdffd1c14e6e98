"""Claims checked against the front-line map of their dates.

Three kinds of claim can be checked against a control series:

- ``area_change`` with a km² magnitude: the claimed figure against the land the source shows
  changing hands over the claim's event interval (net change of occupied land, gains and
  losses reported too), consistent within a relative ``tolerance``;
- ``capture`` of a resolved place: its status in the snapshot in force on the day after the
  event interval (occupied for a Russian capture; not occupied for a Ukrainian one);
- ``advance`` near a resolved place: whether the actor gained any land within the claim's
  uncertainty radius (default :data:`NEAR_KM`) during the event interval.

The interval is measured between the snapshots of the period rule shared with ``frontline
diff`` and the monthly figures (:data:`~frontmap.frontline.series.PERIOD_RULE`): the snapshot
in force on its first day and the one in force on the day after its last. A claim is ``not
covered`` when either is more than ``max_gap_days`` older than its day, or the source does
not map the claim's area.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import timedelta

import pandas as pd
import shapely

from .frontline import AREA_METHODS, PERIOD_RULE, ControlSeries, NotCovered
from .frontline.area import to_equal_area
from .frontline.borders import ukraine
from .model import Actor, Claim, ClaimKind

NEAR_KM = 10.0
CONSISTENT, INCONSISTENT, NOT_COVERED = "consistent", "inconsistent", "not covered"
#: Sources that map only Ukraine: claims about land in Russia are outside them.
UKRAINE_ONLY = {"deepstate-simplified", "liveuamap"}


@dataclass
class Check:
    """One claim checked against one source."""

    claim_id: str
    kind: str
    claimant: str
    summary: str
    source: str
    verdict: str
    claimed: float | None
    measured: float | None
    unit: str
    from_date: str
    to_date: str
    detail: str


def _snapshots(series: ControlSeries, claim: Claim, max_gap_days: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The snapshots the claim's event interval is measured between (the period rule shared
    with ``frontline diff`` and monthly figures: :data:`PERIOD_RULE`)."""
    start, end = pd.Timestamp(claim.event_time.start), pd.Timestamp(claim.event_time.end)
    before, after = series.period(start, end)
    gaps = ((start - before).days, (end + timedelta(days=1) - after).days)
    if max(gaps) > max_gap_days:
        raise NotCovered(f"the snapshots in force on the interval's first day and the day after its last are of "
                         f"{before:%Y-%m-%d} and {after:%Y-%m-%d}, {gaps[0]} and {gaps[1]} days older "
                         f"(limit {max_gap_days})")
    return before, after


def _point(claim: Claim) -> tuple[shapely.Point, float] | None:
    place = next((p for p in claim.places if p.lat is not None and not p.ambiguous), None)
    if place is None:
        return None
    radius = claim.geometry.uncertainty_km if claim.geometry and claim.geometry.uncertainty_km else NEAR_KM
    return shapely.Point(place.lon, place.lat), radius


def _area_change(claim: Claim, series: ControlSeries, before, after, tolerance: float):
    claimed = next(m.value for m in claim.magnitudes if m.unit == "km2")
    diff = series.change(before, after)
    gained, lost = diff["area_km2"].to_numpy()
    net = gained - lost if claim.actor != Actor.UKRAINE else lost - gained
    verdict = CONSISTENT if abs(net - claimed) <= tolerance * claimed else INCONSISTENT
    detail = (f"net {net:.0f} km² (gained {gained:.0f}, lost {lost:.0f}), "
              f"{(net - claimed) / claimed:+.0%} against the claim")
    return verdict, claimed, round(float(net), 2), "km2", detail


def _capture(claim: Claim, series: ControlSeries, before, after, point):
    location, _ = point
    occupied = series.geometry_on(after)
    held = bool(shapely.intersects(occupied, location))
    wanted = claim.actor != Actor.UKRAINE
    verdict = CONSISTENT if held == wanted else INCONSISTENT
    return verdict, None, float(held), "occupied", f"{'occupied' if held else 'not occupied'} on {after:%Y-%m-%d}"


def _advance(claim: Claim, series: ControlSeries, before, after, point):
    location, radius = point
    diff = series.change(before, after)
    change = diff.geometry.iloc[0 if claim.actor != Actor.UKRAINE else 1]
    disc = shapely.buffer(to_equal_area([location])[0], radius * 1000)
    nearby = float(shapely.area(shapely.intersection(to_equal_area([change])[0], disc)) / 1e6)
    verdict = CONSISTENT if nearby > 0 else INCONSISTENT
    return (verdict, None, round(nearby, 2), "km2",
            f"{nearby:.1f} km² changed hands towards the actor within {radius:g} km")


def check_claim(claim: Claim, series: ControlSeries, tolerance: float = 0.15,
                max_gap_days: int = 3) -> Check | None:
    """Check one claim against one single-source series; None if its kind is not checkable."""
    point = _point(claim)
    has_km2 = any(m.unit == "km2" for m in claim.magnitudes)
    checkable = ((claim.kind == ClaimKind.AREA_CHANGE and has_km2)
                 or (claim.kind in (ClaimKind.CAPTURE, ClaimKind.ADVANCE) and point is not None))
    if not checkable:
        return None
    source = series.sources[0]
    base = {"claim_id": claim.id, "kind": str(claim.kind), "claimant": claim.claimant.name,
            "summary": claim.summary, "source": source}
    try:
        if point is not None and source in UKRAINE_ONLY and not shapely.intersects(ukraine(), point[0]):
            raise NotCovered(f"{source} maps Ukraine only")
        before, after = _snapshots(series, claim, max_gap_days)
    except NotCovered as reason:
        claimed = next((m.value for m in claim.magnitudes if m.unit == "km2"), None)
        return Check(**base, verdict=NOT_COVERED, claimed=claimed, measured=None, unit="",
                     from_date="", to_date="", detail=str(reason))
    if claim.kind == ClaimKind.AREA_CHANGE:
        verdict, claimed, measured, unit, detail = _area_change(claim, series, before, after, tolerance)
    elif claim.kind == ClaimKind.CAPTURE:
        verdict, claimed, measured, unit, detail = _capture(claim, series, before, after, point)
    else:
        verdict, claimed, measured, unit, detail = _advance(claim, series, before, after, point)
    return Check(**base, verdict=verdict, claimed=claimed, measured=measured, unit=unit,
                 from_date=f"{before:%Y-%m-%d}", to_date=f"{after:%Y-%m-%d}", detail=detail)


def check_claims(claims: Iterable[Claim], series: ControlSeries, tolerance: float = 0.15,
                 max_gap_days: int = 3) -> pd.DataFrame:
    """A verdict table: every checkable claim against every source of the series."""
    claims = list(claims)
    rows = [check for _, one in series.by_source() for claim in claims
            if (check := check_claim(claim, one, tolerance, max_gap_days)) is not None]
    columns = list(Check.__dataclass_fields__)
    table = pd.DataFrame([asdict(row) for row in rows], columns=columns)
    table.attrs.update(area_method=AREA_METHODS["equal-area"], period=PERIOD_RULE)
    return table
