"""A form names its kind in a hidden sheet anyone can edit; a kind names its output files.
Neither may reach a folder the user did not choose, and odd cell values are located lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from test_forms_support import edit, make_filled

from reportkit.data.kinds import load_kind
from reportkit.forms.layout import SHEET_META, plan_form

from .conftest import assert_bounded_text, assert_refused

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "samples" / "thanh-hoa-2025.yaml"


def evil_kind(folder: Path, output: str) -> Path:
    """A copy of the shipped kind whose report is written to ``output``."""
    shutil.copytree(ROOT / "templates" / "cds", folder)
    kind_file = folder / "kind.yaml"
    text = kind_file.read_text(encoding="utf-8")
    old = 'output: "bao-cao-cds-{year}-{unit.code|unit.name}.docx"'
    assert old in text
    kind_file.write_text(text.replace(old, f'output: "{output}"'), encoding="utf-8")
    return folder


@pytest.fixture
def filled(workspace) -> Path:
    return make_filled(workspace.path("src"))


def test_a_form_cannot_name_a_kind_folder(workspace, filled):
    evil = evil_kind(workspace.path("evil"), "../../pwned.docx")
    edit(filled, workspace.path("form.xlsx"), {(SHEET_META, "B3"): str(evil)})
    for command in (["check", "form.xlsx"], ["render", "form.xlsx", "-o", "out"]):
        run = workspace.run(*command)
        assert_refused(run, "form.xlsx", "loại báo cáo", "không tải được")
    assert not workspace.out.exists()


@pytest.mark.parametrize("output", ["../pwned-{year}.docx", "/tmp/pwned.docx", "sub/x.docx", ".."])
def test_a_kind_output_name_stays_inside_the_output_folder(workspace, output):
    evil_kind(workspace.path("evil"), output)
    shutil.copy(SAMPLE, workspace.path("unit.yaml"))
    run = workspace.run("render", "unit.yaml", "--kind", "evil", "-o", "out")
    line = next(
        number
        for number, text in enumerate(workspace.path("evil/kind.yaml").open(), start=1)
        if output in text
    )
    assert_refused(run, f"kind.yaml: line {line}", "no folder in it")
    assert not workspace.out.exists() or not any(workspace.out.iterdir())
    assert not Path("/tmp/pwned.docx").exists()


def test_a_long_unit_code_gives_a_short_file_name(workspace):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "  code: thanh-hoa\n", f"  code: {'a' * 250}\n"
    )
    workspace.write("unit.yaml", text)
    assert workspace.run("check", "unit.yaml").returncode == 0
    run = workspace.run("render", "unit.yaml", "-o", "out")
    assert run.returncode == 0, str(run)
    names = sorted(path.name for path in workspace.out.iterdir())
    assert len(names) == 2 and all(len(name) < 100 for name in names), names
    assert_bounded_text(run, 300)


def count_cell(path: tuple) -> tuple[str, str]:
    plan = plan_form(load_kind("cds").schema, year=2025)
    slot = next(slot for slot in plan.slots() if slot.path == path)
    return slot.sheet, openpyxl.utils.get_column_letter(slot.column) + str(slot.row)


@pytest.mark.parametrize("value", ["9" * 5000, 1e300], ids=["digits", "1e300"])
def test_a_huge_count_in_a_form_is_a_located_vietnamese_problem(workspace, filled, value):
    sheet, cell = count_cell(("counts", "issued_docs"))
    edit(filled, workspace.path("form.xlsx"), {(sheet, cell): value})
    run = workspace.run("check", "form.xlsx")
    assert_refused(run, f"'{sheet}'!{cell}", "phải nhỏ hơn 1.000.000.000.000.000")
    assert "InvalidOperation" not in run.stderr
    assert_bounded_text(run, 300)
