"""The annex template of the "cds" kind (templates/cds/annex.xlsx), built with openpyxl.

Three sheets: the indicators and rates (live formulas, totals, a native bar chart of the
rates), the coordination agreements, and next year's tasks. Loop rows hold the tags; the
Excel engine repeats them and moves formulas, the print area and the chart to follow.
"""

from __future__ import annotations

from pathlib import Path

from cds_report import BUILT
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
from xlsx_layout import (
    COUNT,
    DATE,
    FONT,
    INDICATOR_HEADINGS,
    group_row,
    height,
    indicator_row,
    label,
    loop_table,
    marker,
    new_workbook,
    own_label_format,
    print_setup,
    put,
    rate_table,
    save_workbook,
    titles,
    total_row,
    widths,
)


def build_annex(path: Path) -> None:
    workbook = new_workbook()
    _indicators_sheet(workbook.active)
    _agreements_sheet(workbook.create_sheet("Văn bản phối hợp"))
    _tasks_sheet(workbook.create_sheet("Nhiệm vụ {{ next_year }}"))
    save_workbook(
        workbook,
        path,
        "Phụ lục số liệu công tác chuyển đổi số và công tác tuyên truyền",
        built=BUILT,
    )
    own_label_format(path, LABELS)


def _indicators_sheet(sheet) -> None:
    sheet.title = "Chỉ tiêu"
    widths(sheet, {"A": 6, "B": 46, "C": 16, "D": 12, "E": 12, "F": 12, "G": 12})
    row = titles(
        sheet, "G", "SỐ LIỆU CÔNG TÁC CHUYỂN ĐỔI SỐ VÀ CÔNG TÁC TUYÊN TRUYỀN NĂM {{ year }}"
    )
    row = _indicator_table(sheet, row)
    rates = rate_table(
        sheet, row, "B. CÁC TỶ LỆ", lambda r: f'=IF(C{r}="","",IFERROR(C{r}/D{r},""))'
    )
    row = _press_tables(sheet, rates + 3) + 2
    row = _rate_chart(sheet, row, rates)
    print_setup(sheet, f"A1:G{row}", landscape=False, title_rows=None)


def _indicator_table(sheet, row: int) -> int:
    """A. Each indicator in both years, by group; the change as live formulas."""
    label(sheet, row, "A. CÁC CHỈ TIÊU")
    g = loop_table(sheet, row + 1, INDICATOR_HEADINGS, "group in indicator_groups")
    group_row(sheet, g, "CDEFG")
    marker(sheet, g + 1, "for row in group.indicators")
    r = g + 2
    indicator_row(
        sheet,
        r,
        f'=IF(OR(D{r}="",E{r}=""),"",E{r}-D{r})',
        f'=IF(OR(D{r}="",E{r}="",D{r}=0),"",E{r}/D{r}-1)',
    )
    marker(sheet, r + 1, "endfor")
    marker(sheet, r + 2, "endfor")
    return r + 4


# the rate bars' labels: all (100%) and none (0%) whole, any other rate with the decimals it
# needs to be neither (a conditional format does not reach a chart's labels)
LABELS = "[=1]0%;[=0]0%;0.0##%"


def _rate_chart(sheet, row: int, rates: int) -> int:
    """D. The rates as a native bar chart over the rate rows (the engine grows its range)."""
    label(sheet, row, "D. BIỂU ĐỒ MỘT SỐ TỶ LỆ CHỦ YẾU")
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
    chart.dataLabels.numFmt = LABELS
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
    label(sheet, row, "C. TIN, BÀI TRÊN BÁO CHÍ VÀ MẠNG XÃ HỘI")
    p = loop_table(
        sheet,
        row + 1,
        ["STT", "Cơ quan báo chí", "Loại cơ quan báo chí", "Số tin, bài"],
        "outlet in press",
    )
    put(sheet, f"A{p}", "{{ loop.index }}", align="center")
    put(sheet, f"B{p}", "{{ outlet.outlet }}")
    put(sheet, f"C{p}", "{{ outlet.outlet_type_label }}", align="center")
    put(sheet, f"D{p}", "{{ outlet['items'] }}", align="right", number=COUNT)
    height(sheet, p, 2)
    marker(sheet, p + 1, "endfor")
    total = p + 2
    total_row(sheet, total, "Tổng cộng", "CD", {"D": (f"=SUM(D{p}:D{p})", "right", COUNT)})

    s = loop_table(
        sheet,
        total + 2,
        [
            "STT",
            "Nền tảng mạng xã hội, tài khoản",
            "Số người theo dõi",
            "Số tin, bài, video",
        ],
        "account in social",
    )
    put(sheet, f"A{s}", "{{ loop.index }}", align="center")
    put(
        sheet,
        f"B{s}",
        "{{ account.platform_label }}{% if account.account %}: {{ account.account }}{% endif %}",
    )
    put(sheet, f"C{s}", "{{ account.followers }}", align="right", number=COUNT)
    put(sheet, f"D{s}", "{{ account.posts }}", align="right", number=COUNT)
    height(sheet, s, 2)
    marker(sheet, s + 1, "endfor")
    total = s + 2
    total_row(
        sheet,
        total,
        "Tổng cộng",
        "CD",
        {
            "C": (f"=SUM(C{s}:C{s})", "right", COUNT),
            "D": (f"=SUM(D{s}:D{s})", "right", COUNT),
        },
    )
    return total


def _agreements_sheet(sheet) -> None:
    widths(sheet, {"A": 6, "B": 16, "C": 34, "D": 24, "E": 12, "F": 12, "G": 40, "H": 22, "I": 14})
    heading = titles(sheet, "I", "DANH SÁCH VĂN BẢN PHỐI HỢP ĐÃ KÝ KẾT")
    r = loop_table(
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
        "a in agreements",
    )
    put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    put(sheet, f"B{r}", "{{ a.kind_label }}")
    put(sheet, f"C{r}", "{{ a.title }}")
    put(sheet, f"D{r}", "{{ a.partners | join('; ') }}")
    put(sheet, f"E{r}", "{{ a.signed_on }}", align="center", number=DATE)
    put(sheet, f"F{r}", "{{ a.period_text }}", align="center")
    put(
        sheet,
        f"G{r}",
        "{% for area in a.areas %}- {{ area }}{% if not loop.last %}\n{% endif %}{% endfor %}",
    )
    put(sheet, f"H{r}", "{{ a.channels | join('; ') }}")
    put(sheet, f"I{r}", "{{ a.status_label }}", align="center")
    height(sheet, r, 6)
    marker(sheet, r + 1, "endfor")
    # a count over no rows would count the engine's stand-in 0: no rows, no total row
    marker(sheet, r + 2, "if agreements")
    total = r + 3
    total_row(sheet, total, "Tổng số", "CDEFGHI", {"C": (f"=COUNTA(B{r}:B{r})", "left", "0")})
    marker(sheet, total + 1, "endif")
    print_setup(sheet, f"A1:I{total}", landscape=True, title_rows=f"{heading}:{heading}")


def _tasks_sheet(sheet) -> None:
    # The marker row makes the sheet's name a template ("Nhiệm vụ 2026"); it renders once.
    put(sheet, "A1", "{%sheet for tasks_year in [next_year] %}", box=False, wrap=False)
    widths(sheet, {"A": 6, "B": 62, "C": 30, "D": 14, "E": 10, "F": 22})
    heading = titles(sheet, "F", "NHIỆM VỤ TRỌNG TÂM NĂM {{ next_year }}", row=2)
    g = loop_table(
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
        "group in tasks_by_area",
    )
    group_row(sheet, g, "CDEF")
    marker(sheet, g + 1, "for task in group['items']")
    r = g + 2
    put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    put(sheet, f"B{r}", "{{ task.task }}")
    put(sheet, f"C{r}", "{{ task.owner }}")
    put(sheet, f"D{r}", "{{ task.deadline }}", align="center", number=DATE)
    # the count format with its decimal rules: 96,7 and 100, never "100,"
    put(sheet, f"E{r}", "{{ task.target }}", align="right", number=COUNT)
    put(sheet, f"F{r}", "{{ task.target_unit }}")
    height(sheet, r, 4)
    marker(sheet, r + 1, "endfor")
    marker(sheet, r + 2, "endfor")
    marker(sheet, r + 3, "if tasks")
    total = r + 4
    total_row(sheet, total, "Tổng số nhiệm vụ", "CDEF", {"C": (f"=COUNT(A{g}:A{r})", "left", "0")})
    marker(sheet, total + 1, "endif")
    print_setup(sheet, f"A2:F{total}", landscape=True, title_rows=f"{heading}:{heading}")
