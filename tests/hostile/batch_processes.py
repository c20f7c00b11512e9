"""A real ``reportkit batch`` in a process of its own, and its workers found through /proc.

The hostile batch tests kill processes for real (kill -9, as the OOM killer does), so the
batch runs as a user would run it: ``python -m reportkit batch`` in a session of its own,
under a memory limit, with its output read back afterwards.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliRun, finish_cli, start_cli

LINUX_PROC = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds worker processes through /proc"
)


def start_batch(
    inputs: Path, out: Path, *options: str, file_size: int | None = None
) -> subprocess.Popen:
    """``reportkit batch INPUTS -o OUT -j 2 OPTIONS`` under the suite's memory limit (and,
    to act as a full disk, a file-size limit), in a session of its own."""
    batch = ("batch", inputs, "-o", out, "-j", "2", *options)
    return start_cli(*batch, file_size=file_size)


def run_batch_cli(inputs: Path, out: Path, *options: str, **limits) -> CliRun:
    return finish_cli(start_batch(inputs, out, *options, **limits))


def workers_of(parent: int) -> set[int]:
    """The batch's worker processes: its children started by multiprocessing's spawn."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == parent and fields[0] != "Z" and b"spawn_main" in command:
            found.add(int(entry.name))
    return found


def state(pid: int) -> str:
    """The process's state letter (R running, S sleeping, Z zombie, ...), "gone" if none."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "gone"
    return stat[stat.rindex(")") + 2]


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent to reap it."""
    return state(pid) not in ("gone", "Z")


def wait_until(condition: Callable[[], object], what: str, timeout: float = 60) -> object:
    """Poll ``condition`` until it is true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    pytest.fail(f"{what}: not within {timeout} s")


def under_way(inputs: Path, out: Path, *options: str) -> subprocess.Popen:
    """A batch started and past its first few units (its workers are at work)."""
    process = start_batch(inputs, out, *options)
    wait_until(lambda: reports_in(out) >= 5 or process.poll() is not None, "the first units")
    return process


def reports_in(out: Path) -> int:
    return len(list(out.glob("bao-cao-cds-*.docx"))) if out.is_dir() else 0


def statuses(out: Path) -> dict[str, str]:
    """Each entry's status in manifest.json, by input file name ("consolidated" for it)."""
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["entries"]
    return {
        "consolidated" if e["role"] == "consolidated" else Path(e["input"]).name: e["status"]
        for e in entries
    }


def assert_no_traceback(run: CliRun) -> None:
    assert "Traceback" not in run.stderr + run.stdout, str(run)
