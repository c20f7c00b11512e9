"""Two batches started at the same moment: into one folder, one of them is refused in one
line; into two folders, both complete with the same bytes. A consolidated report that
failed is tried again by the next run, never taken as done."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from batch_helpers import ROOT, SAMPLES, province_of

from .batch_processes import (
    assert_no_traceback,
    run_batch_cli,
    start_batch,
    statuses,
)
from .conftest import finish_cli, tree_hashes

UNITS = 150  # enough that the first batch is still writing when the second starts
BUSY = "another reportkit batch is writing to this folder"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    return province_of(tmp_path / "in", UNITS)


def test_two_batches_into_one_folder(inputs, tmp_path):
    before = tree_hashes(inputs)
    out = tmp_path / "out"
    runs = [finish_cli(p) for p in [start_batch(inputs, out), start_batch(inputs, out)]]

    codes = sorted(run.returncode for run in runs)
    assert codes == [0, 2], "\n".join(map(str, runs))
    refused = next(run for run in runs if run.returncode == 2)
    assert len(refused.error_lines) == 1 and BUSY in refused.error_lines[0], str(refused)
    for run in runs:
        assert_no_traceback(run)
    assert set(statuses(out).values()) == {"written"} and len(statuses(out)) == UNITS + 1
    assert tree_hashes(inputs) == before


def test_two_batches_into_two_folders(inputs, tmp_path):
    before = tree_hashes(inputs)
    a, b = tmp_path / "a", tmp_path / "b"
    runs = [finish_cli(p) for p in [start_batch(inputs, a), start_batch(inputs, b)]]

    assert [run.returncode for run in runs] == [0, 0], "\n".join(map(str, runs))
    assert tree_hashes(a) == tree_hashes(b)  # same inputs, same bytes, no cross-talk
    assert len(statuses(a)) == UNITS + 1
    assert tree_hashes(inputs) == before


def test_a_failed_consolidated_report_is_tried_again(tmp_path):
    """Its failure is said again by every run until it is written, never "(unchanged)"."""
    kind, inputs, out = tmp_path / "kind", tmp_path / "in", tmp_path / "out"
    shutil.copytree(ROOT / "templates" / "cds", kind)
    good = (kind / "province-report.docx").read_bytes()
    broken = docx.Document()
    broken.add_paragraph("{{ unit.name | no_such_filter }}")
    broken.save(kind / "province-report.docx")
    shutil.copytree(SAMPLES, inputs)
    before = tree_hashes(inputs)

    for _ in range(2):
        run = run_batch_cli(inputs, out, "--kind", str(kind))
        assert run.returncode == 1, str(run)
        assert_no_traceback(run)
        assert "consolidated report" not in run.stdout  # neither "written" nor "unchanged"
        assert sum("no_such_filter" in line for line in run.error_lines) == 1, str(run)
        assert statuses(out)["consolidated"] == "invalid"
        assert not list(out.glob("bao-cao-tong-hop-*"))

    (kind / "province-report.docx").write_bytes(good)
    run = run_batch_cli(inputs, out, "--kind", str(kind))
    assert run.returncode == 0, str(run)
    assert "consolidated report (written)" in run.stdout
    assert tree_hashes(inputs) == before
