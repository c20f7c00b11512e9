"""add_bar_chart: a native chart from a cell range, with or without a drawing already there."""

from __future__ import annotations

import io

import openpyxl
import pytest
from excel_helpers import annex_context, build_annex, parts_of

from reportkit.errors import InputError
from reportkit.excel import ExcelTemplate, add_bar_chart


def test_a_second_chart_joins_the_sheets_drawing(tmp_path):
    data = ExcelTemplate(build_annex(tmp_path / "annex.xlsx")).render(annex_context())
    charted = add_bar_chart(
        data, "Chỉ tiêu", "F4:F23", categories="B4:B23", title="Tin bài", horizontal=True
    )
    charts = openpyxl.load_workbook(io.BytesIO(charted))["Chỉ tiêu"]._charts
    assert len(charts) == 2
    added = charts[1]
    assert added.type == "bar"  # horizontal bars; openpyxl calls the direction "type"
    assert added.series[0].val.numRef.f == "'Chỉ tiêu'!$F$4:$F$23"
    assert added.series[0].cat.strRef.f == "'Chỉ tiêu'!$B$4:$B$23"
    drawings = [name for name in parts_of(charted) if name.startswith("xl/drawings/drawing")]
    assert drawings == ["xl/drawings/drawing1.xml"]


def test_a_sheet_without_a_drawing_gets_one(tmp_path):
    data = ExcelTemplate(build_annex(tmp_path / "annex.xlsx")).render(annex_context())
    charted = add_bar_chart(data, "Nhiệm vụ 2026", "B2:B4", names=["Nhiệm vụ"], anchor="D2")
    (chart,) = openpyxl.load_workbook(io.BytesIO(charted))["Nhiệm vụ 2026"]._charts
    assert chart.type == "col" and chart.series[0].tx.v == "Nhiệm vụ"


def test_an_unknown_sheet_or_range_is_a_clear_error(tmp_path):
    data = ExcelTemplate(build_annex(tmp_path / "annex.xlsx")).render(annex_context())
    with pytest.raises(InputError, match="no worksheet named 'Không có'"):
        add_bar_chart(data, "Không có", "A1:A2")
    with pytest.raises(InputError, match="not a cell range"):
        add_bar_chart(data, "Chỉ tiêu", "C:C")
