"""The shipped CĐS annex: rendered from the Thanh Hóa sample, reopened and recalculated.

openpyxl shows what the file holds (values, types, formulas, the chart's ranges);
LibreOffice recalculates it as Excel would, and its totals must equal Python's sums.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pdf_helpers import pdf_pages

from reportkit.pdf import convert
from reportkit.report import build_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "thanh-hoa-2025.yaml"
SHEETS = ["Chỉ tiêu", "Văn bản phối hợp", "Nhiệm vụ 2026"]


@pytest.fixture(scope="module")
def rendered():
    return build_report(SAMPLE)


@pytest.fixture(scope="module")
def annex_bytes(rendered) -> bytes:
    (data,) = [v for k, v in rendered.documents.items() if k.endswith(".xlsx")]
    return data


@pytest.fixture(scope="module")
def workbook(annex_bytes):
    return openpyxl.load_workbook(io.BytesIO(annex_bytes))


def row_of(sheet, column: str, text: str) -> int:
    """The first row whose cell in ``column`` starts with ``text``."""
    for cell in sheet[column]:
        if isinstance(cell.value, str) and cell.value.startswith(text):
            return cell.row
    raise AssertionError(f"no row starting {text!r} in column {column} of {sheet.title}")


def test_sheets_and_file_name(rendered, workbook):
    assert "phu-luc-cds-2025-thanh-hoa.xlsx" in rendered.documents
    assert workbook.sheetnames == SHEETS


def test_indicators_hold_both_years_and_live_changes(workbook):
    sheet = workbook["Chỉ tiêu"]
    r = row_of(sheet, "B", "Văn bản được ký số trước khi ban hành")
    assert [sheet[f"{c}{r}"].value for c in "CDE"] == ["văn bản", 2951, 3316]
    assert isinstance(sheet[f"E{r}"].value, int)
    assert sheet[f"F{r}"].value == f'=IF(OR(D{r}="",E{r}=""),"",E{r}-D{r})'
    assert sheet[f"G{r}"].value == f'=IF(OR(D{r}="",E{r}="",D{r}=0),"",E{r}/D{r}-1)'
    assert sheet[f"E{r}"].number_format == "#,##0"
    groups = [sheet[f"B{row}"].value for row in range(1, sheet.max_row + 1)]
    assert "CÔNG TÁC CHUYỂN ĐỔI SỐ" in groups and "CÔNG TÁC TUYÊN TRUYỀN" in groups
    dti = row_of(sheet, "B", "Điểm Bộ chỉ số DTI")
    assert sheet[f"D{dti}"].value is None and sheet[f"E{dti}"].value is None
    numbers = [sheet[f"A{row}"].value for row in range(r - 1, r + 3)]
    assert numbers == [1, 2, 3, 4]


def test_rates_are_formulas_over_numerator_and_denominator(workbook):
    sheet = workbook["Chỉ tiêu"]
    r = row_of(sheet, "B", "Tỷ lệ văn bản được ký số")
    assert [sheet[f"{c}{r}"].value for c in "CD"] == [3316, 3429]
    assert sheet[f"E{r}"].value == f'=IF(C{r}="","",IFERROR(C{r}/D{r},""))'
    assert sheet[f"E{r}"].number_format == "0.0%"
    assert sheet[f"F{r}"].value == pytest.approx(2951 / 3208)
    admin = row_of(sheet, "B", "Tỷ lệ văn bản hành chính")
    assert admin == r + 1
    assert sheet[f"E{admin}"].value == f'=IF(C{admin}="","",IFERROR(C{admin}/D{admin},""))'


def test_totals_sum_every_loop_row(workbook):
    sheet = workbook["Chỉ tiêu"]
    first = row_of(sheet, "B", "Báo và Phát thanh, truyền hình Thanh Hóa")
    total = row_of(sheet, "B", "Tổng cộng")
    assert total == first + 4
    assert sheet[f"D{total}"].value == f"=SUM(D{first}:D{total - 1})"
    accounts = row_of(sheet, "B", "Facebook: Trang VKSND tỉnh Thanh Hóa")
    social_total = next(
        row for row in range(accounts, sheet.max_row + 1) if sheet[f"B{row}"].value == "Tổng cộng"
    )
    assert social_total == accounts + 3
    assert sheet[f"C{social_total}"].value == f"=SUM(C{accounts}:C{social_total - 1})"
    assert sheet[f"D{social_total}"].value == f"=SUM(D{accounts}:D{social_total - 1})"


def test_chart_reads_the_rate_rows(workbook):
    sheet = workbook["Chỉ tiêu"]
    (chart,) = sheet._charts
    r = row_of(sheet, "B", "Tỷ lệ văn bản được ký số")
    (series,) = chart.series
    assert series.val.numRef.f == f"'Chỉ tiêu'!$E${r}:$E${r + 1}"
    assert series.cat.numRef.f == f"'Chỉ tiêu'!$B${r}:$B${r + 1}"
    assert chart.type == "bar"
    for part in (chart.x_axis, chart.dataLabels):
        assert part.txPr.p[0].pPr.defRPr.latin.typeface == "Times New Roman"
    anchor = chart.anchor._from.row + 1
    assert anchor > row_of(sheet, "A", "D. BIỂU ĐỒ"), "the chart sits under its heading"


def test_agreements_and_tasks(workbook):
    deals = workbook["Văn bản phối hợp"]
    r = row_of(deals, "B", "Quy chế phối hợp")
    assert deals[f"D{r}"].value == "Báo và Phát thanh, truyền hình Thanh Hóa"
    assert deals[f"E{r}"].value.date().isoformat() == "2025-08-15"
    assert deals[f"E{r}"].number_format == "dd/mm/yyyy"
    assert deals[f"F{r}"].value == "2025–2030"
    assert deals[f"G{r}"].value.count("\n") == 1
    assert deals[f"C{r + 1}"].value == f"=COUNTA(B{r}:B{r})"

    tasks = workbook["Nhiệm vụ 2026"]
    assert tasks["A1"].value == "VIỆN KIỂM SÁT NHÂN DÂN TỈNH THANH HÓA"
    group = row_of(tasks, "B", "CÔNG TÁC CHUYỂN ĐỔI SỐ")
    assert tasks[f"A{group}"].value == "I"
    assert [tasks[f"A{group + n}"].value for n in (1, 2, 3)] == [1, 2, 3]
    assert tasks[f"D{group + 1}"].value.date().isoformat() == "2026-12-31"
    assert tasks[f"E{group + 3}"].value == 100
    total = row_of(tasks, "B", "Tổng số nhiệm vụ")
    assert tasks[f"C{total}"].value == f"=COUNT(A{group}:A{total - 1})"


def test_times_new_roman_a4_and_vietnamese_headings(workbook):
    for sheet in workbook:
        setup = sheet.page_setup
        assert setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1
        assert sheet.print_area
        written = [c for row in sheet.iter_rows() for c in row if c.value is not None]
        assert written and all(c.font.name == "Times New Roman" for c in written)
        assert sheet["A3"].value or sheet["A4"].value
    assert workbook["Chỉ tiêu"].page_setup.orientation == "portrait"
    assert workbook["Văn bản phối hợp"].page_setup.orientation == "landscape"
    titles = [workbook["Chỉ tiêu"][f"A{r}"].value for r in range(1, 5)]
    assert titles == [
        "VIỆN KIỂM SÁT NHÂN DÂN TỈNH THANH HÓA",
        "PHỤ LỤC",
        "SỐ LIỆU CÔNG TÁC CHUYỂN ĐỔI SỐ VÀ CÔNG TÁC TUYÊN TRUYỀN NĂM 2025",
        "(Kèm theo Báo cáo số 05/BC-VKS ngày 09 tháng 01 năm 2026 "
        "của Viện kiểm sát nhân dân tỉnh Thanh Hóa)",
    ]


def test_text_starting_with_equals_stays_text(tmp_path):
    source = SAMPLE.read_text(encoding="utf-8").replace(
        "outlet: Các báo khác", 'outlet: "=HYPERLINK(\\"http://x\\")"'
    )
    path = tmp_path / "unit.yaml"
    path.write_text(source, encoding="utf-8")
    (data,) = [v for k, v in build_report(path).documents.items() if k.endswith(".xlsx")]
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Chỉ tiêu"]
    cell = next(c for c in sheet["B"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'


def test_empty_tables_keep_their_headings_and_drop_their_counts(tmp_path):
    path = tmp_path / "kv1.yaml"
    path.write_text(
        "year: 2025\n"
        "unit: {name: VKSND khu vực 1 - Thanh Hóa, parent: VKSND tỉnh Thanh Hóa, level: khu_vuc}\n"
        "document: {number: 01/BC, date: 2026-01-05, place: Thanh Hóa,"
        " signer: {name: Lê Văn An, title: VIỆN TRƯỞNG}}\n"
        "counts: {issued_docs: 500}\n",
        encoding="utf-8",
    )
    (data,) = [v for k, v in build_report(path).documents.items() if k.endswith(".xlsx")]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for name in ("Văn bản phối hợp", "Nhiệm vụ 2026"):
        sheet = workbook[name]
        texts = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
        assert "STT" in texts
        assert not any(str(t).startswith("Tổng số") for t in texts), name
        assert not any(str(t).startswith("=") for t in texts), name
    sheet = workbook["Chỉ tiêu"]
    issued = row_of(sheet, "B", "Văn bản phát hành")
    assert sheet[f"E{issued}"].value == 500 and sheet[f"D{issued}"].value is None


# -- LibreOffice: recalculated as a spreadsheet program does --------------------------------


@pytest.mark.libreoffice
def test_libreoffice_totals_equal_python_sums(annex_bytes, tmp_path):
    source = tmp_path / "phu-luc.xlsx"
    source.write_bytes(annex_bytes)
    [recalculated] = convert([source], "xlsx", tmp_path / "calc")
    values = openpyxl.load_workbook(recalculated, data_only=True)
    sheet = values["Chỉ tiêu"]
    press = [64, 38, 12, 9]
    assert sheet[f"D{row_of(sheet, 'B', 'Tổng cộng')}"].value == sum(press)
    accounts = row_of(sheet, "B", "Facebook")
    assert sheet[f"D{accounts + 3}"].value == 312 + 145 + 18
    assert sheet[f"C{accounts + 3}"].value == 8450
    r = row_of(sheet, "B", "Tỷ lệ văn bản được ký số")
    assert sheet[f"E{r}"].value == pytest.approx(3316 / 3429)
    assert sheet[f"E{r + 1}"].value == pytest.approx(1.0)
    assert sheet[f"G{r}"].value == pytest.approx((3316 / 3429 - 2951 / 3208) * 100)
    signed = row_of(sheet, "B", "Văn bản được ký số")
    assert sheet[f"F{signed}"].value == 3316 - 2951
    assert sheet[f"G{signed}"].value == pytest.approx(3316 / 2951 - 1)
    dti = row_of(sheet, "B", "Điểm Bộ chỉ số DTI")
    assert sheet[f"F{dti}"].value in (None, "") and sheet[f"G{dti}"].value in (None, "")
    deals = values["Văn bản phối hợp"]
    assert deals[f"C{row_of(deals, 'B', 'Tổng số')}"].value == 1
    tasks = values["Nhiệm vụ 2026"]
    assert tasks[f"C{row_of(tasks, 'B', 'Tổng số nhiệm vụ')}"].value == 5


@pytest.mark.libreoffice
def test_libreoffice_prints_a4_pages(annex_bytes, tmp_path):
    source = tmp_path / "phu-luc.xlsx"
    source.write_bytes(annex_bytes)
    [pdf] = convert([source])
    _, sizes = pdf_pages(pdf)
    assert 3 <= len(sizes) <= 8
    for width, height in sizes:
        assert sorted((round(width), round(height))) == [595, 842]
