"""``reportkit form`` and ``reportkit check FORM --annotate`` through click's CliRunner."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_forms_support import UNITS, edit, make_filled

from reportkit.cli import main


@pytest.fixture(scope="module")
def filled_form(tmp_path_factory) -> Path:
    return make_filled(tmp_path_factory.mktemp("filled"))


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_form_writes_one_workbook_per_unit(tmp_path):
    units = tmp_path / "units.yaml"
    units.write_text(
        "units:\n"
        "  - {code: kv1, name: VKSND khu vực 1, level: khu_vuc}\n"
        "  - {code: kv2, name: VKSND khu vực 2, level: khu_vuc}\n",
        encoding="utf-8",
    )
    result = run("form", "--year", 2025, "--units", units, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["bieu-mau-cds-2025-kv1.xlsx", "bieu-mau-cds-2025-kv2.xlsx"]
    info = openpyxl.load_workbook(tmp_path / "out" / names[1])["Thông tin đơn vị"]
    assert info["B10"].value == "VKSND khu vực 2"
    assert info["B13"].value == "VKSND khu vực"


def test_form_for_one_unit_of_the_list(tmp_path):
    result = run(
        "form", "--year", 2025, "--units", UNITS, "--unit", "thanh-hoa-kv3", "-o", tmp_path
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["bieu-mau-cds-2025-thanh-hoa-kv3.xlsx"]


def test_form_without_units_is_one_blank_form(tmp_path):
    result = run("form", "--year", 2025, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["bieu-mau-cds-2025.xlsx"]


def test_form_mistakes_exit_2_with_one_line(tmp_path):
    result = run("form", "--year", 2025, "--unit", "thanh-hoa-kv1", "-o", tmp_path)
    assert result.exit_code == 2
    assert "lỗi: --unit chọn đơn vị trong một danh sách đơn vị" in result.output
    result = run("form", "--year", 2025, "--units", UNITS, "--unit", "nowhere", "-o", tmp_path)
    assert result.exit_code == 2 and "không có đơn vị nowhere trong danh sách" in result.output
    assert "Traceback" not in result.output


def test_a_two_digit_year_is_refused_and_nothing_is_written(tmp_path):
    result = run("form", "--year", 25, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output == "lỗi: năm phải ghi đủ bốn chữ số, ví dụ 2025; đã nhập: 25\n"
    assert not (tmp_path / "out").exists()


def test_check_a_good_form(filled_form):
    result = run("check", filled_form)
    assert result.exit_code == 0, result.output
    assert "không có lỗi" in result.output


def test_check_annotate_marks_bad_cells_and_leaves_the_form_alone(filled_form, tmp_path):
    bad = edit(
        filled_form, tmp_path / "bad.xlsx", {("Chỉ tiêu", "C6"): "abc", ("Chỉ tiêu", "C7"): "=1"}
    )
    digest = hashlib.sha256(bad.read_bytes()).hexdigest()
    out = tmp_path / "marked.xlsx"
    result = run("check", bad, "--annotate", out)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("lỗi:")]
    assert f"lỗi: {bad}:'Chỉ tiêu'!C6: Văn bản phát hành trên hệ thống" in lines[0]
    assert len(lines) == 2
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == digest
    sheet = openpyxl.load_workbook(out)["Chỉ tiêu"]
    assert sheet["C6"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "phải là số nguyên không âm" in sheet["C6"].comment.text
    assert "công thức" in sheet["C7"].comment.text
    assert sheet["C8"].comment is None


def test_check_refuses_a_workbook_that_is_not_a_form(tmp_path):
    book = openpyxl.Workbook()
    book.save(tmp_path / "plain.xlsx")
    result = run("check", tmp_path / "plain.xlsx")
    assert result.exit_code == 2
    assert "không phải biểu mẫu nhập liệu của reportkit" in result.output
    assert "Traceback" not in result.output


def test_every_form_option_is_documented():
    help_text = run("form", "--help").output
    docs = (UNITS.parent.parent / "docs" / "forms.md").read_text(encoding="utf-8")
    for option in (
        "--kind",
        "--year",
        "--unit",
        "--units",
        "--previous",
        "--deadline",
        "--contact",
        "--rows",
        "--list-rows",
        "--output",
    ):
        assert option in help_text and option in docs, option
    assert "--annotate" in docs


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("notes.xlsx", b"just some text", "không phải tệp .xlsx"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "tệp có mật khẩu"),
        ("broken.xlsx", b"PK\x03\x04\x14\0\0\0 cut short", "bị hỏng"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, ".xlsx"),
    ],
)
def test_check_bad_files_one_line_exit_2(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("check", path)
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("lỗi: ") and str(path) in line and words in line


def test_last_years_form_with_empty_required_fields_serves_as_previous(tmp_path):
    """Only last year's figures are read from it: its missing document number is no error,
    and the report compares the two years."""
    import docx
    from test_forms_support import fill, sample_data

    from reportkit.forms import write_form

    last_year = sample_data()
    last_year.update(year=2024, counts=last_year.pop("previous")["counts"], tasks=[])
    last_year["period"] = {"from": "2024-01-01", "to": "2024-12-31"}
    last_year["document"].pop("number")
    blank = write_form(tmp_path / "blank-2024.xlsx", year=2024)
    form = fill(blank, last_year, tmp_path / "2024.xlsx")
    assert run("check", form).exit_code == 2  # as this year's report it is incomplete

    sample = Path(__file__).resolve().parent.parent / "samples" / "thanh-hoa-2025.yaml"
    outcome = run("render", sample, "--previous", form, "-o", tmp_path / "out")
    assert outcome.exit_code == 0, outcome.output
    [report] = (tmp_path / "out").glob("bao-cao-*.docx")
    text = "\n".join(p.text for p in docx.Document(report).paragraphs)
    assert "so với năm 2024" in text


def test_annotate_stays_the_function_once_its_module_is_loaded():
    """A long-running process (reportkit serve) loads the module first; the package's
    ``annotate`` must not then turn into a module (it did, as ``forms/annotate.py``)."""
    import reportkit.forms.marking  # noqa: F401
    from reportkit.forms import annotate

    assert callable(annotate)
