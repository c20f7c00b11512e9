"""Timing shared by the benchmarks that measure single calls."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_per_call(function: Callable[[], object], count: int) -> float:
    """Seconds per call, best of three rounds of ``count`` calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(count):
            function()
        best = min(best, (time.perf_counter() - start) / count)
    return best
