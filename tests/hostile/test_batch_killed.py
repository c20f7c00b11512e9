"""The batch process itself killed with kill -9: its workers stop with it, and the next run
cleans up after it without touching a user's file that merely looks like a temporary one."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from batch_helpers import SAMPLES, many_units
from filelock import FileLock, Timeout

from .batch_processes import (
    LINUX_PROC,
    alive,
    assert_no_traceback,
    reports_in,
    run_batch_cli,
    start_batch,
    statuses,
    tree_hashes,
    wait_until,
    workers_of,
)

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
    folder = tmp_path / "in"
    many_units(folder, UNITS)
    shutil.copy(SAMPLES / "province.yaml", folder)
    return folder


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

    process = start_batch(inputs, out)
    try:
        wait_until(lambda: reports_in(out) >= 5, "the first units written")
        workers = wait_until(lambda: workers_of(process.pid), "the workers")
        os.kill(process.pid, signal.SIGKILL)  # the batch only, not its process group
        killed = time.monotonic()
        process.communicate()

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
