"""How long the ``frontmap`` command takes to start: whole process, wall time, median of 5.

    python3 benchmarks/cli_start.py [--peer ../main] [--runs 5]

Times ``python -m frontmap.cli --help``, ``resolve Sudzha`` and ``extract`` of a short
article, each as a fresh process (interpreter start, imports, work, exit), with this
checkout first on ``PYTHONPATH``. Target: under 0.5 s for ``--help`` and ``resolve``.
``--peer DIR`` times another checkout (e.g. the previous release) in the same run, turn
about with this one, so that both see the same machine speed.

Shared virtual machines change speed from minute to minute, so the script also times a
fixed pure-Python loop: compare runs only at a similar loop time.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import loop_seconds

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article.txt"
COMMANDS = {
    "--help": ["--help"],
    "resolve Sudzha": ["resolve", "Sudzha"],
    "extract examples/article.txt": ["extract", str(ARTICLE), "--published", "2025-03-14"],
}


def wall_seconds(tree: Path, args: list[str]) -> float:
    """Wall time of one ``python -m frontmap.cli ARGS`` process run from ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "frontmap.cli", *args], cwd=tree, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{tree}: frontmap {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", type=Path, help="Another frontmap checkout to time in the same run.")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    trees = {"this checkout": ROOT} | ({f"peer {args.peer}": args.peer.resolve()} if args.peer else {})
    print(f"python loop (machine speed): {loop_seconds():.2f} s; wall seconds, median of {args.runs} "
          "(min-max), after one warm-up run each; target for --help and resolve: < 0.5 s")
    for label, command in COMMANDS.items():
        if not ARTICLE.exists() and "extract" in label:
            continue
        for tree in trees.values():  # warm the file cache
            wall_seconds(tree, command)
        times: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                times[name].append(wall_seconds(tree, command))
        for name, runs in times.items():
            print(f"frontmap {label:<30} {name:<28} {statistics.median(runs):.3f} s "
                  f"({min(runs):.3f}-{max(runs):.3f})")


if __name__ == "__main__":
    main()
