"""The look of an entry form: one place for its fonts, colours and number formats.

The colours carry meaning the guide sheet explains: yellow = type here, grey = filled in
for you and locked, blue = headings.
"""

from __future__ import annotations

from functools import cache

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from ..data.schema import Field

FONT_NAME = "Times New Roman"
INPUT_COLOUR = "FFF2CC"  # yellow: the cells to fill
FIXED_COLOUR = "E7E6E6"  # grey: filled in by whoever made the form, locked
HEADING_COLOUR = "DDEBF7"  # blue: column headings
ERROR_COLOUR = "FFC7CE"  # red: a cell with a problem (annotated copies)

TEXT_FORMAT = "@"
DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMATS = {
    "integer": "#,##0",
    "number": "#,##0.0#",
    "year": "0",
    "date": DATE_FORMAT,
}

_thin = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
PLAIN = Font(name=FONT_NAME, size=12)
BOLD = Font(name=FONT_NAME, size=12, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
NOTE = Font(name=FONT_NAME, size=11, italic=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(wrap_text=True, horizontal="center", vertical="center")
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)


@cache
def fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def number_format(spec: Field) -> str:
    """The cell format for a field: ``#,##0`` for counts, dates as dd/mm/yyyy, else text."""
    return NUMBER_FORMATS.get(spec.type, TEXT_FORMAT)
