"""How fast this machine is at the moment, printed beside a benchmark's figures: shared
machines vary between runs by two or three times, so a figure means little without it.

    python benchmarks/machine.py
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor

STEPS = 2_000_000


def _count(steps: int) -> int:
    total = 0
    for i in range(steps):
        total += i
    return total


def machine_note() -> str:
    """The time of a fixed pure-Python loop, and how much two processes do beside one."""
    start = time.perf_counter()
    _count(STEPS)
    _count(STEPS)
    alone = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_count, [10, 10]))
        start = time.perf_counter()
        list(pool.map(_count, [STEPS, STEPS]))
        side_by_side = time.perf_counter() - start
    return (
        f"this machine now: a loop of {STEPS:,} additions takes {alone / 2 * 1000:.0f} ms; "
        f"two processes do {alone / side_by_side:.2f}x the work of one"
    )


if __name__ == "__main__":
    print(machine_note())
