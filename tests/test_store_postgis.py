"""The PostGIS store's own guarantees, on a real server (``FRONTMAP_TEST_PG``, see tests/store_engines.py):
roles, who recorded each claim, migrations, a killed client, and an unknown database refused."""

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from frontmap.claimfile import read_claims
from frontmap.store import StoreError, open_store
from frontmap.store.postgis import FORMAT, MIGRATIONS

from .store_engines import drop_database, fresh_database, need_postgis, synthetic
from .test_model import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def url():
    need_postgis()
    url = fresh_database()
    yield url
    drop_database(url)


def _sql(url, sql, args=()):
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        cursor = db.execute(sql, args)
        return cursor.fetchall() if cursor.description else None


def _as(url: str, role: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts._replace(netloc=f"{role}@{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")).geturl()


def test_the_schema_has_a_unique_id_and_indexes_on_geometry_and_event_time_before_and_after_a_load(url):
    store = open_store(url, mode="w")
    sql = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims' ORDER BY 1"
    indexes = dict(_sql(url, sql))
    assert "USING gist (geom, event_days)" in indexes["claims_geom_event"]
    assert "USING gist (event_days)" in indexes["claims_event"]
    assert any("UNIQUE" in d and "(id)" in d for d in indexes.values())
    constraints = _sql(url, "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                            "WHERE conrelid = 'claims'::regclass ORDER BY 1")
    claims = [synthetic(i) for i in range(30)]
    assert store.append(claims[:20] + claims[:5]) == 20  # into the empty store: loaded, then indexed
    assert store.append(claims) == 10  # into a store: staged, then inserted
    assert dict(_sql(url, sql)) == indexes and _sql(url, "SELECT conname, pg_get_constraintdef(oid) FROM "
                                                         "pg_constraint WHERE conrelid = 'claims'::regclass "
                                                         "ORDER BY 1") == constraints
    assert [c.id for c in store.query()] == [c.id for c in claims]


def test_a_window_in_space_and_time_is_one_index_lookup_and_a_time_window_another(url):
    import psycopg

    from frontmap.store.base import Filters
    from frontmap.store.postgis import _where

    store = open_store(url, mode="w")
    store.append([synthetic(i) for i in range(50)])  # events of 2025-01-05
    plans = []
    with psycopg.connect(url) as db:
        db.execute("SET enable_seqscan = off")  # 50 claims: a scan would do; the point is what the indexes answer
        for filters in ({"start": "2025-01-01", "end": "2025-01-30", "bbox": (36, 47, 38, 49)},
                        {"start": "2025-01-05"}):
            where, args = _where(Filters(**filters))
            plans.append("\n".join(row[0] for row in db.execute(f"EXPLAIN SELECT id FROM claims{where}", args)))
    assert "claims_geom_event" in plans[0] and "BitmapAnd" not in plans[0], plans[0]
    assert "Index Cond: (event_days &&" in plans[1], plans[1]  # on 10^6 claims, with statistics: claims_event
    for start, end, found in (("2025-01-05", "2025-01-05", 50), ("2025-01-06", None, 0), (None, "2025-01-04", 0),
                              (None, "2025-01-05", 50)):
        assert len(store.query(start=start, end=end, bbox=(36, 47, 38, 49))) == len(store.query(start=start, end=end)) \
            == found


def test_each_claim_records_the_role_that_stored_it_and_roles_keep_viewers_out(url):
    store = open_store(url, mode="w")
    store.create_roles()
    _sql(url, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ana') THEN CREATE ROLE ana LOGIN; "
              "END IF; IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vic') THEN CREATE ROLE vic LOGIN; END IF; "
              "END $$; GRANT frontmap_writer TO ana; GRANT frontmap_reader TO vic")
    store.append(read_claims(EXAMPLE)[:2])
    assert open_store(_as(url, "ana"), mode="w").append(read_claims(EXAMPLE)) == 9
    assert _sql(url, "SELECT recorded_by, count(*) FROM claims GROUP BY 1 ORDER BY 1") == [("ana", 9), ("postgres", 2)]
    viewer = open_store(_as(url, "vic"), mode="r")
    assert len(viewer.query()) == 11
    with pytest.raises(StoreError, match="permission denied"):
        open_store(_as(url, "vic"), mode="w").append([synthetic(0)])
    import psycopg

    with psycopg.connect(_as(url, "ana")) as db, pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.execute("DELETE FROM claims")  # analysts add claims; no one edits or deletes them
    assert len(store) == 11


def test_an_analyst_can_make_the_first_import_into_an_empty_store(url):
    open_store(url, mode="w").create_roles()
    _sql(url, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ana') THEN CREATE ROLE ana LOGIN; "
              "END IF; END $$; GRANT frontmap_writer TO ana")
    claims = [synthetic(i) for i in range(20)]
    assert open_store(_as(url, "ana"), mode="w").append(claims + claims[:5]) == 20  # not the owner's load: no DROP INDEX
    assert [c.id for c in open_store(url).query()] == [c.id for c in claims]


def test_an_older_schema_is_migrated_with_its_claims(url):
    _sql(url, MIGRATIONS[1] + "INSERT INTO frontmap_meta VALUES ('format', '1');")
    _sql(url, "INSERT INTO claims (id, kind, claimant, side, actor, event_start, event_end, precision, reported, "
              "recorded, summary, verification, data) VALUES ('fm-0000000000000001', 'clash', 'x', 'unknown', "
              "'unknown', '2025-01-01', '2025-01-01', 'day', '2025-01-01', '2025-01-02', 's', 'unverified', '{}')")
    with pytest.raises(StoreError, match="older than"):
        open_store(url, mode="r")
    store = open_store(url, mode="w")
    assert _sql(url, "SELECT value FROM frontmap_meta") == [(str(FORMAT),)]
    assert _sql(url, "SELECT id, recorded_by FROM claims") == [("fm-0000000000000001", "postgres")]
    assert dict(_sql(url, "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'claims_%%event'")) == {
        "claims_event": "CREATE INDEX claims_event ON public.claims USING gist (event_days)",
        "claims_geom_event": "CREATE INDEX claims_geom_event ON public.claims USING gist (geom, event_days)"}
    assert store.append(read_claims(EXAMPLE)) == 11 and len(store.query(start="2025-01-05", end="2025-01-05")) > 0


def test_a_newer_schema_and_a_database_of_other_tables_are_refused(url):
    _sql(url, "CREATE TABLE addresses (name text)")
    for mode in ("r", "w"):
        with pytest.raises(StoreError, match="no frontmap claims"):
            open_store(url, mode=mode)
    open_store(url, mode="w", init=True)
    _sql(url, "UPDATE frontmap_meta SET value = %s", (str(FORMAT + 1),))
    with pytest.raises(StoreError, match="newer frontmap"):
        open_store(url, mode="w")


def test_a_killed_import_leaves_the_store_as_it_was(url, tmp_path):
    store = open_store(url, mode="w")
    store.append([synthetic(0)])
    ready = tmp_path / "ready"
    code = f"""
        import time
        from pathlib import Path
        from frontmap.store import open_store
        from tests.store_engines import synthetic
        def claims():
            for i in range(60_000):
                if i == 59_990:
                    Path({str(ready)!r}).touch()
                    time.sleep(60)
                yield synthetic(i, "killed")
        open_store({url!r}, mode="w").append(claims())
    """
    importer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 120
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    os.killpg(importer.pid, signal.SIGKILL)
    importer.wait(60)
    assert len(store) == 1 and store.append([synthetic(1)]) == 1


def test_an_unreachable_server_is_one_clear_error(tmp_path):
    with pytest.raises(StoreError, match="cannot connect"):
        open_store(f"postgresql://nobody@/frontmap?host={tmp_path}", mode="r")


def _load(url: str, first: int) -> None:
    open_store(url, mode="w").append(synthetic(i) for i in range(first, first + 3_000))


def test_writers_into_an_empty_store_lose_and_duplicate_nothing(url):
    """One of them loads the empty store (indexes built after); the others wait, then insert what it lacks."""
    open_store(url, mode="w")
    spawn = multiprocessing.get_context("spawn")
    writers = [spawn.Process(target=_load, args=(url, first)) for first in (0, 1_000, 2_000, 0)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
    assert [p.exitcode for p in writers] == [0] * 4
    assert _sql(url, "SELECT count(*), count(DISTINCT id) FROM claims") == [(5_000, 5_000)]


def test_a_selection_as_a_geodataframe_carries_its_claims_links(url):
    from .test_model import every_field_claim

    store = open_store(url, mode="w")
    claim = every_field_claim()
    store.append([claim, synthetic(0)])
    whole, chosen = store.to_geodataframe(), store.to_geodataframe(kinds=[claim.kind])
    assert list(chosen["id"]) == [claim.id] and list(chosen["links"]) == ["contradicts fm-0123456789abcdef"]
    assert list(whole.set_index("id").loc[[claim.id], "links"]) == list(chosen["links"])
