"""Claims in PostgreSQL/PostGIS: one store for a team, many writers and readers at once.

The ``claims`` table has the GeoPackage's columns (:data:`~frontmap.store.columns.COLUMNS`),
a unique content id, GiST indexes on the geometry and the event's days together and on the
event's days alone (``event_days``, a point: first and last day), and ``recorded_by``, the
database role that stored each claim. An import is one transaction: its rows are sent with one binary ``COPY`` (built column-wise) into a temporary
table, then inserted with ``ON CONFLICT (id) DO NOTHING``, so writers at once lose and
duplicate nothing (the inserts queue on a transaction lock, the copies do not); into an empty
store, its owner's import is copied straight into the table and its indexes built after. :data:`ROLES` creates a
read-only role for viewers and an insert-only role for analysts; nothing is ever
updated or deleted. The schema carries its format in ``frontmap_meta``; opening a
store for writing applies the :data:`MIGRATIONS` it lacks.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..model import Claim
from .base import ClaimStore, Filters, StoreError, cutoff
from .columns import COLUMNS, EXPORT, READ, ClaimBatch, claims_from_rows

if TYPE_CHECKING:
    import geopandas as gpd
    import psycopg

__all__ = ["FORMAT", "MIGRATIONS", "ROLES", "PostGISStore"]

#: Each schema format's changes from the one before (format 1 is the first table layout).
MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE IF NOT EXISTS frontmap_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE claims (
  fid bigserial PRIMARY KEY, id text NOT NULL UNIQUE, kind text NOT NULL, claimant text NOT NULL, side text NOT NULL,
  actor text NOT NULL, event_start date NOT NULL, event_end date NOT NULL, precision text NOT NULL,
  reported timestamptz NOT NULL, recorded timestamptz NOT NULL, publisher text, url text, summary text, quote text,
  verification text NOT NULL, shape text, uncertainty_km double precision, places text, data text NOT NULL,
  geom geometry(Geometry, 4326));
CREATE INDEX claims_geom ON claims USING gist (geom);
CREATE INDEX claims_claimant ON claims (claimant);
CREATE TABLE claim_links (claim_id text NOT NULL, kind text NOT NULL, target text NOT NULL,
  reported timestamptz NOT NULL, PRIMARY KEY (claim_id, kind, target));
CREATE INDEX claim_links_target ON claim_links (target, kind);
""",
    2: """
ALTER TABLE claims ADD COLUMN recorded_by text NOT NULL DEFAULT current_user;
ALTER TABLE claims ADD COLUMN event daterange GENERATED ALWAYS AS (daterange(event_start, event_end, '[]')) STORED;
CREATE INDEX claims_event ON claims USING gist (event);
CREATE VIEW claim_sources AS SELECT claimant, side, publisher, url, count(*) AS claims,
  min(reported) AS first_reported, max(reported) AS last_reported FROM claims GROUP BY claimant, side, publisher, url;
""",
    # Faster bulk loads (docs/store.md): SP-GiST on the event range (the same && lookups, built in a quarter of a
    # GiST's time and kept up five times faster on 10^6 claims); ids compared byte by byte (collation "C": their
    # B-tree builds twice as fast as with a language's collation, and equality is the same).
    3: """
ALTER TABLE claims ALTER COLUMN id TYPE text COLLATE "C";
ALTER TABLE claim_links ALTER COLUMN claim_id TYPE text COLLATE "C", ALTER COLUMN target TYPE text COLLATE "C";
DROP INDEX claims_event;
CREATE INDEX claims_event ON claims USING spgist (event);
""",
    # A window in space and time found in one index (docs/scaling.md): the event's days as a point (x: its first day,
    # y: its last, counted from 2000-01-01), so that GiST indexes with a sorted build hold it (a range has none in
    # PostgreSQL 15: its GiST took 7.5 s for 10^6 claims, against 1-2 s); a window overlaps the event where x is on
    # or before the window's last day and y on or after its first. One GiST on (geom, event_days) returns the ~100
    # claims of a 30-day 1x1 degree window on 10^6 claims in about 1 ms, where a BitmapAnd of the geometry's GiST
    # (5,800 claims) and the event range's SP-GiST (18,000) took 8-9 ms; a time window alone uses the GiST on
    # event_days. A stored column, not an expression index: ANALYZE keeps statistics for it, so the planner knows
    # how many claims a window holds.
    4: """
ALTER TABLE claims DROP COLUMN event;
ALTER TABLE claims ADD COLUMN event_days geometry(Point) GENERATED ALWAYS AS
  (ST_Point(event_start - DATE '2000-01-01', event_end - DATE '2000-01-01')) STORED;
DROP INDEX claims_geom;
CREATE INDEX claims_event ON claims USING gist (event_days);
CREATE INDEX claims_geom_event ON claims USING gist (geom, event_days);
""",
}
FORMAT = max(MIGRATIONS)

#: Roles for a team (run once by the database owner; then ``GRANT frontmap_writer TO alice``):
#: viewers read, analysts read and add claims; no one but the owner can edit or delete.
ROLES = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'frontmap_reader') THEN CREATE ROLE frontmap_reader NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'frontmap_writer') THEN CREATE ROLE frontmap_writer NOLOGIN; END IF;
END $$;
GRANT frontmap_reader TO frontmap_writer;
GRANT USAGE ON SCHEMA public TO frontmap_reader;
GRANT SELECT ON claims, claim_links, claim_sources, frontmap_meta TO frontmap_reader;
GRANT INSERT ON claims, claim_links TO frontmap_writer;
GRANT USAGE ON SEQUENCE claims_fid_seq TO frontmap_writer;
"""

#: The transaction lock that queues writers' inserts (not their copies): no deadlock between them.
_INSERT_LOCK = 0x66726F6E746D6170  # "frontmap"


class PostGISStore(ClaimStore):
    """Claims in a PostGIS database named by a ``postgresql://`` URL (see :func:`frontmap.store.open_store`)."""

    def __init__(self, url: str, *, mode: str = "w", init: bool = False):
        try:
            import psycopg
        except ImportError:
            raise StoreError(f"{_without_password(url)}: PostGIS stores need psycopg: "
                             "pip install 'frontmap[postgis]'") from None

        self.url, self.writable, self._reader = url, mode == "w", None
        self.location = _without_password(url)
        try:
            with self._connect() as db:
                version = _format(db)
                if version is None:
                    if mode == "r":
                        raise StoreError(f"{self.location}: holds no frontmap claims (open it for writing to create "
                                         "the tables)")
                    others = db.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                                        "current_schema() AND table_name NOT IN ('spatial_ref_sys', 'geography_columns', "
                                        "'geometry_columns')").fetchone()[0]
                    if others and not init:
                        raise StoreError(f"{self.location}: a database with {others} other tables and no frontmap "
                                         "claims; frontmap adds its tables only when asked to (--init)")
                    version = 0
                if version > FORMAT:
                    raise StoreError(f"{self.location}: written by a newer frontmap (store format {version}; this "
                                     f"version reads up to {FORMAT}); upgrade frontmap to use it")
                if version < FORMAT:
                    if mode == "r":
                        raise StoreError(f"{self.location}: store format {version} is older than {FORMAT}; open it "
                                         "for writing once (e.g. import into it) to upgrade it")
                    _migrate(db, version)
        except psycopg.Error as exc:
            raise StoreError(f"{self.location}: {_reason(exc)}") from None

    def _connect(self, readonly: bool = False) -> psycopg.Connection:
        import psycopg

        try:
            db = psycopg.connect(self.url, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise StoreError(f"{self.location}: cannot connect ({_reason(exc)})") from None
        db.read_only = readonly or not self.writable
        return db

    @contextmanager
    def _reading(self) -> Iterator[psycopg.Connection]:
        """The store's one read-only connection (made on first use, remade if it broke): a query costs no connect."""
        import psycopg

        if self._reader is None or self._reader.closed or self._reader.broken:
            self._reader = self._connect(readonly=True)
            self._reader.autocommit = True
        try:
            yield self._reader
        except psycopg.Error as exc:
            raise StoreError(f"{self.location}: {_reason(exc)}") from None

    def __len__(self) -> int:
        with self._reading() as db:
            return db.execute("SELECT count(*) FROM claims").fetchone()[0]

    def _recorder(self) -> str:
        return ""  # the server fills recorded_by with the role that inserts the claim

    def append_batches(self, batches: Iterable[ClaimBatch]) -> int:
        import psycopg

        if not self.writable:
            raise StoreError(f"{self.location}: opened for reading only")
        try:
            with self._connect() as db:
                db.autocommit = True  # no lock on claims is held while this writer waits for another
                # An empty store is loaded with its indexes dropped, which only the table's owner may do; an
                # analyst's first import goes in as any other (frontmap_writer may only insert).
                empty = db.execute("SELECT NOT EXISTS (SELECT FROM claims) AND pg_has_role(relowner, 'USAGE') "
                                   "FROM pg_class WHERE oid = 'claims'::regclass").fetchone()[0]
                db.autocommit = False
                with db.transaction():
                    db.execute("CREATE TEMP TABLE staged_links (claim_id text, kind text, target text, "
                               "reported timestamptz) ON COMMIT DROP")
                    if empty:
                        db.execute("SELECT pg_advisory_xact_lock(%s)", (_INSERT_LOCK,))
                        empty = db.execute("SELECT NOT EXISTS (SELECT FROM claims)").fetchone()[0]
                    new = _load(db, batches) if empty else _insert(db, batches)
                    db.execute("INSERT INTO claim_links SELECT * FROM staged_links ON CONFLICT DO NOTHING")
                    # The planner's statistics, so that the next query picks the right index, when a tenth of the
                    # store is new (autovacuum's rule, but at once); after the commit, so that no writer waits on it.
                    stale = new >= 10_000 and db.execute("SELECT %s * 10 >= reltuples FROM pg_class WHERE oid = "
                                                         "'claims'::regclass", (new,)).fetchone()[0]
                db.autocommit = True
                if stale:
                    with suppress(psycopg.Error):  # stored already; autovacuum refreshes the statistics later anyway
                        db.execute("ANALYZE claims")
        except psycopg.Error as exc:
            raise StoreError(f"{self.location}: the import failed, nothing was stored ({_reason(exc)})") from None
        return new

    def batches(self, size: int = 10_000, **filters) -> Iterator[list[Claim]]:
        where, args = _where(Filters(**filters))
        with self._reading() as db, db.transaction(), db.cursor(name="frontmap_read") as cursor:
            cursor.itersize = size
            cursor.execute(f"SELECT {_READ} FROM claims{where} ORDER BY fid", args)
            while rows := cursor.fetchmany(size):
                yield claims_from_rows([_row(row) for row in rows], self.location)

    def _get(self, claim_id: str) -> Claim | None:
        with self._reading() as db:
            rows = db.execute(f"SELECT {_READ} FROM claims WHERE id = %s", (claim_id,)).fetchall()
        found = claims_from_rows([_row(row) for row in rows], self.location)
        return found[0] if found else None

    def links(self, claim_id: str | None = None) -> list[tuple[str, str, str]]:
        sql = "SELECT claim_id, kind, target FROM claim_links"
        with self._reading() as db:
            if claim_id is None:
                return db.execute(sql + " ORDER BY ctid").fetchall()
            return db.execute(sql + " WHERE claim_id = %s OR target = %s ORDER BY ctid", (claim_id, claim_id)).fetchall()

    def to_geodataframe(self, **filters) -> gpd.GeoDataFrame:
        """The claims :meth:`query` selects, as a GeoDataFrame (EPSG:4326), one row per claim."""
        from .columns import frame_of_rows

        where, args = _where(Filters(**filters))
        with self._reading() as db:  # one statement: the claims and their links from one snapshot, in one round trip
            rows = db.execute(f"{_EXPORTED}{where} ORDER BY fid", args).fetchall()
        columns = np.empty((len(rows), len(EXPORT) + 1), dtype=object)  # rows to columns in one step, for any number
        if rows:
            columns[:] = rows
        return frame_of_rows(dict(zip([*EXPORT, "links"], columns.T, strict=True)))

    def create_roles(self) -> None:
        """Create the ``frontmap_reader`` and ``frontmap_writer`` roles and their grants (:data:`ROLES`)."""
        with self._connect() as db:
            db.execute(ROLES)


#: The columns an import sends (``recorded_by`` is the server's: the role that stores the claim), and their types.
_SENT = [c for c in COLUMNS if c != "recorded_by"]
_TYPES = {"event_start": "date", "event_end": "date", "reported": "timestamptz", "recorded": "timestamptz",
          "uncertainty_km": "double precision", "geom": "geometry"}
_STAGED = ", ".join(f"{c} {_TYPES.get(c, 'text')}" for c in _SENT)
_READ = ", ".join("ST_AsBinary(geom)" if c == "geom" else c for c in READ)
#: An export's rows (:data:`~frontmap.store.columns.EXPORT`), each with its claim's links as the export shows them
#: ("kind target", joined with "; "; NULL if it has none, as most claims): every value is one field, so NumPy takes
#: the rows as a table of objects at once. The links are joined only for a claim that has any: an ordered aggregate
#: set up for each of a small window's ~100 claims cost the server a tenth of the query.
_EXPORTED = (f"SELECT {', '.join(EXPORT[:-1])}, ST_AsBinary(geom), CASE WHEN EXISTS (SELECT FROM claim_links l WHERE "
             "l.claim_id = claims.id) THEN (SELECT string_agg(l.kind || ' ' || l.target, '; ' ORDER BY l.ctid) FROM "
             "claim_links l WHERE l.claim_id = claims.id) END FROM claims")


def _copy(db: psycopg.Connection, table: str, batches: Iterable[ClaimBatch]) -> int:
    """``COPY`` the batches' rows into ``table`` and their links into ``staged_links``; the number of rows sent.

    One binary ``COPY`` for the whole import, each batch encoded column-wise (:func:`_binary_rows`);
    psycopg's queued writer sends it from a thread, so the server stores one batch while this
    process builds the next. Links (few: point claims have none) follow in a second ``COPY``.
    ``table`` is new in this transaction (created, or emptied by ``TRUNCATE``), so its rows are
    written frozen and all-visible: no reader or vacuum rewrites the pages later to mark them so.
    """
    from psycopg.copy import QueuedLibpqWriter

    sent, links = 0, []
    with db.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(_SENT)}) FROM STDIN (FORMAT BINARY, FREEZE)",
                         writer=QueuedLibpqWriter(cursor)) as copy:
            copy.write(_SIGNATURE)
            for batch in batches:
                copy.write(_binary_rows(batch))
                links.extend(batch.links)
                sent += len(batch)
            copy.write(b"\xff\xff")  # the end of the rows
        if links:
            with cursor.copy("COPY staged_links FROM STDIN") as copy:
                for link in links:
                    copy.write_row(link)
    return sent


#: The start of a binary ``COPY``: its signature, no flags, no header extension.
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
#: PostgreSQL's epoch (2000-01-01) in days and in microseconds since 1970-01-01.
_EPOCH_DAYS, _EPOCH_US = 10_957, 10_957 * 86_400 * 10**6
#: The columns sent as numbers: their Arrow type, the number it holds and PostgreSQL's (big-endian), the epoch.
_BINARY = {"event_start": (pa.date32(), pa.int32(), ">i4", _EPOCH_DAYS),
           "event_end": (pa.date32(), pa.int32(), ">i4", _EPOCH_DAYS),
           "reported": (pa.timestamp("us", tz="UTC"), pa.int64(), ">i8", _EPOCH_US),
           "recorded": (pa.timestamp("us", tz="UTC"), pa.int64(), ">i8", _EPOCH_US),
           "uncertainty_km": (pa.float64(), pa.float64(), ">f8", 0)}


def _binary_rows(batch: ClaimBatch) -> memoryview:
    """The batch's rows in ``COPY``'s binary format, built a column at a time with Arrow (no Python per row):
    each row is the field count, then each field's length and bytes (text as UTF-8, dates and times as
    integers from 2000-01-01, the geometry as WKB).

    >>> from frontmap.store.points import point_columns
    >>> import pandas as pd
    >>> batch = point_columns(pd.DataFrame({"claimant": ["ISW"], "side": ["independent"], "kind": ["advance"],
    ...     "event_start": ["2000-01-02"], "reported": ["2000-01-02"], "summary": ["A."], "lon": [1], "lat": [2]}),
    ...     "2000-01-01T00:00:00+00:00", "")
    >>> rows = bytes(_binary_rows(batch))
    >>> rows[:2].hex(), rows[2:6].hex(), rows[6:9]  # 20 fields; the id: 19 bytes
    ('0014', '00000013', b'fm-')
    """
    fields = []
    for name in _SENT:
        if name == "geom":
            fields.append(_fields(batch.wkb))  # PostGIS reads ISO WKB as its binary input
        elif name in _BINARY:
            arrow, number, big_endian, epoch = _BINARY[name]
            values = batch.table[name].combine_chunks().cast(arrow)
            numbers = pc.fill_null(values.view(number), 0).to_numpy() - epoch
            fields.append(_fixed(numbers.astype(big_endian), values.is_valid()))
        else:
            fields.append(_fields(batch.table[name].combine_chunks()))
    rows = pc.binary_join_element_wise(struct.pack(">h", len(fields)), *fields, b"")
    offsets = np.frombuffer(rows.buffers()[1], np.int32)[rows.offset:rows.offset + len(rows) + 1]
    return memoryview(rows.buffers()[2])[offsets[0]:offsets[-1]]


def _cut(data: bytes, count: int, width: int) -> pa.Array:
    """A binary array of ``count`` values, each the next ``width`` bytes of ``data``."""
    offsets = np.arange(0, width * count + 1, width, dtype=np.int32)
    return pa.BinaryArray.from_buffers(pa.binary(), count, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _fields(values: pa.Array) -> pa.Array:
    """Variable-length values as binary ``COPY`` fields: the length (big-endian int32), then the bytes; -1 if null."""
    values = values.cast(pa.binary())
    lengths = pc.fill_null(pc.binary_length(values), 0).to_numpy(zero_copy_only=False).astype(">i4")
    return pc.fill_null(pc.binary_join_element_wise(_cut(lengths.tobytes(), len(lengths), 4), values, b""),
                        _NULL)


def _fixed(numbers: np.ndarray, valid: pa.Array) -> pa.Array:
    """Fixed-width numbers (already big-endian) as binary ``COPY`` fields; -1 where not ``valid``."""
    width = numbers.dtype.itemsize
    data = np.empty((len(numbers), 4 + width), np.uint8)
    data[:, :4] = np.frombuffer(struct.pack(">i", width), np.uint8)
    data[:, 4:] = numbers.view(np.uint8).reshape(len(numbers), width)
    fields = _cut(data.tobytes(), len(numbers), 4 + width)
    return fields if valid.false_count == 0 else pc.if_else(valid, fields, pa.scalar(_NULL, pa.binary()))


_NULL = struct.pack(">i", -1)


def _insert(db: psycopg.Connection, batches: Iterable[ClaimBatch]) -> int:
    """Stage the rows (in parallel with other writers), then insert them in one statement under the writers'
    lock; ``ON CONFLICT`` skips the ids already stored or repeated. Returns the rows inserted.

    The lock queues the inserts, not the copies: two writers sending the same claims in different orders
    would otherwise each wait for the other's uncommitted row. Rows go in in the order sent: a temporary
    table only appended to is scanned in the order written (never in parallel, never synchronised).
    """
    db.execute(f"CREATE TEMP TABLE staged ({_STAGED}) ON COMMIT DROP")
    _copy(db, "staged", batches)
    db.execute("SELECT pg_advisory_xact_lock(%s)", (_INSERT_LOCK,))
    return db.execute(f"INSERT INTO claims ({', '.join(_SENT)}) SELECT * FROM staged "
                      "ON CONFLICT (id) DO NOTHING").rowcount


def _load(db: psycopg.Connection, batches: Iterable[ClaimBatch]) -> int:
    """Into an empty store (this writer holds the lock): ``COPY`` straight into ``claims`` with its indexes
    dropped, then build them (a sorted build is several times faster than upkeep row by row; readers wait
    meanwhile). An id sent twice is kept once, the first time. Returns the rows stored.
    """
    from psycopg.errors import UniqueViolation

    db.execute("SET LOCAL maintenance_work_mem = '256MB'")
    unique = db.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                        "'claims'::regclass AND contype = 'u'").fetchall()
    indexes = db.execute("SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index WHERE "
                         "indrelid = 'claims'::regclass AND NOT indisprimary AND indexrelid NOT IN "
                         "(SELECT conindid FROM pg_constraint WHERE conrelid = 'claims'::regclass)").fetchall()
    for name, _ in unique:
        db.execute(f'ALTER TABLE claims DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        db.execute(f"DROP INDEX {name}")
    db.execute("TRUNCATE claims")  # empty already; now new in this transaction, for COPY FREEZE
    sent = _copy(db, "claims", batches)
    repeated = 0
    for name, definition in unique:
        try:
            with db.transaction():
                db.execute(f'ALTER TABLE claims ADD CONSTRAINT "{name}" {definition}')
        except UniqueViolation:
            repeated = db.execute("DELETE FROM claims a USING claims b WHERE a.id = b.id AND a.fid > b.fid").rowcount
            db.execute(f'ALTER TABLE claims ADD CONSTRAINT "{name}" {definition}')
    for _, definition in indexes:
        db.execute(definition)
    return sent - repeated


def _row(row: tuple) -> tuple:
    """A row as :func:`~frontmap.store.columns.claims_from_rows` reads it: dates and times as ISO 8601 text."""
    return tuple(value.astimezone(UTC).isoformat() if isinstance(value, datetime)
                 else value.isoformat() if isinstance(value, date)
                 else bytes(value) if isinstance(value, memoryview) else value for value in row)


def _where(filters: Filters) -> tuple[str, list]:
    where, args = [], []
    if filters.start is not None or filters.end is not None:  # the event's first day <= end, its last >= start
        where.append("event_days && ST_MakeEnvelope(%s, %s, %s, %s)")
        args.extend(float(day) for day in (-_NO_DAY, _days(filters.start, -_NO_DAY), _days(filters.end, _NO_DAY),
                                           _NO_DAY))  # floats: one parameter type, one prepared statement
    for column, values in (("kind", filters.kinds), ("side", filters.sides), ("claimant", filters.claimants)):
        if values:
            where.append(f"{column} = ANY(%s)")
            args.append(list(values))
    if filters.bbox is not None:
        where.append("geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)")
        args.extend(filters.bbox)
    if filters.place is not None:
        where.append("strpos(places, %s) > 0")
        args.append(f"|{filters.place}|")
    if filters.known_on is not None:
        moment = cutoff(filters.known_on)
        where.append("reported <= %s AND id NOT IN (SELECT l.target FROM claim_links l JOIN claims c "
                     "ON c.id = l.claim_id WHERE l.kind = 'supersedes' AND c.reported <= %s)")
        args.extend([moment, moment])
    return (" WHERE " + " AND ".join(where) if where else ""), args


#: Beyond any event's day number (about 27,000 years): an open end of a time window.
_NO_DAY = 10_000_000


def _days(day: str | None, default: int) -> int:
    """A date's day number in ``event_days`` (days from 2000-01-01), or ``default`` if there is none.

    >>> _days("2000-01-02", 0), _days(None, -_NO_DAY)
    (1, -10000000)
    """
    return default if day is None else (date.fromisoformat(day) - date(2000, 1, 1)).days


def _format(db: psycopg.Connection) -> int | None:
    """The store format recorded in the database, or None if it holds no frontmap tables."""
    if db.execute("SELECT to_regclass('frontmap_meta')").fetchone()[0] is None:
        return None
    row = db.execute("SELECT value FROM frontmap_meta WHERE key = 'format'").fetchone()
    return int(row[0]) if row else None


def _migrate(db: psycopg.Connection, version: int) -> None:
    """Apply the migrations after ``version``, in one transaction (with PostGIS, if missing)."""
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (_INSERT_LOCK,))
        version = _format(db) or 0  # another process may have migrated meanwhile
        if db.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone() is None:
            db.execute("CREATE EXTENSION postgis")
        for step in range(version + 1, FORMAT + 1):
            db.execute(MIGRATIONS[step])
            db.execute("INSERT INTO frontmap_meta VALUES ('format', %s) ON CONFLICT (key) DO UPDATE "
                       "SET value = excluded.value", (str(step),))


def _reason(exc: Exception) -> str:
    return (getattr(getattr(exc, "diag", None), "message_primary", None) or str(exc)).strip()


def _without_password(url: str) -> str:
    """The URL as shown in messages: without its password.

    >>> _without_password("postgresql://ana:secret@db.example/claims")
    'postgresql://ana@db.example/claims'
    """
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
