"""Gazetteer speed and memory: load time, resolutions per second by tier, peak memory.

    python3 benchmarks/gazetteer_bench.py [--queries 100000] [--peer DIR]

Targets (2-core machine): load < 0.5 s; >= 50,000 exact/variant resolutions per second;
>= 2,000 fuzzy. Queries are drawn (seeded, without replacement, so nearly all are distinct
and a table gains little from resolving repeated names once) from the embedded name
forms, so a name with many namesakes is drawn as often as it has forms (a harsh mix:
about half the exact queries have several candidates): exact ones as they are, variant ones respelled in ways only
the skeleton forgives (w for v, j for y, doubled consonants), fuzzy ones with one letter
dropped. Each is timed as a table (``resolve_many``, vectorised) and name by name
(``resolve``); the line says which tier actually answered. ``--peer DIR`` runs the same
queries against another checkout's gazetteer (e.g. the previous commit) in the same run,
each tier in a fresh process per checkout, turn about, so both see the same machine speed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIERS = ("exact", "variant", "fuzzy")
#: Import and load (cold), and load alone (warm), as fresh processes print them.
COLD = ("import time; t = time.perf_counter(); from gazetteer import Gazetteer; "
        "Gazetteer(); print(time.perf_counter() - t)")
WARM = ("import time; from gazetteer import Gazetteer; t = time.perf_counter(); "
        "Gazetteer(); print(time.perf_counter() - t)")


def load_seconds(tree: Path, runs: int = 5) -> tuple[float, float]:
    """Median time to import and load, and to load alone, each in a fresh process, with ``tree`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cold, warm = [], []
    for _ in range(runs):
        cold.append(float(subprocess.check_output([sys.executable, "-c", COLD], env=env, cwd=tree)))
        warm.append(float(subprocess.check_output([sys.executable, "-c", WARM], env=env, cwd=tree)))
    return sorted(cold)[runs // 2], sorted(warm)[runs // 2]


def respell(name: str) -> str:
    return re.sub(r"(?<=[a-z])([sln])(?=[aeiouy])", r"\1\1", name.replace("v", "w").replace("y", "j"), count=1)


def drop_letter(name: str, rng: random.Random) -> str:
    i = rng.randrange(2, len(name) - 2)
    return name[:i] + name[i + 1:]


def run(gaz, queries: list[str]) -> tuple[float, float, Counter]:
    """Seconds as one table, seconds one by one, and which tier answered."""
    start = time.perf_counter()
    table = gaz.resolve_many(queries)
    as_table = time.perf_counter() - start
    start = time.perf_counter()
    for query in queries:
        gaz.resolve(query).rule
    one_by_one = time.perf_counter() - start
    tiers = Counter(rule.split(":")[0] or "none" for rule in table["rule"])
    return as_table, one_by_one, tiers


def queries(tier: str, count: int) -> list[str]:
    """The seeded queries of one tier, drawn from the embedded name forms."""
    import pandas as pd

    from gazetteer.index import DEFAULT_DATA

    names = pd.read_parquet(DEFAULT_DATA / "names.parquet", columns=["form"])["form"]
    latin = names[names.str.fullmatch(r"[A-Za-z' -]{6,}")].tolist()
    rng = random.Random(20250105)
    exact = rng.sample(names.tolist(), k=count)
    if tier == "exact":
        return exact
    respelled = sorted({respell(n) for n in latin} - set(latin))
    variant = rng.sample(respelled, k=min(count, len(respelled)))
    variant += rng.choices(respelled, k=count - len(variant))
    if tier == "variant":
        return variant
    return [drop_letter(n, rng) for n in rng.choices([n for n in latin if len(n) >= 8], k=count)]


def one_tier(tier: str, count: int, label: str) -> None:
    """Time one tier in this process and print its line."""
    from gazetteer import Gazetteer

    gaz = Gazetteer()
    tier_queries = queries(tier, count)
    as_table, one_by_one, tiers = run(gaz, tier_queries)
    answered = ", ".join(f"{name} {n / len(tier_queries):.0%}" for name, n in tiers.most_common())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{tier:7} {label:<24} {len(tier_queries):>8,}  {len(set(tier_queries)):>8,}  "
          f"{len(tier_queries) / as_table:>10,.0f} /s  {len(tier_queries) / one_by_one:>10,.0f} /s  "
          f"{peak:>6,.0f} MiB  {answered}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--peer", type=Path, help="Another checkout whose gazetteer to time in the same run.")
    parser.add_argument("--tier", choices=TIERS, help=argparse.SUPPRESS)  # one tier, in this process
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tier:
        one_tier(args.tier, args.queries, args.label)
        return
    trees = {"this checkout": ROOT} | ({f"peer {args.peer.name}": args.peer.resolve()} if args.peer else {})
    for label, tree in trees.items():
        cold, warm = load_seconds(tree)
        print(f"load, {label}: {warm:.3f} s (import + load in a fresh process: {cold:.3f} s); median of 5")
    print(f"{'queries':>7} {'checkout':<24} {'count':>8}  {'distinct':>8}  {'as a table':>14}  {'one by one':>14}  "
          f"{'max RSS':>10}  answered by")
    for tier in TIERS:
        for label, tree in trees.items():  # each tier in a fresh process, this checkout's script on tree's gazetteer
            subprocess.run([sys.executable, __file__, "--tier", tier, "--queries", str(args.queries), "--label", label],
                           env={**os.environ, "PYTHONPATH": str(tree)}, check=True)


if __name__ == "__main__":
    main()
