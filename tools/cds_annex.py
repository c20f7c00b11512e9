"""The annex template of the "cds" kind (templates/cds/annex.xlsx), built with openpyxl.

Three sheets: the indicators and rates (live formulas, totals, a native bar chart of the
rates), the coordination agreements, and next year's tasks. Loop rows hold the tags; the
Excel engine repeats them and moves formulas, the print area and the chart to follow.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText, Text
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.drawing.text import (
    Font as TextFont,
)
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins

FONT = "Times New Roman"
SIZE = 12
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
COUNT = "#,##0"
RATE = "0.0%"
DATE = "dd/mm/yyyy"
ATTACHED = (
    "(Kèm theo Báo cáo số {{ document.number }} {{ document.date | date_vi }} của {{ unit.name }})"
)


def build_annex(path: Path) -> None:
    workbook = openpyxl.Workbook()
    # every cell, styled or not, in Times New Roman: the workbook's default font
    workbook._fonts = IndexedList([Font(name=FONT, size=SIZE)])
    _indicators_sheet(workbook.active)
    _agreements_sheet(workbook.create_sheet("Văn bản phối hợp"))
    _tasks_sheet(workbook.create_sheet("Nhiệm vụ {{ next_year }}"))
    props = workbook.properties
    props.title = "Phụ lục số liệu công tác chuyển đổi số và công tác tuyên truyền"
    props.creator = props.lastModifiedBy = "reportkit"
    props.language = "vi-VN"
    props.created = props.modified = dt.datetime(2026, 1, 1)  # reproducible bytes
    workbook.save(path)


def _put(
    sheet,
    ref: str,
    value,
    *,
    bold=False,
    italic=False,
    align="left",
    number=None,
    box=True,
    wrap=True,
    size=SIZE,
):
    cell = sheet[ref]
    cell.value = value
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if box:
        cell.border = BOX
    if number:
        cell.number_format = number
    return cell


def _height(sheet, row: int, lines: int) -> None:
    """Room for ``lines`` lines of wrapped text: LibreOffice does not fit rows to their text."""
    sheet.row_dimensions[row].height = 4 + 15 * lines


def _marker(sheet, row: int, statement: str) -> None:
    _put(sheet, f"A{row}", f"{{%tr {statement} %}}", box=False, wrap=False)


def _titles(sheet, last_column: str, title: str, row: int = 1) -> int:
    """The unit, the annex's title and what it is attached to; returns the next free row."""
    _put(sheet, f"A{row}", "{{ unit.name | upper_vi }}", bold=True, box=False, wrap=False)
    for offset, (text, bold, italic) in enumerate(
        (("PHỤ LỤC", True, False), (title, True, False), (ATTACHED, False, True)), start=1
    ):
        ref = f"A{row + offset}:{last_column}{row + offset}"
        sheet.merge_cells(ref)
        _put(
            sheet,
            f"A{row + offset}",
            text,
            bold=bold,
            italic=italic,
            align="center",
            box=False,
            size=SIZE + 1 if bold else SIZE,
        )
        sheet.row_dimensions[row + offset].height = 20 if offset < 3 else 32
    return row + 5


def _heading_row(sheet, row: int, titles: list[str]) -> None:
    for index, text in enumerate(titles):
        if text:
            _put(sheet, f"{chr(65 + index)}{row}", text, bold=True, align="center")
    sheet.row_dimensions[row].height = 48


def _print_setup(sheet, area: str, landscape: bool, title_rows: str) -> None:
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(
        left=0.6, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3
    )
    sheet.print_options.horizontalCentered = True
    sheet.print_area = area
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.font = f"{FONT},Regular"
    sheet.oddFooter.center.size = 11


def _widths(sheet, widths: dict[str, float]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width


def _indicators_sheet(sheet) -> None:
    sheet.title = "Chỉ tiêu"
    _widths(sheet, {"A": 6, "B": 46, "C": 16, "D": 12, "E": 12, "F": 12, "G": 12})
    row = _titles(
        sheet, "G", "SỐ LIỆU CÔNG TÁC CHUYỂN ĐỔI SỐ VÀ CÔNG TÁC TUYÊN TRUYỀN NĂM {{ year }}"
    )
    row = _indicator_table(sheet, row)
    row, rates = _rate_table(sheet, row)
    row = _press_tables(sheet, row) + 2
    row = _rate_chart(sheet, row, rates)
    _print_setup(sheet, f"A1:G{row}", landscape=False, title_rows=None)
    sheet.sheet_view.showGridLines = False


def _indicator_table(sheet, row: int) -> int:
    """A. Each indicator in both years, by group; the change as live formulas."""
    _put(sheet, f"A{row}", "A. CÁC CHỈ TIÊU", bold=True, box=False, wrap=False)
    heading = row + 1
    _heading_row(
        sheet,
        heading,
        [
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Năm {{ previous.year }}",
            "Năm {{ year }}",
            "Tăng (+), giảm (-)",
            "Tỷ lệ tăng, giảm",
        ],
    )
    _marker(sheet, heading + 1, "for group in indicator_groups")
    g = heading + 2
    _put(sheet, f"A{g}", "{{ loop.index | roman }}", bold=True, align="center")
    _put(sheet, f"B{g}", "{{ group.label | upper_vi }}", bold=True)
    for column in "CDEFG":
        _put(sheet, f"{column}{g}", None)
    _height(sheet, g, 1)
    _marker(sheet, g + 1, "for row in group.indicators")
    r = g + 2
    _put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    _put(sheet, f"B{r}", "{{ row.label }}")
    _put(sheet, f"C{r}", "{{ row.unit_label }}", align="center")
    _put(sheet, f"D{r}", "{{ row.previous }}", align="right", number=COUNT)
    _put(sheet, f"E{r}", "{{ row.value }}", align="right", number=COUNT)
    _put(
        sheet,
        f"F{r}",
        f'=IF(OR(D{r}="",E{r}=""),"",E{r}-D{r})',
        align="right",
        number="+#,##0;-#,##0;0",
    )
    _put(
        sheet,
        f"G{r}",
        f'=IF(OR(D{r}="",E{r}="",D{r}=0),"",E{r}/D{r}-1)',
        align="right",
        number="+0.0%;-0.0%;0.0%",
    )
    _height(sheet, r, 2)
    _marker(sheet, r + 1, "endfor")
    _marker(sheet, r + 2, "endfor")
    return r + 4


def _rate_table(sheet, row: int) -> tuple[int, int]:
    """B. Each rate: numerator and denominator from the data, the rate a live formula."""
    _put(sheet, f"A{row}", "B. CÁC TỶ LỆ", bold=True, box=False, wrap=False)
    heading = row + 1
    _heading_row(
        sheet,
        heading,
        [
            "STT",
            "Tỷ lệ",
            "Tử số",
            "Mẫu số",
            "Tỷ lệ năm {{ year }}",
            "Tỷ lệ năm {{ previous.year }}",
            "Tăng, giảm (điểm %)",
        ],
    )
    _marker(sheet, heading + 1, "for rate in rate_list")
    r = heading + 2
    _put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    _put(sheet, f"B{r}", "{{ rate.label }}")
    _put(sheet, f"C{r}", "{{ rate.numerator }}", align="right", number=COUNT)
    _put(sheet, f"D{r}", "{{ rate.denominator }}", align="right", number=COUNT)
    _put(sheet, f"E{r}", f'=IF(C{r}="","",IFERROR(C{r}/D{r},""))', align="right", number=RATE)
    _put(sheet, f"F{r}", "{{ rate.previous_rate }}", align="right", number=RATE)
    _put(
        sheet,
        f"G{r}",
        f'=IF(OR(E{r}="",F{r}=""),"",(E{r}-F{r})*100)',
        align="right",
        number="+0.0;-0.0;0.0",
    )
    _height(sheet, r, 2)
    _marker(sheet, r + 1, "endfor")
    return r + 3, r


def _rate_chart(sheet, row: int, rates: int) -> int:
    """D. The rates as a native bar chart over the rate rows (the engine grows its range)."""
    _put(sheet, f"A{row}", "D. BIỂU ĐỒ MỘT SỐ TỶ LỆ CHỦ YẾU", bold=True, box=False, wrap=False)
    chart = BarChart()
    chart.type = "bar"
    chart.style = 2
    chart.title = _chart_text("Một số tỷ lệ chủ yếu về chuyển đổi số", size=12, bold=True)
    chart.legend = None
    chart.add_data(
        Reference(sheet, min_col=5, min_row=rates, max_row=rates), titles_from_data=False
    )
    chart.set_categories(Reference(sheet, min_col=2, min_row=rates, max_row=rates))
    chart.series[0].graphicalProperties.solidFill = "1F4E79"
    chart.dataLabels = DataLabelList(
        showVal=True, showSerName=False, showCatName=False, showLegendKey=False, showPercent=False
    )
    chart.dataLabels.numFmt = "0.0%"
    # values are labelled on the bars; the hidden value axis leaves room for "100,0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1.15
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorGridlines = None
    chart.y_axis.delete = True
    chart.x_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # the bars in the table's order, top down
    for part in (chart.x_axis, chart.y_axis, chart.dataLabels):
        part.txPr = _chart_font(10)
    chart.width, chart.height = 17.5, 7
    sheet.add_chart(chart, f"A{row + 1}")
    return row + 16


def _chart_font(size: float, bold: bool = False) -> RichText:
    """Text properties in Times New Roman, like the cells (charts default to the theme font)."""
    props = CharacterProperties(latin=TextFont(typeface=FONT), sz=round(size * 100), b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _chart_text(text: str, size: float, bold: bool = False):
    """A chart title in Times New Roman."""
    from openpyxl.chart.title import Title

    props = CharacterProperties(latin=TextFont(typeface=FONT), sz=round(size * 100), b=bold)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _press_tables(sheet, row: int) -> int:
    """C. One row per press outlet and per social account, with SUM totals; the last row."""
    _put(
        sheet,
        f"A{row}",
        "C. TIN, BÀI TRÊN BÁO CHÍ VÀ MẠNG XÃ HỘI",
        bold=True,
        box=False,
        wrap=False,
    )
    heading = row + 1
    _heading_row(sheet, heading, ["STT", "Cơ quan báo chí", "Loại cơ quan báo chí", "Số tin, bài"])
    _marker(sheet, heading + 1, "for outlet in press")
    p = heading + 2
    _put(sheet, f"A{p}", "{{ loop.index }}", align="center")
    _put(sheet, f"B{p}", "{{ outlet.outlet }}")
    _put(sheet, f"C{p}", "{{ outlet.outlet_type_label }}", align="center")
    _put(sheet, f"D{p}", "{{ outlet['items'] }}", align="right", number=COUNT)
    _height(sheet, p, 2)
    _marker(sheet, p + 1, "endfor")
    total = p + 2
    _put(sheet, f"A{total}", None)
    _put(sheet, f"B{total}", "Tổng cộng", bold=True)
    _put(sheet, f"C{total}", None)
    _put(sheet, f"D{total}", f"=SUM(D{p}:D{p})", bold=True, align="right", number=COUNT)

    heading = total + 2
    _heading_row(
        sheet,
        heading,
        [
            "STT",
            "Nền tảng mạng xã hội, tài khoản",
            "Số người theo dõi",
            "Số tin, bài, video",
        ],
    )
    _marker(sheet, heading + 1, "for account in social")
    s = heading + 2
    _put(sheet, f"A{s}", "{{ loop.index }}", align="center")
    _put(
        sheet,
        f"B{s}",
        "{{ account.platform_label }}{% if account.account %}: {{ account.account }}{% endif %}",
    )
    _put(sheet, f"C{s}", "{{ account.followers }}", align="right", number=COUNT)
    _put(sheet, f"D{s}", "{{ account.posts }}", align="right", number=COUNT)
    _height(sheet, s, 2)
    _marker(sheet, s + 1, "endfor")
    total = s + 2
    _put(sheet, f"A{total}", None)
    _put(sheet, f"B{total}", "Tổng cộng", bold=True)
    _put(sheet, f"C{total}", f"=SUM(C{s}:C{s})", bold=True, align="right", number=COUNT)
    _put(sheet, f"D{total}", f"=SUM(D{s}:D{s})", bold=True, align="right", number=COUNT)
    return total


def _agreements_sheet(sheet) -> None:
    _widths(sheet, {"A": 6, "B": 16, "C": 34, "D": 24, "E": 12, "F": 12, "G": 40, "H": 22, "I": 14})
    row = _titles(sheet, "I", "DANH SÁCH VĂN BẢN PHỐI HỢP ĐÃ KÝ KẾT")
    heading = row
    _heading_row(
        sheet,
        heading,
        [
            "STT",
            "Loại văn bản",
            "Tên văn bản",
            "Cơ quan, đơn vị cùng ký",
            "Ngày ký",
            "Giai đoạn thực hiện",
            "Nội dung phối hợp",
            "Kênh thông tin",
            "Tình trạng",
        ],
    )
    _marker(sheet, heading + 1, "for a in agreements")
    r = heading + 2
    _put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    _put(sheet, f"B{r}", "{{ a.kind_label }}")
    _put(sheet, f"C{r}", "{{ a.title }}")
    _put(sheet, f"D{r}", "{{ a.partners | join('; ') }}")
    _put(sheet, f"E{r}", "{{ a.signed_on }}", align="center", number=DATE)
    _put(sheet, f"F{r}", "{{ a.period_text }}", align="center")
    _put(
        sheet,
        f"G{r}",
        "{% for area in a.areas %}- {{ area }}{% if not loop.last %}\n{% endif %}{% endfor %}",
    )
    _put(sheet, f"H{r}", "{{ a.channels | join('; ') }}")
    _put(sheet, f"I{r}", "{{ a.status_label }}", align="center")
    _height(sheet, r, 6)
    _marker(sheet, r + 1, "endfor")
    # a count over no rows would count the engine's stand-in 0: no rows, no total row
    _marker(sheet, r + 2, "if agreements")
    total = r + 3
    _put(sheet, f"A{total}", None)
    _put(sheet, f"B{total}", "Tổng số", bold=True)
    _put(sheet, f"C{total}", f"=COUNTA(B{r}:B{r})", bold=True, align="left", number="0")
    for column in "DEFGHI":
        _put(sheet, f"{column}{total}", None)
    _marker(sheet, total + 1, "endif")
    _print_setup(sheet, f"A1:I{total}", landscape=True, title_rows=f"{heading}:{heading}")
    sheet.sheet_view.showGridLines = False


def _tasks_sheet(sheet) -> None:
    # The marker row makes the sheet's name a template ("Nhiệm vụ 2026"); it renders once.
    _put(sheet, "A1", "{%sheet for tasks_year in [next_year] %}", box=False, wrap=False)
    _widths(sheet, {"A": 6, "B": 62, "C": 30, "D": 14, "E": 10, "F": 22})
    row = _titles(sheet, "F", "NHIỆM VỤ TRỌNG TÂM NĂM {{ next_year }}", row=2)
    heading = row
    _heading_row(
        sheet,
        heading,
        [
            "STT",
            "Nhiệm vụ",
            "Đơn vị, người chịu trách nhiệm",
            "Thời hạn hoàn thành",
            "Chỉ tiêu",
            "Đơn vị tính của chỉ tiêu",
        ],
    )
    _marker(sheet, heading + 1, "for group in tasks_by_area")
    g = heading + 2
    _put(sheet, f"A{g}", "{{ loop.index | roman }}", bold=True, align="center")
    _put(sheet, f"B{g}", "{{ group.label | upper_vi }}", bold=True)
    for column in "CDEF":
        _put(sheet, f"{column}{g}", None)
    _height(sheet, g, 1)
    _marker(sheet, g + 1, "for task in group['items']")
    r = g + 2
    _put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    _put(sheet, f"B{r}", "{{ task.task }}")
    _put(sheet, f"C{r}", "{{ task.owner }}")
    _put(sheet, f"D{r}", "{{ task.deadline }}", align="center", number=DATE)
    _put(sheet, f"E{r}", "{{ task.target }}", align="right", number="#,##0.##")
    _put(sheet, f"F{r}", "{{ task.target_unit }}")
    _height(sheet, r, 4)
    _marker(sheet, r + 1, "endfor")
    _marker(sheet, r + 2, "endfor")
    _marker(sheet, r + 3, "if tasks")
    total = r + 4
    _put(sheet, f"A{total}", None)
    _put(sheet, f"B{total}", "Tổng số nhiệm vụ", bold=True)
    _put(sheet, f"C{total}", f"=COUNT(A{g}:A{r})", bold=True, align="left", number="0")
    for column in "DEF":
        _put(sheet, f"{column}{total}", None)
    _marker(sheet, total + 1, "endif")
    _print_setup(sheet, f"A2:F{total}", landscape=True, title_rows=f"{heading}:{heading}")
    sheet.sheet_view.showGridLines = False
