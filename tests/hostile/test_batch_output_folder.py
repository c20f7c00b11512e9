"""An output folder that stops taking files mid-run (made read-only, a full disk): every unit
is still tried, each failure is its unit's own line, the lost manifest is one line."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from batch_helpers import SAMPLES, province_of

from .batch_processes import (
    assert_no_traceback,
    reports_in,
    run_batch_cli,
    statuses,
    under_way,
    wait_until,
)
from .conftest import assert_refused, finish_cli, run_cli, tree_hashes

UNITS = 200
RECORD_LOST = "the batch's record could not be saved"
_FS_IOC_GETFLAGS, _FS_IOC_SETFLAGS, _FS_IMMUTABLE_FL = 0x80086601, 0x40086602, 0x10


def _immutable(folder: Path, on: bool) -> None:
    """Set or clear the folder's immutable flag (chattr +i): no file made, renamed or
    removed in it, even by root, whom a read-only mode does not stop."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        flags = struct.unpack("i", fcntl.ioctl(fd, _FS_IOC_GETFLAGS, struct.pack("i", 0)))[0]
        flags = flags | _FS_IMMUTABLE_FL if on else flags & ~_FS_IMMUTABLE_FL
        fcntl.ioctl(fd, _FS_IOC_SETFLAGS, struct.pack("i", flags))
    finally:
        os.close(fd)


@pytest.fixture
def make_read_only() -> Iterator[Callable[[Path], None]]:
    """Turn a folder read-only for the batch: its mode for a user, its immutable flag for
    root (the flag is cleared again at the end, so the folder can be removed)."""
    locked: list[Path] = []

    def lock(folder: Path) -> None:
        locked.append(folder)
        if os.geteuid() == 0:
            _immutable(folder, True)
        else:
            folder.chmod(0o555)

    if os.geteuid() == 0:  # can this file system do it at all?
        probe = Path(os.environ.get("TMPDIR", "/tmp"))
        try:
            _immutable(probe, False)
        except OSError as error:
            pytest.skip(f"cannot make a folder read-only for root here: {error}")
    yield lock
    for folder in locked:
        if os.geteuid() == 0:
            _immutable(folder, False)
        folder.chmod(0o755)


def _summary(run) -> dict[str, int]:
    """The run's last line of counts: ``200 units: 12 failed, 188 written``."""
    match = re.search(r"^(\d+) units: (.*)$", run.stdout, re.MULTILINE)
    assert match, str(run)
    counts = dict(reversed(part.split(" ", 1)) for part in match[2].split(", "))
    return {status: int(n) for status, n in counts.items()} | {"units": int(match[1])}


def test_an_output_folder_made_read_only_mid_run(tmp_path, make_read_only):
    inputs, out = province_of(tmp_path / "in", UNITS), tmp_path / "out"
    before = tree_hashes(inputs)
    process = under_way(inputs, out)
    # a unit is written once its annex, its last file, is: wait for five whole units
    wait_until(lambda: _annexes_in(out) >= 5 or process.poll() is not None, "five annexes")
    make_read_only(out)
    run = finish_cli(process)

    assert run.returncode == 1, str(run)
    assert_no_traceback(run)
    counts = _summary(run)
    assert counts["units"] == UNITS and counts["written"] >= 5 and counts["failed"] > 0
    assert counts["written"] + counts["failed"] == UNITS  # every unit was tried
    own = [re.match(r"error: \S*/(unit-\d{3}\.yaml): ", line) for line in run.error_lines]
    units = [found[1] for found in own if found]
    assert len(units) == len(set(units)) == counts["failed"], str(run)  # one line each
    assert all("read-only?)" in line for line in run.error_lines if "unit-" in line.split()[1])
    assert sum(RECORD_LOST in line for line in run.error_lines) == 1, str(run)
    assert sum("not written" in line for line in run.error_lines) == 1  # the consolidated
    assert "manifest:" not in run.stdout
    assert _annexes_in(out) == counts["written"]
    # a unit caught between its report and its annex may leave its report, never half of one
    assert counts["written"] <= reports_in(out) <= counts["written"] + (os.cpu_count() or 2)
    assert tree_hashes(inputs) == before


def _annexes_in(out: Path) -> int:
    return len(list(out.glob("phu-luc-cds-*.xlsx")))


def test_a_full_output_folder(tmp_path):
    """A file-size limit acts as a full disk: what still fits is kept, the rest is redone."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(SAMPLES, inputs)
    assert run_batch_cli(inputs, out).returncode == 0
    changed = ["khu-vuc-02.yaml", "khu-vuc-05.yaml", "khu-vuc-09.yaml"]
    for name in changed:
        with (inputs / name).open("a", encoding="utf-8") as fh:
            fh.write("# sửa lại\n")
    before = tree_hashes(inputs)

    run = run_batch_cli(inputs, out, file_size=20_000)  # a report takes over 50 kB
    assert run.returncode == 1, str(run)
    assert_no_traceback(run)
    assert _summary(run) == {"units": 10, "failed": 3, "unchanged": 7}
    for name in changed:
        lines = [line for line in run.error_lines if f"{name}: " in line]
        assert len(lines) == 1 and "(is the disk full?)" in lines[0], str(run)
    assert sum(RECORD_LOST in line for line in run.error_lines) == 1, str(run)
    for report in out.glob("bao-cao-*.docx"):
        docx.Document(report)  # what was there is whole
    assert tree_hashes(inputs) == before

    run = run_batch_cli(inputs, out)  # room again: the rest is done, the totals too
    assert run.returncode == 0, str(run)
    done = statuses(out)
    assert [done[name] for name in changed] == ["written"] * 3
    assert done["consolidated"] == "written"


@pytest.mark.parametrize(
    "command",
    [
        ("render", "{sample}", "-o", "{out}"),
        ("form", "--year", "2025", "-o", "{out}"),
        ("template", "render", "{template}", "{sample}", "-o", "{out}/bao-cao.docx"),
    ],
    ids=["render", "form", "template-render"],
)
def test_a_read_only_output_folder_is_one_line_for_every_command(tmp_path, make_read_only, command):
    out = tmp_path / "out"
    out.mkdir()
    make_read_only(out)
    root = Path(__file__).resolve().parents[2]
    values = {
        "sample": root / "samples" / "thanh-hoa-2025.yaml",
        "template": root / "templates" / "cds" / "report.docx",
        "out": out,
    }
    run = run_cli(*(part.format(**values) for part in command), "--kind", "cds")
    assert_refused(run, str(out))
    assert not list(out.iterdir())
