"""Running unit jobs over worker processes, or in this process for ``jobs=1``.

Workers are started with "spawn" everywhere, so the run behaves on Linux as on Windows.
Jobs go out in small chunks: few round trips, yet Ctrl-C stops the run within a chunk.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from ..errors import ReportkitError
from .worker import FAILED, UnitJob, UnitResult, ignore_interrupts, process_chunk

_MAX_CHUNK = 16
_CHUNKS_PER_WORKER = 8


def default_jobs() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def chunked(jobs: list[UnitJob], workers: int) -> list[list[UnitJob]]:
    size = max(1, min(_MAX_CHUNK, math.ceil(len(jobs) / (workers * _CHUNKS_PER_WORKER))))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def run_jobs(
    jobs: list[UnitJob],
    workers: int,
    checkpoint: Callable[[], None] | None = None,
) -> Iterator[UnitResult]:
    """Each job's result as it completes (not in order).

    On Ctrl-C the jobs not started are dropped, the running ones finish (their files are
    whole) and KeyboardInterrupt goes on to the caller.
    """
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        for job in jobs:
            yield from process_chunk([job])
        return
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=ignore_interrupts)
    pending = {executor.submit(process_chunk, chunk): chunk for chunk in chunked(jobs, workers)}
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from _results(future, pending.pop(future))
            if checkpoint is not None:
                checkpoint()
    except KeyboardInterrupt:
        executor.shutdown(wait=True, cancel_futures=True)
        for future, chunk in pending.items():  # the chunks running at Ctrl-C did finish
            if future.done() and not future.cancelled():
                yield from _results(future, chunk)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _results(future, chunk: list[UnitJob]) -> Iterator[UnitResult]:
    try:
        yield from future.result()
    except BrokenProcessPool:
        yield from (_died(job) for job in chunk)


def _died(job: UnitJob) -> UnitResult:
    message = "a worker process stopped unexpectedly (killed or out of memory); run again"
    return UnitResult(
        job.input,
        FAILED,
        previous=job.previous,
        errors=[ReportkitError(message, file=str(job.input))],
    )
