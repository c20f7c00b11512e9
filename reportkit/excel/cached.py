"""Which formulas keep their cached result after a render.

Excel recalculates every formula when the file opens, but LibreOffice (with its default
settings) shows the stored result, and for functions it cannot compute (XLOOKUP, links
to other workbooks) a formula without one shows ``#NAME?`` or ``Err:502``. So a result
is kept where no render can change it: the formula reads no cell that holds a tag, no
row of a loop or condition, nothing on a sheet repeated per item, and no formula whose
result was dropped. Anything else (an unknown name, INDIRECT, OFFSET) drops it. This is
decided once, from the template alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from xml.sax.saxutils import unescape

from .refs import MAX_COL, MAX_ROW, Columns, col_index, formula_pieces, parse_range

# Results that can differ on every opening, or that may read any cell.
_VOLATILE = re.compile(
    r"\b(?:INDIRECT|OFFSET|NOW|TODAY|RAND|RANDBETWEEN|RANDARRAY|CELL|INFO)\s*\(", re.I
)
_STRING = re.compile(r'"(?:[^"]|"")*"')
_EXTERNAL = re.compile(r"\[\d+\][\w.]*![\w.$:]*")  # [1]Sheet1!A1, [1]!Name: another workbook
_ERROR = re.compile(
    r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!)", re.I
)
# Table1[Col], Table1[[#Totals],[Col]], [Col] inside the table; ' escapes a bracket.
_STRUCTURED = re.compile(
    r"([A-Za-z_\\][\w.\\]*)?\[(?:'.|[^\[\]']|\[(?:'.|[^\[\]'])*\])*\]", re.S
)
_NAME = re.compile(r"(?<![\w.#])([A-Za-z_\\][\w.\\]*)(\s*\()?")
_CONSTANTS = {"TRUE", "FALSE"}
_SWEEPS = 64  # chains of formulas longer than this are dropped rather than followed

Area = tuple[str, int, int, int, int]  # sheet, first row, first column, last row, last column


@dataclass
class FormulaCells:
    """What one sheet's compile saw: the cells a render may change, and its formulas."""

    title: str
    whole: bool = False  # a sheet repeated per item: every cell may change
    rows: set[int] = field(default_factory=set)  # rows of loops, conditions and markers
    cells: set[tuple[int, int]] = field(default_factory=set)  # cells holding a tag
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → text


def kept_results(
    sheets: list[FormulaCells], names: dict[str, str], tables: dict[str, Area]
) -> set[tuple[str, int, int]]:
    """The formula cells ``(sheet, row, col)`` whose cached result stays right."""
    changing = _CellIndex()
    for sheet in sheets:
        for row, col in sheet.cells:
            changing.add(sheet.title, row, col)
    rows = {sheet.title.lower(): sorted(sheet.rows) for sheet in sheets}
    whole = {sheet.title.lower() for sheet in sheets if sheet.whole}
    reads: dict[tuple[str, int, int], list[Area]] = {}
    stale: set[tuple[str, int, int]] = set()
    for sheet in sheets:
        for (row, col), text in sheet.formulas.items():
            key = (sheet.title, row, col)
            here = [a for a in tables.values() if _holds(a, key)]
            areas = _areas(text, sheet.title, names, {**tables, "": here[0]} if here else tables)
            if sheet.whole or row in sheet.rows or areas is None:
                stale.add(key)
            elif any(_in_rows(a, rows, whole) or changing.hits(a) for a in areas):
                stale.add(key)
            else:
                reads[key] = areas
    fresh = stale
    for _ in range(_SWEEPS):
        if not fresh:
            return set(reads)
        index = _CellIndex()
        for cell in fresh:
            index.add(*cell)
        fresh = {key for key, areas in reads.items() if any(index.hits(a) for a in areas)}
        for key in fresh:
            del reads[key]
    return set()


class _CellIndex:
    """Cells by sheet and column, each column's rows sorted: does an area hold any?"""

    def __init__(self) -> None:
        self.sheets: dict[str, dict[int, list[int]]] = {}

    def add(self, sheet: str, row: int, col: int) -> None:
        insort(self.sheets.setdefault(sheet.lower(), {}).setdefault(col, []), row)

    def hits(self, area: Area) -> bool:
        columns = self.sheets.get(area[0].lower())
        if not columns:
            return False
        _, r1, c1, r2, c2 = area
        for col, rows in columns.items():
            if c1 <= col <= c2:
                at = bisect_left(rows, r1)
                if at < len(rows) and rows[at] <= r2:
                    return True
        return False


def _in_rows(area: Area, rows: dict[str, list[int]], whole: set[str]) -> bool:
    """Does the area cover a loop or condition row, or lie on a sheet repeated per item?"""
    sheet = area[0].lower()
    if sheet in whole:
        return True
    found = rows.get(sheet, ())
    at = bisect_left(found, area[1])
    return at < len(found) and found[at] <= area[3]


def _holds(area: Area, cell: tuple[str, int, int]) -> bool:
    sheet, r1, c1, r2, c2 = area
    return sheet.lower() == cell[0].lower() and r1 <= cell[1] <= r2 and c1 <= cell[2] <= c2


def _areas(
    text: str,
    own: str,
    names: dict[str, str],
    tables: dict[str, Area],
    seen: frozenset[str] = frozenset(),
) -> list[Area] | None:
    """Every area the formula reads; None when that cannot be known.

    ``tables`` maps each table's name to its area; the name "" is the table the formula
    sits in, which a structured reference without a table name means.
    """
    if _VOLATILE.search(text):
        return None
    texts, refs = formula_pieces(text, True)
    areas = []
    for ref, _ in refs:
        sheet = ref.sheet or own
        if isinstance(ref, Columns):
            c1, c2 = col_index(ref.c1.lstrip("$")), col_index(ref.c2.lstrip("$"))
            areas.append((sheet, 1, min(c1, c2), MAX_ROW, max(c1, c2)))
        elif not ref.c1:
            areas.append((sheet, min(ref.r1, ref.r2), 1, max(ref.r1, ref.r2), MAX_COL))
        else:
            found = parse_range(ref.text())
            if found is None:
                return None
            a, r1, b, r2 = found
            c1, c2 = col_index(a), col_index(b)
            areas.append((sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    rest = _ERROR.sub(" ", _EXTERNAL.sub(" ", _STRING.sub(" ", " ".join(texts))))
    for table in _STRUCTURED.findall(rest):
        if table.lower() not in tables:
            return None  # an unknown table, or no name outside a table
        areas.append(tables[table.lower()])
    for name, call in _NAME.findall(_STRUCTURED.sub(" ", rest)):
        if call.strip() == "(" or name.upper() in _CONSTANTS:
            continue
        key = name.lower()
        if key in names and key not in seen:
            inner = _areas(names[key], own, names, tables, seen | {key})
            if inner is None:
                return None
            areas += inner
        else:
            return None
    return areas


_RESULT = re.compile("([\x12\x14])(\\d+)\x13")
_JINJA = re.compile(r"\{[{%#]|[}%#]\}")


def with_results(
    source: str,
    title: str,
    results: list[tuple[int, int, str, str]],
    kept: set[tuple[str, int, int]],
) -> str:
    """A sheet's Jinja source with each formula cell's result written in or left out.

    The builder marks each formula cell with ``\\x12K\\x13`` where its ``t`` attribute goes
    and ``\\x14K\\x13`` where its ``<v>`` goes (K indexes ``results``).
    """

    def fill(match: re.Match) -> str:
        row, col, kind, value = results[int(match.group(2))]
        if (title, row, col) not in kept or _JINJA.search(value):
            return ""
        return kind if match.group(1) == "\x12" else value

    return _RESULT.sub(fill, source)


_DEFINED_NAME = re.compile(r"<(?:\w+:)?definedName\b([^>]*)>([^<]*)</(?:\w+:)?definedName>")
_NAME_ATTR = re.compile(r'\sname="([^"]*)"')
_TABLE = re.compile(r"<(?:\w+:)?table\b[^>]*>")
_TABLE_ATTR = re.compile(r'\s(name|displayName|ref)="([^"]*)"')


def defined_names(workbook_xml: str) -> dict[str, str]:
    """Each defined name (lower case) → its formula, for following what formulas read."""
    found = {}
    for attributes, text in _DEFINED_NAME.findall(workbook_xml):
        name = _NAME_ATTR.search(attributes)
        if name:
            found[name.group(1).lower()] = unescape(text, {"&quot;": '"', "&apos;": "'"})
    return found


def table_area(xml: str, sheet: str) -> dict[str, Area]:
    """A table part's names (lower case) → the area it covers on ``sheet``."""
    opening = _TABLE.search(xml)
    if opening is None:
        return {}
    values = dict(_TABLE_ATTR.findall(opening.group()))
    found = parse_range(values.get("ref", ""))
    if found is None:
        return {}
    a, r1, b, r2 = found
    area = (sheet, r1, col_index(a), r2, col_index(b))
    return {values[key].lower(): area for key in ("name", "displayName") if values.get(key)}
