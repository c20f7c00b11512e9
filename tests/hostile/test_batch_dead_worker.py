"""A batch worker killed with kill -9 (what the OOM killer does) costs at most its unit."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import docx
import pytest
from batch_helpers import province_of

from .batch_processes import (
    LINUX_PROC,
    alive,
    assert_no_traceback,
    reports_in,
    state,
    statuses,
    under_way,
    wait_until,
    workers_of,
)
from .conftest import finish_cli, tree_hashes

UNITS = 200
CONSOLIDATED_REPORT = "bao-cao-tong-hop-cds-2025-thanh-hoa.docx"

pytestmark = LINUX_PROC


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    return province_of(tmp_path / "in", UNITS)


def _kill_a_busy_worker(batch: int, spared: set[int] = frozenset()) -> int:
    """kill -9 a worker of ``batch`` while it is rendering (running, not waiting for work)."""
    victim = wait_until(
        lambda: next((p for p in workers_of(batch) - spared if state(p) == "R"), None),
        "a worker at work",
    )
    os.kill(victim, signal.SIGKILL)
    return victim


def test_a_killed_worker_costs_no_unit(inputs, tmp_path):
    before, out = tree_hashes(inputs), tmp_path / "out"
    process = under_way(inputs, out)
    victim = _kill_a_busy_worker(process.pid)
    run = finish_cli(process)

    assert run.returncode == 0, str(run)  # its unit was tried again in a fresh worker
    assert_no_traceback(run)
    assert not alive(victim)
    done = statuses(out)
    assert len(done) == UNITS + 1 and set(done.values()) == {"written"}, str(run)
    assert reports_in(out) == UNITS
    text = "\n".join(p.text for p in docx.Document(out / CONSOLIDATED_REPORT).paragraphs)
    assert f"số liệu của {UNITS} đơn vị được đưa vào tổng hợp" in text
    assert tree_hashes(inputs) == before


def test_a_unit_that_kills_its_worker_twice_is_left_out_alone(inputs, tmp_path):
    before, out = tree_hashes(inputs), tmp_path / "out"
    process = under_way(inputs, out)
    first = workers_of(process.pid)
    _kill_a_busy_worker(process.pid)
    # the fresh worker that retries the unit is the only new one: kill it too, at once
    fresh = wait_until(lambda: workers_of(process.pid) - first, "a fresh worker")
    os.kill(fresh.pop(), signal.SIGKILL)
    run = finish_cli(process)

    assert run.returncode == 1, str(run)
    assert_no_traceback(run)
    done = statuses(out)
    failed = [name for name, status in done.items() if status == "failed"]
    assert len(failed) == 2 and "consolidated" in failed, str(run)  # the unit, and why not
    unit = next(name for name in failed if name != "consolidated")
    lines = [line for line in run.error_lines if unit in line]
    assert len(lines) == 2, str(run)  # its own line, and the consolidated report's
    assert any("worker process doing this unit stopped 2 times" in line for line in lines)
    assert any("not written: 1 unit could not be processed" in line for line in lines)
    assert sum(status == "written" for status in done.values()) == UNITS - 1
    assert reports_in(out) == UNITS - 1
    assert not (out / CONSOLIDATED_REPORT).exists()  # never totals that look complete
    assert tree_hashes(inputs) == before
