"""Running unit jobs over worker processes, or in this process for ``jobs=1``.

Workers are started with "spawn" everywhere, so the run behaves on Linux as on Windows.
Each worker has a pipe of its own: it gets a small chunk of jobs and sends back each
unit's result as soon as it is done, so the pool always knows which unit a worker holds.

A worker that dies (kill -9, the OOM killer) costs that one unit at most: the units of its
chunk not yet started go back in the queue, a fresh worker takes its place, and the unit
it held is tried once more in that fresh worker, since the kill may have had nothing to
do with it (memory taken by another program, an operator's mistake). A unit that kills
its worker twice is failed, with a line saying so.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from ..errors import ReportkitError
from ..i18n import _, current_language
from .worker import FAILED, UnitJob, UnitResult, process_unit, serve

_MAX_CHUNK = 16
_CHUNKS_PER_WORKER = 8
ATTEMPTS = 2  # a unit whose worker dies is tried once more, in a fresh worker


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
    tag: str = "",
) -> Iterator[UnitResult]:
    """Each job's result as it completes (not in order).

    ``tag`` names the workers' temporary files (see reportkit.batch.leftovers). On Ctrl-C
    the jobs not started are dropped, the chunks being worked on are finished (their files
    are whole, their results come out) and KeyboardInterrupt goes on to the caller.
    """
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        for job in jobs:
            yield process_unit(job)
        return
    pool = _Pool(workers, tag, chunked(jobs, workers))
    try:
        yield from pool.run(checkpoint)
    finally:
        pool.close()


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    connection: Connection
    chunk: list[UnitJob] = field(default_factory=list)
    done: int = 0  # results received for the chunk

    @property
    def holding(self) -> UnitJob | None:
        """The unit the worker is working on, if any."""
        return self.chunk[self.done] if self.done < len(self.chunk) else None


class _Pool:
    """Worker processes fed chunk by chunk; a dead one is replaced, its units handed on."""

    def __init__(self, size: int, tag: str, chunks: list[list[UnitJob]]):
        self.context = multiprocessing.get_context("spawn")
        self.size = size
        self.tag = tag
        self.queue = deque(chunks)
        self.workers: list[_Worker] = []
        self.deaths: Counter[Path] = Counter()  # per unit input: workers that died on it
        self.stopping = False

    def run(self, checkpoint: Callable[[], None] | None) -> Iterator[UnitResult]:
        try:
            yield from self._until_done(checkpoint)
        except KeyboardInterrupt:
            self.queue.clear()
            self.stopping = True
            yield from self._until_done(None)
            raise

    def _until_done(self, checkpoint: Callable[[], None] | None) -> Iterator[UnitResult]:
        while True:
            self._hand_out()
            busy = [w for w in self.workers if w.holding is not None]
            if not busy:
                return
            ready = set(wait([c for w in busy for c in (w.connection, w.process.sentinel)]))
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    yield from self._collect(worker)
            if checkpoint is not None:
                checkpoint()

    def _hand_out(self) -> None:
        idle = [w for w in self.workers if w.holding is None]
        for worker in [w for w in idle if not w.process.is_alive()]:
            idle.remove(worker)  # died between chunks: no unit was lost
            self.workers.remove(worker)
            worker.connection.close()
        while self.queue and (idle or len(self.workers) < self.size):
            worker = idle.pop() if idle else self._start()
            self._give(worker, self.queue.popleft())

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(
            target=serve,
            args=(theirs, self.tag, current_language()),
            name="reportkit-worker",
            daemon=True,
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def _give(self, worker: _Worker, chunk: list[UnitJob]) -> None:
        worker.chunk, worker.done = chunk, 0
        try:
            worker.connection.send(chunk)
        except OSError:  # died before it got it: found dead by the next wait
            pass

    def _collect(self, worker: _Worker) -> Iterator[UnitResult]:
        """The results the worker has sent; then, if it died, what becomes of its unit."""
        try:
            while worker.holding is not None and worker.connection.poll():
                result = worker.connection.recv()
                worker.done += 1
                yield result
        except (EOFError, OSError):
            pass
        if not worker.process.is_alive():
            yield from self._replace(worker)

    def _replace(self, dead: _Worker) -> Iterator[UnitResult]:
        self.workers.remove(dead)
        dead.process.join()
        dead.connection.close()
        held = dead.holding
        if held is None:
            return
        rest = dead.chunk[dead.done + 1 :]
        if rest and not self.stopping:
            self.queue.appendleft(rest)
        self.deaths[held.input] += 1
        if self.stopping or self.deaths[held.input] >= ATTEMPTS:
            yield _died(held, dead.process.exitcode, self.deaths[held.input])
        else:
            self._give(self._start(), [held])

    def close(self) -> None:
        """Let every worker finish its chunk and stop."""
        for worker in self.workers:
            try:
                worker.connection.send(None)
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join()
            worker.connection.close()
        self.workers.clear()


def _died(job: UnitJob, exitcode: int | None, times: int) -> UnitResult:
    """The result of a unit whose worker process died under it."""
    how = _how_it_ended(exitcode)
    if times > 1:
        message = _(
            "the worker process doing this unit stopped {times} times ({how}); the unit "
            "is left out: is the input unusually large?"
        ).format(times=times, how=how)
    else:
        message = _(
            "the worker process doing this unit stopped ({how}); run the batch again"
        ).format(how=how)
    return UnitResult(
        job.input,
        FAILED,
        previous=job.previous,
        errors=[ReportkitError(message, file=str(job.input))],
    )


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = _("signal {number}").format(number=-exitcode)
        if -exitcode == getattr(signal, "SIGKILL", None):
            return _("killed with {signal}, as the system does when memory runs out").format(
                signal=name
            )
        return _("killed with {signal}").format(signal=name)
    return _("exit code {code}").format(code=exitcode)
