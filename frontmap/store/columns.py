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
from datetime import UTC
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import shapely

from ..model import Claim, ClaimError, ClaimGeometry, canonical_forms, content_id
from .base import report_bad_row

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["COLUMNS", "EXPORT", "ClaimBatch", "claim_columns", "claims_from_rows", "frame_of_rows"]

#: The stored columns, in order; ``geom`` is the geometry (WKB when read back).
COLUMNS = ("id", "kind", "claimant", "side", "actor", "event_start", "event_end", "precision", "reported",
           "recorded", "recorded_by", "publisher", "url", "summary", "quote", "verification", "shape",
           "uncertainty_km", "places", "data", "geom")
#: The columns a claim is read back from, in the order :func:`claims_from_rows` unpacks them.
READ = tuple(c for c in COLUMNS if c not in ("places",))
#: The columns stored as they are (all but the geometry, which is last).
STORED = COLUMNS[:-1]
_TYPES = {"uncertainty_km": pa.float64()}  #: Arrow types of the columns that are not text


@dataclass
class ClaimBatch:
    """A batch of claims as columns: ``table`` (Arrow, :data:`COLUMNS` but ``geom``), the geometries as WKB,
    their bounds and the links; shapely objects are made only if asked for (:attr:`geometries`)."""

    table: pa.Table
    wkb: pa.Array  #: each geometry as little-endian ISO WKB (null for a claim without one)
    bounds: np.ndarray  #: (n, 4) minx, miny, maxx, maxy (NaN without geometry)
    links: list[tuple[str, str, str, str]]  #: (claim id, kind, target, reported UTC)

    def __len__(self) -> int:
        return self.table.num_rows

    @cached_property
    def geometries(self) -> np.ndarray:
        """The geometries as shapely objects (None for a claim without one)."""
        return shapely.from_wkb(self.wkb.to_numpy(zero_copy_only=False))

    @cached_property
    def columns(self) -> dict[str, list]:
        """The columns as lists of Python values (name → list)."""
        return self.table.to_pydict()

    def rows(self) -> list[tuple]:
        """The batch as :data:`READ` rows with WKB geometries, as an engine reads them back."""
        wkb = self.wkb.to_pylist()
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
    columns = zip(*rows, strict=True) if rows else [()] * len(STORED)
    table = pa.table({name: pa.array(values, _TYPES.get(name, pa.string())) for name, values in
                      zip(STORED, columns, strict=True)})
    return ClaimBatch(table, pa.array(shapely.to_wkb(geometries, byte_order=1), pa.binary()), bounds, links)


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


def stream(claims: Iterator[Claim] | Sequence[Claim], size: int, stamp: str, recorded_by: str) -> Iterator[ClaimBatch]:
    """:func:`claim_columns` of ``size`` claims at a time."""
    from .base import batched

    for batch in batched(claims, size):
        yield claim_columns(batch, stamp, recorded_by)


#: The columns an export reads from either engine; :func:`frame_of_rows` expands ``data``.
EXPORT = ("id", "kind", "claimant", "side", "actor", "event_start", "event_end", "precision", "reported", "recorded",
          "recorded_by", "publisher", "url", "summary", "quote", "verification", "shape", "uncertainty_km", "data",
          "geom")


#: The exported columns a frame holds as they are stored.
_AS_STORED = tuple(c for c in EXPORT if c not in ("event_start", "event_end", "reported", "recorded", "data", "geom"))


def _joined(values) -> str:
    return "; ".join(str(value) for value in values if value not in (None, ""))


def _magnitude(m: dict) -> str:
    return f"{'~' if m.get('approximate') else ''}{m['value']:g} {m.get('unit', '')} {m.get('item', '')}".strip()


def _datetimes(values: np.ndarray, utc: bool = False):
    """A column of dates or times as pandas datetimes, from ISO 8601 text or from Python dates or datetimes (as
    PostgreSQL's driver reads them: converted by Arrow, not printed and parsed again); times (``utc``) in
    microseconds either way, so that an export's types do not depend on its engine or its rows.

    >>> from datetime import date, datetime, timedelta, timezone
    >>> import pandas as pd
    >>> [str(pd.Timestamp(_datetimes(np.array(v, dtype=object))[0])) for v in (["2025-01-05"], [date(2025, 1, 5)])]
    ['2025-01-05 00:00:00', '2025-01-05 00:00:00']
    >>> kyiv = datetime(2025, 1, 5, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    >>> [str(_datetimes(np.array(v, dtype=object), utc=True)[0]) for v in (["2025-01-05T14:30:00+02:00"], [kyiv])]
    ['2025-01-05 12:30:00+00:00', '2025-01-05 12:30:00+00:00']
    """
    import pandas as pd

    if len(values) and not isinstance(values[0], str):
        if not utc:  # a day: Arrow's own dates to seconds, straight to NumPy
            return pa.array(values, pa.date32()).cast(pa.timestamp("s")).to_numpy(zero_copy_only=False)
        moments = pa.array(values, pa.timestamp("us", tz="UTC")).cast(pa.timestamp("us"))
        return pd.DatetimeIndex(moments.to_numpy(zero_copy_only=False)).tz_localize("UTC")
    texts = pd.Series(values, dtype=object, copy=False).astype(str)  # pandas' own text: parsed faster than NumPy's
    if not utc:
        return pd.to_datetime(texts)
    return pd.to_datetime(texts, utc=True, format="ISO8601").dt.as_unit("us")  # as Arrow's, whatever pandas infers


def frame_of_rows(frame, links=()) -> gpd.GeoDataFrame:
    """A GeoDataFrame of claim rows, as every engine exports them: every field of the claim, lists joined with
    ``"; "``, ``links`` as ``"kind target"``.

    ``frame`` maps each :data:`EXPORT` column to its values (a DataFrame of the rows, or a dict of sequences):
    ``data`` as JSON text, ``geom`` as WKB, dates and times as ISO 8601 text or as Python dates and datetimes.
    The claims' links are ``links``, (claim id, kind, target) triples, or, if ``frame`` has a ``links`` column,
    that column: each claim's links joined already (None for none).
    """
    from collections import defaultdict

    import geopandas as gpd
    import pandas as pd

    # The columns as arrays, made into one frame at the end: a frame built from Series aligns their indexes, and
    # setting a frame's columns one by one costs more than a small query's rows (a 30-day 1x1 degree window).
    if isinstance(frame, pd.DataFrame):  # its columns at once (a frame of objects is one array: no copy)
        frame = dict(zip(frame.columns, frame.to_numpy(dtype=object).T, strict=True))
    columns = {name: np.asarray(frame[name], dtype=object) for name in EXPORT}
    rows = len(columns["id"])
    for column in ("event_start", "event_end"):
        columns[column] = _datetimes(columns[column]).astype("datetime64[s]")  # dates: a day is the unit
    for column in ("reported", "recorded"):
        columns[column] = _datetimes(columns[column], utc=True)
    texts = columns["data"].tolist()
    data = {row: json.loads(text) for row, text in enumerate(texts) if text != "{}"}  # "{}": most claims
    # Text a claim's empty data leaves blank: one array for every such column (pandas copies it into each).
    blank = pd.array([""] * rows, dtype="str") if rows else []

    def expanded(value) -> list:
        """``value(data)`` of each row ("" for a row whose data is empty)."""
        if not data:
            return blank
        values = [""] * rows
        for row, d in data.items():
            values[row] = value(d)
        return values

    if "links" in frame:
        joined = [text or "" for text in frame["links"]]
    else:
        by_claim = defaultdict(list)
        for claim, kind, target in links:
            by_claim[claim].append(f"{kind} {target}")
        joined = [_joined(by_claim[claim]) for claim in columns["id"]] if by_claim else []
    published = [None] * rows
    for row, d in data.items():
        published[row] = d.get("published")
    columns.update(
        published=pd.to_datetime(published, utc=True, format="ISO8601").as_unit("us") if any(published)
        else pd.DatetimeIndex(published, dtype="datetime64[us, UTC]"),
        description=expanded(lambda d: d.get("description", "")),
        places=expanded(lambda d: _joined(p.get("name") or p.get("as_written") for p in d.get("places") or ())),
        places_as_written=expanded(lambda d: _joined(p.get("as_written") for p in d.get("places") or ())),
        place_ids=expanded(lambda d: _joined(p.get("place_id") for p in d.get("places") or ())),
        magnitudes=expanded(lambda d: _joined(_magnitude(m) for m in d.get("magnitudes") or ())),
        verification_note=expanded(lambda d: (d.get("verification") or {}).get("note", "")),
        confirmed_by=expanded(lambda d: _joined((d.get("verification") or {}).get("confirmed_by") or ())),
        disputed_by=expanded(lambda d: _joined((d.get("verification") or {}).get("disputed_by") or ())),
        links=joined if any(joined) else blank if rows else "",
    )
    geometry = shapely.from_wkb(columns["geom"], on_invalid="ignore")
    order = ["id", "kind", "claimant", "side", "actor", "event_start", "event_end", "precision", "reported",
             "recorded", "recorded_by", "publisher", "url", "published", "summary", "quote", "description", "places",
             "places_as_written", "place_ids", "shape", "uncertainty_km", "magnitudes", "verification",
             "verification_note", "confirmed_by", "disputed_by", "links"]
    for name in _AS_STORED:  # as Python values (object): pandas would make a plain array of text its str dtype
        columns[name] = pd.Index(columns[name], dtype=object, copy=False)
    columns["geometry"] = gpd.array.from_shapely(geometry, crs="EPSG:4326")
    return gpd.GeoDataFrame({name: columns[name] for name in [*order, "geometry"]}, geometry="geometry")
