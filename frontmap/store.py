"""The claim store: an append-only GeoPackage file that QGIS opens as layers.

Layout (GeoPackage 1.4, written with the standard library's sqlite3):

* ``claims``: every claim (features, mixed geometry, EPSG:4326): a column for each plain field,
  indexes for the queries, an R-tree on the geometry, and in ``data``, as JSON, only
  what no column holds (places, magnitudes, links, notes; ``{}`` for most claims);
* ``claim_points``, ``claim_areas``, ``claim_lines``: views of ``claims`` by shape, so QGIS
  shows points, areas (sectors, polygons) and arrows/lines as separate layers;
* ``claim_sources``: each claimant and publisher, with how many claims and when;
* ``claim_links``: corroborates / contradicts / supersedes, one row per link.

Writes are one transaction each (``BEGIN IMMEDIATE``): a failure half-way leaves the
file as it was, and concurrent writers queue (SQLite's lock, 60 s timeout) instead
of losing rows. Readers do not wait, except for a large import, which writes with a
rollback journal (see :mod:`frontmap.store_writer`). A claim already stored (same
content id) is skipped, so importing the same file twice adds nothing. Nothing is
edited in place: a correction is a new claim that supersedes the old one.

>>> import tempfile, pathlib
>>> from frontmap.claimfile import read_claims
>>> store = GeoPackageStore(pathlib.Path(tempfile.mkdtemp()) / "claims.gpkg")
>>> store.append(read_claims("examples/kursk-2025-01-05.yaml")), len(store)
(11, 11)
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence, Sized
from contextlib import closing, contextmanager
from dataclasses import asdict
from datetime import date, datetime, timezone
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

from .model import Claim, ClaimGeometry, canonical_forms, content_id
from .store_writer import BULK_FROM, SRS_ID, Batch, WriterError, connect, create, write, write_in_child

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["GeoPackageStore", "StoreError"]

_BATCH = 10_000  # claims serialised and written at a time


class StoreError(RuntimeError):
    """The store file cannot be used; the message names it and says why."""


#: The GeoPackage binary header: 'GP', version 0, flags (little endian, xy envelope), SRS id, envelope.
_GP_HEADER = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs_id", "<i4"), ("envelope", "<f8", 4)])


def _gpkg_geometries(geometries: np.ndarray, envelopes: np.ndarray) -> list[bytes | None]:
    """GeoPackage geometry blobs: the header with the xy envelope (minx, maxx, miny, maxy), then WKB."""
    headers = np.zeros(len(geometries), dtype=_GP_HEADER)
    headers["magic"], headers["flags"], headers["srs_id"] = b"GP", 0b0000_0011, SRS_ID
    headers["envelope"] = envelopes
    return [None if blob is None else header + blob for header, blob in zip(
        headers.view(np.dtype((np.void, _GP_HEADER.itemsize))).tolist(), shapely.to_wkb(geometries, byte_order=1).tolist(),
        strict=True)]


def _timestamp(value: date | datetime | str) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, 23, 59, 59, tzinfo=timezone.utc).isoformat()
    return _timestamp(datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value))


class GeoPackageStore:
    """Claims in a GeoPackage file (created on first use)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            with closing(self._connect()) as db:
                create(db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable GeoPackage ({exc})") from None

    def _connect(self) -> sqlite3.Connection:
        return connect(self.path)

    def __len__(self) -> int:
        with closing(self._connect()) as db:
            return db.execute("SELECT count(*) FROM claims").fetchone()[0]

    def append(self, claims: Iterable[Claim]) -> int:
        """Store claims in one transaction; returns how many were new (known ids are skipped).

        From :data:`~frontmap.store_writer.BULK_FROM` claims on, a second process writes
        while this one serialises (see :mod:`frontmap.store_writer`).
        """
        batches = _batches(claims, _BATCH)
        first, second = next(batches, []), next(batches, None)
        expected = len(claims) if isinstance(claims, Sized) else len(first) + len(second or ())
        stamp = datetime.now(timezone.utc).isoformat()
        rows = (_rows(batch, stamp) for batch in chain([first], [second] if second else [], batches))
        with _collector_paused():
            if expected < BULK_FROM:
                with closing(self._connect()) as db:
                    return write(db, rows, expected)
            try:
                return write_in_child(self.path, rows, expected)
            except WriterError as exc:
                raise StoreError(f"{self.path}: {exc}") from None

    def query(self, *, start: date | str | None = None, end: date | str | None = None,
              kinds: Sequence[str] = (), sides: Sequence[str] = (), claimants: Sequence[str] = (),
              bbox: tuple[float, float, float, float] | None = None, place: str | None = None,
              known_on: date | datetime | str | None = None) -> list[Claim]:
        """Claims whose event overlaps [start, end] and that match every filter given.

        ``bbox`` is (min lon, min lat, max lon, max lat); ``place`` a gazetteer place id
        or name as written; ``known_on`` keeps claims reported by that date, minus those
        superseded by a claim reported by then.
        """
        sql, args = _select(_READ, start=start, end=end, kinds=kinds, sides=sides, claimants=claimants,
                            bbox=bbox, place=place, known_on=known_on)
        with closing(self._connect()) as db:
            return _claims(db.execute(sql, args).fetchall())

    def get(self, claim_id: str) -> Claim:
        with closing(self._connect()) as db:
            rows = db.execute(f"SELECT {_READ} FROM claims WHERE id = ?", (claim_id,)).fetchall()
        if not rows:
            raise KeyError(f"no claim {claim_id!r} in {self.path}")
        return _claims(rows)[0]

    def to_geodataframe(self, **filters) -> gpd.GeoDataFrame:
        """The claims :meth:`query` selects, as a GeoDataFrame (EPSG:4326), one row per claim.

        Read straight from the columns, without building :class:`~frontmap.model.Claim`
        objects, so that exporting a large store takes seconds.
        """
        import geopandas as gpd
        import pandas as pd

        sql, args = _select("id, kind, claimant, side, event_start, event_end, precision, reported, verification, "
                            "data, summary, geom", **filters)
        with closing(self._connect()) as db:
            frame = pd.DataFrame(db.execute(sql, args).fetchall(), columns=[
                "id", "kind", "claimant", "side", "event_start", "event_end", "precision", "reported",
                "verification", "data", "summary", "geom"])
        for column in ("event_start", "event_end"):
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")  # dates: a day is the unit
        frame["reported"] = pd.to_datetime(frame["reported"], utc=True, format="ISO8601")
        # Places are in data (as written and resolved), as in rows of earlier versions.
        frame["places"] = ["; ".join(p["name"] or p["as_written"] for p in json.loads(data).get("places", ()))
                           if '"places"' in data else "" for data in frame.pop("data")]
        geometry = shapely.from_wkb([None if blob is None else _wkb(blob) for blob in frame.pop("geom")])
        return gpd.GeoDataFrame(frame[["id", "kind", "claimant", "side", "event_start", "event_end", "precision",
                                       "reported", "verification", "places", "summary"]],
                                geometry=geometry, crs="EPSG:4326")


def _select(columns: str, *, start: date | str | None = None, end: date | str | None = None,
            kinds: Sequence[str] = (), sides: Sequence[str] = (), claimants: Sequence[str] = (),
            bbox: tuple[float, float, float, float] | None = None, place: str | None = None,
            known_on: date | datetime | str | None = None) -> tuple[str, list]:
    """The SQL (and its arguments) that selects ``columns`` of the claims matching the filters, in fid order."""
    where, args = [], []
    if start is not None:
        where.append("event_end >= ?")
        args.append(str(start))
    if end is not None:
        where.append("event_start <= ?")
        args.append(str(end))
    for column, values in (("kind", kinds), ("side", sides), ("claimant", claimants)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            args.extend(values)
    if bbox is not None:
        minx, miny, maxx, maxy = bbox
        where.append("fid IN (SELECT id FROM rtree_claims_geom WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?)")
        args.extend([maxx, minx, maxy, miny])
    if place is not None:
        where.append("places LIKE ?")
        args.append(f"%|{place}|%")
    if known_on is not None:
        cutoff = _timestamp(known_on)
        where.append("reported <= ? AND id NOT IN (SELECT l.target FROM claim_links l JOIN claims c "
                     "ON c.id = l.claim_id WHERE l.kind = 'supersedes' AND c.reported <= ?)")
        args.extend([cutoff, cutoff])
    return f"SELECT {columns} FROM claims" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY fid", args


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: rows hold no cycles, and with a million claims alive
    its passes cost more than serialising them (13 against 20 µs a claim on 50,000)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _batches(items: Iterable[Claim], size: int) -> Iterator[list[Claim]]:
    batch: list[Claim] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _rest(claim: Claim) -> str:
    """The ``data`` column: what the other columns do not hold, as JSON (``{}`` for most claims)."""
    rest: dict = {}
    if claim.reported.tzinfo is not timezone.utc:  # the column holds UTC; the id hashes the offset as given
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
    return json.dumps(rest, ensure_ascii=False) if rest else "{}"


def _rows(claims: list[Claim], stamp: str) -> Batch:
    """A batch's table rows (:data:`~frontmap.store_writer.COLUMNS`), link rows and envelopes.

    ``stamp`` is the recording time of claims that have none. Ids are worked out here,
    with the columns, and not kept on the claims: a million claims would each grow a
    ``__dict__`` for them (1-1.5 µs a claim).
    """
    shapes = np.array([None if c.geometry is None else c.geometry.geometry for c in claims], dtype=object)
    bounds = shapely.bounds(shapes)
    envelopes = bounds[:, [0, 2, 1, 3]]  # minx, maxx, miny, maxy: the GeoPackage and R-tree order
    rows, links = [], []
    utc = timezone.utc
    for claim, (canonical, plain), blob in zip(claims, canonical_forms(claims, bounds),
                                               _gpkg_geometries(shapes, envelopes), strict=True):
        claim_id, publisher, places, recorded = content_id(canonical), claim.publisher, claim.places, claim.recorded
        reported = plain[7] if claim.reported.tzinfo is utc else claim.reported.astimezone(utc).isoformat()
        rows.append((
            claim_id, *plain[:7], reported, recorded.isoformat() if recorded else stamp,
            publisher.name if publisher else None, publisher.url if publisher else None, *plain[8:],
            "|" + "|".join([p.as_written for p in places] + [p.place_id for p in places if p.place_id]) + "|"
            if places else "||",
            _rest(claim), blob,
        ))
        if claim.links:
            links.extend((claim_id, link.kind._value_, link.target, reported) for link in claim.links)
    return rows, links, envelopes


#: The columns a claim is read back from, in the order :func:`_claims` unpacks them.
_READ = ("id, kind, claimant, side, actor, event_start, event_end, precision, reported, recorded, publisher, url, "
         "summary, quote, verification, shape, uncertainty_km, data, geom")


def _claims(rows: list[tuple]) -> list[Claim]:
    """Claims from :data:`_READ` rows. Each is checked against its stored id, so a bad read cannot pass.

    Stores written before frontmap 0.2 hold the whole claim in ``data``; those rows are read from it.
    """
    geometries = shapely.from_wkb([None if row[-1] is None else _wkb(row[-1]) for row in rows])
    claims = []
    for (claim_id, kind, claimant, side, actor, start, end, precision, reported, recorded, publisher, url,
         summary, quote, verification, shape, uncertainty_km, data, _), geometry in zip(rows, geometries, strict=True):
        rest = json.loads(data)
        if "claimant" in rest:  # the whole claim, as earlier versions stored it
            claims.append(Claim.from_dict(rest))
            continue
        claims.append(Claim.from_dict({
            "id": claim_id, "claimant": {"name": claimant, "side": side}, "kind": kind, "actor": actor,
            "event_time": {"start": start, "end": end, "precision": precision},
            "reported": rest.pop("reported", reported), "recorded": recorded, "summary": summary, "quote": quote,
            "publisher": publisher and {"name": publisher, "url": url, "published": rest.pop("published", None)},
            "geometry": geometry and ClaimGeometry(shape, geometry, uncertainty_km, rest.pop("description", "")),
            "verification": {"status": verification, **rest.pop("verification", {})}, **rest,
        }))
    return claims


def _wkb(blob: bytes) -> bytes:
    """The WKB inside a GeoPackage geometry blob (after the header and its envelope)."""
    envelope = (0, 32, 48, 48, 64)[(blob[3] >> 1) & 0b111]
    return blob[8 + envelope:]
