"""What Excel users see: LibreOffice Calc opens, recalculates and keeps the output."""

from __future__ import annotations

import openpyxl
import pytest
from excel_helpers import (
    UNITS,
    annex_context,
    build_annex,
    parts_of,
    pivot_template,
    unit_template,
)

from reportkit.excel import ExcelTemplate, add_bar_chart
from reportkit.pdf import convert

pytestmark = pytest.mark.libreoffice


def test_formulas_are_recalculated_when_the_file_opens(tmp_path):
    context = annex_context()
    out = ExcelTemplate(build_annex(tmp_path / "annex.xlsx")).render_to(
        tmp_path / "out.xlsx", context
    )
    [recalculated] = convert([out], "xlsx", tmp_path / "lo")
    computed = openpyxl.load_workbook(recalculated, data_only=True)
    ws = computed["Chỉ tiêu"]
    docs = sum(u["docs"] for u in context["units"])
    signed = sum(u["signed"] for u in context["units"])
    assert ws["C24"].value == docs
    assert ws["D24"].value == signed
    assert ws["F24"].value == sum(u["news"] for u in context["units"])
    assert ws["E24"].value == pytest.approx(signed / docs)
    assert ws["E4"].value == pytest.approx(3316 / 3429)
    assert computed["Nhiệm vụ 2026"]["B5"].value == docs
    assert computed["Thỏa thuận"]["B13"].value == 10


def test_a_template_saved_by_libreoffice_calc(tmp_path):
    [authored] = convert([build_annex(tmp_path / "annex.xlsx")], "xlsx", tmp_path / "calc")
    assert b"sharedStrings" in parts_of(authored)["[Content_Types].xml"]
    context = annex_context(units=5, deals=3)
    out = ExcelTemplate(authored).render_to(tmp_path / "out.xlsx", context)
    wb = openpyxl.load_workbook(out)
    ws = wb["Chỉ tiêu"]
    assert [ws.cell(r, 2).value for r in range(4, 9)] == [u["name"] for u in context["units"]]
    assert ws["C9"].value == "=SUM(C4:C8)"
    assert wb["Thỏa thuận"].tables["ThoaThuan"].ref == "A2:D5"
    [recalculated] = convert([out], "xlsx", tmp_path / "lo")
    computed = openpyxl.load_workbook(recalculated, data_only=True)
    assert computed["Chỉ tiêu"]["C9"].value == sum(u["docs"] for u in context["units"])


def test_a_native_chart_opens_in_libreoffice_and_openpyxl(tmp_path):
    data = ExcelTemplate(build_annex(tmp_path / "annex.xlsx", chart=False)).render(annex_context())
    charted = tmp_path / "charted.xlsx"
    charted.write_bytes(
        add_bar_chart(
            data,
            "Chỉ tiêu",
            "C4:D23",
            categories="B4:B23",
            names=["Văn bản phát hành", "Văn bản ký số"],
            title="Ký số văn bản năm 2025",
            anchor="H3",
        )
    )
    (chart,) = openpyxl.load_workbook(charted)["Chỉ tiêu"]._charts
    assert [s.val.numRef.f for s in chart.series] == [
        "'Chỉ tiêu'!$C$4:$C$23",
        "'Chỉ tiêu'!$D$4:$D$23",
    ]
    [resaved] = convert([charted], "xlsx", tmp_path / "lo")
    again = parts_of(resaved)
    chart_xml = next(v for k, v in again.items() if k.startswith("xl/charts/chart")).decode()
    assert "$D$4:$D$23" in chart_xml and "Ký số văn bản năm 2025" in chart_xml


def test_sheet_copies_open_in_libreoffice(tmp_path):
    out = ExcelTemplate(unit_template(tmp_path / "t.xlsx")).render_to(
        tmp_path / "o.xlsx", {"units": UNITS}
    )
    [recalculated] = convert([out], "xlsx", tmp_path / "lo")
    computed = openpyxl.load_workbook(recalculated, data_only=True)
    assert computed.sheetnames == openpyxl.load_workbook(out).sheetnames
    assert computed["VKSND tỉnh"]["B5"].value == 3429 + 3316
    assert computed["VKSND tỉnh (2)"]["B3"].value == 0


def test_a_pivot_table_over_loop_rows_counts_every_row_in_libreoffice(tmp_path):
    template = pivot_template(tmp_path / "t.xlsx", location="D1:E2")
    units = [{"name": f"Khu vực {n}", "docs": 10 * n} for n in range(1, 4)]
    out = ExcelTemplate(template).render_to(tmp_path / "out.xlsx", {"units": units})
    [reopened] = convert([out], "xlsx", tmp_path / "lo")
    sheet = openpyxl.load_workbook(reopened, data_only=True)["Dữ liệu"]
    pivot_values = [c.value for row in sheet["D1:E4"] for c in row if c.value is not None]
    assert sum(u["docs"] for u in units) in pivot_values  # 60: the three rows, not one
