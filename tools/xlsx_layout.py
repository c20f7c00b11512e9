"""openpyxl helpers for the annexes (phụ lục) of the "cds" kind, built as Decree 30 lays them out.

tools/cds_annex.py (the unit annex) and tools/make_province_templates.py (the consolidated
one) share them: Times New Roman cells, the unit and title block over each sheet, bordered
tables whose loop rows hold the Excel engine's ``{%tr ... %}`` tags, total rows, and an A4
print set-up with the page number in the footer.

The order of the calls is the order in which openpyxl numbers the cells' styles, so the same
calls in the same order give the same bytes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from xlsx_precision import CHANGE, COUNT, DIFFERENCE, POINTS, RATE, honest_decimals

FONT = "Times New Roman"
SIZE = 12
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE = "dd/mm/yyyy"
ATTACHED = (
    "(Kèm theo Báo cáo số {{ document.number }} {{ document.date | date_vi }} của {{ unit.name }})"
)

# the headings of the indicator table and of the rate table, in both annexes
INDICATOR_HEADINGS = [
    "STT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Năm {{ previous.year }}",
    "Năm {{ year }}",
    "Tăng (+), giảm (-)",
    "Tỷ lệ tăng, giảm",
]
RATE_HEADINGS = [
    "STT",
    "Tỷ lệ",
    "Tử số",
    "Mẫu số",
    "Tỷ lệ năm {{ year }}",
    "Tỷ lệ năm {{ previous.year }}",
    "Tăng, giảm (điểm %)",
]


def new_workbook():
    """A workbook whose every cell, styled or not, is in Times New Roman (its default font)."""
    workbook = openpyxl.Workbook()
    workbook._fonts = IndexedList([Font(name=FONT, size=SIZE)])
    return workbook


def save_workbook(workbook, path: Path, title: str, built=None) -> None:
    """The file's properties, then save; ``built`` fixes its dates (reproducible bytes)."""
    props = workbook.properties
    props.title = title
    props.creator = props.lastModifiedBy = "reportkit"
    props.language = "vi-VN"
    if built is not None:
        props.created = props.modified = built
    workbook.save(path)


def own_label_format(path: Path, number_format: str) -> None:
    """Mark the charts' data label format ``number_format`` as their own, not the cells'.

    openpyxl writes a label's ``numFmt`` without ``sourceLinked``; LibreOffice then shows
    the cells' format. The zip is rewritten member by member, keeping each entry's date.
    """
    old = f'<numFmt formatCode="{number_format}"/>'.encode()
    new = f'<numFmt formatCode="{number_format}" sourceLinked="0"/>'.encode()
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename.startswith("xl/charts/"):
                data = data.replace(old, new)
            target.writestr(info, data)


def put(
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
        honest_decimals(sheet, ref, number)
    return cell


def height(sheet, row: int, lines: int) -> None:
    """Room for ``lines`` lines of wrapped text: LibreOffice does not fit rows to their text."""
    sheet.row_dimensions[row].height = 4 + 15 * lines


def marker(sheet, row: int, statement: str) -> None:
    """A row holding only ``{%tr statement %}``: the engine removes it."""
    put(sheet, f"A{row}", f"{{%tr {statement} %}}", box=False, wrap=False)


def label(sheet, row: int, text: str) -> None:
    """A part's label over its table ("A. CÁC CHỈ TIÊU"), bold and unboxed."""
    put(sheet, f"A{row}", text, bold=True, box=False, wrap=False)


def titles(sheet, last_column: str, title: str, row: int = 1) -> int:
    """The unit, the annex's title and what it is attached to; returns the next free row."""
    put(sheet, f"A{row}", "{{ unit.name | upper_vi }}", bold=True, box=False, wrap=False)
    for offset, (text, bold, italic) in enumerate(
        (("PHỤ LỤC", True, False), (title, True, False), (ATTACHED, False, True)), start=1
    ):
        ref = f"A{row + offset}:{last_column}{row + offset}"
        sheet.merge_cells(ref)
        put(
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


def heading_row(sheet, row: int, headings: list[str], row_height: float = 48) -> None:
    for index, text in enumerate(headings):
        if text:
            put(sheet, f"{chr(65 + index)}{row}", text, bold=True, align="center")
    sheet.row_dimensions[row].height = row_height


def loop_table(sheet, heading: int, headings: list[str], loop: str, row_height=48) -> int:
    """A heading row, then ``{%tr for loop %}``; returns the row the loop repeats."""
    heading_row(sheet, heading, headings, row_height)
    marker(sheet, heading + 1, f"for {loop}")
    return heading + 2


def group_row(sheet, row: int, blank_columns: str) -> None:
    """A group's row: its roman number and its label in capitals, the other cells blank."""
    put(sheet, f"A{row}", "{{ loop.index | roman }}", bold=True, align="center")
    put(sheet, f"B{row}", "{{ group.label | upper_vi }}", bold=True)
    for column in blank_columns:
        put(sheet, f"{column}{row}", None)
    height(sheet, row, 1)


def indicator_row(sheet, row: int, difference, change) -> None:
    """An indicator in both years; ``difference`` and ``change`` a formula or a tag."""
    put(sheet, f"A{row}", "{{ loop.index }}", align="center")
    put(sheet, f"B{row}", "{{ row.label }}")
    put(sheet, f"C{row}", "{{ row.unit_label }}", align="center")
    put(sheet, f"D{row}", "{{ row.previous }}", align="right", number=COUNT)
    put(sheet, f"E{row}", "{{ row.value }}", align="right", number=COUNT)
    put(sheet, f"F{row}", difference, align="right", number=DIFFERENCE)
    put(sheet, f"G{row}", change, align="right", number=CHANGE)
    height(sheet, row, 2)


def rate_table(sheet, row: int, title: str, rate) -> int:
    """B. Each rate: numerator and denominator, ``rate(r)`` this year's rate in row ``r``, last
    year's and the change in points as a live formula; returns the rate row."""
    label(sheet, row, title)
    r = loop_table(sheet, row + 1, RATE_HEADINGS, "rate in rate_list")
    put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    put(sheet, f"B{r}", "{{ rate.label }}")
    put(sheet, f"C{r}", "{{ rate.numerator }}", align="right", number=COUNT)
    put(sheet, f"D{r}", "{{ rate.denominator }}", align="right", number=COUNT)
    put(sheet, f"E{r}", rate(r), align="right", number=RATE)
    put(sheet, f"F{r}", "{{ rate.previous_rate }}", align="right", number=RATE)
    put(
        sheet,
        f"G{r}",
        f'=IF(OR(E{r}="",F{r}=""),"",(E{r}-F{r})*100)',
        align="right",
        number=POINTS,
    )
    height(sheet, r, 2)
    marker(sheet, r + 1, "endfor")
    return r


def total_row(sheet, row: int, text: str, columns, figures: dict) -> None:
    """A total row: ``text`` in B, each of ``columns`` blank or, bold, its ``figures`` entry
    (value, alignment, number format)."""
    put(sheet, f"A{row}", None)
    put(sheet, f"B{row}", text, bold=True)
    for column in columns:
        if column in figures:
            value, align, number = figures[column]
            put(sheet, f"{column}{row}", value, bold=True, align=align, number=number)
        else:
            put(sheet, f"{column}{row}", None)


def print_setup(sheet, area: str, landscape: bool, title_rows: str | None) -> None:
    """A4 fitted to the page's width, the footer's page number, and no grid lines on screen."""
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
    sheet.sheet_view.showGridLines = False


def widths(sheet, widths: dict[str, float]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
