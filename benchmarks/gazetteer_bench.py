"""Gazetteer speed and memory: load time, resolutions per second by tier, peak memory.

    python3 benchmarks/gazetteer_bench.py [--queries 100000]

Targets (2-core machine): load < 0.5 s; >= 50,000 exact/variant resolutions per second;
>= 2,000 fuzzy. Queries are drawn (seeded, without replacement, so nearly all are distinct
and a table gains little from resolving repeated names once) from the embedded name
forms, so a name with many namesakes is drawn as often as it has forms (a harsh mix:
about half the exact queries have several candidates): exact ones as they are, variant ones respelled in ways only
the skeleton forgives (w for v, j for y, doubled consonants), fuzzy ones with one letter
dropped. Each is timed as a table (``resolve_many``, vectorised) and name by name
(``resolve``); the line says which tier actually answered.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter

import pandas as pd

LOAD = "import time; t = time.perf_counter(); from gazetteer import Gazetteer; Gazetteer(); print(time.perf_counter() - t)"


def load_seconds(runs: int = 5) -> tuple[float, float]:
    """Median time to import and load, and to load alone, each in a fresh process."""
    cold = sorted(float(subprocess.check_output([sys.executable, "-c", LOAD])) for _ in range(runs))
    warm_code = "from gazetteer import Gazetteer; import time; t = time.perf_counter(); Gazetteer(); print(time.perf_counter() - t)"
    warm = sorted(float(subprocess.check_output([sys.executable, "-c", warm_code])) for _ in range(runs))
    return cold[runs // 2], warm[runs // 2]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=100_000)
    args = parser.parse_args()
    cold, warm = load_seconds()
    print(f"load: {warm:.3f} s (import + load in a fresh process: {cold:.3f} s)")

    from gazetteer import Gazetteer
    from gazetteer.index import DEFAULT_DATA

    gaz = Gazetteer()
    names = pd.read_parquet(DEFAULT_DATA / "names.parquet", columns=["form"])["form"]
    latin = names[names.str.fullmatch(r"[A-Za-z' -]{6,}")].tolist()
    rng = random.Random(20250105)
    exact = rng.sample(names.tolist(), k=args.queries)
    respelled = sorted({respell(n) for n in latin} - set(latin))
    variant = rng.sample(respelled, k=min(args.queries, len(respelled)))
    variant += rng.choices(respelled, k=args.queries - len(variant))
    fuzzy = [drop_letter(n, rng) for n in rng.choices([n for n in latin if len(n) >= 8], k=args.queries)]
    print(f"{'queries':>16}  {'distinct':>8}  {'as a table':>14}  {'one by one':>14}  answered by")
    for label, queries in (("exact", exact), ("variant", variant), ("fuzzy", fuzzy)):
        as_table, one_by_one, tiers = run(gaz, queries)
        answered = ", ".join(f"{tier} {count / len(queries):.0%}" for tier, count in tiers.most_common())
        print(f"{label:7} {len(queries):>8,}  {len(set(queries)):>8,}  {len(queries) / as_table:>10,.0f} /s  {len(queries) / one_by_one:>10,.0f} /s  {answered}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
