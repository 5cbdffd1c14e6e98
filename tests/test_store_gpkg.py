"""The GeoPackage store's own guarantees, on real files: layers GDAL opens, all-or-nothing
imports even when killed, readers during an import, and one clear error for every file
it cannot use, with nothing stored lost."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import closing
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pyogrio
import pytest
import shapely

from frontmap.claimfile import read_claims
from frontmap.model import Claim, Publisher, TimeSpan
from frontmap.store import BadRowWarning, GeoPackageStore, StoreError, gpkg, open_store
from frontmap.store.gpkg import BULK_FROM, FORMAT

from .store_engines import synthetic
from .test_model import EXAMPLE, every_field_claim

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore(tmp_path / "claims.gpkg")


def _sql(path, sql, args=()):
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql, args).fetchall()


def test_gdal_and_ogrinfo_open_the_file_as_layers(store):
    store.append(read_claims(EXAMPLE))
    layers = dict(pyogrio.list_layers(store.path))
    assert layers["claim_points"] == "Point" and layers["claim_areas"] == "Polygon"
    assert layers["claim_lines"] == "LineString" and "claims" in layers
    sources = pyogrio.read_dataframe(store.path, layer="claim_sources")
    assert sources.set_index("claimant").loc["Russian Defence Ministry", "claims"] == 1
    points = pyogrio.read_dataframe(store.path, layer="claim_points")
    assert set(points["kind"]) == {"strike", "loss", "advance"} and points.crs.to_epsg() == 4326
    if ogrinfo := shutil.which("ogrinfo"):
        report = subprocess.run([ogrinfo, "-so", "-ro", str(store.path), "claims"], capture_output=True, text=True,
                                check=False)
        assert report.returncode == 0 and "Feature Count: 11" in report.stdout


@pytest.mark.parametrize("size", [300, BULK_FROM + 500], ids=["small", "large"])
def test_the_r_tree_and_the_sources_table_stay_right(store, size):
    def dated(i: int) -> Claim:  # report days out of order, three claimants, one publisher relaying some
        day = date(2024, 1, 1) + timedelta(days=(i * 37) % 400)
        return replace(synthetic(i, writer="abc"[i % 3]), event_time=TimeSpan(day, day), reported=day,
                       publisher=Publisher("relay", "https://example.org") if i % 5 == 0 else None)

    store.append([dated(i) for i in range(0, size, 2)])
    assert store.append([dated(i) for i in range(size)] + [dated(1)]) == size // 2
    assert _sql(store.path, "SELECT rtreecheck('rtree_claims_geom')") == [("ok",)]
    assert _sql(store.path, "SELECT count(*) FROM rtree_claims_geom") == [(size,)]
    assert _sql(store.path, "SELECT rtreecheck('rtree_claims_event'), count(*), sum(e.minx != julianday(c.event_start) "
                            "OR e.maxx != julianday(c.event_end) OR e.miny != 0 OR e.maxy != 0) FROM rtree_claims_event e "
                            "JOIN claims c ON c.fid = e.id") == [("ok", size, 0)]
    stored = _sql(store.path, "SELECT claimant, side, publisher, url, claims, first_reported, last_reported "
                              "FROM claim_sources ORDER BY 1, 3")
    expected = _sql(store.path, "SELECT claimant, side, publisher, url, count(*), min(reported), max(reported) "
                                "FROM claims GROUP BY claimant, side, publisher, url ORDER BY 1, 3")
    assert stored == expected and len(stored) == 6
    extent = _sql(store.path, "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'claims'")[0]
    bounds = shapely.bounds([dated(i).geometry.geometry for i in range(size)])
    assert extent == (*bounds[:, :2].min(axis=0), *bounds[:, 2:].max(axis=0))
    for i in (1, 2, 3, size - 1):
        lat = 48 + (i % 4000) / 1000
        assert f"claim {'abc'[i % 3]}-{i}" in {c.summary for c in store.query(bbox=(36.99, lat - 1e-6, 37.01, lat + 1e-6))}


#: The claims table as frontmap 0.1 created it: fids by AUTOINCREMENT, and each bounding box in four columns.
_CLAIMS_0_1 = """PRAGMA application_id = 1196444487; CREATE TABLE claims (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, claimant TEXT NOT NULL,
  side TEXT NOT NULL, actor TEXT NOT NULL, event_start TEXT NOT NULL, event_end TEXT NOT NULL, precision TEXT NOT NULL,
  reported TEXT NOT NULL, recorded TEXT NOT NULL, publisher TEXT, url TEXT, summary TEXT, quote TEXT,
  verification TEXT NOT NULL, shape TEXT, uncertainty_km REAL, places TEXT,
  minx REAL, maxx REAL, miny REAL, maxy REAL, data TEXT NOT NULL, geom GEOMETRY);
CREATE TABLE claim_sources (fid INTEGER PRIMARY KEY, claimant TEXT NOT NULL, side TEXT NOT NULL, publisher TEXT,
  url TEXT, claims INTEGER NOT NULL, first_reported TEXT NOT NULL, last_reported TEXT NOT NULL);
CREATE INDEX claims_event ON claims (event_start, event_end);
INSERT INTO sqlite_sequence VALUES ('claims', 1000);"""


@pytest.mark.parametrize("size", [300, BULK_FROM + 500], ids=["small", "large"])
def test_a_store_of_frontmap_0_1_is_upgraded_and_takes_new_claims(tmp_path, size):
    path = tmp_path / "claims.gpkg"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(_CLAIMS_0_1)
    assert len(open_store(path, mode="r")) == 0  # read as it is, without an upgrade
    store = open_store(path, mode="w")
    store.append(read_claims(EXAMPLE))
    assert store.append([synthetic(i) for i in range(size)]) == size
    assert _sql(path, "SELECT min(fid) FROM claims") == [(1001,)]
    assert _sql(path, "SELECT rtreecheck('rtree_claims_geom')") == [("ok",)]
    assert _sql(path, "SELECT value FROM frontmap_meta WHERE key = 'format'") == [(str(FORMAT),)]
    assert not _sql(path, "SELECT 1 FROM sqlite_master WHERE name = 'claims_event'")
    assert next(c.summary for c in store.query(bbox=(36.99, 48.0999, 37.01, 48.1001))) == "claim a-100"
    assert len(store.query(known_on="2025-01-05")) == size + 11


def test_rows_that_hold_the_whole_claim_as_frontmap_0_1_wrote_them_are_read(store):
    claim = every_field_claim()
    store.append([claim])
    with closing(sqlite3.connect(store.path)) as db, db:
        db.execute("UPDATE claims SET data = ?", (json.dumps(claim.to_dict()),))
    assert store.get(claim.id) == claim


def test_a_bad_row_is_reported_alone_and_the_others_are_read(store):
    claims = [synthetic(i) for i in range(4)]
    store.append(claims)
    with closing(sqlite3.connect(store.path)) as db, db:
        db.execute("UPDATE claims SET uncertainty_km = NULL WHERE id = ?", (claims[1].id,))  # a NaN stored as NULL
        db.execute("UPDATE claims SET data = '{\"future_field\": 1}' WHERE id = ?", (claims[2].id,))  # newer version
        db.execute("UPDATE claims SET geom = x'00' WHERE id = ?", (claims[3].id,))
    with pytest.warns(BadRowWarning) as warned:
        read = store.query()
    assert [c.id for c in read] == [claims[0].id, claims[2].id]  # an unknown data field is ignored
    assert len(warned) == 2 and claims[1].id in str(warned[0].message) and claims[3].id in str(warned[1].message)
    assert len(store.to_geodataframe()) == 4


def _killed_import(path: str, size: int, ready: str) -> None:
    """The body of a process that imports ``size`` claims, pausing before the last batch for a kill."""
    code = f"""
        import time
        from pathlib import Path
        from frontmap.store import open_store
        from tests.store_engines import synthetic
        def claims():
            for i in range({size}):
                if i == {size} - 10:
                    Path({ready!r}).touch()
                    time.sleep(60)
                yield synthetic(i, "killed")
        open_store({path!r}, mode="w").append(claims())
    """
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, start_new_session=True)


def test_a_killed_import_leaves_the_store_as_it_was(store, tmp_path):
    store.append([synthetic(0)])
    ready = tmp_path / "ready"
    importer = _killed_import(str(store.path), 60_000, str(ready))
    deadline = time.monotonic() + 120
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ready.exists()
    os.killpg(importer.pid, signal.SIGKILL)
    importer.wait(60)
    assert _sql(store.path, "PRAGMA integrity_check") == [("ok",)]
    assert len(store) == 1 and store.append([synthetic(1)]) == 1


def test_a_killed_merge_leaves_the_store_as_it_was(store, tmp_path):
    """SIGKILL inside the one write transaction: the WAL holds uncommitted pages, which are dropped."""
    store.append([synthetic(0)])
    code = f"""
        import os, signal
        from frontmap.store import gpkg, open_store
        from tests.store_engines import synthetic
        index = gpkg._index
        def killed(*args, **kwargs):
            index(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)  # claims and R-tree written, not committed
        gpkg._index = killed
        open_store({str(store.path)!r}, mode="w").append(synthetic(i, "killed") for i in range(30_000))
    """
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, check=False)
    assert done.returncode == -signal.SIGKILL
    assert _sql(store.path, "PRAGMA integrity_check") == [("ok",)]
    assert len(store) == 1 and _sql(store.path, "SELECT count(*) FROM rtree_claims_geom") == [(1,)]
    assert store.append([synthetic(1)]) == 1


@pytest.mark.parametrize("when", ["staging", "indexing", "linked"])
def test_a_killed_import_into_a_new_store_leaves_no_store_or_a_whole_one(tmp_path, when):
    """A new store is written beside its path and linked to it when whole: killed before, there is no store."""
    path = tmp_path / "claims.gpkg"
    code = f"""
        import os, signal
        from frontmap.store import gpkg, open_store
        from tests.store_engines import synthetic
        def kill(function):
            def killed(*args, **kwargs):
                function(*args, **kwargs)
                os.kill(os.getpid(), signal.SIGKILL)
            return killed
        def claims():
            for i in range(30_000):
                if i == 29_990 and {when!r} == "staging":
                    os.kill(os.getpid(), signal.SIGKILL)
                yield synthetic(i, "killed")
        if {when!r} == "indexing":
            gpkg._index = kill(gpkg._index)
        if {when!r} == "linked":
            gpkg.os.link = kill(os.link)
        open_store({str(path)!r}, mode="w").append(claims())
    """
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, check=False)
    assert done.returncode == -signal.SIGKILL
    if when != "linked":
        assert not path.exists()
        assert open_store(path, mode="w").append(synthetic(i, "killed") for i in range(30_000)) == 30_000
    assert _sql(path, "PRAGMA integrity_check") == [("ok",)] and _sql(path, "PRAGMA journal_mode") == [("wal",)]
    assert _sql(path, "SELECT rtreecheck('rtree_claims_geom'), rtreecheck('rtree_claims_event')") == [("ok", "ok")]
    assert len(open_store(path)) == 30_000 and open_store(path, mode="w").append([synthetic(0, "killed")]) == 0


def test_a_new_store_made_by_another_writer_meanwhile_is_merged_into(tmp_path, monkeypatch):
    """Two first imports at once: the second to link finds the store there and merges into it, losing nothing."""
    path, link, other = tmp_path / "claims.gpkg", os.link, []

    def link_after_another_writer(source, target):
        if not other:
            other.append("writing")
            other[0] = open_store(path, mode="w").append([synthetic(i, "other") for i in range(5)] + [synthetic(0)])
        return link(source, target)

    monkeypatch.setattr(gpkg.os, "link", link_after_another_writer)
    assert open_store(path, mode="w").append(synthetic(i) for i in range(300)) == 299  # claim 0: the other's
    assert other == [6] and len(open_store(path)) == 305
    assert _sql(path, "SELECT rtreecheck('rtree_claims_geom'), count(*) FROM rtree_claims_geom") == [("ok", 305)]
    assert _sql(path, "SELECT sum(claims) FROM claim_sources") == [(305,)]


def test_a_reader_sees_the_store_before_or_after_an_import_never_half_way(store):
    store.append([synthetic(0)])
    counts, stop = [], threading.Event()

    def read():
        reader = open_store(store.path, mode="r")
        while not stop.is_set():
            counts.append(len(reader))

    thread = threading.Thread(target=read)
    thread.start()
    try:
        store.append(synthetic(i, "big") for i in range(30_000))
    finally:
        stop.set()
        thread.join(60)
    assert set(counts) <= {1, 30_001} and counts[-1] == 30_001


def test_reading_commands_never_write(tmp_path):
    path = tmp_path / "claims.gpkg"
    GeoPackageStore(path).append(read_claims(EXAMPLE))
    before = path.read_bytes()
    path.chmod(0o444)
    reader = open_store(path, mode="r")
    assert len(reader.query()) == 11 and len(reader.to_geodataframe()) == 11
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only file")
def test_a_read_only_store_is_refused_for_writing_with_one_error(tmp_path):
    path = tmp_path / "claims.gpkg"
    GeoPackageStore(path).append([synthetic(0)])
    path.chmod(0o444)
    with pytest.raises(StoreError, match="read-only|permission"):
        open_store(path, mode="w").append([synthetic(1)])
    assert len(open_store(path)) == 1


def _damaged(tmp_path, how: str) -> Path:
    path = tmp_path / "claims.gpkg"
    GeoPackageStore(path).append([synthetic(i) for i in range(2_000)])
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "overwritten pages":
        path.write_bytes(data[:4096] + os.urandom(len(data) - 8192) + data[-4096:])
    elif how == "garbage header":
        path.write_bytes(os.urandom(100) + data[100:])
    elif how == "text":
        path.write_text("id,kind\n1,advance\n")
    return path


@pytest.mark.parametrize("how", ["truncated", "overwritten pages", "garbage header", "text"])
def test_a_damaged_file_gives_one_clear_error_for_reading_and_writing(tmp_path, how):
    path = _damaged(tmp_path, how)
    before = path.read_bytes()
    for mode in ("r", "w"):
        with pytest.raises(StoreError, match=f"{path}: .*(damaged|not a GeoPackage)"):
            store = open_store(path, mode=mode)
            store.query()
            store.append([synthetic(5_000)])
    assert path.read_bytes() == before


def test_a_directory_in_place_of_the_file_is_refused(tmp_path):
    for mode in ("r", "w"):
        with pytest.raises(StoreError, match="is a directory"):
            open_store(tmp_path, mode=mode)


def test_a_missing_store_is_refused_for_reading_and_not_created(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "claims.gpkg", mode="r")
    assert not (tmp_path / "claims.gpkg").exists()


def test_a_plain_sqlite_database_is_never_turned_into_a_store(tmp_path):
    path = tmp_path / "addresses.sqlite"
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE addresses (name TEXT)")
    before = path.read_bytes()
    for mode, init in (("r", False), ("w", False), ("w", True)):
        with pytest.raises(StoreError, match="not a GeoPackage"):
            open_store(path, mode=mode, init=init)
    assert path.read_bytes() == before


def test_another_tools_geopackage_gets_frontmap_layers_only_with_init(tmp_path):
    import geopandas as gpd

    path = tmp_path / "qgis-layer.gpkg"
    gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.Point(30, 50)], crs=4326).to_file(path, layer="roads")
    before = path.read_bytes()
    for mode in ("r", "w"):
        with pytest.raises(StoreError, match="GeoPackage without frontmap claims|another tool's GeoPackage"):
            open_store(path, mode=mode)
    assert path.read_bytes() == before
    open_store(path, mode="w", init=True).append(read_claims(EXAMPLE))
    assert len(open_store(path)) == 11 and len(pyogrio.read_dataframe(path, layer="roads")) == 1


def test_a_store_of_a_newer_format_is_refused_and_left_alone(store):
    store.append([synthetic(0)])
    with closing(sqlite3.connect(store.path)) as db, db:
        db.execute("UPDATE frontmap_meta SET value = ? WHERE key = 'format'", (str(FORMAT + 1),))
    before = store.path.read_bytes()
    for mode in ("r", "w"):
        with pytest.raises(StoreError, match="newer frontmap"):
            open_store(store.path, mode=mode)
    assert store.path.read_bytes() == before


def test_a_full_disk_gives_one_clear_error_and_loses_nothing(store, tmp_path):
    store.append([synthetic(i) for i in range(100)])
    size = store.path.stat().st_size
    code = f"""
        import resource, sys
        from frontmap.store import StoreError, open_store
        from tests.store_engines import synthetic
        resource.setrlimit(resource.RLIMIT_FSIZE, ({size + 65536}, {size + 65536}))
        try:
            open_store({str(store.path)!r}, mode="w").append(synthetic(i, "big") for i in range(20_000))
        except StoreError as exc:
            print(exc)
            sys.exit(3)
    """
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          check=False, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert done.returncode == 3, done.stderr[-2000:]
    assert "disk" in done.stdout and "Traceback" not in done.stderr
    assert len(store) == 100 and _sql(store.path, "PRAGMA integrity_check") == [("ok",)]
