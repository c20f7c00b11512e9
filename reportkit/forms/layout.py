"""Where every field of a kind sits in its entry form: the one map writer and reader share.

The plan is computed from the kind's schema alone (plus the year and how many open rows
tables and lists get), so the reader rebuilds exactly the plan the writer used and knows,
for every input cell, the field path it holds and the label that must sit beside it.

How the schema becomes sheets:

- top-level scalars and the scalars of object fields: one row each on "Thông tin đơn vị"
  (label, input cell, help); a list inside an object gets a few numbered rows;
- an object whose fields are all lists (paragraphs of text): its own sheet, numbered rows;
- every ``indicators`` field: one value column on "Chỉ tiêu" (one row per indicator);
- every top-level table: its own sheet, a header row and open rows, one cell per column
  (a list column holds its items in one cell, one per line or separated by ";");
- inside the previous-year block only scalars and indicators appear: last year's tables
  come from last year's data file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..data.derive import PREVIOUS
from ..data.paths import field_name, row_label
from ..data.schema import SCALAR_TYPES, Field, Schema

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin đơn vị"
SHEET_COUNTS = "Chỉ tiêu"
SHEET_LISTS = "Danh mục"
SHEET_META = "_reportkit"

HEADER_ROW = 4  # column headings; rows 1-2 hold the sheet's title and note
# How wide a sheet may be, in Excel's column units, to print on one A4 landscape page
# width with 12 pt type shown at no less than 8 pt.
PRINT_WIDTH = 150
# Open rows a form gives each table and each list unless asked for more: enough for the
# units' usual year, not pages of empty rows on paper.
TABLE_ROWS = 10
LIST_ROWS = 6
# The one rule for figures, said the same way by the guide, the sheet and the messages.
NUMBERS_RULE = (
    "Mỗi chỉ tiêu một số nguyên, ghi liền không có dấu chấm, ví dụ 3316; "
    "để trống nếu không có số liệu."
)
FIRST_ROW = HEADER_ROW + 1

FieldPath = tuple[str | int, ...]


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA (kept here so the plan needs no spreadsheet library)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def place(sheet: str, row: int, column: int) -> str:
    """``'Chỉ tiêu'!D7``: how messages and the annotated copy name a cell."""
    return f"'{sheet}'!{column_letter(column)}{row}"


@dataclass(frozen=True)
class Slot:
    """One input cell: the field it holds and the label a person sees beside it."""

    path: FieldPath
    field: Field
    sheet: str
    row: int
    column: int
    label: str

    @property
    def cell(self) -> str:
        return f"{column_letter(self.column)}{self.row}"

    @property
    def place(self) -> str:
        return place(self.sheet, self.row, self.column)

    @property
    def name(self) -> str:
        """The dotted field name: ``counts.signed_docs``, ``software[2].name``."""
        return field_name(self.path)


@dataclass(frozen=True)
class Text:
    """A fixed text (label, heading, row number) the reader checks is still in its cell."""

    row: int
    column: int
    text: str


@dataclass
class SheetPlan:
    """One sheet: its title, headings, the fixed texts around the inputs and the inputs."""

    title: str
    role: str  # "fields", "paragraphs", "indicators" or "table"
    heading: str
    note: str
    texts: list[Text] = field(default_factory=list)  # checked by the reader
    sections: list[Text] = field(default_factory=list)  # section headings (not checked)
    notes: list[Text] = field(default_factory=list)  # help beside the inputs (not checked)
    slots: list[Slot] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    table: FieldPath | None = None  # the table a "table" sheet holds

    def headers(self) -> list[Text]:
        return [t for t in self.texts if t.row == HEADER_ROW]


@dataclass
class FormPlan:
    """Every sheet of a kind's form, in order, and where each field sits."""

    year: int
    table_rows: int
    list_rows: int
    sheets: list[SheetPlan]

    def slots(self) -> Iterator[Slot]:
        for sheet in self.sheets:
            yield from sheet.slots

    def slot(self, path: FieldPath) -> Slot | None:
        return next((s for s in self.slots() if s.path == tuple(path)), None)

    def field_map(self) -> list[tuple[str, str, str]]:
        """(field name, cell, label) for every input: what the hidden sheet records."""
        return [(s.name, s.place, s.label) for s in self.slots()]


def sheet_title(label: str) -> str:
    """A label made a valid sheet name: no ``[]:*?/\\``, at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "", label).strip()[:31].strip()


def is_paragraphs(spec: Field) -> bool:
    """An object made only of lists: filled best on its own sheet, one item per row."""
    return (
        spec.type == "object"
        and bool(spec.fields)
        and all(f.type == "list" for f in spec.fields.values())
    )


def is_single(spec: Field) -> bool:
    """A field that fits one cell."""
    return spec.type in SCALAR_TYPES or spec.type == "year_range"


def required_mark(spec: Field) -> str:
    return f"{spec.label} (*)" if spec.required else spec.label


class _Planner:
    def __init__(self, schema: Schema, year: int, table_rows: int, list_rows: int):
        self.schema = schema
        self.year = year
        self.table_rows = table_rows
        self.list_rows = list_rows
        self.info = SheetPlan(
            SHEET_INFO,
            "fields",
            "THÔNG TIN ĐƠN VỊ VÀ VĂN BẢN",
            "Ghi vào các ô màu vàng; ô có dấu (*) là bắt buộc; ô màu xám đã điền sẵn.",
            widths={1: 36, 2: 50, 3: 60},
        )
        self.info.texts += _headings(["Nội dung", "Thông tin", "Hướng dẫn"])
        self.indicator_fields: list[tuple[FieldPath, Field]] = []
        self.others: list[SheetPlan] = []
        self.info_row = FIRST_ROW

    def plan(self) -> FormPlan:
        for name, spec in self.schema.fields.items():
            self.place_field((name,), spec, inside_previous=name == PREVIOUS)
        sheets = [self.info]
        if self.indicator_fields and self.schema.indicators:
            sheets.append(self.counts_sheet())
        sheets += self.others
        for sheet in sheets:
            sheet.widths = fit_widths(sheet.widths)
        return FormPlan(self.year, self.table_rows, self.list_rows, sheets)

    def place_field(self, path: FieldPath, spec: Field, inside_previous: bool) -> None:
        if is_single(spec):
            self.info_slot(path, spec, required_mark(spec))
        elif spec.type == "indicators":
            self.indicator_fields.append((path, spec))
        elif spec.type == "table":
            if not inside_previous and len(path) == 1:
                self.others.append(self.table_sheet(path, spec))
        elif spec.type == "list":
            for index in range(self.list_rows):
                note = (spec.help or "Mỗi dòng một mục.") if index == 0 else ""
                self.info_slot((*path, index), spec.items, f"{spec.label} ({index + 1})", note)
        elif is_paragraphs(spec) and not inside_previous:
            self.others.append(self.paragraph_sheet(path, spec))
        elif spec.type == "object":
            self.info.sections.append(Text(self.info_row, 1, spec.label))
            self.info_row += 1
            for name, child in spec.fields.items():
                self.place_field((*path, name), child, inside_previous)

    def info_slot(self, path: FieldPath, spec: Field, label: str, note: str = "") -> None:
        row = self.info_row
        self.info.texts.append(Text(row, 1, label))
        if note or spec.help:
            self.info.notes.append(Text(row, 3, note or spec.help))
        self.info.slots.append(Slot(path, spec, SHEET_INFO, row, 2, label))
        self.info_row += 1

    def counts_sheet(self) -> SheetPlan:
        sheet = SheetPlan(
            SHEET_COUNTS,
            "indicators",
            "SỐ LIỆU CHỈ TIÊU",
            NUMBERS_RULE,
            widths={1: 50, 2: 12},
        )
        headings = ["Chỉ tiêu", "Đơn vị tính"]
        for path, spec in self.indicator_fields:
            year = self.year - 1 if path[0] == PREVIOUS else self.year
            headings.append(f"{spec.label} (năm {year})")
        notes_column = len(headings) + 1
        sheet.texts += _headings(headings)
        sheet.notes.append(Text(HEADER_ROW, notes_column, "Ghi chú"))
        for column in range(3, notes_column):
            sheet.widths[column] = 14
        sheet.widths[notes_column] = 50
        row = FIRST_ROW
        for number, (group, group_label) in enumerate(self.schema.groups.items(), start=1):
            members = [i for i in self.schema.indicators if i.group == group]
            if not members:
                continue
            sheet.sections.append(Text(row, 1, f"{_roman(number)}. {group_label}"))
            row += 1
            for indicator in members:
                sheet.texts += [Text(row, 1, indicator.label), Text(row, 2, indicator.unit_label)]
                if indicator.help:
                    sheet.notes.append(Text(row, notes_column, indicator.help))
                spec = Field(
                    indicator.code,
                    indicator.type,
                    label=indicator.label,
                    help=indicator.help,
                    min=0,
                    unit_label=indicator.unit_label,
                )
                for offset, (path, _) in enumerate(self.indicator_fields):
                    sheet.slots.append(
                        Slot(
                            (*path, indicator.code),
                            spec,
                            SHEET_COUNTS,
                            row,
                            3 + offset,
                            indicator.label,
                        )
                    )
                row += 1
        return sheet

    def table_sheet(self, path: FieldPath, spec: Field) -> SheetPlan:
        sheet = SheetPlan(
            sheet_title(spec.label),
            "table",
            spec.label.upper(),
            " ".join(filter(None, [spec.help, "Mỗi dòng một mục; để trống các dòng không dùng."])),
            widths={1: 6},
            table=path,
        )
        columns = list(spec.columns.items())
        sheet.texts += _headings(["STT", *(required_mark(c) for _, c in columns)])
        for offset, (_, column) in enumerate(columns):
            sheet.widths[2 + offset] = _width(column)
        for index in range(self.table_rows):
            row = FIRST_ROW + index
            sheet.texts.append(Text(row, 1, str(index + 1)))
            for offset, (name, column) in enumerate(columns):
                label = row_label(column.label, index)
                sheet.slots.append(
                    Slot((*path, index, name), column, sheet.title, row, 2 + offset, label)
                )
        return sheet

    def paragraph_sheet(self, path: FieldPath, spec: Field) -> SheetPlan:
        sheet = SheetPlan(
            sheet_title(spec.label),
            "paragraphs",
            spec.label.upper(),
            "Mỗi ô một đoạn văn hoặc một ý; để trống các ô không dùng.",
            widths={1: 34, 2: 110},
        )
        sheet.texts += _headings(["Mục", "Nội dung"])
        row = FIRST_ROW
        for name, child in spec.fields.items():
            for index in range(self.list_rows):
                label = f"{child.label} ({index + 1})"
                sheet.texts.append(Text(row, 1, label))
                sheet.slots.append(
                    Slot((*path, name, index), child.items, sheet.title, row, 2, label)
                )
                row += 1
        return sheet


def _headings(texts: list[str]) -> list[Text]:
    return [Text(HEADER_ROW, column, text) for column, text in enumerate(texts, start=1)]


def _width(spec: Field) -> float:
    if spec.type == "list" or spec.type == "text":
        return 40
    if spec.type in ("string", "enum"):
        return 26
    return 12


def fit_widths(widths: dict[int, float], budget: float = PRINT_WIDTH) -> dict[int, float]:
    """Narrow the columns of a sheet wider than a printed page, all in proportion, so
    that fitting it to the page width keeps its type readable; text wraps instead."""
    total = sum(widths.values())
    if total <= budget:
        return dict(widths)
    return {column: max(5.0, round(width * budget / total, 1)) for column, width in widths.items()}


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, letters in numerals:
        while number >= value:
            text += letters
            number -= value
    return text


def plan_form(
    schema: Schema, *, year: int, table_rows: int = TABLE_ROWS, list_rows: int = LIST_ROWS
) -> FormPlan:
    """The layout of the entry form for ``schema`` and ``year``."""
    return _Planner(schema, year, table_rows, list_rows).plan()
