"""Extraction throughput: articles of the seed report's length per second, on one core.

    python3 benchmarks/extract_bench.py [--article ../shared/seed/kursk-offensive-2025-01-05.txt]

Target: >= 200 articles/s. Each run extracts from a differently dated copy of the article
(so no result can be reused), in one process, after the gazetteer is loaded.

Shared virtual machines change speed from minute to minute, so the script also times a
fixed pure-Python loop before and after: compare runs only at a similar loop time. It also
prints the rate by this process's CPU time (``time.process_time``), which waiting for a busy
core does not inflate: on a loaded machine that line is the closer one to a quiet machine's.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from machine import loop_seconds

from frontmap.extract import extract
from gazetteer import Gazetteer

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "seed" / "kursk-offensive-2025-01-05.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=DEFAULT)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    before = loop_seconds()
    text = args.article.read_text(encoding="utf-8")
    gazetteer = Gazetteer.default()
    extract(text, "2025-01-05", gazetteer)  # warm-up: caches of the gazetteer and regexes
    rates, cpu_rates = [], []
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        for index in range(args.articles):
            extract(text, date(2025, 1, 5) + timedelta(days=index % 30), gazetteer)
        rates.append(args.articles / (time.perf_counter() - start))
        cpu_rates.append(args.articles / (time.process_time() - cpu))
    result = extract(text, "2025-01-05", gazetteer)
    print(f"article: {len(text.split())} words, {len(result.places)} place mentions, {len(result.claims)} claims")
    print(f"throughput over {args.articles} articles, {args.runs} runs: median {statistics.median(rates):.0f} articles/s "
          f"(best {max(rates):.0f}, worst {min(rates):.0f}), {1000 / statistics.median(rates):.1f} ms per article "
          "[target >= 200/s]")
    print(f"by CPU time: median {statistics.median(cpu_rates):.0f} articles/s (best {max(cpu_rates):.0f}), "
          f"{1000 / statistics.median(cpu_rates):.1f} ms of CPU per article")
    print(f"machine speed: a 10-million-step Python loop took {before:.2f} s before and {loop_seconds():.2f} s after; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
