"""How fast the machine is right now: shared virtual machines drift by 2-3x within minutes."""

from __future__ import annotations

import time


def loop_seconds() -> float:
    """Seconds for 10 million additions in a Python loop (about 0.3 s on a quiet 2-core machine)."""
    start, total = time.perf_counter(), 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - start
