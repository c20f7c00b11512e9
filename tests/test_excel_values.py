"""Tags in cells: a tag alone keeps the value's type, tags in text make text."""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from reportkit.excel import ExcelTemplate


@pytest.fixture
def typed_template(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Giá trị"
    cells = {
        "A1": "{{ count }}",
        "A2": "{{ rate }}",
        "A3": "{{ money }}",
        "A4": "{{ day }}",
        "A5": "{{ moment }}",
        "A6": "{{ flag }}",
        "A7": "{{ nothing }}",
        "A8": "{{ name }}",
        "A9": "{{ formula_like }}",
        "A10": "Năm {{ year }}: {{ count }} văn bản",
        "A11": "{{ day }}",
        "A12": "  {{ count }}  ",
        "A13": "{{ tricky }}",
        "A14": "{% if flag %}có{% else %}không{% endif %}",
    }
    for ref, text in cells.items():
        ws[ref] = text
    ws["A11"].number_format = "dd/mm/yyyy"
    ws["A2"].number_format = "0.0%"
    path = tmp_path / "typed.xlsx"
    wb.save(path)
    return path


CONTEXT = {
    "count": 3316,
    "rate": 0.967,
    "money": Decimal("1234.50"),
    "day": dt.date(2026, 1, 9),
    "moment": dt.datetime(2026, 1, 9, 14, 30),
    "flag": True,
    "nothing": None,
    "name": "Viện kiểm sát nhân dân tỉnh Thanh Hóa",
    "formula_like": '=HYPERLINK("http://x")',
    "year": 2025,
    "tricky": 'a < b & c > d \x07 "q"',
}


def test_a_tag_alone_keeps_the_type_of_its_value(typed_template, tmp_path):
    out = ExcelTemplate(typed_template).render_to(tmp_path / "out.xlsx", CONTEXT)
    ws = openpyxl.load_workbook(out)["Giá trị"]
    assert ws["A1"].value == 3316 and ws["A1"].data_type == "n"
    assert ws["A2"].value == pytest.approx(0.967) and ws["A2"].number_format == "0.0%"
    assert ws["A3"].value == pytest.approx(1234.5) and ws["A3"].data_type == "n"
    assert ws["A4"].value == dt.datetime(2026, 1, 9) and ws["A4"].is_date
    assert ws["A5"].value == dt.datetime(2026, 1, 9, 14, 30) and ws["A5"].is_date
    assert ws["A6"].value is True
    assert ws["A7"].value is None
    assert ws["A8"].value == "Viện kiểm sát nhân dân tỉnh Thanh Hóa"
    assert ws["A12"].value == 3316


def test_a_date_keeps_the_cells_own_date_format(typed_template, tmp_path):
    out = ExcelTemplate(typed_template).render_to(tmp_path / "out.xlsx", CONTEXT)
    ws = openpyxl.load_workbook(out)["Giá trị"]
    assert ws["A11"].number_format == "dd/mm/yyyy"
    assert ws["A11"].value == dt.datetime(2026, 1, 9)


def test_text_starting_with_equals_is_never_a_formula(typed_template, tmp_path):
    out = ExcelTemplate(typed_template).render_to(tmp_path / "out.xlsx", CONTEXT)
    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    ws = openpyxl.load_workbook(out)["Giá trị"]
    assert ws["A9"].data_type == "s"
    assert ws["A9"].value == '=HYPERLINK("http://x")'


def test_tags_in_text_make_text_and_every_value_is_escaped(typed_template, tmp_path):
    out = ExcelTemplate(typed_template).render_to(tmp_path / "out.xlsx", CONTEXT)
    ws = openpyxl.load_workbook(out)["Giá trị"]
    assert ws["A10"].value == "Năm 2025: 3316 văn bản"
    assert ws["A13"].value == 'a < b & c > d  "q"'  # the control character is dropped
    assert ws["A14"].value == "có"


def test_untouched_cells_are_written_as_the_template_had_them(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Báo cáo tổng kết"
    wb.active["A2"] = "{{ x }}"
    wb.active["A3"] = 42
    wb.save(tmp_path / "t.xlsx")
    before = zipfile.ZipFile(tmp_path / "t.xlsx").read("xl/worksheets/sheet1.xml").decode()
    path = tmp_path / "o.xlsx"
    path.write_bytes(ExcelTemplate(tmp_path / "t.xlsx").render({"x": 1}))
    after = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    for ref in ("A1", "A3"):
        cell = re.search(rf'<c r="{ref}".*?</c>', before).group(0)
        assert html.unescape(cell) in after
    assert openpyxl.load_workbook(path).active["A1"].value == "Báo cáo tổng kết"


def test_rich_text_keeps_its_fonts_around_tags(tmp_path):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = openpyxl.Workbook()
    wb.active["A1"] = CellRichText(
        [TextBlock(InlineFont(b=True), "Đơn vị: "), TextBlock(InlineFont(i=True), "{{ unit }}")]
    )
    wb.save(tmp_path / "t.xlsx")
    out = ExcelTemplate(tmp_path / "t.xlsx").render_to(tmp_path / "o.xlsx", {"unit": "VKSND tỉnh"})
    cell = openpyxl.load_workbook(out, rich_text=True).active["A1"].value
    assert str(cell) == "Đơn vị: VKSND tỉnh"
    assert [(bool(block.font.b), bool(block.font.i), block.text) for block in cell] == [
        (True, False, "Đơn vị: "),
        (False, True, "VKSND tỉnh"),
    ]
