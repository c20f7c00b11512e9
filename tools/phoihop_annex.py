"""The annex template of the "phoihop" kind (templates/phoihop/annex.xlsx), built with openpyxl.

Three sheets: the figures by year (a row per year, the total over the years and the change
from the first year to the last, as the report states them), the duties with their status,
and the next tasks. Loop rows hold the Excel engine's tags.
"""

from __future__ import annotations

from pathlib import Path

from phoihop_report import BUILT
from xlsx_layout import (
    COUNT,
    DATE,
    group_row,
    height,
    label,
    loop_table,
    marker,
    new_workbook,
    print_setup,
    put,
    save_workbook,
    titles,
    total_row,
    widths,
)

# The figures of the kind's `figures` table, in its order: (column code, heading).
FIGURES = [
    ("press_conferences", "Cuộc họp báo (cuộc)"),
    ("news_supplied", "Tin, bài cung cấp cho báo chí (tin, bài)"),
    ("briefings", "Lượt cung cấp thông tin, định hướng dư luận (lượt)"),
    ("hot_issues", "Vụ việc nổi cộm được phối hợp xử lý (vụ việc)"),
    ("training_sessions", "Lớp tập huấn, hội nghị, hội thảo (lớp, hội nghị)"),
    ("systems_deployed", "Hệ thống, phần mềm được triển khai (hệ thống)"),
]
CHANGE_TEXT = "{{ series.figures.changes.%s | change }}"


def build_annex(path: Path) -> None:
    workbook = new_workbook()
    _figures_sheet(workbook.active)
    _duties_sheet(workbook.create_sheet("Nhiệm vụ"))
    _tasks_sheet(workbook.create_sheet("Nhiệm vụ tiếp theo"))
    save_workbook(workbook, path, "Phụ lục kết quả thực hiện văn bản phối hợp", built=BUILT)


def _figures_sheet(sheet) -> None:
    sheet.title = "Số liệu theo năm"
    columns = [chr(ord("C") + i) for i in range(len(FIGURES))]
    last = columns[-1]
    widths(sheet, {"A": 6, "B": 20, **dict.fromkeys(columns, 16)})
    row = titles(sheet, last, "SỐ LIỆU KẾT QUẢ THỰC HIỆN {{ programme.kind_label | upper_vi }}")
    label(sheet, row, "A. SỐ LIỆU THEO TỪNG NĂM")
    headings = ["STT", "Năm", *(h for _, h in FIGURES)]
    r = loop_table(sheet, row + 1, headings, "y in series.figures.table")
    put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    put(sheet, f"B{r}", "Năm {{ y.year }}", align="center")
    for column, (code, _) in zip(columns, FIGURES, strict=True):
        put(sheet, f"{column}{r}", f"{{{{ y.{code} }}}}", align="right", number=COUNT)
    height(sheet, r, 1)
    marker(sheet, r + 1, "endfor")
    total_row(
        sheet,
        r + 2,
        "Tổng cộng",
        columns,
        {
            column: (f"{{{{ series.figures.totals.{code} }}}}", "right", COUNT)
            for column, (code, _) in zip(columns, FIGURES, strict=True)
        },
    )
    total_row(
        sheet,
        r + 3,
        "Năm {{ series.figures.last_year }} so với năm {{ series.figures.first_year }}",
        columns,
        {
            column: (CHANGE_TEXT % code, "right", None)
            for column, (code, _) in zip(columns, FIGURES, strict=True)
        },
    )
    height(sheet, r + 3, 2)
    note = r + 5
    put(
        sheet,
        f"A{note}",
        "Ô để trống: đơn vị không có số liệu của năm đó.",
        italic=True,
        box=False,
        wrap=False,
    )
    print_setup(sheet, f"A1:{last}{note}", landscape=True, title_rows=None)


def _duties_sheet(sheet) -> None:
    widths(sheet, {"A": 6, "B": 40, "C": 18, "D": 9, "E": 46, "F": 28, "G": 16, "H": 26})
    row = titles(sheet, "H", "NHIỆM VỤ VÀ KẾT QUẢ THỰC HIỆN")
    headings = [
        "STT",
        "Nhiệm vụ",
        "Đơn vị thực hiện",
        "Năm",
        "Kết quả thực hiện",
        "Văn bản đã ban hành",
        "Tình trạng",
        "Lý do chưa thực hiện",
    ]
    g = loop_table(sheet, row, headings, "group in duties_by_area")
    group_row(sheet, g, "CDEFGH")
    marker(sheet, g + 1, 'for d in group["items"]')
    r = g + 2
    put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    put(sheet, f"B{r}", "{{ d.duty }}")
    put(sheet, f"C{r}", "{{ d.unit.short_name if d.unit is defined else unit.short_name }}")
    put(sheet, f"D{r}", "{{ d.year or '' }}", align="center")
    put(sheet, f"E{r}", "{{ d.activities | join('\n') }}")
    put(sheet, f"F{r}", "{{ d.documents | join('\n') }}")
    put(sheet, f"G{r}", "{{ d.status_label }}", align="center")
    put(sheet, f"H{r}", "{{ d.reason or '' }}")
    height(sheet, r, 4)
    marker(sheet, r + 1, "endfor")
    marker(sheet, r + 2, "endfor")
    print_setup(sheet, f"A1:H{r + 2}", landscape=True, title_rows=f"{row}:{row}")


def _tasks_sheet(sheet) -> None:
    widths(sheet, {"A": 6, "B": 60, "C": 30, "D": 14})
    row = titles(sheet, "D", "NHIỆM VỤ THỜI GIAN TỚI")
    r = loop_table(sheet, row, ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"], "t in tasks")
    put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    put(sheet, f"B{r}", "{{ t.task }}")
    put(sheet, f"C{r}", "{{ t.owner or '' }}")
    put(sheet, f"D{r}", "{{ t.deadline }}", align="center", number=DATE)
    height(sheet, r, 2)
    marker(sheet, r + 1, "endfor")
    print_setup(sheet, f"A1:D{r + 1}", landscape=False, title_rows=f"{row}:{row}")
