"""Claim stores at scale: both engines, the same synthetic point claims, in one run.

    python3 benchmarks/store_bench.py [--claims 100000] [--pg postgresql://...] [--concurrent 100000]

Prints, for the GeoPackage store and (given ``--pg`` or ``FRONTMAP_TEST_PG``) the PostGIS
store:

* import, end to end, in a fresh process whose peak memory (max RSS) and CPU seconds are
  printed, each one committed transaction; claims/s counts the whole time: (a) a claim file (a
  CSV table of point claims) read, checked and turned into rows and ids column-wise
  (:func:`frontmap.store.points.point_table_batches`), and (b) ``Claim`` objects built one
  by one as a stream and stored (what ``append`` of any claims costs);
* GeoPackage only: a second claim file of as many other claims imported into the store holding
  the first (the merge path: a transaction on the existing file, not a new file linked in place);
* beside it, pyogrio's own ``to_file`` (GDAL, with its spatial index) of the same rows
  read back from the store as a GeoDataFrame, and ``COPY`` of them alone into PostGIS;
* query latency over 20 random windows: a 30-day x 1 degree x 1 degree window and a 30-day
  window over the whole theatre, each read into a GeoDataFrame (``to_geodataframe``, no claims
  built) and as claims (``query``; 5 windows for the whole theatre);
* PostGIS only: the store's write alone (column batches built first) beside psql's ``\\copy``
  of the same rows and the same indexes built after (the floor); 8 writers (each a process
  importing a claim file of its share, a tenth of it shared with another writer) while 8
  readers run small-window queries on the store the import made (``--claims`` of them), back
  to back and then each a second after its last answer, then 4 + 4 and 2 + 2 back to back:
  claims/s, p95 query latency, and whether every distinct claim is stored once. Processes
  start (Python and its libraries: seconds of CPU each) and each reader makes its connection
  and a first query (the server process loads PostGIS) before the clock starts.

Claims are spread over the theatre (44-53 N, 22-41 E) and 2022-2026. The machine's speed
is printed before and after as a fixed Python loop's time (see ``machine.py``), and the load
average beside each import: the test machine is shared, so compare runs only at similar loop
times, and a claims/s figure with its peer's from the same run (CPU seconds vary less with load
than wall time).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from machine import loop_seconds

from frontmap.model import Claim, Claimant, ClaimGeometry, Side, TimeSpan
from frontmap.store import open_store

KINDS = ["advance", "capture", "clash", "strike", "loss"]
SIDES = [Side.UKRAINE, Side.RUSSIA, Side.INDEPENDENT]
THEATRE = (22.0, 44.0, 41.0, 53.0)


def synthetic_claims(n: int, first: int = 0):
    """``n`` point claims, numbered from ``first`` (the same number gives the same claim)."""
    rng = random.Random(first)
    start = date(2022, 2, 24)
    for i in range(first, first + n):
        rng.seed(i)
        day = start + timedelta(days=rng.randrange(1_700))
        yield Claim(
            claimant=Claimant(f"source {i % 50}", SIDES[i % 3]), kind=KINDS[i % 5],
            event_time=TimeSpan(day, day), reported=day, summary=f"synthetic claim {i}",
            geometry=ClaimGeometry.point(rng.uniform(44, 53), rng.uniform(22, 41), 2.0),
        )


def load() -> str:
    """The machine's load average (1, 5, 15 minutes), to read the figures beside."""
    return "load average " + ", ".join(f"{v:.1f}" for v in os.getloadavg())


def peak_mib() -> float:
    """This process's peak resident memory (``VmHWM``: unlike ``ru_maxrss``, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_fresh_process(target, *args) -> tuple:
    """What ``target(*args, answer)`` puts on its queue, run in a fresh (spawned) process: its peak memory is its own."""
    spawn = multiprocessing.get_context("spawn")
    answer = spawn.Queue()
    process = spawn.Process(target=target, args=(*args, answer))
    process.start()
    result = answer.get()
    process.join()
    return result


def _import(location: str, n: int, first: int, answer) -> None:
    start = time.perf_counter()
    added = open_store(location, mode="w").append(synthetic_claims(n, first))
    answer.put((added, time.perf_counter() - start, peak_mib()))


def timed_import(location: str, n: int, first: int = 0) -> tuple[int, float, float]:
    """(claims added, seconds, peak MiB) of an import run in a fresh process."""
    return in_fresh_process(_import, location, n, first)


def write_point_table(path: Path, n: int, seed: int = 3) -> None:
    """A claim file of ``n`` point claims (the CSV table :func:`frontmap.store.points.point_table_batches` reads)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2022-02-24") + pd.to_timedelta(rng.integers(0, 1_700, n), unit="D")
    day = days.strftime("%Y-%m-%d")
    number = np.arange(n)
    pd.DataFrame({
        "claimant": [f"source {i % 50}" for i in range(n)], "side": np.array(["ukraine", "russia", "independent"])[number % 3],
        "kind": np.array(KINDS)[number % 5], "event_start": day, "event_end": day, "reported": day,
        "summary": [f"synthetic table claim {i}" for i in range(n)], "lon": rng.uniform(22, 41, n).round(5),
        "lat": rng.uniform(44, 53, n).round(5), "uncertainty_km": 2.0,
    }).to_csv(path, index=False)


def _import_table(location: str, path: str, answer) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    added = open_store(location, mode="w").append_point_table(path)
    answer.put((added, time.perf_counter() - start, peak_mib(), time.process_time() - cpu))


def timed_table_import(location: str, path: Path) -> tuple[int, float, float, float]:
    """(claims added, seconds, peak MiB, CPU seconds of the importing process) of a claim file's import,
    column-wise, in a fresh process."""
    return in_fresh_process(_import_table, location, str(path))


def _import_batches(location: str, path: str, answer) -> None:
    from frontmap.store.points import point_table_batches

    store = open_store(location, mode="w")
    batches = list(point_table_batches(path, store.batch_size, "2026-01-01T00:00:00+00:00", ""))
    start = time.perf_counter()
    added = store.append_batches(batches)
    answer.put((added, time.perf_counter() - start, peak_mib()))


def timed_batches_import(location: str, path: Path) -> tuple[int, float, float]:
    """(claims added, seconds, peak MiB) of the store's write alone: the claim file's column batches are built
    first (untimed, all held in memory), then ``append_batches`` is timed (COPY, indexes, commit)."""
    return in_fresh_process(_import_batches, location, str(path))


def postgis_copy_peer(url: str, scratch: Path) -> tuple[int, float, float]:
    """psql's ``\\copy`` of the store's rows (as CSV, written untimed) into an empty table of the same columns
    without indexes, then the store's indexes built on it: (rows, seconds to copy, seconds to index)."""
    import subprocess

    import psycopg

    from frontmap.store.postgis import _SENT

    names, rows = ", ".join(_SENT), scratch / "rows.csv"
    subprocess.run(["psql", url, "-qc", f"\\copy (SELECT {names} FROM claims ORDER BY fid) TO '{rows}' CSV"], check=True)
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE peer (LIKE claims INCLUDING DEFAULTS INCLUDING GENERATED)")
    start = time.perf_counter()
    subprocess.run(["psql", url, "-qc", f"\\copy peer ({names}) FROM '{rows}' CSV"], check=True)
    copied = time.perf_counter() - start
    with psycopg.connect(url) as db:
        start = time.perf_counter()
        for sql in ("SET maintenance_work_mem = '256MB'", "ALTER TABLE peer ADD UNIQUE (id)",
                    "CREATE INDEX ON peer USING gist (geom, event_days)",
                    "CREATE INDEX ON peer USING gist (event_days)",
                    "CREATE INDEX ON peer (claimant)"):
            db.execute(sql)
        db.commit()
        indexed = time.perf_counter() - start
        count = db.execute("SELECT count(*) FROM peer").fetchone()[0]
        db.execute("DROP TABLE peer")
    rows.unlink()
    return count, copied, indexed


def windows(count: int, seed: int = 2) -> list[tuple[date, tuple[float, float, float, float]]]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        lon, lat = rng.uniform(23, 39), rng.uniform(45, 51)
        found.append((date(2022, 6, 1) + timedelta(days=rng.randrange(1_300)), (lon, lat, lon + 1, lat + 1)))
    return found


def latency(function, runs) -> tuple[float, float, float]:
    """(median ms, p95 ms, median rows) of ``function(day, bbox)`` over ``runs``."""
    times, rows = [], []
    for day, bbox in runs:
        start = time.perf_counter()
        rows.append(len(function(day, bbox)))
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], statistics.median(rows)


def report_queries(name: str, store) -> None:
    runs = windows(20)
    small = latency(lambda d, b: store.to_geodataframe(start=d, end=d + timedelta(days=30), bbox=b), runs)
    claims = latency(lambda d, b: store.query(start=d, end=d + timedelta(days=30), bbox=b), runs)
    whole = latency(lambda d, b: store.to_geodataframe(start=d, end=d + timedelta(days=30), bbox=THEATRE), runs)
    whole_claims = latency(lambda d, b: store.query(start=d, end=d + timedelta(days=30), bbox=THEATRE), runs[:5])
    for label, (median, p95, rows) in (("30 days x 1x1 deg, GeoDataFrame", small), ("30 days x 1x1 deg, claims", claims),
                                       ("30 days x whole theatre, GeoDataFrame", whole),
                                       ("30 days x whole theatre, claims (5 windows)", whole_claims)):
        print(f"  {name} query {label}: median {median:,.0f} ms, p95 {p95:,.0f} ms ({rows:,.0f} claims)")


def _writer(url: str, path: str, ready, go, answer) -> None:
    import pandas  # noqa: F401  the libraries an import loads (pandas: 0.4 s of CPU) are start-up, as for the process
    import pyarrow.csv  # noqa: F401

    store = open_store(url, mode="w")
    ready.release()
    go.wait()
    start = time.perf_counter()
    added = store.append_point_table(path)
    answer.put(("writer", added, time.perf_counter() - start))


def _reader(url: str, pause: float, ready, go, stop, answer) -> None:
    store, times = open_store(url, mode="r"), []
    store.to_geodataframe(start="2024-01-01", end="2024-01-30", bbox=(30, 48, 31, 49))  # connected, PostGIS loaded
    ready.release()
    go.wait()
    for day, bbox in windows(10_000, seed=os.getpid()):
        if stop.wait(pause):
            break
        begin = time.perf_counter()
        store.to_geodataframe(start=day, end=day + timedelta(days=30), bbox=bbox)
        times.append((time.perf_counter() - begin) * 1000)
    answer.put(("reader", times))


def concurrent(url: str, total: int, scratch: Path, writers: int = 8, readers: int = 8, pause: float = 0.0,
               seed: int = 5) -> None:
    """``writers`` processes each importing a claim file (neighbours share a tenth of their claims; ``seed``
    makes the claims) and ``readers`` querying, each ``pause`` seconds after its last answer (0: back to back)."""
    import pandas as pd

    spawn = multiprocessing.get_context("spawn")
    answer, stop, go, ready = spawn.Queue(), spawn.Event(), spawn.Event(), spawn.Semaphore(0)
    share = total // writers
    overlap = share // 10
    before = len(open_store(url, mode="r"))
    # Writer k imports rows [k*share - overlap, (k+1)*share) of one table: the first tenth is its neighbour's.
    write_point_table(scratch / "writers.csv", share * writers, seed)
    rows = pd.read_csv(scratch / "writers.csv", dtype=str, keep_default_na=False)
    paths = [scratch / f"writer{k}.csv" for k in range(writers)]
    for k, path in enumerate(paths):
        rows.iloc[max(0, k * share - overlap):(k + 1) * share].to_csv(path, index=False)
    procs = [spawn.Process(target=_writer, args=(url, str(path), ready, go, answer)) for path in paths]
    procs += [spawn.Process(target=_reader, args=(url, pause, ready, go, stop, answer)) for _ in range(readers)]
    for process in procs:
        process.start()
    for _ in procs:  # every process has started Python and its libraries (seconds of CPU each): not timed
        ready.acquire()
    go.set()
    start = time.perf_counter()
    added, results = 0, []
    for _ in range(writers):
        results.append(answer.get())
    seconds = time.perf_counter() - start
    stop.set()
    for _ in range(readers):
        results.append(answer.get())
    for process in procs:
        process.join()
    for path in [*paths, scratch / "writers.csv"]:
        path.unlink()
    added = sum(r[1] for r in results if r[0] == "writer")
    times = sorted(t for r in results if r[0] == "reader" for t in r[1])
    after = len(open_store(url, mode="r"))
    how = f"each a query {pause:g} s after its last answer" if pause else "queries back to back"
    print(f"  postgis {writers} writers, each importing a claim file, + {readers} readers ({how}) on a store of "
          f"{before:,} claims (load average {os.getloadavg()[0]:.1f} at the end): {added:,} claims in {seconds:.1f} s = "
          f"{added / seconds:,.0f} claims/s; {len(times):,} queries, median {statistics.median(times):,.0f} ms, "
          f"p95 {times[int(0.95 * (len(times) - 1))]:,.0f} ms; stored {after - before:,} of {share * writers:,} "
          f"distinct claims sent ({'nothing lost or duplicated' if after - before == share * writers == added else 'MISMATCH'})")


def scratch_database(url: str) -> str:
    """A new database copied from the one ``url`` names (which needs the PostGIS extension); its URL."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name, template = f"frontmap_bench_{os.getpid()}_{time.monotonic_ns()}", conninfo_to_dict(url)["dbname"]
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return url.replace(f"/{template}", f"/{name}", 1)


def drop_database(url: str) -> None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    with psycopg.connect(url.replace(f"/{conninfo_to_dict(url)['dbname']}", "/postgres", 1), autocommit=True) as db:
        db.execute(f'DROP DATABASE "{conninfo_to_dict(url)["dbname"]}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--pg", default=os.environ.get("FRONTMAP_TEST_PG", ""),
                        help="a PostGIS database URL: the benchmark works in a new database copied from it, then drops it")
    parser.add_argument("--objects", type=int, default=100_000,
                        help="claims of the Claim-object import (at most --claims; into its own store)")
    parser.add_argument("--engines", default="gpkg,postgis", help="which engines to measure (comma-separated)")
    parser.add_argument("--concurrent", type=int, default=100_000, help="claims the 8 PostGIS writers import in all (0: skip)")
    args = parser.parse_args()
    print(f"machine speed: a 10-million-step Python loop took {loop_seconds():.2f} s at the start; {load()}")
    scratch = Path(tempfile.mkdtemp())
    engines = [("gpkg", str(scratch / "claims.gpkg"))] if "gpkg" in args.engines else []
    if "postgis" not in args.engines:
        args.pg = ""
    if args.pg:
        base_pg, args.pg = args.pg, scratch_database(args.pg)
        engines.append(("postgis", args.pg))
    else:
        print("postgis: skipped (give --pg or set FRONTMAP_TEST_PG)")
    table = scratch / "points.csv"
    write_point_table(table, args.claims)
    print(f"claim file: {args.claims:,} point claims, {table.stat().st_size / 2**20:,.0f} MiB of CSV (written untimed)")
    for name, location in engines:
        added, seconds, peak, cpu = timed_table_import(location, table)
        print(f"{name}: import of the claim file end to end (read, checked, ids, stored column-wise, one transaction): "
              f"{added:,} claims in {seconds:.1f} s = {added / seconds:,.0f} claims/s (CPU of the importing process "
              f"{cpu:.1f} s = {added / cpu:,.0f} claims/CPU-s); peak memory {peak:,.0f} MiB; {load()}")
        again = timed_table_import(location, table)
        print(f"  {name} re-import of the same file: {again[0]:,} added in {again[1]:.1f} s")
        if name == "postgis":
            other = scratch_database(base_pg)
            added, seconds, peak = timed_batches_import(other, table)
            drop_database(other)
            print(f"  postgis write alone (the file's column batches built first, untimed; then COPY into the empty "
                  f"store, indexes built, commit): {added:,} claims in {seconds:.1f} s = {added / seconds:,.0f} claims/s"
                  f" (load average {os.getloadavg()[0]:.1f})")
            count, copied, indexed = postgis_copy_peer(location, scratch)
            print(f"  peer: psql \\copy of the same {count:,} rows as CSV into a table without indexes: {copied:.1f} s "
                  f"= {count / copied:,.0f} rows/s; then the same indexes built: {indexed:.1f} s; together "
                  f"{count / (copied + indexed):,.0f} rows/s; the store's write alone took "
                  f"{seconds / (copied + indexed):.2f}x their time")
        objects = min(args.objects, args.claims)
        other = str(scratch / "objects.gpkg") if name == "gpkg" else scratch_database(base_pg)
        added, seconds, peak = timed_import(other, objects)
        print(f"  {name} import of Claim objects end to end (each Claim built, then stored; a new store): {added:,} "
              f"claims in {seconds:.1f} s = {added / seconds:,.0f} claims/s; peak memory {peak:,.0f} MiB")
        if name == "postgis":
            drop_database(other)
        store = open_store(location, mode="r")
        report_queries(name, store)
        start = time.perf_counter()
        frame = store.to_geodataframe()
        print(f"  {name} export: to_geodataframe() of all {len(frame):,} claims in {time.perf_counter() - start:.1f} s")
        if name == "gpkg":
            start, cpu = time.perf_counter(), time.process_time()
            frame.to_file(scratch / "peer.gpkg", driver="GPKG", engine="pyogrio", layer="claims")
            peer, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"  peer: GeoDataFrame.to_file(engine='pyogrio') of the same {len(frame):,} rows (no claims built, "
                  f"no ids, no dedup): {peer:.1f} s = {len(frame) / peer:,.0f} rows/s (CPU {cpu:.1f} s = "
                  f"{len(frame) / cpu:,.0f} rows/CPU-s); {load()}")
        del frame
        if name == "gpkg":
            more = scratch / "more.csv"
            write_point_table(more, args.claims, seed=4)
            added, seconds, peak, cpu = timed_table_import(location, more)
            print(f"  gpkg import of another claim file of {args.claims:,} claims into the store holding the first "
                  f"(a merge, not a new store): {added:,} claims in {seconds:.1f} s = {added / seconds:,.0f} claims/s "
                  f"(CPU {cpu:.1f} s); peak memory {peak:,.0f} MiB; {load()}")
            more.unlink()
    if args.pg:
        if args.concurrent:
            concurrent(args.pg, args.concurrent, scratch)
            concurrent(args.pg, args.concurrent, scratch, pause=1.0, seed=6)
            # The same back-to-back run with fewer processes: how latency grows with processes per core.
            for seed, count in ((7, 4), (8, 2)):
                concurrent(args.pg, args.concurrent, scratch, writers=count, readers=count, seed=seed)
        drop_database(args.pg)
    print(f"machine speed: a 10-million-step Python loop took {loop_seconds():.2f} s at the end; {load()}")


if __name__ == "__main__":
    main()
