"""The claim store: an append-only GeoPackage file that QGIS opens as layers.

Layout (GeoPackage 1.4, written with the standard library's sqlite3):

* ``claims``: every claim (features, mixed geometry, EPSG:4326): indexed columns for
  queries, the full claim as JSON in ``data``, and an R-tree on the geometry;
* ``claim_points``, ``claim_areas``, ``claim_lines``: views of ``claims`` by shape, so QGIS
  shows points, areas (sectors, polygons) and arrows/lines as separate layers;
* ``claim_sources``: each claimant and publisher, with how many claims and when;
* ``claim_links``: corroborates / contradicts / supersedes, one row per link.

Writes are one transaction each (``BEGIN IMMEDIATE``): a failure half-way leaves the
file as it was, and concurrent writers queue (SQLite's lock, 60 s timeout) instead
of losing rows. A claim already stored (same content id) is skipped, so importing
the same file twice adds nothing. Nothing is edited in place: a correction is a new
claim that supersedes the old one.

>>> import tempfile, pathlib
>>> from frontmap.claimfile import read_claims
>>> store = GeoPackageStore(pathlib.Path(tempfile.mkdtemp()) / "claims.gpkg")
>>> store.append(read_claims("examples/kursk-2025-01-05.yaml")), len(store)
(11, 11)
"""

from __future__ import annotations

import json
from contextlib import closing
import sqlite3
import struct
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timezone
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .model import Claim

__all__ = ["GeoPackageStore", "StoreError"]

SRS_ID = 4326
_VIEWS = {"claim_points": ("point", "POINT"), "claim_areas": ("sector', 'polygon", "POLYGON"),
          "claim_lines": ("arrow', 'line", "LINESTRING")}
_COLUMNS = [
    "id", "kind", "claimant", "side", "actor", "event_start", "event_end", "precision", "reported",
    "recorded", "publisher", "url", "summary", "quote", "verification", "shape", "uncertainty_km",
    "places", "minx", "maxx", "miny", "maxy", "data", "geom",
]


class StoreError(RuntimeError):
    """The store file cannot be used; the message names it and says why."""


def _gpkg_geometries(geometries: np.ndarray, bounds: np.ndarray) -> list[bytes | None]:
    """GeoPackage binaries: 'GP' header (version 0, little endian, xy envelope, SRS id), then WKB."""
    wkb = shapely.to_wkb(geometries, byte_order=1)
    return [
        None if blob is None else struct.pack("<2sBBi4d", b"GP", 0, 0b0000_0011, SRS_ID, minx, maxx, miny, maxy) + blob
        for blob, (minx, miny, maxx, maxy) in zip(wkb.tolist(), bounds.tolist(), strict=True)
    ]


def _timestamp(value: date | datetime | str) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, 23, 59, 59, tzinfo=timezone.utc).isoformat()
    return _timestamp(datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value))


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name));
CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
  UNIQUE (table_name, column_name, extension_name));
CREATE TABLE IF NOT EXISTS claims (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, claimant TEXT NOT NULL,
  side TEXT NOT NULL, actor TEXT NOT NULL, event_start TEXT NOT NULL, event_end TEXT NOT NULL, precision TEXT NOT NULL,
  reported TEXT NOT NULL, recorded TEXT NOT NULL, publisher TEXT, url TEXT, summary TEXT, quote TEXT,
  verification TEXT NOT NULL, shape TEXT, uncertainty_km REAL, places TEXT,
  minx REAL, maxx REAL, miny REAL, maxy REAL, data TEXT NOT NULL, geom GEOMETRY);
CREATE INDEX IF NOT EXISTS claims_event ON claims (event_start, event_end);
CREATE INDEX IF NOT EXISTS claims_reported ON claims (reported);
CREATE INDEX IF NOT EXISTS claims_kind ON claims (kind, side);
CREATE INDEX IF NOT EXISTS claims_claimant ON claims (claimant);
CREATE VIRTUAL TABLE IF NOT EXISTS rtree_claims_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TABLE IF NOT EXISTS claim_links (
  claim_id TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL, reported TEXT NOT NULL,
  PRIMARY KEY (claim_id, kind, target));
CREATE INDEX IF NOT EXISTS claim_links_target ON claim_links (target, kind);
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
  ('claims', 'features', 'claims', 'All claims, one row each (frontmap)', {SRS_ID}),
  ('claim_links', 'attributes', 'claim_links', 'Links between claims', NULL);
INSERT OR IGNORE INTO gpkg_geometry_columns VALUES ('claims', 'geom', 'GEOMETRY', {SRS_ID}, 0, 0);
CREATE TABLE IF NOT EXISTS claim_sources (
  fid INTEGER PRIMARY KEY, claimant TEXT NOT NULL, side TEXT NOT NULL, publisher TEXT, url TEXT,
  claims INTEGER NOT NULL, first_reported TEXT NOT NULL, last_reported TEXT NOT NULL);
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('claim_sources', 'attributes', 'claim_sources', 'Who made the claims and who relayed them');
INSERT OR IGNORE INTO gpkg_extensions VALUES ('claims', 'geom', 'gpkg_rtree_index',
  'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
""" + "".join(
    f"""
CREATE VIEW IF NOT EXISTS {view} AS SELECT fid, id, kind, claimant, side, actor, event_start, event_end, precision,
  reported, summary, verification, shape, uncertainty_km, places, geom FROM claims WHERE shape IN ('{shapes}');
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
  VALUES ('{view}', 'features', '{view}', 'Claims drawn as {geometry_type.lower()}s', {SRS_ID});
INSERT OR IGNORE INTO gpkg_geometry_columns VALUES ('{view}', 'geom', '{geometry_type}', {SRS_ID}, 0, 0);
"""
    for view, (shapes, geometry_type) in _VIEWS.items()
)


class GeoPackageStore:
    """Claims in a GeoPackage file (created on first use)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            with closing(self._connect()) as db:
                db.executescript("PRAGMA application_id = 1196444487; PRAGMA user_version = 10400;" + _SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable GeoPackage ({exc})") from None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        return db

    def __len__(self) -> int:
        with closing(self._connect()) as db:
            return db.execute("SELECT count(*) FROM claims").fetchone()[0]

    def append(self, claims: Iterable[Claim]) -> int:
        """Store claims in one transaction; returns how many were new (known ids are skipped)."""
        db = self._connect()
        try:
            db.execute("PRAGMA cache_size = -131072")  # 128 MiB: the id and time indexes of a large store stay cached
            db.execute("BEGIN IMMEDIATE")
            last_fid = db.execute("SELECT coalesce(max(fid), 0) FROM claims").fetchone()[0]
            now = datetime.now(timezone.utc)
            for batch in _batches(claims, 10_000):
                rows, links = _rows(batch, now)
                db.executemany(f"INSERT OR IGNORE INTO claims ({', '.join(_COLUMNS)}) "
                               f"VALUES ({', '.join('?' * len(_COLUMNS))})", rows)
                db.executemany("INSERT OR IGNORE INTO claim_links VALUES (?, ?, ?, ?)", links)
            db.execute("INSERT INTO rtree_claims_geom SELECT fid, minx, maxx, miny, maxy FROM claims "
                       "WHERE fid > ? AND geom IS NOT NULL", (last_fid,))
            db.execute("DELETE FROM claim_sources")
            db.execute("INSERT INTO claim_sources (claimant, side, publisher, url, claims, first_reported, last_reported) "
                       "SELECT claimant, side, publisher, url, count(*), min(reported), max(reported) FROM claims "
                       "GROUP BY claimant, side, publisher, url ORDER BY claimant")
            db.execute("UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
                       "min_x = (SELECT min(minx) FROM claims), max_x = (SELECT max(maxx) FROM claims), "
                       "min_y = (SELECT min(miny) FROM claims), max_y = (SELECT max(maxy) FROM claims) "
                       "WHERE table_name = 'claims'")
            new = db.execute("SELECT count(*) FROM claims WHERE fid > ?", (last_fid,)).fetchone()[0]
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()
        return new

    def query(self, *, start: date | str | None = None, end: date | str | None = None,
              kinds: Sequence[str] = (), sides: Sequence[str] = (), claimants: Sequence[str] = (),
              bbox: tuple[float, float, float, float] | None = None, place: str | None = None,
              known_on: date | datetime | str | None = None) -> list[Claim]:
        """Claims whose event overlaps [start, end] and that match every filter given.

        ``bbox`` is (min lon, min lat, max lon, max lat); ``place`` a gazetteer place id
        or name as written; ``known_on`` keeps claims reported by that date, minus those
        superseded by a claim reported by then.
        """
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
        sql = "SELECT data FROM claims" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY fid"
        with closing(self._connect()) as db:
            return [Claim.from_dict(json.loads(data)) for (data,) in db.execute(sql, args)]

    def get(self, claim_id: str) -> Claim:
        with closing(self._connect()) as db:
            row = db.execute("SELECT data FROM claims WHERE id = ?", (claim_id,)).fetchone()
        if row is None:
            raise KeyError(f"no claim {claim_id!r} in {self.path}")
        return Claim.from_dict(json.loads(row[0]))

    def to_geodataframe(self, **filters) -> gpd.GeoDataFrame:
        """The claims :meth:`query` selects, as a GeoDataFrame (EPSG:4326)."""
        claims = self.query(**filters)
        geometry = [c.geometry.geometry if c.geometry else None for c in claims]
        return gpd.GeoDataFrame(
            {"id": [c.id for c in claims], "kind": [c.kind.value for c in claims],
             "claimant": [c.claimant.name for c in claims], "side": [c.claimant.side.value for c in claims],
             "event_start": pd.to_datetime([c.event_time.start for c in claims]),
             "event_end": pd.to_datetime([c.event_time.end for c in claims]),
             "precision": [c.event_time.precision.value for c in claims],
             "reported": pd.to_datetime([c.reported for c in claims], utc=True),
             "verification": [c.verification.status.value for c in claims],
             "places": ["; ".join(p.name or p.as_written for p in c.places) for c in claims],
             "summary": [c.summary for c in claims]},
            geometry=geometry, crs="EPSG:4326",
        )


def _batches(items: Iterable[Claim], size: int) -> Iterable[list[Claim]]:
    batch: list[Claim] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _rows(claims: list[Claim], now: datetime) -> tuple[list[tuple], list[tuple]]:
    """Table rows and link rows for a batch of claims (geometry encoded in bulk)."""
    geometries = np.array([c.geometry.geometry if c.geometry else None for c in claims], dtype=object)
    bounds = shapely.bounds(geometries)
    rows, links = [], []
    blobs = _gpkg_geometries(geometries, bounds)
    stamp = now.isoformat()
    for claim, (minx, miny, maxx, maxy), blob in zip(claims, bounds.tolist(), blobs, strict=True):
        data, canonical = claim.serialised()
        claim_id = claim.id
        recorded = data["recorded"] or stamp
        # The stored JSON is the hashed content plus id and recorded: one dump per claim.
        stored = f'{{"id":"{claim_id}","recorded":"{recorded}",{canonical[1:]}'
        reported = claim.reported.astimezone(timezone.utc).isoformat()
        rows.append((
            claim_id, claim.kind.value, claim.claimant.name, claim.claimant.side.value, claim.actor.value,
            data["event_time"]["start"], data["event_time"]["end"], data["event_time"]["precision"], reported,
            recorded, claim.publisher.name if claim.publisher else None,
            claim.publisher.url if claim.publisher else None, claim.summary, claim.quote,
            claim.verification.status.value, claim.geometry.shape if claim.geometry else None,
            claim.geometry.uncertainty_km if claim.geometry else None,
            "|" + "|".join([p.as_written for p in claim.places] + [p.place_id for p in claim.places if p.place_id]) + "|",
            *((minx, maxx, miny, maxy) if blob is not None else (None,) * 4), stored, blob,
        ))
        links.extend((claim_id, link.kind.value, link.target, reported) for link in claim.links)
    return rows, links
