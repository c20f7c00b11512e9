"""Cell references in A1 notation: finding them in formulas and writing them back.

Everything that follows inserted rows (formulas, merged cells, validations, chart
series, defined names) goes through these few functions, so a reference is parsed
the same way wherever it sits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from ..i18n import _

MAX_ROW = 1_048_576
MAX_COL = 16_384

# A string literal (skipped), or a reference with an optional sheet name in front:
# a cell or area, whole rows (3:5) or whole columns (A:C).
_FORMULA_TOKEN = re.compile(
    r"""
    (?P<string>"(?:[^"]|"")*")
    |
    (?<![\w.$!:'\]\[])
    (?:(?P<sheet>'(?:[^']|'')+'|[^\W\d][\w.]*)!)?
    (?:
        (?P<c1>\$?[A-Za-z]{1,3})(?P<r1>\$?\d+)(?::(?P<c2>\$?[A-Za-z]{1,3})(?P<r2>\$?\d+))?
        |
        (?P<rr1>\$?\d+):(?P<rr2>\$?\d+)
        |
        (?P<cc1>\$?[A-Za-z]{1,3}):(?P<cc2>\$?[A-Za-z]{1,3})
    )
    (?![\w(!.\[])
    """,
    re.VERBOSE,
)

_CELL = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$")


def col_index(letters: str) -> int:
    """``"A"`` → 1, ``"AB"`` → 28."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def col_letters(index: int) -> str:
    """1 → ``"A"``, 28 → ``"AB"``."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def split_cell(ref: str) -> tuple[str, int]:
    """``"B7"`` → ``("B", 7)``; ``$`` signs are ignored."""
    found = _CELL.match(ref)
    if not found:
        raise ValueError(_("not a cell reference: {ref}").format(ref=repr(ref)))
    return found.group(2).upper(), int(found.group(4))


@lru_cache(maxsize=1024)
def quote_sheet(name: str) -> str:
    """A sheet name as a formula writes it: quoted when it is not a plain word."""
    if re.fullmatch(r"[^\W\d][\w.]*", name) and not _CELL.match(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def unquote_sheet(text: str) -> str:
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return text


class Ref(NamedTuple):
    """One reference found in a formula: a cell, an area, or whole rows."""

    sheet: str | None  # unquoted sheet name, or None for the formula's own sheet
    c1: str | None  # column with its $ (None for whole rows)
    r1: int
    abs1: bool  # row 1 is absolute ($)
    c2: str | None
    r2: int | None  # None for a single cell
    abs2: bool

    def text(self, sheet_prefix: str = "") -> str:
        first = f"{self.c1 or ''}{'$' if self.abs1 else ''}{self.r1}"
        if self.r2 is None:
            return sheet_prefix + first
        second = f"{self.c2 or ''}{'$' if self.abs2 else ''}{self.r2}"
        return f"{sheet_prefix}{first}:{second}"


def _row(text: str) -> tuple[int, bool]:
    if text.startswith("$"):
        return int(text[1:]), True
    return int(text), False


def _ref_from_match(match: re.Match) -> Ref | Columns:
    sheet = match.group("sheet")
    sheet = unquote_sheet(sheet) if sheet else None
    if match.group("cc1"):
        return Columns(sheet, match.group("cc1"), match.group("cc2"))
    if match.group("rr1"):
        r1, abs1 = _row(match.group("rr1"))
        r2, abs2 = _row(match.group("rr2"))
        return Ref(sheet, "", r1, abs1, "", r2, abs2)
    r1, abs1 = _row(match.group("r1"))
    if match.group("r2") is None:
        return Ref(sheet, match.group("c1"), r1, abs1, None, None, False)
    r2, abs2 = _row(match.group("r2"))
    return Ref(sheet, match.group("c1"), r1, abs1, match.group("c2"), r2, abs2)


class Columns(NamedTuple):
    """Whole columns (``A:C``): rows never move them, copying a formula does."""

    sheet: str | None
    c1: str  # with its $
    c2: str

    def text(self, sheet_prefix: str = "") -> str:
        return f"{sheet_prefix}{self.c1}:{self.c2}"


@lru_cache(maxsize=8192)
def formula_pieces(
    formula: str, columns: bool = False
) -> tuple[tuple[str, ...], tuple[tuple[Ref | Columns, str], ...]]:
    """A formula split once: its fixed texts, and the ``(Ref, as written)`` between them.

    Renders rewrite the same formulas again and again; parsing them once keeps that
    to a few lookups per reference. Whole columns are references only with ``columns``
    (rows that move leave them as they are).
    """
    texts: list[str] = []
    refs: list[tuple[Ref | Columns, str]] = []
    position = 0
    for match in _FORMULA_TOKEN.finditer(formula):
        if match.group("string") is not None:
            continue
        if match.group("cc1") is not None and not columns:
            continue
        texts.append(formula[position : match.start()])
        refs.append((_ref_from_match(match), match.group(0)))
        position = match.end()
    texts.append(formula[position:])
    return tuple(texts), tuple(refs)


def rewrite_formula(
    formula: str, change: Callable[[Ref], str | None], columns: bool = False
) -> str:
    """Give each reference in ``formula`` to ``change``; a string it returns replaces it.

    ``change`` returns None to keep a reference as it was. String literals are left alone;
    whole columns are given to ``change`` only with ``columns``.
    """
    texts, refs = formula_pieces(formula, columns)
    if not refs:
        return formula
    out = [texts[0]]
    for (ref, written), text in zip(refs, texts[1:], strict=True):
        new = change(ref)
        out.append(written if new is None else new)
        out.append(text)
    return "".join(out)


def translate_formula(formula: str, rows: int, cols: int) -> str:
    """Move the relative references of ``formula`` as Excel does when copying a cell.

    Used to spell out shared formulas, which Excel stores once for a block of cells:
    cells, areas, whole rows and whole columns, on this sheet or another. A reference
    moved off the sheet is ``#REF!``, as Excel writes it.
    """

    def move(ref: Ref | Columns) -> str | None:
        prefix = "" if ref.sheet is None else quote_sheet(ref.sheet) + "!"
        if isinstance(ref, Columns):
            moved = Columns(ref.sheet, _move_col(ref.c1, cols), _move_col(ref.c2, cols))
            return moved.text(prefix) if _on_grid(moved) else "#REF!"
        moved = Ref(
            ref.sheet,
            _move_col(ref.c1, cols),
            ref.r1 if ref.abs1 else ref.r1 + rows,
            ref.abs1,
            _move_col(ref.c2, cols),
            None if ref.r2 is None else (ref.r2 if ref.abs2 else ref.r2 + rows),
            ref.abs2,
        )
        return moved.text(prefix) if _on_grid(moved) else "#REF!"

    return rewrite_formula(formula, move, columns=True)


def _move_col(col: str | None, cols: int) -> str | None:
    if not col or col.startswith("$") or cols == 0:
        return col
    index = col_index(col) + cols
    return col_letters(index) if 1 <= index <= MAX_COL else "#"


def _on_grid(ref: Ref | Columns) -> bool:
    if "#" in (ref.c1 or "") + (ref.c2 or ""):
        return False
    if isinstance(ref, Columns):
        return True
    return 1 <= ref.r1 <= MAX_ROW and (ref.r2 is None or 1 <= ref.r2 <= MAX_ROW)


@lru_cache(maxsize=8192)
def parse_range(text: str) -> tuple[str, int, str, int] | None:
    """``"B5:D7"`` or ``"B5"`` → ``("B", 5, "D", 7)``; None for whole columns or rows."""
    first, _, second = text.replace("$", "").partition(":")
    try:
        c1, r1 = split_cell(first)
        c2, r2 = split_cell(second) if second else (c1, r1)
    except ValueError:
        return None
    return c1, r1, c2, r2
