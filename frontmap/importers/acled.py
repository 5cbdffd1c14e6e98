"""ACLED CSV exports (columns of the ACLED codebook).

Mapping: ``sub_event_type`` → claim kind (armed clash → clash; government regains /
non-state actor overtakes territory → capture; shelling, air/drone strikes, remote
explosives → strike); other event types (protests, riots, strategic developments) are
not war claims and are reported as rejected, with their line. ``time_precision`` 1/2/3
→ the day / the week around it / its month; ``geo_precision`` 1/2/3 → 2 / 25 / 100 km.
The claimant is ACLED (independent); its own ``source`` column says whom it relied on.
Rows with a precision code the codebook does not define, a date outside 1989 .. tomorrow,
impossible coordinates or a fatality count that is not a whole number are rejected with
their line; exports are read as UTF-8 (a byte-order mark is dropped).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pandas as pd

from ..model import Claim, Claimant, ClaimError, ClaimGeometry, Magnitude, Side, TimeSpan, Verification
from ..validate import lon_lat, number, plausible_day, text
from .report import ImportReport, read_export, reason, side_of_actor

__all__ = ["read_acled"]

REQUIRED = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
            "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]
KIND_OF_SUB_EVENT = {
    "Armed clash": "clash",
    "Government regains territory": "capture",
    "Non-state actor overtakes territory": "capture",
    "Shelling/artillery/missile attack": "strike",
    "Air/drone strike": "strike",
    "Remote explosive/landmine/IED": "strike",
}
GEO_PRECISION_KM = {"1": 2.0, "2": 25.0, "3": 100.0}
ACLED = Claimant("ACLED", Side.INDEPENDENT)


def _span(day: pd.Timestamp, precision: str) -> TimeSpan:
    day = day.date()
    if precision == "2":
        return TimeSpan(day - timedelta(days=3), day + timedelta(days=3), "week")
    if precision == "3":
        return TimeSpan.parse(day.strftime("%Y-%m"))
    return TimeSpan(day, day, "day")


def read_acled(path: str | Path, encoding: str = "utf-8") -> ImportReport:
    """Claims of an ACLED CSV export, with the rows rejected and why."""
    path = Path(path)
    frame, lines, rejected = read_export(path, REQUIRED, (encoding,), "an ACLED export")
    report = ImportReport(path, rejected=rejected)
    # ACLED writes ISO dates or "05 January 2025"; nothing else is guessed at.
    days = pd.to_datetime(frame["event_date"], format="%Y-%m-%d", errors="coerce").fillna(
        pd.to_datetime(frame["event_date"], format="%d %B %Y", errors="coerce"))
    for row, record in enumerate(frame.to_dict("records")):
        kind = KIND_OF_SUB_EVENT.get(record["sub_event_type"])
        if kind is None:
            report.rejected.append((lines[row], f"sub_event_type {record['sub_event_type']!r} is not a war claim kind"))
            continue
        if pd.isna(days.iat[row]):
            report.rejected.append((lines[row], f"event_date {record['event_date']!r} is not a date"))
            continue
        try:
            _check(record, days.iat[row])
            actor = "both" if kind == "clash" else side_of_actor(record["actor1"])
            claim = Claim(
                claimant=ACLED, kind=kind, actor=actor, event_time=_span(days.iat[row], record["time_precision"]),
                reported=days.iat[row].date() + timedelta(days=3 if record["time_precision"] == "2" else 0),
                geometry=ClaimGeometry.point(float(record["latitude"]), float(record["longitude"]),
                                             GEO_PRECISION_KM[record["geo_precision"]], record["location"]),
                magnitudes=(Magnitude(int(record["fatalities"] or 0), "deaths", "reported fatalities"),),
                summary=f"{record['notes']} (ACLED {record['event_id_cnty']})",
                verification=Verification(note=f"ACLED, from: {record['source']}"),
            )
        except ClaimError as error:
            report.rejected.append((lines[row], reason(error)))
            continue
        report.claims.append(claim)
    report.rejected.sort()
    return report


def _check(record: dict[str, str], day: pd.Timestamp) -> None:
    """Refuse what the codebook does not allow before anything is converted."""
    for column, allowed in (("time_precision", ("1", "2", "3")), ("geo_precision", tuple(GEO_PRECISION_KM))):
        if record[column] not in allowed:
            raise ClaimError(column, record[column], f"is not one of {', '.join(allowed)}")
    plausible_day(day.date(), "event_date")
    coordinates = []
    for column in ("longitude", "latitude"):
        try:
            coordinates.append(number(float(record[column]), column))
        except ValueError:
            raise ClaimError(column, record[column], "is not a number") from None
    lon_lat(*coordinates, "latitude/longitude")
    if not re.fullmatch(r"[0-9]{0,7}", record["fatalities"]):
        raise ClaimError("fatalities", record["fatalities"], "is not a whole number of deaths (0 .. 9,999,999)")
    for column in ("notes", "location", "source", "actor1"):
        text(record[column], column, 10_000)
