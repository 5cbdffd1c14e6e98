"""Claims as table columns and back: what every engine stores, built a batch at a time.

A claim is one row: a column for each plain field, the geometry, and in ``data``, as
JSON, only what no column holds (places, magnitudes, links, notes; ``{}`` for most
claims). Ids and canonical forms are computed for a whole batch at once
(:func:`frontmap.model.canonical_forms`); claims are never kept beyond their batch, so
an import streams with bounded memory.

>>> from frontmap.claimfile import read_claims
>>> batch = claim_columns(read_claims("examples/kursk-2025-01-05.yaml"), "2026-01-01T00:00:00+00:00", "analyst")
>>> len(batch.columns["id"]), batch.columns["kind"][0], len(batch.links)
(11, 'offensive', 0)
>>> claims_from_rows(batch.rows(), "example")[0].id == batch.columns["id"][0]
True
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import shapely

from ..model import Claim, ClaimError, ClaimGeometry, canonical_forms, content_id
from .base import report_bad_row

__all__ = ["COLUMNS", "ClaimBatch", "claim_columns", "claims_from_rows"]

#: The stored columns, in order; ``geom`` is the geometry (WKB when read back).
COLUMNS = ("id", "kind", "claimant", "side", "actor", "event_start", "event_end", "precision", "reported",
           "recorded", "recorded_by", "publisher", "url", "summary", "quote", "verification", "shape",
           "uncertainty_km", "places", "data", "geom")
#: The columns a claim is read back from, in the order :func:`claims_from_rows` unpacks them.
READ = tuple(c for c in COLUMNS if c not in ("places",))


@dataclass
class ClaimBatch:
    """A batch of claims as columns: ``columns`` (name → list), geometries, their bounds and the links."""

    columns: dict[str, list]
    geometries: np.ndarray  #: shapely geometries (None for a claim without one)
    bounds: np.ndarray  #: (n, 4) minx, miny, maxx, maxy (NaN without geometry)
    links: list[tuple[str, str, str, str]]  #: (claim id, kind, target, reported UTC)

    def __len__(self) -> int:
        return len(self.columns["id"])

    def rows(self) -> list[tuple]:
        """The batch as :data:`READ` rows with WKB geometries, as an engine reads them back."""
        wkb = shapely.to_wkb(self.geometries).tolist()
        return list(zip(*(self.columns[c] if c != "geom" else wkb for c in READ), strict=True))


def claim_columns(claims: Sequence[Claim], stamp: str, recorded_by: str) -> ClaimBatch:
    """The columns of a batch of claims; ``stamp`` is the recording time (UTC ISO 8601) of claims that have none."""
    geometries = np.array([None if c.geometry is None else c.geometry.geometry for c in claims], dtype=object)
    bounds = shapely.bounds(geometries)
    rows, links = [], []
    for claim, (canonical, plain) in zip(claims, canonical_forms(claims, bounds), strict=True):
        (kind, claimant, side, actor, start, end, precision, _, summary, quote, verification, shape,
         uncertainty_km) = plain
        claim_id, publisher, places = content_id(canonical), claim.publisher, claim.places
        reported = claim.reported.astimezone(UTC).isoformat() if claim.reported.utcoffset() else plain[7]
        rows.append((
            claim_id, kind, claimant, side, actor, start, end, precision, reported,
            claim.recorded.isoformat() if claim.recorded else stamp, recorded_by,
            publisher.name if publisher else None, publisher.url if publisher else None,
            summary, quote, verification, shape, uncertainty_km,
            "|" + "|".join([p.as_written for p in places] + [p.place_id for p in places if p.place_id]) + "|"
            if places else "||", _rest(claim)))
        links.extend((claim_id, link.kind.value, link.target, reported) for link in claim.links)
    names = [name for name in COLUMNS if name != "geom"]
    columns = dict(zip(names, map(list, zip(*rows, strict=True)), strict=True)) if rows else {n: [] for n in names}
    return ClaimBatch(columns, geometries, bounds, links)


def _rest(claim: Claim) -> str:
    """The ``data`` column: what the other columns do not hold, as JSON (``{}`` for most claims)."""
    rest: dict[str, Any] = {}
    if claim.reported.utcoffset():  # the column holds UTC; the id hashes the offset as given
        rest["reported"] = claim.reported_iso
    if claim.publisher is not None and claim.publisher.published is not None:
        rest["published"] = claim.publisher.published.isoformat()
    if claim.geometry is not None and claim.geometry.description:
        rest["description"] = claim.geometry.description
    verification = claim.verification
    if verification.note or verification.confirmed_by or verification.disputed_by:
        rest["verification"] = {"note": verification.note, "confirmed_by": verification.confirmed_by,
                                "disputed_by": verification.disputed_by}
    for name in ("places", "magnitudes", "links"):
        if items := getattr(claim, name):
            rest[name] = [asdict(item) for item in items]
    return json.dumps(rest, ensure_ascii=False, allow_nan=False) if rest else "{}"


#: Keys of ``data`` this version understands; others (from a newer version) are ignored with a warning.
_DATA_KEYS = {"reported", "published", "description", "verification", "places", "magnitudes", "links"}


def claims_from_rows(rows: Sequence[tuple], store: str) -> list[Claim]:
    """Claims from :data:`READ` rows (geometry as WKB); each is checked against its stored id.

    A row that cannot be read (a damaged value, an id that does not match) is left out
    with a :class:`~frontmap.store.base.BadRowWarning` naming it; the others are returned.
    Stores written before frontmap 0.2 hold the whole claim in ``data``; those rows are read from it.
    """
    geometries = shapely.from_wkb([row[-1] for row in rows], on_invalid="ignore")
    claims = []
    for row, geometry in zip(rows, geometries, strict=True):
        try:
            claims.append(_claim(row, geometry))
        except (ClaimError, ValueError, TypeError, KeyError, AttributeError) as exc:
            report_bad_row(store, row[0], str(exc))
    return claims


def _claim(row: tuple, geometry: Any) -> Claim:
    (claim_id, kind, claimant, side, actor, start, end, precision, reported, recorded, _by, publisher, url,
     summary, quote, verification, shape, uncertainty_km, data, blob) = row
    rest = json.loads(data)
    if not isinstance(rest, dict):
        raise TypeError("its data column is not a JSON object")
    if "claimant" in rest:  # the whole claim, as frontmap 0.1 stored it
        return Claim.from_dict(rest)
    if blob is not None and geometry is None:
        raise ValueError("its geometry is damaged")
    rest = {key: value for key, value in rest.items() if key in _DATA_KEYS}
    return Claim.from_dict({
        "id": claim_id, "claimant": {"name": claimant, "side": side}, "kind": kind, "actor": actor,
        "event_time": {"start": str(start), "end": str(end), "precision": precision},
        "reported": rest.pop("reported", reported), "recorded": recorded, "summary": summary, "quote": quote,
        "publisher": publisher and {"name": publisher, "url": url, "published": rest.pop("published", None)},
        "geometry": geometry and ClaimGeometry(shape, geometry, uncertainty_km, rest.pop("description", "")),
        "verification": {"status": verification, **rest.pop("verification", {})}, **rest,
    })


def _unseen(ids: list[str], seen: set[str]) -> list[int]:
    """The positions of the ids not ``seen`` yet, each id once; adds them to ``seen``.

    >>> _unseen(["a", "b", "a", "c"], {"c"})
    [0, 1]
    """
    keep = []
    for index, claim_id in enumerate(ids):
        if claim_id not in seen:
            seen.add(claim_id)
            keep.append(index)
    return keep


#: The columns of a table of point claims for :func:`point_columns` (``publisher``, ``url``, ``quote``,
#: ``description``, ``verification``, ``actor``, ``precision`` and ``event_end`` may be left out).
POINT_COLUMNS = ("claimant", "side", "kind", "actor", "event_start", "event_end", "precision", "reported",
                 "summary", "quote", "verification", "lon", "lat", "uncertainty_km", "description", "publisher", "url")
_DEFAULTS = {"actor": "unknown", "precision": "day", "quote": "", "verification": "unverified", "description": "",
             "publisher": None, "url": None, "uncertainty_km": 0.0}


def point_columns(table, stamp: str, recorded_by: str) -> ClaimBatch:
    """The columns of point claims given as a table (a DataFrame with :data:`POINT_COLUMNS`), built
    column-wise: no :class:`~frontmap.model.Claim` is made, yet ids and rows are exactly those of
    the equivalent claims (``tests/test_store_columns.py``). Checked as :class:`Claim` checks them;
    the first bad value raises :class:`ClaimError` naming its row (0-based) and field.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"claimant": ["ISW"], "side": ["independent"], "kind": ["advance"],
    ...                       "event_start": ["2025-01-05"], "reported": ["2025-01-05"], "summary": ["Advanced."],
    ...                       "lon": [37.18], "lat": [48.28], "uncertainty_km": [5]})
    >>> point_columns(table, "2026-01-01T00:00:00+00:00", "analyst").columns["id"]  # as Claim(...).id
    ['fm-dca58f333d855935']
    """
    import hashlib

    import pandas as pd

    from ..model import _JSON, Actor, ClaimKind, Precision, Side, VerificationStatus, _text

    n, table = len(table), table.reset_index(drop=True)
    frame = pd.DataFrame({name: table[name] if name in table else _DEFAULTS.get(name) for name in POINT_COLUMNS},
                         index=range(n)) if n else pd.DataFrame(columns=POINT_COLUMNS)
    if "event_end" not in table:
        frame["event_end"] = frame["event_start"]

    def bad(mask, field: str, problem: str) -> None:
        if mask.any():
            row = int(np.flatnonzero(np.asarray(mask))[0])
            raise ClaimError(f"row {row}: {field}", frame[field if field in frame else "lon"].iloc[row], problem)

    for field, enum in (("side", Side), ("kind", ClaimKind), ("actor", Actor), ("precision", Precision),
                        ("verification", VerificationStatus)):
        frame[field] = frame[field].astype(str)
        bad(~frame[field].isin([e.value for e in enum]), field, f"is not one of {[e.value for e in enum]}")
    names = frame["claimant"]
    bad(~names.map(lambda v: isinstance(v, str) and bool(v.strip())), "claimant", "must be a non-empty name")
    for field in ("event_start", "event_end"):
        parsed = pd.to_datetime(frame[field].astype(str).str[:10], format="%Y-%m-%d", errors="coerce")
        bad(parsed.isna(), field, "is not a date (YYYY-MM-DD)")
        frame[field] = parsed
    bad(frame["event_end"] < frame["event_start"], "event_end", "is before the start")
    reported = pd.to_datetime(frame["reported"].astype(str), utc=True, format="ISO8601", errors="coerce")
    bad(reported.isna(), "reported", "is not a date or ISO 8601 time")
    bad(reported.dt.tz_convert("UTC").dt.normalize().dt.tz_localize(None) < frame["event_start"], "reported",
        "is before the event it reports")
    for field in ("summary", "quote"):
        frame[field] = frame[field].fillna("").astype(str)
    bad((frame["summary"].str.strip() == "") & (frame["quote"].str.strip() == ""), "summary",
        "is empty: give a summary in your own words or the quote")
    xy = np.round(frame[["lon", "lat"]].to_numpy(dtype=float), 5)
    bad(~np.isfinite(xy).all(axis=1) | (np.abs(xy[:, 0]) > 180) | (np.abs(xy[:, 1]) > 90), "lon",
        "is not in longitude/latitude degrees")
    uncertainty = frame["uncertainty_km"].fillna(0).to_numpy(dtype=float)
    bad(~np.isfinite(uncertainty) | (uncertainty < 0), "uncertainty_km", "must be a non-negative number")
    publisher_ok = frame["publisher"].map(lambda v: (isinstance(v, str) and bool(v.strip())) or not isinstance(v, str)
                                          and pd.isna(v))
    bad(~publisher_ok, "publisher", "must be a non-empty name")
    starts, ends = frame["event_start"].dt.strftime("%Y-%m-%d").tolist(), frame["event_end"].dt.strftime("%Y-%m-%d").tolist()
    utc = reported.dt.tz_convert("UTC")
    stamps = utc.dt.strftime("%Y-%m-%dT%H:%M:%S").tolist()
    micros = utc.dt.microsecond.tolist()
    reported_iso = [f"{t}.{m:06d}+00:00" if m else f"{t}+00:00" for t, m in zip(stamps, micros, strict=True)]
    # The id hashes a report time with the offset given (as a claim keeps it); the column holds UTC.
    given = [_with_offset(raw) or utc for raw, utc in zip(frame["reported"].tolist(), reported_iso, strict=True)]
    publishers = [p if isinstance(p, str) else None for p in frame["publisher"].tolist()]
    urls = [u if isinstance(u, str) else "" for u in frame["url"].tolist()]
    columns: dict[str, list] = {name: [] for name in COLUMNS if name != "geom"}
    canonical_rows = zip(frame["actor"].tolist(), names.tolist(), frame["side"].tolist(), starts, ends,
                         frame["precision"].tolist(), frame["description"].fillna("").astype(str).tolist(),
                         xy.tolist(), uncertainty.tolist(), frame["kind"].tolist(), publishers, urls,
                         frame["quote"].tolist(), given, frame["summary"].tolist(),
                         frame["verification"].tolist(), reported_iso, strict=True)
    rows = []
    for (actor, name, side, start, end, precision, description, (x, y), radius, kind, publisher, url, quote,
         when, summary, status, in_utc) in canonical_rows:
        canonical = (
            f'{{"actor": "{actor}", "claimant": {{"name": {_text(name)}, "side": "{side}"}}, '
            f'"event_time": {{"end": "{end}", "precision": "{precision}", "start": "{start}"}}, '
            f'"geometry": {{"description": {_text(description)}, "geometry": {{"coordinates": [{x!r}, {y!r}], '
            f'"type": "Point"}}, "shape": "point", "uncertainty_km": {radius!r}}}, "kind": "{kind}", '
            '"links": [], "magnitudes": [], "places": [], '
            f'"publisher": {"null" if publisher is None else _JSON({"name": publisher, "published": None, "url": url})}, '
            f'"quote": {_text(quote)}, "reported": "{when}", "summary": {_text(summary)}, "verification": '
            f'{{"confirmed_by": [], "disputed_by": [], "note": "", "status": "{status}"}}}}')
        rows.append((f"fm-{hashlib.sha256(canonical.encode()).hexdigest()[:16]}", kind, name, side, actor, start, end,
                     precision, in_utc, stamp, recorded_by, publisher, url if publisher is not None else None, summary,
                     quote, status, "point", radius, "||", _point_rest(when, in_utc, description)))
    for name, values in zip(columns, zip(*rows, strict=True) if rows else [()] * len(columns), strict=True):
        columns[name] = list(values)
    geometries = shapely.points(xy) if n else np.empty(0, dtype=object)
    return ClaimBatch(columns, np.asarray(geometries, dtype=object), np.column_stack([xy, xy]) if n else
                      np.empty((0, 4)), [])


def point_table_batches(path, size: int, stamp: str, recorded_by: str) -> Iterator[ClaimBatch]:
    """:func:`point_columns` of a CSV table of point claims (a header of :data:`POINT_COLUMNS`), ``size`` rows
    at a time: a file of millions of claims streams into a store with bounded memory.

    A bad value raises :class:`ClaimError` naming the file, its line and the field.
    """
    import pandas as pd

    reader = pd.read_csv(path, chunksize=size, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for number, chunk in enumerate(reader):
        for column in ("lon", "lat", "uncertainty_km"):
            if column in chunk:
                chunk[column] = pd.to_numeric(chunk[column].replace("", "0" if column == "uncertainty_km" else "nan"),
                                              errors="coerce")
        for column in ("publisher", "url"):
            if column in chunk:
                chunk[column] = chunk[column].replace("", None)
        try:
            yield point_columns(chunk, stamp, recorded_by)
        except ClaimError as exc:
            row, field = exc.field.split(": ", 1)
            line = number * size + int(row.removeprefix("row ")) + 2  # the header is line 1
            raise ClaimError(f"{path}, line {line}: {field}", exc.value, exc.problem) from None


def _with_offset(value: Any) -> str | None:
    """ISO 8601 of a report time given with a non-zero UTC offset, as a claim writes it; else None."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and "T" in value and value[-6:-5] in ("+", "-"):
        moment = datetime.fromisoformat(value)
    else:
        return None
    return moment.isoformat() if moment.utcoffset() else None


def _point_rest(given: str, in_utc: str, description: str) -> str:
    """The ``data`` column of a point claim (as :func:`_rest` writes it)."""
    rest = {}
    if given != in_utc:
        rest["reported"] = given
    if description:
        rest["description"] = description
    return json.dumps(rest, ensure_ascii=False) if rest else "{}"


def stream(claims: Iterator[Claim] | Sequence[Claim], size: int, stamp: str, recorded_by: str) -> Iterator[ClaimBatch]:
    """:func:`claim_columns` of ``size`` claims at a time."""
    from .base import batched

    for batch in batched(claims, size):
        yield claim_columns(batch, stamp, recorded_by)
