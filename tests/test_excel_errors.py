"""Bad input: one clear error naming the file and the cell; nothing half-written."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner
from excel_helpers import parts_of, write_parts

from reportkit.cli import main
from reportkit.errors import InputError, TemplateError
from reportkit.excel import ExcelTemplate


def template(tmp_path, cells: dict[str, str], title: str = "Chỉ tiêu", name: str = "t.xlsx"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for ref, text in cells.items():
        ws[ref] = text
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", "save it as .xlsx"),
        (b"just text", "not a .xlsx file"),
        (b"PK\x03\x04broken", "damaged"),
    ],
)
def test_files_that_are_not_xlsx(tmp_path, content, message):
    path = tmp_path / "phu-luc.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        ExcelTemplate(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_a_loop_marker_that_is_not_closed(tmp_path):
    path = template(tmp_path, {"A2": "{%tr for u in units %}", "A3": "{{ u }}"})
    with pytest.raises(TemplateError) as caught:
        ExcelTemplate(path)
    assert caught.value.location == "'Chỉ tiêu'!A2"
    assert "never closed" in str(caught.value) and str(path) in str(caught.value)


def test_an_endfor_without_a_for(tmp_path):
    path = template(tmp_path, {"A5": "{%tr endfor %}"})
    with pytest.raises(TemplateError) as caught:
        ExcelTemplate(path)
    assert caught.value.location == "'Chỉ tiêu'!A5"


def test_a_syntax_error_points_at_its_cell(tmp_path):
    path = template(tmp_path, {"A1": "ok", "C7": "Năm {{ year + }}"})
    with pytest.raises(TemplateError) as caught:
        ExcelTemplate(path)
    assert caught.value.location == "'Chỉ tiêu'!C7"


def test_an_undefined_name_points_at_its_cell(tmp_path):
    path = template(tmp_path, {"A1": "{{ year }}", "B7": "Tổng: {{ totals.docs }}"})
    compiled = ExcelTemplate(path)
    with pytest.raises(TemplateError) as caught:
        compiled.render({"year": 2025})
    assert caught.value.location == "'Chỉ tiêu'!B7"
    assert "totals" in str(caught.value)
    lenient = tmp_path / "lenient.xlsx"
    lenient.write_bytes(ExcelTemplate(path, strict=False).render({}))
    sheet = openpyxl.load_workbook(lenient)["Chỉ tiêu"]
    assert sheet["A1"].value is None and sheet["B7"].value == "Tổng: "


def test_an_undefined_loop_list_points_at_the_marker(tmp_path):
    path = template(
        tmp_path, {"A3": "{%tr for u in units %}", "A4": "{{ u }}", "A5": "{%tr endfor %}"}
    )
    with pytest.raises(TemplateError) as caught:
        ExcelTemplate(path).render({})
    assert caught.value.location == "'Chỉ tiêu'!A3"


def test_too_many_rows_for_excel(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(1_048_570, 1, "{%tr for x in items %}")
    ws.cell(1_048_571, 1, "{{ x }}")
    ws.cell(1_048_572, 1, "{%tr endfor %}")
    wb.save(tmp_path / "t.xlsx")
    out = tmp_path / "out.xlsx"
    with pytest.raises(TemplateError) as caught:
        ExcelTemplate(tmp_path / "t.xlsx").render_to(out, {"items": range(10)})
    assert "more rows than Excel allows" in str(caught.value)
    assert caught.value.location == "'Sheet'!A1048570"
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "t.xlsx"]


def test_a_marker_with_other_text_in_its_cell(tmp_path):
    path = template(tmp_path, {"B2": "{%tr for u in units %} Đơn vị"})
    with pytest.raises(TemplateError) as caught:
        ExcelTemplate(path)
    assert caught.value.location == "'Chỉ tiêu'!B2" and "alone in its cell" in str(caught.value)


def test_the_sandbox_refuses_unsafe_attributes(tmp_path):
    path = template(tmp_path, {"A1": "{{ x.__class__.__mro__ }}"})
    with pytest.raises(TemplateError) as caught:
        ExcelTemplate(path).render({"x": 1})
    assert caught.value.location == "'Chỉ tiêu'!A1"


def test_cli_vars_check_and_render(tmp_path):
    path = template(tmp_path, {"A1": "Năm {{ year }}", "B3": "{{ unit.name }}"})
    data = tmp_path / "data.yaml"
    data.write_text("year: 2025\nunit:\n  name: VKSND tỉnh Thanh Hóa\n", encoding="utf-8")
    runner = CliRunner()
    listed = runner.invoke(main, ["template", "vars", str(path)])
    assert listed.exit_code == 0
    assert "year\n    'Chỉ tiêu'!A1" in listed.output and "'Chỉ tiêu'!B3" in listed.output
    checked = runner.invoke(main, ["template", "check", str(path), "--data", str(data)])
    assert checked.exit_code == 0, checked.output
    out = tmp_path / "out.xlsx"
    rendered = runner.invoke(main, ["template", "render", str(path), str(data), "-o", str(out)])
    assert rendered.exit_code == 0, rendered.output
    assert openpyxl.load_workbook(out)["Chỉ tiêu"]["B3"].value == "VKSND tỉnh Thanh Hóa"


def test_cli_prints_one_line_and_exits_2(tmp_path):
    path = template(tmp_path, {"A2": "{%tr for u in units %}"})
    data = tmp_path / "data.yaml"
    data.write_text("units: []\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["template", "render", str(path), str(data), "-o", str(out)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lỗi: ") and "'Chỉ tiêu'!A2" in lines[0]
    assert "Traceback" not in result.output and not out.exists()


def test_a_zip_with_damaged_sheet_xml(tmp_path):
    parts = parts_of(template(tmp_path, {"A1": "{{ x }}"}))
    parts["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row>"
    bad = write_parts(tmp_path / "bad.xlsx", parts)
    with pytest.raises(InputError) as caught:
        ExcelTemplate(bad)
    assert "damaged" in str(caught.value) and str(bad) in str(caught.value)


def test_check_lists_a_problem_per_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["B2"] = "{{ year }}"
    wb.create_sheet("Thỏa thuận")["C3"] = "{{ agreements|length }}"
    wb.save(tmp_path / "t.xlsx")
    compiled = ExcelTemplate(tmp_path / "t.xlsx")
    problems = compiled.check({})
    assert [p.location for p in problems] == ["'Sheet'!B2", "'Thỏa thuận'!C3"]
    assert compiled.check({"year": 2025, "agreements": []}) == []


def test_an_excel_template_file_renders_to_a_workbook(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "{{ year }}"
    wb.template = True
    wb.save(tmp_path / "mau.xltx")
    out = ExcelTemplate(tmp_path / "mau.xltx").render_to(tmp_path / "o.xlsx", {"year": 2025})
    import zipfile

    types = zipfile.ZipFile(out).read("[Content_Types].xml").decode()
    assert "template.main+xml" not in types and "sheet.main+xml" in types
    assert openpyxl.load_workbook(out).active["A1"].value == 2025
