"""What goes back to the units after a batch: each invalid form marked up, and one table
of who sent what.

The operator at the province sends every unit whose form has mistakes its own copy, each
bad cell red and explained in a comment, and keeps the table of units received, valid,
invalid (with how many problems) and missing. Everything here is read by clerks, so it is
Vietnamese whatever language the command line speaks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_path
from ..errors import Problem, ReportkitError, ValidationError
from ..formatting.numbers import number
from .worker import FAILED, INVALID, UnitResult

SUMMARY_NAME = "tinh-hinh-nhan-so-lieu.xlsx"
ANNOTATED_SUFFIX = "-can-sua"

VALID = "Hợp lệ"
NOT_VALID = "Chưa hợp lệ"
NOT_SENT = "Chưa nộp"
NOT_DONE = "Lỗi chương trình, chưa xử lý được"
NOT_LISTED = "không có trong danh sách đơn vị"


@dataclass(frozen=True)
class UnitLine:
    """One unit as the summary table shows it."""

    name: str
    file: str  # the input received, "" for a unit that sent nothing
    state: str
    problems: int = 0
    returned: str = ""  # the annotated copy to send back
    note: str = ""


def problems_of(result: UnitResult) -> list[Problem]:
    """Every problem of a unit, each with the cell or line it is about when known."""
    found: list[Problem] = []
    for error in result.errors:
        if isinstance(error, ValidationError):
            found += error.problems
        elif isinstance(error, ReportkitError):
            found.append(Problem(error.message, file=error.file, location=error.location))
    return found


def write_returns(result, folder: str | os.PathLike) -> tuple[list[UnitLine], list[Path]]:
    """Write into ``folder`` an annotated copy of every invalid form and the summary
    workbook; return the table's lines and the paths written."""
    from ..forms import annotate

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    unexpected = {id(unit) for unit in result.unexpected}
    lines, written = [], []
    for unit in result.units:
        returned = ""
        if unit.status == INVALID and unit.input.suffix.lower() == ".xlsx":
            target = folder / f"{unit.input.stem}{ANNOTATED_SUFFIX}.xlsx"
            try:
                written.append(annotate(unit.input, problems_of(unit), target))
                returned = target.name
            except ReportkitError:  # a workbook too damaged to open: the table says so
                returned = ""
        lines.append(_line(unit, returned, id(unit) in unexpected))
    for missing in result.missing_units:
        lines.append(UnitLine(missing["short_name"], "", NOT_SENT))
    summary = folder / SUMMARY_NAME
    _write_summary(summary, lines)
    written.append(summary)
    return lines, written


def _line(unit: UnitResult, returned: str, unexpected: bool) -> UnitLine:
    name = unit.name or unit.input.stem
    note = NOT_LISTED if unexpected else ""
    if unit.ok:
        return UnitLine(name, unit.input.name, VALID, note=note)
    state = NOT_DONE if unit.status == FAILED else NOT_VALID
    return UnitLine(name, unit.input.name, state, len(problems_of(unit)), returned, note)


def counts_sentence(lines: list[UnitLine]) -> str:
    """ "Đã nhận 9 tệp: 8 hợp lệ, 1 chưa hợp lệ; 1 đơn vị chưa nộp." """
    received = [line for line in lines if line.file]
    valid = sum(line.state == VALID for line in received)
    missing = len(lines) - len(received)
    return (
        f"Đã nhận {number(len(received))} tệp: {number(valid)} hợp lệ, "
        f"{number(len(received) - valid)} chưa hợp lệ; {number(missing)} đơn vị chưa nộp."
    )


_HEADINGS = (
    "STT",
    "Đơn vị",
    "Tệp đã nhận",
    "Tình trạng",
    "Số lỗi",
    "Bản gửi lại để sửa",
    "Ghi chú",
)
_WIDTHS = (6, 34, 26, 18, 8, 30, 24)


def _write_summary(path: Path, lines: list[UnitLine]) -> None:
    from openpyxl import Workbook

    from ..forms import styles
    from ..forms.writer import put, set_up_printing

    book = Workbook()
    sheet = book.active
    sheet.title = "Tình hình nhận số liệu"
    put(sheet.cell(1, 1), "TÌNH HÌNH NHẬN SỐ LIỆU CỦA CÁC ĐƠN VỊ").font = styles.TITLE
    put(sheet.cell(2, 1), counts_sentence(lines)).font = styles.NOTE
    for column, (heading, width) in enumerate(zip(_HEADINGS, _WIDTHS, strict=True), start=1):
        cell = put(sheet.cell(4, column), heading)
        cell.font, cell.fill = styles.BOLD, styles.fill(styles.HEADING_COLOUR)
        cell.border, cell.alignment = styles.BORDER, styles.CENTRE
        sheet.column_dimensions[cell.column_letter].width = width
    for row, line in enumerate(lines, start=5):
        values = (
            row - 4,
            line.name,
            line.file or "—",
            line.state,
            line.problems or None,
            line.returned or None,
            line.note or None,
        )
        for column, value in enumerate(values, start=1):
            cell = put(sheet.cell(row, column), value)
            cell.font, cell.border, cell.alignment = styles.PLAIN, styles.BORDER, styles.WRAP
    sheet.print_title_rows = "4:4"
    set_up_printing(sheet, len(_HEADINGS), 4 + len(lines))
    with atomic_path(path) as temporary:
        book.save(temporary)
