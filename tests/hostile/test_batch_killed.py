"""The batch process itself killed with kill -9: its workers stop with it, and the next run
cleans up after it without touching a user's file that merely looks like a temporary one."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import time
from pathlib import Path

import docx
import pytest
from batch_helpers import ROOT, many_units, province_of
from filelock import FileLock, Timeout

from .batch_processes import (
    LINUX_PROC,
    alive,
    assert_no_traceback,
    reports_in,
    run_batch_cli,
    start_batch,
    statuses,
    under_way,
    wait_until,
    workers_of,
)
from .conftest import tree_hashes

UNITS = 200
STOP_SECONDS = 1.5  # a worker outliving its batch by longer than this is an orphan
# names a user could give files of their own: the old clean-up took them for leftovers
USER_FILES = (
    ".bao-cao-cds-2025-thanh-hoa-unit-001.docx.a1b2c3d4.tmp",
    ".notes.xlsx.draft.tmp",
    ".manifest.json.backup.tmp",
)

pytestmark = LINUX_PROC


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    return province_of(tmp_path / "in", UNITS)


def _listing(out: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in out.iterdir()}


def _taken(lock: FileLock) -> bool:
    try:
        lock.acquire()
    except Timeout:
        return False
    return True


def _hashes(out: Path, names) -> dict[str, str]:
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in names}


def test_workers_stop_with_a_killed_batch_and_the_next_run_completes(inputs, tmp_path):
    before = tree_hashes(inputs)
    out = tmp_path / "out"
    out.mkdir()
    for number, name in enumerate(USER_FILES):
        (out / name).write_text(f"the user's own file {number}")
    mine = _hashes(out, USER_FILES)

    process = under_way(inputs, out)
    try:
        workers = wait_until(lambda: workers_of(process.pid), "the workers")
        os.kill(process.pid, signal.SIGKILL)  # the batch only, not its process group
        killed = time.monotonic()
        process.wait()  # not its pipes: a surviving worker would hold them open

        lock = FileLock(out / ".reportkit-batch.lock", timeout=0)
        wait_until(lambda: _taken(lock), "the folder's lock released", timeout=STOP_SECONDS)
        listing = _listing(out)
        wait_until(
            lambda: not any(alive(pid) for pid in workers),
            "the workers stopped after their batch was killed",
            timeout=STOP_SECONDS,
        )
        assert time.monotonic() - killed < STOP_SECONDS
        time.sleep(0.5)
        assert _listing(out) == listing  # nothing written once the lock was released
        lock.release()
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever survived, so the test ends
        except ProcessLookupError:
            pass
        process.communicate()

    run = run_batch_cli(inputs, out)
    assert run.returncode == 0, str(run)
    assert_no_traceback(run)
    assert set(statuses(out).values()) <= {"written", "unchanged"}
    assert reports_in(out) == UNITS
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert sorted(leftovers) == sorted(USER_FILES)  # the killed run's own are gone
    assert _hashes(out, USER_FILES) == mine
    assert not (out / ".reportkit-batch.run").exists()  # a finished run leaves no record
    assert tree_hashes(inputs) == before


def test_a_worker_busy_with_a_long_unit_stops_with_its_batch(tmp_path):
    """A template that takes minutes per unit (templates are untrusted): the workers do not
    finish their unit once the batch is gone, they stop at once."""
    kind, inputs, out = tmp_path / "kind", tmp_path / "in", tmp_path / "out"
    shutil.copytree(ROOT / "templates" / "cds", kind)
    slow = docx.Document()
    slow.add_paragraph(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    slow.save(kind / "report.docx")
    many_units(inputs, 4)
    process = start_batch(inputs, out, "--kind", str(kind))
    try:
        workers = wait_until(
            lambda: len(workers_of(process.pid)) == 2 and workers_of(process.pid), "the workers"
        )
        time.sleep(2)  # started, their templates compiled: rendering the first unit
        os.kill(process.pid, signal.SIGKILL)
        process.wait()  # not its pipes: a surviving worker would hold them open
        wait_until(
            lambda: not any(alive(pid) for pid in workers),
            "the workers stopped in the middle of their unit",
            timeout=STOP_SECONDS,
        )
        assert reports_in(out) == 0
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.communicate()
