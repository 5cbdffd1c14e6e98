"""The GeoPackage claim store, on real files."""

import json
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pyogrio
import pytest
import shapely

from frontmap.claimfile import read_claims
from frontmap.model import Claim, Claimant, ClaimGeometry, Link, Publisher, Side, TimeSpan
from frontmap.store import GeoPackageStore, StoreError
from frontmap.store_writer import BULK_FROM, WriterError, write_in_child

from .test_model import EXAMPLE, every_field_claim


def synthetic(i: int, writer: str = "a") -> Claim:
    return Claim(claimant=Claimant(f"writer {writer}", Side.INDEPENDENT), kind="clash",
                 event_time=TimeSpan.parse("2025-01-05"), reported=date(2025, 1, 5),
                 summary=f"claim {writer}-{i}", geometry=ClaimGeometry.point(48 + i / 1000, 37))


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore(tmp_path / "claims.gpkg")


def test_every_field_round_trips_through_the_file(store):
    claims = read_claims(EXAMPLE)
    assert store.append(claims) == 11
    stored = store.query()
    assert [c.to_dict(with_id=True) | {"recorded": None} for c in stored] == [
        c.to_dict() | {"recorded": None} for c in claims]
    assert all(c.recorded is not None for c in stored)


def test_a_claim_using_every_field_and_a_local_time_zone_round_trips(store):
    claim = every_field_claim()
    local = Claim.from_dict({**claim.to_dict(with_id=False), "reported": "2025-01-05T18:30:00+02:00"})
    assert store.append([claim, local]) == 2
    assert store.query() == [c.with_recorded(s.recorded) for c, s in zip([claim, local], store.query(), strict=True)]
    assert store.get(local.id).reported.isoformat() == "2025-01-05T18:30:00+02:00"
    assert len(store.query(known_on="2025-01-05T16:30:00Z")) == 2 and len(store.query(known_on="2025-01-05T16:29:59Z")) == 1


def test_rows_that_hold_the_whole_claim_as_earlier_versions_wrote_them_are_read(store):
    claim = every_field_claim()
    store.append([claim])
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE claims SET data = ?", (json.dumps(claim.to_dict()),))
    assert store.get(claim.id) == claim


def test_reimporting_adds_nothing(store):
    claims = read_claims(EXAMPLE)
    store.append(claims)
    assert store.append(claims) == 0 and len(store) == 11


def test_a_failure_half_way_leaves_the_store_as_it_was(store):
    store.append([synthetic(0)])

    def claims_then_crash():
        yield from (synthetic(i) for i in range(1, 500))
        raise RuntimeError("killed mid-import")

    with pytest.raises(RuntimeError, match="killed"):
        store.append(claims_then_crash())
    assert len(store) == 1


def test_a_large_import_is_written_by_a_second_process_and_bulk_indexed(store):
    store.append(read_claims(EXAMPLE))
    many = [synthetic(i) for i in range(BULK_FROM + 500)]
    assert store.append(iter(many)) == len(many)  # an iterator: its size is learnt from the first batches
    assert _journal_mode(store.path) == "wal"  # as the import found it, although it wrote with a rollback journal
    assert store.append(many) == 0 and len(store) == len(many) + 11
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT rtreecheck('rtree_claims_geom')").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM rtree_claims_geom").fetchone() == db.execute(
            "SELECT count(*) FROM claims WHERE geom IS NOT NULL").fetchone()
        assert {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'claims' AND "
                                             "type = 'index'")} == {"claims_id", "claims_claimant"}
        assert db.execute("SELECT [unique] FROM pragma_index_list('claims') WHERE name = 'claims_id'").fetchone() == (1,)
        extent = db.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'claims'").fetchone()
    bounds = shapely.bounds([c.geometry.geometry for c in [*read_claims(EXAMPLE), *many] if c.geometry])
    assert extent == (*bounds[:, :2].min(axis=0), *bounds[:, 2:].max(axis=0))
    assert {c.summary for c in store.query(bbox=(36.9, 60.0, 37.1, 60.0005))} == {"claim a-12000"}
    sources = pyogrio.read_dataframe(store.path, layer="claim_sources").set_index("claimant")["claims"]
    assert sources["writer a"] == len(many) and sources.sum() == len(many) + 11


@pytest.mark.parametrize("size", [300, BULK_FROM + 500], ids=["small", "large"])
def test_an_import_of_known_and_repeated_claims_indexes_each_new_one_once(store, size):
    store.append([synthetic(i) for i in range(0, size, 3)])
    mixed = [synthetic(i) for i in range(size)] + [synthetic(size - 1), synthetic(1)]
    assert store.append(mixed) == size - len(range(0, size, 3)) and len(store) == size
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT rtreecheck('rtree_claims_geom')").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM rtree_claims_geom").fetchone()[0] == size
    for i in (1, 2, 3, size - 1):
        lat = 48 + i / 1000
        assert [c.summary for c in store.query(bbox=(36.99, lat - 1e-6, 37.01, lat + 1e-6))] == [f"claim a-{i}"]


@pytest.mark.parametrize("size", [300, BULK_FROM + 500], ids=["small", "large"])
def test_the_sources_table_counts_each_claimant_and_their_first_and_last_report(store, size):
    def dated(i: int) -> Claim:  # report days out of order, three claimants, one publisher relaying some
        day = date(2024, 1, 1) + timedelta(days=(i * 37) % 400)
        return replace(synthetic(i, writer="abc"[i % 3]), event_time=TimeSpan(day, day), reported=day,
                       publisher=Publisher("relay", "https://example.org") if i % 5 == 0 else None)

    store.append([dated(i) for i in range(0, size, 2)])
    store.append([dated(i) for i in range(size)])
    with sqlite3.connect(store.path) as db:
        stored = db.execute("SELECT claimant, side, publisher, url, claims, first_reported, last_reported "
                            "FROM claim_sources ORDER BY 1, 3").fetchall()
        expected = db.execute("SELECT claimant, side, publisher, url, count(*), min(reported), max(reported) "
                              "FROM claims GROUP BY claimant, side, publisher, url ORDER BY 1, 3").fetchall()
    assert stored == expected and len(stored) == 6 and sum(row[4] for row in stored) == size


#: The claims table as frontmap 0.1 created it: fids by AUTOINCREMENT, and each bounding box in four columns.
_CLAIMS_0_1 = """CREATE TABLE claims (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, claimant TEXT NOT NULL,
  side TEXT NOT NULL, actor TEXT NOT NULL, event_start TEXT NOT NULL, event_end TEXT NOT NULL, precision TEXT NOT NULL,
  reported TEXT NOT NULL, recorded TEXT NOT NULL, publisher TEXT, url TEXT, summary TEXT, quote TEXT,
  verification TEXT NOT NULL, shape TEXT, uncertainty_km REAL, places TEXT,
  minx REAL, maxx REAL, miny REAL, maxy REAL, data TEXT NOT NULL, geom GEOMETRY)"""


@pytest.mark.parametrize("size", [300, BULK_FROM + 500], ids=["small", "large"])
def test_a_store_created_by_frontmap_0_1_takes_new_claims(tmp_path, size):
    path = tmp_path / "claims.gpkg"
    with sqlite3.connect(path) as db:
        db.execute(_CLAIMS_0_1)
        db.execute("INSERT INTO sqlite_sequence VALUES ('claims', 1000)")  # rows 1-1000 once stored, then deleted
    store = GeoPackageStore(path)
    store.append(read_claims(EXAMPLE))
    assert store.append([synthetic(i) for i in range(size)]) == size
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT min(fid) FROM claims").fetchone()[0] == 1001
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'claims_id'").fetchone()  # id is UNIQUE already
        assert db.execute("SELECT rtreecheck('rtree_claims_geom')").fetchone()[0] == "ok"
    assert [c.summary for c in store.query(bbox=(36.99, 48.0999, 37.01, 48.1001))] == ["claim a-100"]
    assert len(store.query(known_on="2025-01-05")) == size + 11


def test_indexes_that_no_query_used_are_dropped_from_stores_of_earlier_versions(store):
    store.append(read_claims(EXAMPLE))
    with closing(sqlite3.connect(store.path)) as db:
        db.executescript("CREATE INDEX claims_event ON claims (event_start, event_end); "
                         "CREATE INDEX claims_reported ON claims (reported); CREATE INDEX claims_kind ON claims (kind, side);")
    store = GeoPackageStore(store.path)
    with closing(sqlite3.connect(store.path)) as db:
        assert {name for (name,) in db.execute("SELECT name FROM pragma_index_list('claims')")} == {
            "claims_id", "claims_claimant"}
    assert len(store.query(kinds=["advance"], start="2025-01-01")) == 3


def test_a_large_import_that_fails_half_way_leaves_the_store_as_it_was(store):
    store.append([synthetic(0)])

    def claims_then_crash():
        yield from (synthetic(i) for i in range(1, BULK_FROM + 15_000))
        raise RuntimeError("killed mid-import")

    with pytest.raises(RuntimeError, match="killed"):
        store.append(claims_then_crash())
    assert len(store) == 1 and store.append([synthetic(1)]) == 1


def test_the_writing_process_reports_its_failure(tmp_path):
    with pytest.raises(WriterError, match="CantOpenError: unable to open database file"):
        write_in_child(tmp_path, iter([([], [], np.empty((0, 4)))]), BULK_FROM)  # a directory, not a database


def _write(path, writer):
    GeoPackageStore(path).append(synthetic(i, writer) for i in range(300))


def test_two_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "claims.gpkg"
    GeoPackageStore(path)
    writers = [multiprocessing.get_context("spawn").Process(target=_write, args=(path, w)) for w in "ab"]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
    assert [p.exitcode for p in writers] == [0, 0]
    assert len(GeoPackageStore(path)) == 600


def _importing(path: str, paused, go) -> None:
    """Start a large import of ``path`` and pause it mid-way (``paused`` set) until ``go`` is set."""
    def claims():
        yield from (synthetic(i, "big") for i in range(BULK_FROM))
        paused.set()
        go.wait(60)
        yield from (synthetic(i, "big") for i in range(BULK_FROM, BULK_FROM + 5_000))

    GeoPackageStore(path).append(claims())


def _journal_in_use(path, seconds: float = 30) -> bool:
    """Whether the writing process shows, within ``seconds``, a rollback journal beside ``path``."""
    journal = path.with_name(path.name + "-journal")
    deadline = time.monotonic() + seconds
    while not journal.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return journal.exists()


def _journal_mode(path) -> str:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("PRAGMA journal_mode").fetchone()[0]


def test_during_a_large_import_others_read_the_store_as_it_was_and_write_after_it(store):
    store.append([synthetic(0)])
    paused, go = threading.Event(), threading.Event()
    big = threading.Thread(target=_importing, args=(store.path, paused, go))
    big.start()
    try:
        assert paused.wait(60) and _journal_in_use(store.path)
        assert len(store) == 1 and store.query(claimants=["writer big"]) == []
        small = threading.Thread(target=store.append, args=([synthetic(1, "small")],))
        small.start()  # waits for the import's lock
    finally:
        go.set()
        big.join(120)
    small.join(120)
    assert [len(store.query(claimants=[f"writer {w}"])) for w in ("a", "big", "small")] == [1, BULK_FROM + 5_000, 1]
    assert _journal_mode(store.path) == "wal"


def test_a_killed_import_leaves_the_store_as_it_was(store):
    store.append([synthetic(0)])
    spawn = multiprocessing.get_context("spawn")
    paused, go = spawn.Event(), spawn.Event()
    importer = spawn.Process(target=_in_own_group, args=(_importing, str(store.path), paused, go))
    importer.start()
    assert paused.wait(60) and _journal_in_use(store.path)
    os.killpg(importer.pid, signal.SIGKILL)  # the importing process and its writing process, mid-transaction
    importer.join(60)
    with closing(sqlite3.connect(store.path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(store) == 1 and store.append([synthetic(1)]) == 1 and _journal_mode(store.path) == "wal"


def _in_own_group(target, *args) -> None:
    os.setpgid(0, 0)  # the writing process it starts joins this group, so that one signal reaches both
    target(*args)


def test_as_known_on_a_date(store):
    claims = read_claims(EXAMPLE)
    store.append(claims)
    assert {c.claimant.name for c in store.query(known_on="2025-01-04")} == {"Volodymyr Zelensky, President of Ukraine"}
    assert len(store.query(known_on="2025-01-05")) == 11
    strike = next(c for c in claims if c.kind == "strike")
    correction = Claim.from_dict({**strike.to_dict(with_id=False), "reported": "2025-01-06",
                                  "summary": "Corrected: one tank, not two.",
                                  "links": [Link("supersedes", strike.id).__dict__]})
    store.append([correction])
    assert strike.id in {c.id for c in store.query(known_on="2025-01-05")}
    known_later = {c.id for c in store.query(known_on="2025-01-06")}
    assert strike.id not in known_later and correction.id in known_later
    assert store.get(strike.id) == strike.with_recorded(store.get(strike.id).recorded)  # nothing edited in place


def test_filters(store):
    store.append(read_claims(EXAMPLE))
    assert len(store.query(bbox=(35, 51, 36, 52))) == 3  # Sudzha sector, Berdin, Makhnovka
    assert len(store.query(kinds=["area_change"])) == 4
    assert len(store.query(sides=["russia"])) == 1
    assert len(store.query(claimants=["Russian Defence Ministry"])) == 1
    assert len(store.query(start="2024-11-01", end="2024-11-30")) == 3
    assert [c.kind for c in store.query(place="curated:berdin")] == ["strike"]
    frame = store.to_geodataframe(kinds=["advance"])
    assert len(frame) == 3 and frame.crs.to_epsg() == 4326


def test_the_geodataframe_holds_what_the_claims_hold(store):
    store.append([*read_claims(EXAMPLE), every_field_claim()])
    for filters in ({}, {"kinds": ["advance"]}, {"known_on": "2025-01-04"}):
        frame, claims = store.to_geodataframe(**filters), store.query(**filters)
        assert list(frame["id"]) == [c.id for c in claims]
        assert list(frame["reported"]) == [c.reported for c in claims]
        assert [d.date() for d in frame["event_end"]] == [c.event_time.end for c in claims]
        assert list(frame["places"]) == ["; ".join(p.name or p.as_written for p in c.places) for c in claims]
        assert list(frame["verification"]) == [c.verification.status for c in claims]
        assert [g is None or g.equals_exact(c.geometry.geometry, 0) for g, c in zip(frame.geometry, claims, strict=True)] \
            == [True] * len(claims)
        assert [g is None for g in frame.geometry] == [c.geometry is None for c in claims]


def test_gdal_opens_the_file_as_layers(store):
    store.append(read_claims(EXAMPLE))
    layers = dict(pyogrio.list_layers(store.path))
    assert layers["claim_points"] == "Point" and layers["claim_areas"] == "Polygon"
    assert layers["claim_lines"] == "LineString" and "claims" in layers
    sources = pyogrio.read_dataframe(store.path, layer="claim_sources")
    assert sources.set_index("claimant").loc["Russian Defence Ministry", "claims"] == 1
    assert sources["claims"].sum() == 11
    points = pyogrio.read_dataframe(store.path, layer="claim_points")
    assert set(points["kind"]) == {"strike", "loss", "advance"} and points.crs.to_epsg() == 4326


def test_a_file_that_is_not_a_geopackage_is_refused(tmp_path):
    path = tmp_path / "claims.gpkg"
    path.write_text("not a database")
    with pytest.raises(StoreError, match="not a usable GeoPackage"):
        GeoPackageStore(path)
