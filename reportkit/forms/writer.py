"""Write a kind's entry form: the workbook unit staff fill in Excel or LibreOffice Calc.

Every sheet is protected with no password, so only the yellow input cells take typing;
values the form maker knows (the unit, the year, last year's figures) are filled in and
locked. A very hidden sheet records the kind, its schema version, the unit, the year and
the map from fields to cells, which the reader uses to identify and check the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..data.schema import Field
from . import styles
from .checks import CellCheck, Checks, choices
from .guide import write_guide
from .layout import FIRST_ROW, HEADER_ROW, SHEET_LISTS, FieldPath, FormPlan, SheetPlan
from .meta import FormIdentity, write_meta
from .pick import write_pick_table


def build_workbook(
    kind,
    plan: FormPlan,
    identity: FormIdentity,
    *,
    deadline: str | None = None,
    contact: str | None = None,
) -> Workbook:
    """The entry form for ``plan``, with ``identity.fixed`` values filled in and locked."""
    book = Workbook()
    guide = book.active
    guide.title = "Hướng dẫn"
    write_guide(guide, kind, plan, identity, deadline=deadline, contact=contact)
    lists_sheet = book.create_sheet(SHEET_LISTS)
    lists = _write_lists(lists_sheet, plan)
    picked: dict[FieldPath, str] = {}
    key_lists: dict[FieldPath, str] = {}
    if identity.pick:
        first_free = lists_sheet.max_column + 1 if lists else 1
        key_range, picked = write_pick_table(lists_sheet, identity.pick, plan, first_free, shown)
        key_lists[identity.pick.key_path()] = key_range
    checks = Checks(plan, kind.schema.rules, lists, key_lists)
    for sheet in plan.sheets:
        worksheet = book.create_sheet(sheet.title)
        _write_sheet(worksheet, sheet, checks, identity.fixed, picked)
    book.move_sheet(SHEET_LISTS, offset=len(book.sheetnames))
    book[SHEET_LISTS].sheet_state = "hidden"
    _protect(book[SHEET_LISTS])
    write_meta(book, plan, identity)
    for worksheet in book.worksheets:
        worksheet.sheet_view.tabSelected = worksheet is guide
        selection = worksheet.sheet_view.selection[0]
        selection.activeCell = selection.sqref = "A1"
    book.active = 0
    book.security.lockStructure = True  # no sheet renamed, moved, deleted or unhidden
    return book


def _write_lists(worksheet: Worksheet, plan: FormPlan) -> dict[tuple, str]:
    """One column per closed list; returns each list's range for drop-downs."""
    ranges: dict[tuple, str] = {}
    column = 1
    for slot in plan.slots():
        if slot.field.type not in ("enum", "boolean") or choices(slot) in ranges:
            continue
        options = choices(slot)
        put(worksheet.cell(1, column), slot.field.label).font = styles.BOLD
        for row, option in enumerate(options, start=2):
            put(worksheet.cell(row, column), option)
        letter = worksheet.cell(1, column).column_letter
        ranges[options] = f"'{SHEET_LISTS}'!${letter}$2:${letter}${len(options) + 1}"
        worksheet.column_dimensions[letter].width = 40
        column += 1
    return ranges


def _write_sheet(
    worksheet: Worksheet,
    sheet: SheetPlan,
    checks: Checks,
    fixed: Mapping[FieldPath, Any],
    picked: Mapping[FieldPath, str],
) -> None:
    """Headings, labels and input cells; ``picked`` cells look their value up (locked)."""
    last_column = max(sheet.widths)
    put(worksheet.cell(1, 1), sheet.heading).font = styles.TITLE
    note = put(worksheet.cell(2, 1), sheet.note)
    note.font = styles.NOTE
    note.alignment = styles.WRAP
    worksheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_column)
    width = sum(sheet.widths.values())
    worksheet.row_dimensions[2].height = 15 * (1 + len(sheet.note) // _characters_per_line(width))
    for text in sheet.texts:
        cell = put(worksheet.cell(text.row, text.column), text.text)
        cell.border = styles.BORDER
        cell.alignment = styles.WRAP
        cell.font = styles.PLAIN
        if text.row == HEADER_ROW:
            _as_heading(cell)
    for text in sheet.notes:
        cell = put(worksheet.cell(text.row, text.column), text.text)
        cell.font = styles.NOTE
        cell.alignment = styles.WRAP
        if text.row == HEADER_ROW:
            _as_heading(cell)
            continue
        lines = 1 + len(text.text) // _characters_per_line(sheet.widths.get(text.column, 10))
        worksheet.row_dimensions[text.row].height = max(16, 15 * lines)
    for text in sheet.sections:
        put(worksheet.cell(text.row, text.column), text.text).font = styles.BOLD
    validations: dict[CellCheck, DataValidation] = {}
    for slot in sheet.slots:
        cell = worksheet.cell(slot.row, slot.column)
        cell.number_format = styles.number_format(slot.field)
        cell.border = styles.BORDER
        cell.alignment = styles.WRAP
        cell.font = styles.PLAIN
        if slot.path in fixed or slot.path in picked:
            if slot.path in picked:
                cell.value = picked[slot.path]
            else:
                put(cell, shown(slot.field, fixed[slot.path]))
            cell.fill = styles.fill(styles.FIXED_COLOUR)
            cell.protection = styles.LOCKED
            continue
        cell.fill = styles.fill(styles.INPUT_COLOUR)
        cell.protection = styles.UNLOCKED
        check = checks.check(slot)
        if check not in validations:
            validations[check] = _validation(check)
            worksheet.add_data_validation(validations[check])
        validations[check].add(cell)
    for column, width in sheet.widths.items():
        worksheet.column_dimensions[worksheet.cell(1, column).column_letter].width = width
    worksheet.row_dimensions[HEADER_ROW].height = 36
    if sheet.role in ("table", "paragraphs"):
        height = _ROW_HEIGHTS[sheet.role]
        for row in {slot.row for slot in sheet.slots}:
            worksheet.row_dimensions[row].height = height
    worksheet.freeze_panes = worksheet.cell(FIRST_ROW, 1)
    worksheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    last_row = max(slot.row for slot in sheet.slots) if sheet.slots else HEADER_ROW
    set_up_printing(worksheet, last_column, last_row)
    _protect(worksheet)


def set_up_printing(worksheet: Worksheet, last_column: int, last_row: int) -> None:
    """A4 landscape, as wide as one page, only what a person fills or reads: the forms go
    to offices that print on A4, and a sheet without a print area prints every formatted
    cell."""
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.page_margins.left = worksheet.page_margins.right = 0.5
    worksheet.page_margins.top = worksheet.page_margins.bottom = 0.6
    worksheet.page_margins.header = worksheet.page_margins.footer = 0.3
    corner = worksheet.cell(last_row, last_column).coordinate
    worksheet.print_area = f"A1:{corner}"
    worksheet.print_options.horizontalCentered = True


# Open rows tall enough for two lines of a table cell, three of a paragraph.
_ROW_HEIGHTS = {"table": 36, "paragraphs": 48}


def _as_heading(cell: Cell) -> None:
    cell.font = styles.BOLD
    cell.fill = styles.fill(styles.HEADING_COLOUR)
    cell.alignment = styles.CENTRE
    cell.border = styles.BORDER


def _characters_per_line(width: float) -> int:
    """Roughly how many characters of 11 pt text fit in a column ``width`` wide."""
    return max(1, int(width * 1.1))


def _validation(check: CellCheck) -> DataValidation:
    return DataValidation(
        type=check.type,
        operator=check.operator,
        formula1=check.formula1,
        formula2=check.formula2,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle="Giá trị không hợp lệ",
        error=check.error,
        promptTitle=check.prompt_title,
        prompt=check.prompt,
    )


def _protect(worksheet: Worksheet) -> None:
    """Protect with no password; people may still resize rows and columns."""
    protection = worksheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def shown(spec: Field, value: Any) -> Any:
    """A known value as the form displays it: enum labels, list items one per line."""
    if value is None:
        return None
    if spec.type == "enum":
        return spec.values.get(value, value)
    if spec.type == "boolean":
        return "Có" if value else "Không"
    if spec.type == "list":
        return "\n".join(str(shown(spec.items, item)) for item in value) if spec.items else value
    if spec.type == "year_range" and isinstance(value, dict):
        return f"{value['from']}-{value['to']}"
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def put(cell: Cell, value: Any) -> Cell:
    """Write a value; text is always text, even when it starts with "=" (never a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
