"""Claims in a GeoPackage file: one analyst's store, which QGIS and ``ogrinfo`` open as layers.

Layout (GeoPackage 1.4):

* ``claims``: every claim (features, mixed geometry, EPSG:4326), the columns of
  :data:`~frontmap.store.columns.COLUMNS`, a unique index on the content id and an
  R-tree on the geometry;
* ``claim_points``, ``claim_areas``, ``claim_lines``: views of ``claims`` by shape, so
  QGIS shows points, areas (sectors, polygons) and arrows/lines as separate layers;
* ``claim_sources``: each claimant and publisher, with how many claims and when;
* ``claim_links``: corroborates / contradicts / supersedes, one row per link;
* ``frontmap_meta``: the store's format version (:data:`FORMAT`).

GDAL (through pyogrio, from Arrow batches) writes an import's new rows into a new
GeoPackage file, a batch at a time, so memory stays bounded. Into a new store (no file at
the path yet), that file is finished (indexes, R-trees, sources) and linked to the path
in one step: killed before, there is no store; after, a whole one. Into an existing store,
one SQLite transaction (``BEGIN IMMEDIATE``) copies the rows whose id the store does not
hold yet into ``claims``, their boxes into the R-trees and their links into ``claim_links``:
an import killed at any point leaves the store as it was, two writers queue for it and
lose nothing, and readers (WAL mode) see the store before or after it, never half-way.

Reading commands open the file read-only and only after checking that it is a frontmap
store (:func:`inspect`): another tool's GeoPackage, a plain SQLite database, a damaged
file or a store of a newer format is refused with one clear :class:`StoreError`.

>>> import tempfile, pathlib
>>> from frontmap.claimfile import read_claims
>>> store = GeoPackageStore(pathlib.Path(tempfile.mkdtemp()) / "claims.gpkg")
>>> store.append(read_claims("examples/kursk-2025-01-05.yaml")), len(store)
(11, 11)
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import numpy as np
import pyarrow as pa

from ..model import Claim
from . import packed_rtree
from .base import ClaimStore, Filters, StoreError, cutoff
from .columns import COLUMNS, EXPORT, READ, STORED, ClaimBatch, claims_from_rows, frame_of_rows

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["FORMAT", "GeoPackageStore", "StoreFile", "inspect"]

#: The store format this version writes and reads. 2: frontmap 0.1-0.2 (no ``frontmap_meta``);
#: 3: ``recorded_by`` and ``frontmap_meta``.
FORMAT = 3
_WAIT_SECONDS = 60
_GPKG_ID = 0x47504B47  # 'GPKG', the GeoPackage application id
SRS_ID = 4326
_VIEWS = {"claim_points": ("point", "POINT"), "claim_areas": ("sector', 'polygon", "POLYGON"),
          "claim_lines": ("arrow', 'line", "LINESTRING")}

_DESCRIPTION = "All claims, one row each (frontmap)"
#: The columns that may be NULL (a claim without publisher, geometry...; ``recorded_by`` in stores of format 2).
_NULLABLE = ("recorded_by", "publisher", "url", "summary", "quote", "shape", "uncertainty_km", "places")
#: The ``claims`` layer as GDAL writes it from Arrow batches (:func:`_stage`); :data:`_SCHEMA` creates the same.
ARROW_SCHEMA = pa.schema([pa.field(name, pa.float64() if name == "uncertainty_km" else pa.string(),
                                   nullable=name in _NULLABLE) for name in STORED]
                         + [pa.field("geom", pa.binary(), metadata={"ARROW:extension:name": "ogc.wkb"})])
_CLAIMS_COLUMNS = ", ".join(["fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "geom GEOMETRY"] + [
    f"{f.name} {'REAL' if f.type == pa.float64() else 'TEXT'}{'' if f.nullable else ' NOT NULL'}"
    for f in ARROW_SCHEMA if f.name != "geom"])

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
CREATE TABLE IF NOT EXISTS claims ({_CLAIMS_COLUMNS});
CREATE VIRTUAL TABLE IF NOT EXISTS rtree_claims_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE VIRTUAL TABLE IF NOT EXISTS rtree_claims_event USING rtree(id, minx, maxx, miny, maxy);
CREATE TABLE IF NOT EXISTS claim_links (
  claim_id TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL, reported TEXT NOT NULL,
  PRIMARY KEY (claim_id, kind, target));
CREATE INDEX IF NOT EXISTS claim_links_target ON claim_links (target, kind);
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
  ('claims', 'features', 'claims', '{_DESCRIPTION}', {SRS_ID}),
  ('claim_links', 'attributes', 'claim_links', 'Links between claims', NULL);
INSERT OR IGNORE INTO gpkg_geometry_columns VALUES ('claims', 'geom', 'GEOMETRY', {SRS_ID}, 0, 0);
INSERT OR IGNORE INTO gpkg_extensions VALUES ('claims', 'geom', 'gpkg_rtree_index',
  'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE TABLE IF NOT EXISTS claim_sources (
  fid INTEGER PRIMARY KEY, claimant TEXT NOT NULL, side TEXT NOT NULL, publisher TEXT, url TEXT,
  claims INTEGER NOT NULL, first_reported TEXT NOT NULL, last_reported TEXT NOT NULL);
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('claim_sources', 'attributes', 'claim_sources', 'Who made the claims and who relayed them');
CREATE TABLE IF NOT EXISTS frontmap_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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

#: The indexes of ``claims`` but its R-trees; a new store builds them after its rows (:func:`_publish`).
_ID_INDEX = "CREATE UNIQUE INDEX IF NOT EXISTS claims_id ON claims (id);"
_CLAIMANT_INDEX = "CREATE INDEX IF NOT EXISTS claims_claimant ON claims (claimant);"


@dataclass(frozen=True)
class StoreFile:
    """What :func:`inspect` found at a path: ``state`` is "missing", "empty", "foreign" (another
    tool's GeoPackage) or "ours" (then ``version`` is its format)."""

    state: str
    version: int = 0


def inspect(path: Path) -> StoreFile:
    """Look at ``path`` without writing to it; :class:`StoreError` if it cannot be a store.

    Reads the SQLite header (application id, size) and, read-only, the table names.
    """
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a store file; give a .gpkg file name")
    if not path.exists():
        return StoreFile("missing")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror})") from None
    if not header:
        return StoreFile("empty")
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        raise StoreError(f"{path}: not a GeoPackage (not an SQLite file; damaged, or another kind of file)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages, counter, valid_for = (int.from_bytes(header[at:at + 4], "big") for at in (28, 24, 92))
    if pages and counter == valid_for and path.stat().st_size < pages * page_size:
        raise StoreError(f"{path}: damaged: the file is truncated ({path.stat().st_size:,} of "
                         f"{pages * page_size:,} bytes); restore it from a backup")
    with _errors(path), closing(_connect(path, readonly=True)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if int.from_bytes(header[68:72], "big") != _GPKG_ID:
            raise StoreError(f"{path}: an SQLite database that is not a GeoPackage ({len(tables)} tables); "
                             "frontmap will not turn it into a claim store: give a new .gpkg file name")
        if "claims" not in tables:
            return StoreFile("foreign")
        columns = {name for (name,) in db.execute("SELECT name FROM pragma_table_info('claims')")}
        if not {"id", "data", "geom", "event_start"} <= columns:
            return StoreFile("foreign")
        if "frontmap_meta" not in tables:
            return StoreFile("ours", 2)
        row = db.execute("SELECT value FROM frontmap_meta WHERE key = 'format'").fetchone()
    return StoreFile("ours", int(row[0]) if row else 2)


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode that waits up to 60 s for another writer's lock."""
    if readonly:
        db = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=_WAIT_SECONDS,
                             isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            if os.access(path.parent, os.W_OK):
                db.close()
                raise
            # A WAL store in a directory this user cannot write (no -shm can be made): no one writes it here.
            db.close()
            db = sqlite3.connect(f"file:{quote(str(path.resolve()))}?immutable=1", uri=True, isolation_level=None)
        return db
    return sqlite3.connect(path, timeout=_WAIT_SECONDS, isolation_level=None)


@contextmanager
def _errors(path: Path, doing: str = "") -> Iterator[None]:
    """Turn SQLite's and the file system's errors into one :class:`StoreError` naming the file."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        code = getattr(exc, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_FULL or "disk is full" in text:
            why = "the disk is full (or a file size limit was reached); nothing was stored, free some space and retry"
        elif code == sqlite3.SQLITE_READONLY or "readonly" in text:
            why = "the file is read-only; nothing was stored"
        elif code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text:
            why = f"damaged ({text}); restore it from a backup"
        elif code == sqlite3.SQLITE_BUSY or "locked" in text:
            why = f"another program held the file for over {_WAIT_SECONDS} s; nothing was stored, retry"
        else:
            why = text
        raise StoreError(f"{path}: {doing}{why}") from None
    except OSError as exc:
        why = "the disk is full (or a file size limit was reached); nothing was stored" \
            if exc.errno in (errno.ENOSPC, errno.EFBIG) else exc.strerror or str(exc)
        raise StoreError(f"{path}: {doing}{why}") from None


class GeoPackageStore(ClaimStore):
    """Claims in a GeoPackage file.

    ``mode="r"``: the file must be a frontmap store; it is only ever opened read-only.
    ``mode="w"``: a missing (or empty) file becomes a new store, a store of an earlier
    format is upgraded, another tool's GeoPackage only with ``init=True`` (frontmap's
    layers are added beside its own).
    """

    def __init__(self, path: str | Path, *, mode: str = "w", init: bool = False):
        self.path = Path(path)
        self.location = str(self.path)
        self.writable = mode == "w"
        found = inspect(self.path)
        if found.state == "ours" and found.version > FORMAT:
            raise StoreError(f"{self.path}: written by a newer frontmap (store format {found.version}; this version "
                             f"reads up to {FORMAT}); upgrade frontmap to use it")
        if mode == "r":
            if found.state != "ours":
                raise StoreError(f"{self.path}: " + {
                    "missing": "no such store; create one with `frontmap claims import FILE --store PATH`",
                    "empty": "an empty file, not a store",
                    "foreign": "a GeoPackage without frontmap claims"}[found.state])
            self._version = found.version
            return
        self._init = init
        if found.state != "missing":  # a missing store is written whole by its first import (:meth:`append_batches`)
            self._prepare(found)
        elif not os.access(self.path.parent, os.W_OK):
            raise StoreError(f"{self.path}: cannot create the store here: permission denied")
        self._version = FORMAT

    def _prepare(self, found: StoreFile) -> None:
        """Make the file ``found`` at the path a store of :data:`FORMAT`: create, upgrade or refuse it."""
        if found.state == "foreign" and not self._init:
            raise StoreError(f"{self.path}: another tool's GeoPackage; frontmap adds its claim layers to it only "
                             "when asked to (--init)")
        if found.state != "ours" or found.version < FORMAT:
            self._create(upgrade=found.state == "ours")

    def _create(self, upgrade: bool) -> None:
        if not os.access(self.path.parent, os.W_OK) or (self.path.exists() and not os.access(self.path, os.W_OK)):
            raise StoreError(f"{self.path}: cannot create or upgrade the store here: permission denied")
        with _errors(self.path, "cannot create the store: "), closing(_connect(self.path)) as db:
            db.execute("PRAGMA journal_mode = WAL")
            script = ["BEGIN IMMEDIATE;"]
            if db.execute("PRAGMA application_id").fetchone()[0] == 0:
                script.append(f"PRAGMA application_id = {_GPKG_ID}; PRAGMA user_version = 10400;")
            if upgrade:
                script.append(_upgrade(db))
            script.append(_SCHEMA + _CLAIMANT_INDEX)
            if upgrade:  # the event index is new in format 3
                script.append("INSERT INTO rtree_claims_event SELECT fid, julianday(event_start), julianday(event_end), "
                              "0, 0 FROM claims;")
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_autoindex_claims_1'").fetchone():
                script.append(_ID_INDEX)  # frontmap 0.1 declared id UNIQUE instead
            script.append(f"INSERT OR REPLACE INTO frontmap_meta VALUES ('format', '{FORMAT}'); COMMIT;")
            try:
                db.executescript("\n".join(script))
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def _connect(self, readonly: bool = True) -> sqlite3.Connection:
        if self.writable and not self.path.exists():  # read before the first import: an empty store
            self._prepare(inspect(self.path))
        return _connect(self.path, readonly=readonly)

    def __len__(self) -> int:
        with _errors(self.path), closing(self._connect()) as db:
            return db.execute("SELECT count(*) FROM claims").fetchone()[0]

    def append_batches(self, batches: Iterable[ClaimBatch]) -> int:
        if not self.writable:
            raise StoreError(f"{self.path}: opened for reading only")
        new = not self.path.exists()
        # A new store is written whole beside its path, then linked to it: on the same file system.
        with _errors(self.path), tempfile.TemporaryDirectory(prefix=f".{self.path.name}.import-" if new else
                                                             "frontmap-import-", dir=self.path.parent if new else None) \
                as scratch:
            staging = Path(scratch) / self.path.name
            if new:
                staged = _stage(staging, iter(batches), None)
                if _publish(staging, self.path, staged):
                    return len(staged.boxes) - len(staged.repeated)
                self._prepare(inspect(self.path))  # another writer made the store meanwhile: merge into it
            else:
                with closing(self._connect()) as reader:
                    holds_claims = reader.execute("SELECT EXISTS (SELECT 1 FROM claims)").fetchone()[0]
                    staged = _stage(staging, iter(batches), reader if holds_claims else None)
            if not len(staged.boxes):
                return 0
            with _errors(self.path, "the import failed: "), closing(_connect(self.path)) as db:
                return _merge(db, staging, staged)

    def batches(self, size: int = 10_000, **filters) -> Iterator[list[Claim]]:
        sql, args = self._select(self._read_columns(), Filters(**filters))
        with _errors(self.path), closing(self._connect()) as db:
            cursor = db.execute(sql, args)
            while rows := cursor.fetchmany(size):
                yield self._claims(rows)

    def _read_columns(self, names: Sequence[str] = READ) -> str:
        """``names`` (:data:`READ` by default), with NULL for ``recorded_by`` in stores of format 2, which have no such column."""
        return ", ".join("NULL" if name == "recorded_by" and self._version < 3 else name for name in names)

    def _claims(self, rows: list[tuple]) -> list[Claim]:
        """The claims of rows of :data:`READ` (the geometry last, as a GeoPackage blob)."""
        return claims_from_rows([(*row[:-1], _wkb(row[-1])) for row in rows], self.location)

    def _get(self, claim_id: str) -> Claim | None:
        with _errors(self.path), closing(self._connect()) as db:
            rows = db.execute(f"SELECT {self._read_columns()} FROM claims WHERE id = ?", (claim_id,)).fetchall()
        found = self._claims(rows)
        return found[0] if found else None

    def links(self, claim_id: str | None = None) -> list[tuple[str, str, str]]:
        sql = "SELECT claim_id, kind, target FROM claim_links"
        with _errors(self.path), closing(self._connect()) as db:
            if claim_id is None:
                return db.execute(sql + " ORDER BY rowid").fetchall()
            return db.execute(sql + " WHERE claim_id = ? OR target = ? ORDER BY rowid", (claim_id, claim_id)).fetchall()

    def to_geodataframe(self, **filters) -> gpd.GeoDataFrame:
        """The claims :meth:`query` selects, as a GeoDataFrame (EPSG:4326), one row per claim.

        Read straight from the columns, without building claims, so that exporting a large store takes seconds.
        """
        import pandas as pd

        sql, args = self._select(self._read_columns(EXPORT), Filters(**filters))
        with _errors(self.path), closing(self._connect()) as db:
            db.execute("BEGIN")  # the claims and their links from one snapshot, though a writer commits between
            frame = pd.DataFrame(db.execute(sql, args).fetchall(), columns=list(EXPORT), dtype=object)
            ours = "" if not filters else " WHERE claim_id IN (SELECT value FROM json_each(?))"  # these claims' only
            links = db.execute(f"SELECT claim_id, kind, target FROM claim_links{ours} ORDER BY rowid",
                               (json.dumps(frame["id"].tolist()),) if ours else ()).fetchall()
            db.execute("COMMIT")
        frame["geom"] = [_wkb(blob) for blob in frame["geom"]]
        return frame_of_rows(frame, links)

    def _select(self, columns: str, filters: Filters) -> tuple[str, list]:
        """The SQL (and its arguments) that selects ``columns`` of the claims matching ``filters``, in fid order."""
        where, args = [], []
        whole = filters.bbox is None or self._covers_all(filters.bbox)
        if (filters.start is not None or filters.end is not None) and whole and self._version >= 3:
            # The event index finds a window's claims without reading the others (x: Julian days of the event).
            where.append("fid IN (SELECT id FROM rtree_claims_event WHERE minx <= coalesce(julianday(?), 1e9) "
                         "AND maxx >= coalesce(julianday(?), -1e9))")
            args.extend([filters.end, filters.start])
        if filters.start is not None:
            where.append("event_end >= ?")
            args.append(filters.start)
        if filters.end is not None:
            where.append("event_start <= ?")
            args.append(filters.end)
        for column, values in (("kind", filters.kinds), ("side", filters.sides), ("claimant", filters.claimants)):
            if values:
                where.append(f"{column} IN ({', '.join('?' * len(values))})")
                args.extend(values)
        if filters.bbox is not None:
            minx, miny, maxx, maxy = filters.bbox
            if whole:  # the R-tree would look up every claim: a scan is 10x faster
                where.append("geom IS NOT NULL")
            else:
                where.append("fid IN (SELECT id FROM rtree_claims_geom WHERE minx <= ? AND maxx >= ? "
                             "AND miny <= ? AND maxy >= ?)")
                args.extend([maxx, minx, maxy, miny])
        if filters.place is not None:
            where.append("places LIKE ? ESCAPE '\\'")
            args.append("%|" + filters.place.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "|%")
        if filters.known_on is not None:
            moment = cutoff(filters.known_on).isoformat()
            where.append("reported <= ? AND id NOT IN (SELECT l.target FROM claim_links l JOIN claims c "
                         "ON c.id = l.claim_id WHERE l.kind = 'supersedes' AND c.reported <= ?)")
            args.extend([moment, moment])
        return f"SELECT {columns} FROM claims" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY fid", args

    def _covers_all(self, bbox: tuple[float, float, float, float]) -> bool:
        """Whether ``bbox`` holds the extent of every stored claim (kept in ``gpkg_contents``)."""
        with _errors(self.path), closing(self._connect()) as db:
            extent = db.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents "
                                "WHERE table_name = 'claims'").fetchone()
        return extent is not None and None not in extent and bbox[0] <= extent[0] and bbox[1] <= extent[1] \
            and bbox[2] >= extent[2] and bbox[3] >= extent[3]


def _upgrade(db: sqlite3.Connection) -> str:
    """The SQL that brings a store of format 2 (frontmap 0.1-0.2) to :data:`FORMAT`."""
    script = [("DROP INDEX IF EXISTS claims_event; DROP INDEX IF EXISTS claims_reported; "
               "DROP INDEX IF EXISTS claims_kind;")]  # indexes that no query used
    if "recorded_by" not in {name for (name,) in db.execute("SELECT name FROM pragma_table_info('claims')")}:
        script.append("ALTER TABLE claims ADD COLUMN recorded_by TEXT;")
    return "\n".join(script)


@dataclass
class _Staged:
    """What :func:`_stage` wrote: the claims' R-tree boxes in fid order (minx, maxx, miny, maxy of the geometry,
    NaN without one; then of the event: the Julian days of its start and end, 0, 0), the fids of claims whose id came earlier
    in the import, the links, and the claim_sources rows (claimant, side, publisher, url, claims, first and last
    report; repeated claims counted too)."""

    boxes: np.ndarray
    repeated: list[int]
    links: list[tuple]
    sources: list[tuple]


_SOURCE = ["claimant", "side", "publisher", "url"]


def _stage(path: Path, batches: Iterator[ClaimBatch], store: sqlite3.Connection | None) -> _Staged:
    """Write the batches' claims, but those ``store`` holds already, into a new GeoPackage with GDAL, as its
    ``claims`` layer (fids 1, 2, ...), without an R-tree: GDAL's took 3-5 CPU-s for 10⁶ points, the packed
    R-tree of the same boxes (:func:`_index`) ~1 s."""
    import pyarrow.compute as pc
    import pyogrio

    ids: list[pa.Array] = []
    links: list[tuple] = []
    boxes: list[np.ndarray] = []
    sources: list[pa.Table] = []
    failure = None

    def arrow_batches() -> Iterator[pa.RecordBatch]:
        nonlocal failure
        try:
            yield from _arrow(batches)
        except BaseException as exc:  # GDAL reports only that the stream failed: keep the cause
            failure = exc
            raise

    def _arrow(batches: Iterator[ClaimBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            table, bounds, wkb = batch.table, batch.bounds, batch.wkb
            links.extend(batch.links)
            if store is not None:  # a re-import writes nothing
                held = [row[0] for row in store.execute("SELECT id FROM claims WHERE id IN (SELECT value FROM "
                                                        "json_each(?))", (json.dumps(table["id"].to_pylist()),))]
                if held:
                    keep = np.flatnonzero(~np.asarray(pc.is_in(table["id"], pa.array(held, pa.string()))))
                    table, bounds, wkb = table.take(keep), bounds[keep], wkb.take(keep)
            if not len(table):
                continue
            ids.append(table["id"].combine_chunks())
            days = [pc.cast(table[end].cast(pa.date32()), pa.int32()).to_numpy() + 2440587.5
                    for end in ("event_start", "event_end")]
            boxes.append(np.column_stack([bounds[:, (0, 2, 1, 3)], *days, np.zeros((len(table), 2))]))
            sources.append(table.group_by(_SOURCE, use_threads=False).aggregate(
                [("reported", "count"), ("reported", "min"), ("reported", "max")]))
            yield from pa.table([*table.columns, wkb], schema=ARROW_SCHEMA).to_batches()

    try:
        pyogrio.write_arrow(pa.RecordBatchReader.from_batches(ARROW_SCHEMA, arrow_batches()), path, layer="claims",
                            driver="GPKG", geometry_name="geom", geometry_type="Unknown", crs="EPSG:4326",
                            dataset_options={"ADD_GPKG_OGR_CONTENTS": "NO"},
                            layer_options={"SPATIAL_INDEX": "NO", "FID": "fid", "DESCRIPTION": _DESCRIPTION})
    except Exception as exc:  # noqa: BLE001 - GDAL's errors have many types; each becomes one StoreError
        if failure is not None:
            raise failure from None  # the claims failed to come (a bad claim, an interrupted reader): that error
        raise StoreError(f"{path.parent}: writing the import's file failed ({exc}); the disk may be full (it needs "
                         "about the size of the import free there; for an existing store TMPDIR chooses where); "
                         "nothing was stored") from None
    pa.default_memory_pool().release_unused()  # the batches' memory, ~140 MB per 10⁶ claims, before SQLite's
    counted = pa.concat_tables(sources).group_by(_SOURCE, use_threads=False).aggregate(
        [("reported_count", "sum"), ("reported_min", "min"), ("reported_max", "max")]) if sources else None
    return _Staged(np.concatenate(boxes) if boxes else np.empty((0, 8)), _repeated(pa.chunked_array(ids, pa.string())),
                   links, [] if counted is None else list(zip(*(counted[name].to_pylist() for name in [
                       *_SOURCE, "reported_count_sum", "reported_min_min", "reported_max_max"]), strict=True)))


def _repeated(ids: pa.ChunkedArray) -> list[int]:
    """The positions (from 1) of the ids that came before.

    >>> _repeated(pa.chunked_array([["a", "b", "a"], ["c", "b"]]))
    [3, 5]
    """
    import pyarrow.compute as pc

    if pc.count_distinct(ids).as_py() == len(ids):  # the usual case, at hash-table speed
        return []
    first = pa.table({"id": ids, "at": np.arange(1, len(ids) + 1)}).group_by("id").aggregate([("at", "min")])
    return np.setdiff1d(np.arange(1, len(ids) + 1), first["at_min"].to_numpy()).tolist()


def _publish(temp: Path, path: Path, staged: _Staged) -> bool:
    """Make the GeoPackage GDAL wrote at ``temp`` (:func:`_stage`) a complete store and link it to ``path``;
    False (and ``path`` untouched) if a file appeared there meanwhile or the file system cannot link."""
    with closing(sqlite3.connect(temp, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode = OFF")  # a private file: killed, it is never published
        db.executescript(_SCHEMA + f"INSERT INTO frontmap_meta VALUES ('format', '{FORMAT}');")
        db.execute("BEGIN")
        db.execute("DELETE FROM claims WHERE fid IN (SELECT value FROM json_each(?))", (json.dumps(staged.repeated),))
        _index(db, 0, True, staged.boxes, staged.repeated, meanwhile=[_ID_INDEX, _CLAIMANT_INDEX])
        db.executemany("INSERT OR IGNORE INTO claim_links VALUES (?, ?, ?, ?)", staged.links)
        _count_sources(db, _recounted(db, "main") if staged.repeated else staged.sources)
        db.execute("COMMIT")
        db.execute("PRAGMA journal_mode = WAL")
    _fsync(temp)
    try:
        os.link(temp, path)  # fails if a file is there: then nothing is lost, the caller merges
    except OSError:
        return False
    _fsync(path.parent)
    return True


def _fsync(path: Path) -> None:
    """Make what was written to the file or directory ``path`` durable."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _recounted(db: sqlite3.Connection, schema: str) -> list[tuple]:
    """The claim_sources rows of the claims in ``schema``.claims, counted by SQLite."""
    return db.execute(f"SELECT {', '.join(_SOURCE)}, count(*), min(reported), max(reported) FROM {schema}.claims "
                      "GROUP BY 1, 2, 3, 4").fetchall()


def _merge(db: sqlite3.Connection, staging: Path, staged: _Staged) -> int:
    """Copy the staged claims (:func:`_stage`) the store does not hold yet into it, in one transaction; returns
    how many."""
    boxes = staged.boxes
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA cache_size = -65536")  # 64 MiB: the id index of a store of a million or two stays cached
    db.execute("ATTACH DATABASE ? AS staging", (str(staging),))
    db.execute("BEGIN IMMEDIATE")
    try:
        before = db.execute("SELECT max(coalesce((SELECT max(fid) FROM main.claims), 0), coalesce((SELECT seq FROM "
                            "main.sqlite_sequence WHERE name = 'claims'), 0))").fetchone()[0] \
            if db.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_sequence'").fetchone() else \
            db.execute("SELECT coalesce(max(fid), 0) FROM main.claims").fetchone()[0]
        # Each staged claim becomes claim ``before + its staged fid``, unless its id came earlier or the store holds it.
        stored = db.execute("SELECT count(*) FROM main.claims").fetchone()[0]
        held = [fid for (fid,) in db.execute("SELECT fid FROM staging.claims s WHERE EXISTS (SELECT 1 FROM "
                                             "main.claims c WHERE c.id = s.id)")] if stored else []
        gone = sorted({*held, *staged.repeated})
        new = len(boxes) - len(gone)
        if gone and new:
            db.execute("DELETE FROM staging.claims WHERE fid IN (SELECT value FROM json_each(?))", (json.dumps(gone),))
        # A large import into a small store: rebuild the indexes after the rows (a sort) instead of inserting into them
        bulk = new >= BULK_FROM and stored <= 2 * new
        rebuilt = db.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = 'claims' "
                             "AND sql IS NOT NULL").fetchall() if bulk else []
        for name, _ in rebuilt:
            db.execute(f'DROP INDEX main."{name}"')
        if new:
            db.execute(f"INSERT INTO main.claims (fid, {', '.join(COLUMNS)}) SELECT ? + fid, {', '.join(COLUMNS)} "
                       "FROM staging.claims ORDER BY fid", (before,))
        for _, sql in rebuilt:
            db.execute(sql)
        if new:
            _index(db, before, bulk, boxes, gone)
        db.executemany("INSERT OR IGNORE INTO main.claim_links VALUES (?, ?, ?, ?)", staged.links)
        if new:
            kept = np.delete(boxes, np.array(gone, dtype=np.int64) - 1, axis=0)
            drawn = kept[~np.isnan(kept[:, 0])]
            if len(drawn):
                x0, y0, x1, y1 = (float(v) for v in (drawn[:, 0].min(), drawn[:, 2].min(), drawn[:, 1].max(),
                                                      drawn[:, 3].max()))
                db.execute("UPDATE main.gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
                           "min_x = coalesce(min(min_x, ?1), ?1), max_x = coalesce(max(max_x, ?2), ?2), "
                           "min_y = coalesce(min(min_y, ?3), ?3), max_y = coalesce(max(max_y, ?4), ?4) "
                           "WHERE table_name = 'claims'", (x0, x1, y0, y1))
            _count_sources(db, _recounted(db, "staging") if gone else staged.sources)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.execute("DETACH DATABASE staging")
    return new


#: New claims from which the R-tree is rebuilt in one pass (when they are at least half as many as those stored).
BULK_FROM = 20_000


def _index(db: sqlite3.Connection, before: int, bulk: bool, boxes: np.ndarray, gone: list[int],
           meanwhile: Sequence[str] = ()) -> None:
    """Add the staged claims but the ``gone`` fids (numbered from ``before``; their :func:`_stage` ``boxes``) to the
    R-trees of geometry and of event time: row by row, or, for a large import (``bulk``), by rebuilding each packed;
    with SQL statements to run ``meanwhile``, numpy packs the trees in a thread while SQLite runs them."""
    from concurrent.futures import ThreadPoolExecutor

    kept = np.ones(len(boxes), dtype=bool)
    kept[np.array(gone, dtype=np.int64) - 1] = False
    fids = before + 1 + np.flatnonzero(kept)
    with ThreadPoolExecutor(1) as pool:
        packed = {}
        for tree, ours in (("rtree_claims_geom", boxes[kept, :4]), ("rtree_claims_event", boxes[kept, 4:])):
            drawn = ~np.isnan(ours[:, 0])
            if not bulk:
                db.executemany(f"INSERT INTO main.{tree} VALUES (?, ?, ?, ?, ?)",
                               np.column_stack([fids[drawn], ours[drawn]]).tolist())
                continue
            cursor = db.execute(f"SELECT * FROM main.{tree}")  # read in slices: a million rows as tuples take 200 MB
            stored = np.concatenate([np.empty((0, 5)), *(np.array(rows, dtype=np.float64)
                                                          for rows in iter(partial(cursor.fetchmany, 100_000), []))])
            ids = np.concatenate([stored[:, 0].astype(np.int64), fids[drawn]])
            bounds = np.concatenate([stored[:, 1:], ours[drawn]])
            if meanwhile:
                packed[tree] = pool.submit(packed_rtree.pack, ids, bounds, packed_rtree.node_size(db, tree))
            else:  # one tree at a time: packed together, two trees of 2·10⁶ boxes took 1.3 GiB
                packed_rtree.load(db, tree, ids, bounds)
        for sql in meanwhile:
            db.execute(sql)
        for tree, tree_packed in packed.items():
            packed_rtree.write(db, tree, tree_packed.result())


def _count_sources(db: sqlite3.Connection, counted: list[tuple]) -> None:
    """Add ``counted`` (:class:`_Staged` ``sources`` rows) to ``claim_sources``: counts, first and last report."""
    db.execute("CREATE TEMP TABLE counted (claimant, side, publisher, url, n, first, last)")
    db.executemany("INSERT INTO temp.counted VALUES (?, ?, ?, ?, ?, ?, ?)", counted)
    same = ("c.claimant = t.claimant AND c.side = t.side AND c.publisher IS t.publisher AND c.url IS t.url")
    db.execute("UPDATE main.claim_sources AS c SET claims = c.claims + t.n, first_reported = min(c.first_reported, "
               f"t.first), last_reported = max(c.last_reported, t.last) FROM temp.counted t WHERE {same}")
    db.execute("INSERT INTO main.claim_sources (claimant, side, publisher, url, claims, first_reported, last_reported) "
               "SELECT * FROM temp.counted t WHERE NOT EXISTS (SELECT 1 FROM main.claim_sources c WHERE "
               f"{same}) ORDER BY claimant")
    db.execute("DROP TABLE temp.counted")


def _wkb(blob: bytes | None) -> bytes | None:
    """The WKB inside a GeoPackage geometry blob (after the header and its envelope)."""
    if blob is None or len(blob) < 8:
        return None
    envelope = (0, 32, 48, 48, 64, 0, 0, 0)[(blob[3] >> 1) & 0b111]
    return blob[8 + envelope:]
