"""What sits on loop rows is copied with them; what sits on marker rows goes with them."""

from __future__ import annotations

import re

import openpyxl
import pytest
from excel_helpers import parts_of
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.series import SeriesLabel, StrRef
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.worksheet.datavalidation import DataValidation

from reportkit.excel import ExcelTemplate
from reportkit.pdf import convert

ITEMS = {"items": [10, 20, 30]}


def loop_template(path):
    """Header in row 1, the loop's marker rows 2 and 4 around body row 3, a total in row 5."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table"
    ws.append(["Tên", "Ghi chú", "Số"])
    ws.append(["{%tr for x in items %}"])
    ws.append(["Mục", "{{ x }}", "{{ x }}"])
    ws.append(["{%tr endfor %}"])
    ws.append(["Tổng", None, "=SUM(C3:C3)"])
    return wb, ws


def test_a_comment_on_a_loop_row_is_written_once_for_every_copy(tmp_path):
    wb, ws = loop_template(tmp_path)
    ws["B3"].comment = Comment("Số liệu của đơn vị", "VKSND")
    ws["A2"].comment = Comment("Vòng lặp: mỗi đơn vị một dòng", "Tác giả")
    ws["A4"].comment = Comment("Hết vòng lặp", "Tác giả")
    ws["A5"].comment = Comment("Tổng cộng", "VKSND")
    wb.save(tmp_path / "t.xlsx")
    out = ExcelTemplate(tmp_path / "t.xlsx").render_to(tmp_path / "o.xlsx", ITEMS)
    result = openpyxl.load_workbook(out)["Table"]
    comments = {
        cell.coordinate: cell.comment.text
        for row in result.iter_rows()
        for cell in row
        if cell.comment
    }
    assert comments == {
        "B2": "Số liệu của đơn vị",
        "B3": "Số liệu của đơn vị",
        "B4": "Số liệu của đơn vị",
        "A5": "Tổng cộng",
    }
    parts = parts_of(out)
    xml = next(v for k, v in parts.items() if k.startswith("xl/comments")).decode()
    assert re.findall(r'<comment ref="([^"]+)"', xml) == ["B2", "B3", "B4", "A5"]
    vml = next(v for k, v in parts.items() if k.endswith(".vml")).decode()
    assert [int(n) for n in re.findall(r"<(?:\w+:)?Row>(\d+)<", vml)] == [1, 2, 3, 4]
    ids = re.findall(r'\sid="(_x0000_s\d+)"', vml)
    assert len(ids) == len(set(ids)) == 4


def test_formats_and_validations_on_marker_rows_go_with_them(tmp_path):
    wb, ws = loop_template(tmp_path)
    red = CellIsRule(operator="greaterThan", formula=["15"])
    ws.conditional_formatting.add("C3", red)  # the loop row: every copy
    ws.conditional_formatting.add("A2", CellIsRule(operator="equal", formula=['"x"']))
    ws.conditional_formatting.add("A4:C4", CellIsRule(operator="equal", formula=['"y"']))
    marker_only = DataValidation(type="whole", formula1="0")
    marker_only.add("B2")
    marker_only.add("B4")
    ws.add_data_validation(marker_only)
    kept = DataValidation(type="decimal", formula1="0")
    kept.add("C3")
    ws.add_data_validation(kept)
    wb.save(tmp_path / "t.xlsx")
    out = ExcelTemplate(tmp_path / "t.xlsx").render_to(tmp_path / "o.xlsx", ITEMS)
    result = openpyxl.load_workbook(out)["Table"]
    formats = {
        str(rng.sqref): [rule.formula for rule in rules]
        for rng, rules in result.conditional_formatting._cf_rules.items()
    }
    assert formats == {"C2:C4": [["15"]]}
    validations = [(v.type, str(v.sqref)) for v in result.data_validations.dataValidation]
    assert validations == [("decimal", "C2:C4")]
    sheet = parts_of(out)["xl/worksheets/sheet1.xml"].decode()
    assert '<dataValidations count="1">' in sheet
    assert "\x11" not in sheet


def test_all_validations_on_marker_rows_leave_no_empty_list(tmp_path):
    wb, ws = loop_template(tmp_path)
    validation = DataValidation(type="whole", formula1="0")
    validation.add("A2")
    ws.add_data_validation(validation)
    wb.save(tmp_path / "t.xlsx")
    out = ExcelTemplate(tmp_path / "t.xlsx").render_to(tmp_path / "o.xlsx", ITEMS)
    assert "dataValidation" not in parts_of(out)["xl/worksheets/sheet1.xml"].decode()
    assert openpyxl.load_workbook(out)["Table"]["C5"].value == "=SUM(C2:C4)"


def test_a_single_cell_series_title_stays_a_single_cell(tmp_path):
    wb, ws = loop_template(tmp_path)
    chart = BarChart()
    series = Series(Reference(ws, min_col=3, min_row=3, max_row=3))
    series.tx = SeriesLabel(strRef=StrRef("Table!$C$1"))
    chart.series.append(series)
    ws.add_chart(chart, "E2")
    wb.save(tmp_path / "t.xlsx")
    out = ExcelTemplate(tmp_path / "t.xlsx").render_to(tmp_path / "o.xlsx", ITEMS)
    (rendered,) = openpyxl.load_workbook(out)["Table"]._charts
    assert rendered.series[0].tx.strRef.f == "Table!$C$1"
    assert rendered.series[0].val.numRef.f == "Table!$C$2:$C$4"


@pytest.mark.libreoffice
def test_libreoffice_shows_every_copy_of_a_loop_rows_comment(tmp_path):
    wb, ws = loop_template(tmp_path)
    ws["B3"].comment = Comment("Số liệu của đơn vị", "VKSND")
    ws["A2"].comment = Comment("Vòng lặp", "Tác giả")
    wb.save(tmp_path / "t.xlsx")
    out = ExcelTemplate(tmp_path / "t.xlsx").render_to(tmp_path / "o.xlsx", ITEMS)
    [saved] = convert([out], "xlsx", tmp_path / "lo")
    result = openpyxl.load_workbook(saved)["Table"]
    found = [cell.coordinate for row in result.iter_rows() for cell in row if cell.comment]
    assert found == ["B2", "B3", "B4"]
