"""No command writes over a file it reads in the same run, however the output is named."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from test_forms_support import edit, make_filled

from .conftest import assert_refused

SAMPLE = Path(__file__).parents[2] / "samples" / "thanh-hoa-2025.yaml"
REPORT = "bao-cao-cds-2025-thanh-hoa.docx"
ANNEX = "phu-luc-cds-2025-thanh-hoa.xlsx"


@pytest.fixture
def excel_template(workspace) -> Path:
    book = openpyxl.Workbook()
    book.active["A1"] = "Năm {{ year }}"
    book.save(workspace.path("t.xlsx"))
    workspace.write("data.yaml", "year: 2025\n")
    return workspace.path("t.xlsx")


def test_template_render_cannot_write_over_its_data(workspace, excel_template):
    run = workspace.run("template", "render", "t.xlsx", "data.yaml", "-o", "data.yaml")
    assert_refused(run, "data.yaml", "also an input")


def test_a_link_to_an_input_is_an_input(workspace, excel_template):
    workspace.out.mkdir()
    os.symlink(workspace.path("data.yaml"), workspace.out / "x.xlsx")
    os.link(workspace.path("t.xlsx"), workspace.out / "y.xlsx")
    for target in ("out/x.xlsx", "out/y.xlsx"):
        run = workspace.run("template", "render", "t.xlsx", "data.yaml", "-o", target)
        assert_refused(run, target, "also an input")


def test_render_cannot_write_over_a_template_it_was_given(workspace):
    shutil.copy(SAMPLE, workspace.path("unit.yaml"))
    assert workspace.run("render", "unit.yaml", "-o", "out").returncode == 0
    run = workspace.run("render", "unit.yaml", "--template", f"report=out/{REPORT}", "-o", "out")
    assert_refused(run, REPORT, "also an input")


def test_a_form_named_like_its_annex_is_not_replaced_by_it(workspace):
    filled = make_filled(workspace.path("src"))
    workspace.out.mkdir()
    shutil.copy(filled, workspace.out / ANNEX)
    run = workspace.run("render", f"out/{ANNEX}", "-o", "out")
    assert_refused(run, ANNEX, "also an input")
    assert sorted(path.name for path in workspace.out.iterdir()) == [ANNEX]  # no report either


def test_annotate_cannot_write_over_the_form_and_says_what_it_wrote(workspace):
    filled = make_filled(workspace.path("src"))
    edit(filled, workspace.path("form.xlsx"), {("Chỉ tiêu", "D6"): "ba nghìn"})
    assert_refused(workspace.run("check", "form.xlsx", "--annotate", "form.xlsx"), "also an input")
    run = workspace.run("check", "form.xlsx", "--annotate", "out/marked.xlsx")
    assert run.returncode == 2 and "Traceback" not in run.stderr, str(run)
    assert "nothing written" not in run.stderr
    assert "marked in out/marked.xlsx" in run.stderr
    assert (workspace.out / "marked.xlsx").exists()


@pytest.mark.parametrize("target", ["/proc/reportkit-x", "/dev/null/x"])
def test_an_output_folder_that_cannot_be_made_is_one_line(workspace, target):
    document = docx.Document()
    document.add_paragraph("{{ year }}")
    document.save(workspace.path("t.docx"))
    shutil.copy(SAMPLE, workspace.path("unit.yaml"))
    units = SAMPLE.parent / "units-thanh-hoa.yaml"
    commands = [
        ["render", "unit.yaml", "-o", target],
        ["template", "render", "t.docx", "unit.yaml", "-o", f"{target}/t.docx"],
        ["form", "--year", "2025", "--units", units, "--unit", "thanh-hoa", "-o", target],
        ["batch", SAMPLE.parent / "thanh-hoa-khu-vuc", "-o", target],
    ]
    for command in commands:
        run = workspace.run(*command)
        assert_refused(run, target.rsplit("/", 1)[0], "output folder")
