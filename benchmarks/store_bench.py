"""Claim store at scale: import and query 1,000,000 synthetic claims in a GeoPackage.

    python3 benchmarks/store_bench.py [--claims 1000000]

Targets (2-core machine): >= 50,000 claims/s imported; a time-window + bbox query
over 1M claims in < 200 ms. Prints import throughput, file size, query times, how long
reading the whole store into a GeoDataFrame takes, and peak memory. Claims are spread
over the theatre (44-53 N, 22-41 E) and 2022-2026. Building the claim objects is
timed apart; the import is ``GeoPackageStore.append`` on the list, into a new file.
The machine's speed is printed before and after, as a fixed Python loop's time (see
``machine.py``): compare runs only at similar loop times.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from machine import loop_seconds

from frontmap.model import Claim, Claimant, ClaimGeometry, Side, TimeSpan
from frontmap.store import GeoPackageStore

KINDS = ["advance", "capture", "clash", "strike", "loss"]
SIDES = [Side.UKRAINE, Side.RUSSIA, Side.INDEPENDENT]


def synthetic_claims(n: int, seed: int = 1):
    rng = random.Random(seed)
    first = date(2022, 2, 24)
    for i in range(n):
        day = first + timedelta(days=rng.randrange(1_700))
        yield Claim(
            claimant=Claimant(f"source {i % 50}", SIDES[i % 3]), kind=KINDS[i % 5],
            event_time=TimeSpan(day, day), reported=day, summary=f"synthetic claim {i}",
            geometry=ClaimGeometry.point(rng.uniform(44, 53), rng.uniform(22, 41), 2.0),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    args = parser.parse_args()
    before = loop_seconds()
    path = Path(tempfile.mkdtemp()) / "claims.gpkg"
    store = GeoPackageStore(path)
    start = time.perf_counter()
    claims = list(synthetic_claims(args.claims))
    made = time.perf_counter() - start
    start = time.perf_counter()
    added = store.append(claims)
    seconds = time.perf_counter() - start
    print(f"built {len(claims):,} claim objects in {made:.1f} s (not counted below)")
    print(f"import: {added:,} claims in {seconds:.1f} s = {added / seconds:,.0f} claims/s; "
          f"file {path.stat().st_size / 2**20:,.0f} MiB")
    del claims  # a million live objects would put the cycle collector's full passes into the query times
    gc.collect()
    timings, counts = [], []
    rng = random.Random(2)
    for _ in range(20):
        lon, lat = rng.uniform(30, 38), rng.uniform(46, 51)
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(900))
        start = time.perf_counter()
        found = store.query(start=day, end=day + timedelta(days=30), bbox=(lon, lat, lon + 1, lat + 1))
        timings.append(time.perf_counter() - start)
        counts.append(len(found))
    print(f"query, 30-day window + 1x1 degree bbox (20 runs): median {statistics.median(timings) * 1000:.0f} ms, "
          f"max {max(timings) * 1000:.0f} ms, median {statistics.median(counts):.0f} claims returned")
    start = time.perf_counter()
    frame = store.to_geodataframe()
    print(f"export: to_geodataframe() of all {len(frame):,} claims in {time.perf_counter() - start:.1f} s")
    del frame
    peak, child = (resource.getrusage(who).ru_maxrss / 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"peak memory (max RSS): {peak:,.0f} MiB in this process (the claim objects included), "
          f"{child:,.0f} MiB in the writing process")
    print(f"machine speed: a 10-million-step Python loop took {before:.2f} s before and {loop_seconds():.2f} s after")


if __name__ == "__main__":
    main()
