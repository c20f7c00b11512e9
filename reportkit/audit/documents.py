"""The numbers a person reads in a finished .docx or .xlsx, each with its place.

Word: the body's paragraphs and every table cell (python-docx). Excel: every cell of every
sheet (openpyxl); a number cell is its value, a text cell the numbers in its text. A formula
is the workbook's own arithmetic over cells that are read themselves, so it is skipped.
Numbering (a paragraph's "1.", a table's STT column, "Bảng 2") is not a figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .figures import Printed, read_numbers

# "1. ", "12. " opening a paragraph, and the number after "Bảng" / "Biểu đồ" / "Phần"
_NUMBERING = re.compile(r"^\s*\d+\.\s|(?:Bảng|Biểu đồ|Hình)\s+\d+")
_STT = ("STT", "TT", "Xếp hạng")
_NINE_PLACES = Decimal("1e-9")


@dataclass(frozen=True)
class Found:
    """A number in a document and where a person finds it."""

    printed: Printed
    place: str


def _without_numbering(text: str) -> str:
    return _NUMBERING.sub(" ", text)


def _numbers(text: str, place: str) -> Iterator[Found]:
    for printed in read_numbers(_without_numbering(text)):
        yield Found(printed, place)


def word_numbers(path: Path) -> Iterator[Found]:
    """The numbers of the body text and the tables of a .docx."""
    import docx

    document = docx.Document(str(path))
    for index, paragraph in enumerate(document.paragraphs, start=1):
        snippet = paragraph.text.strip()[:40]
        yield from _numbers(paragraph.text, f"paragraph {index} (“{snippet}…”)")
    for t, table in enumerate(document.tables, start=1):
        counters = _counter_columns([c.text for c in table.rows[0].cells])
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row.cells, start=1):
                if r > 1 and c - 1 in counters:
                    continue
                yield from _numbers(cell.text, f"table {t}, row {r}, cell {c}")


def _counter_columns(headings: list[str]) -> set[int]:
    """Columns whose heading says they count rows (STT, a rank), by position."""
    return {i for i, text in enumerate(headings) if text.strip() in _STT}


def excel_numbers(path: Path) -> Iterator[Found]:
    """The numbers of every cell of every sheet of an .xlsx."""
    import openpyxl

    book = openpyxl.load_workbook(str(path))
    for sheet in book.worksheets:
        counters: set[int] = set()
        for row in sheet.iter_rows():
            texts = [c.value if isinstance(c.value, str) else "" for c in row]
            if any(text.strip() in _STT for text in texts):
                counters = _counter_columns(texts)
                continue
            for cell in row:
                if cell.column - 1 in counters:
                    continue
                yield from _cell_numbers(cell, f"'{sheet.title}'!{cell.coordinate}")


def _cell_numbers(cell, place: str) -> Iterator[Found]:
    value = cell.value
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        # a product such as points × 100 carries binary noise past the ninth decimal
        number = abs(Decimal(str(value))).quantize(_NINE_PLACES).normalize()
        yield Found(Printed(number, _decimals(number), False, str(value)), place)
    elif isinstance(value, str) and not value.startswith("="):
        yield from _numbers(value, place)


def _decimals(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
