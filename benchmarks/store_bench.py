"""Claim store at scale: import and query 1,000,000 synthetic claims in a GeoPackage.

    python3 benchmarks/store_bench.py [--claims 1000000]

Targets (2-core machine): >= 50,000 claims/s imported; a time-window + bbox query
over 1M claims in < 200 ms. Prints import throughput, file size, query times and
peak memory. Claims are spread over the theatre (44-53 N, 22-41 E) and 2022-2026.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

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
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
