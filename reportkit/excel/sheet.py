"""One worksheet compiled into Jinja source over its rows, and put back after a render.

Compiling reads the sheet XML once with lxml. The rows become Jinja source: fixed XML
for untouched cells, a filter call for each tag, ``{% for %}`` / ``{% if %}`` for the
marker rows, one source line per cell so an error points at 'Sheet'!B7. The text
before and after ``<sheetData>`` is kept as written, with its references marked.

A render yields the rows with small sentinels (control characters XML cannot hold):
``\\x02N\\x03`` starts template row N, ``\\x08N\\x03`` stands for the empty rows from N,
``\\x04L\\x03`` starts a repetition of loop L, ``\\x05L\\x03`` ends loop L, ``\\x01``
stands for the row's new number and ``\\x06K\\x07`` for formula K (see rendered.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from jinja2 import TemplateSyntaxError
from lxml import etree

from ..errors import TemplateError
from ..formatting.numbers import number
from ..i18n import _
from ..template_messages import syntax_message
from .cached import FormulaCells
from .markers import Marker, parse_marker
from .refs import MAX_ROW, col_index, col_letters, split_cell, translate_formula
from .reftext import RefText, compile_refs
from .workbook import with_default_namespace

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_M = f"{{{MAIN_NS}}}"
_SHEET_DATA = re.compile(r"<(?:\w+:)?sheetData\b[^>]*?(/?)>")
_SHEET_DATA_END = re.compile(r"</(?:\w+:)?sheetData>")
_MERGE_CELLS = re.compile(r"<(?P<p>\w+:)?mergeCells\b[^>]*?(?:/>|>.*?</(?P=p)?mergeCells>)", re.S)
_MERGES_MARK = "\x10merges\x10"
_SPARKLINE = re.compile(r"<(?P<p>(?:\w+:)?)sparkline>.*?</(?P=p)sparkline>", re.S)
_SPARKLINE_CELL = re.compile(r"<(?:\w+:)?sqref>\$?[A-Z]{1,3}\$?(\d+)</(?:\w+:)?sqref>")
_TAG = re.compile(r"\{\{|\{%|\{#")
_PIECE = re.compile(r"(\{\{-?)(.*?)(-?\}\})|(\{%.*?%\}|\{#.*?#\})", re.S)
_TYPED = re.compile(r"^\s*\{\{-?(.*?)-?\}\}\s*$", re.S)
LINE = "{#\n#}"


class CellTable:
    """Opening tags of the typed tag cells of a template, shared by its filters."""

    def __init__(self) -> None:
        self.prefixes: list[tuple[str, tuple[str, str, str]]] = []

    def add(self, prefix: str, dated: tuple[str, str, str]) -> int:
        self.prefixes.append((prefix, dated))
        return len(self.prefixes) - 1


@dataclass
class SheetContext:
    """What compiling a sheet needs from the workbook around it."""

    file: str
    shared_strings: list[str]
    shared_items: list  # the <si> elements, for their rich-text runs
    cells: CellTable
    date_twins: Callable[[int], tuple[int, int, int]]
    parse: Callable[[str], object]  # env.parse, to check each tag cell on its own


@dataclass
class CompiledSheet:
    title: str
    part: str
    source: str
    places: list[str]
    head: RefText
    tail: RefText
    data_open: str
    data_empty: bool
    formulas: list[tuple[str, str]]
    merges: list[tuple[str, int, str, int, int | None]]
    dense_end: int
    gaps: dict[int, int]
    loop_places: dict[int, str]
    loop_rows: dict[int, tuple[int, int]]  # loop → its for and endfor marker rows
    row_loop: dict[int, int | None]  # each row that is not a marker → its innermost loop
    repeat: str | None = None  # "for u in units" when the sheet repeats per item
    sparklines: dict[str, tuple[RefText, int]] = field(default_factory=dict)  # mark → loop
    formula_cells: FormulaCells | None = None
    results: list[tuple[int, int, str, str]] = field(default_factory=list)  # see cached.py
    template: object = field(default=None, repr=False)  # the compiled Jinja template

    def place(self, line: int | None) -> str | None:
        if line is None or not self.places:
            return None
        return self.places[min(max(line, 1), len(self.places)) - 1]


def place_of(title: str, ref: str) -> str:
    return "'" + title.replace("'", "''") + "'!" + ref


def compile_sheet(title: str, part: str, data: bytes, ctx: SheetContext) -> CompiledSheet:
    """Compile the worksheet XML ``data`` of the sheet called ``title``."""
    text = with_default_namespace(data.decode("utf-8"))
    root = etree.fromstring(data)
    if root.tag != f"{_M}worksheet":
        raise TemplateError(
            _(
                "sheet {sheet} is written in an XML namespace reportkit cannot read "
                "({namespace}); open the file in Excel or LibreOffice and save it as an "
                "ordinary Excel Workbook (.xlsx)"
            ).format(sheet=repr(title), namespace=etree.QName(root).namespace),
            file=ctx.file,
            location=part,
        )
    opening = _SHEET_DATA.search(text)
    if opening is None:
        raise TemplateError(
            _("sheet {sheet} has no <sheetData>").format(sheet=repr(title)),
            file=ctx.file,
            location=part,
        )
    empty = opening.group(1) == "/"
    if empty:
        head, tail = text[: opening.start()], text[opening.end() :]
    else:
        closing = _SHEET_DATA_END.search(text, opening.end())
        head, tail = text[: opening.start()], text[closing.end() :]
    merges_found = _MERGE_CELLS.search(tail)
    merge_refs = []
    if merges_found:
        merge_refs = re.findall(r'<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]+)"', merges_found.group(0))
        tail = tail[: merges_found.start()] + _MERGES_MARK + tail[merges_found.end() :]
    builder = _SheetBuilder(title, part, root, ctx)
    builder.build()
    tail, sparklines = _looped_sparklines(tail, builder.row_loop)
    marks = {_MERGES_MARK: "merges", **{mark: "sparkline" for mark in sparklines}}
    return CompiledSheet(
        title=title,
        part=part,
        source=builder.source(),
        places=builder.places,
        head=compile_refs(head),
        tail=compile_refs(tail, marks),
        data_open=opening.group(0),
        data_empty=empty,
        formulas=builder.formulas,
        merges=builder.merges_from(merge_refs),
        dense_end=builder.dense_end,
        gaps=builder.gaps,
        loop_places=builder.loop_places,
        loop_rows=builder.loop_rows,
        row_loop=builder.row_loop,
        repeat=builder.repeat,
        sparklines=sparklines,
        formula_cells=builder.formula_cells,
        results=builder.results,
    )


def _looped_sparklines(tail: str, row_loop: dict[int, int | None]):
    """Sparklines drawn in a loop row, each replaced by a mark: a render writes one per
    copy of the row. Returns the new tail and {mark: (the sparkline, its loop)}."""
    found: dict[str, tuple[RefText, int]] = {}

    def mark(match: re.Match) -> str:
        cell = _SPARKLINE_CELL.search(match.group())
        loop = row_loop.get(int(cell.group(1))) if cell else None
        if loop is None:
            return match.group()
        key = f"\x10sparkline {len(found)}\x10"
        found[key] = (compile_refs(match.group()), loop)
        return key

    return _SPARKLINE.sub(mark, tail), found


class _SheetBuilder:
    """Walks the rows of one sheet and writes its Jinja source."""

    def __init__(self, title: str, part: str, root, ctx: SheetContext):
        self.title = title
        self.part = part
        self.root = root
        self.ctx = ctx
        self.reverse_ns = {uri: prefix for prefix, uri in root.nsmap.items() if prefix}
        self.units: list[tuple[str, str]] = []  # (jinja source, place)
        self.places: list[str] = []
        self.formulas: list[tuple[str, str]] = []
        self.loop_places: dict[int, str] = {}
        self.loop_rows: dict[int, tuple[int, int]] = {}
        self.row_loop: dict[int, int | None] = {}
        self.dense_end = 0
        self.gaps: dict[int, int] = {}  # first of a run of empty rows → how many
        self.repeat: str | None = None
        self.shared: dict[str, tuple[str, int, int]] = {}
        self.formula_cells = FormulaCells(title)
        self.results: list[tuple[int, int, str, str]] = []  # (row, col, t="…", <v>…</v>)

    # -- errors -------------------------------------------------------------------
    def fail(self, ref: str, message: str) -> TemplateError:
        return TemplateError(message, file=self.ctx.file, location=place_of(self.title, ref))

    # -- walking the rows ---------------------------------------------------------
    def build(self) -> None:
        rows = self._rows()
        markers = {r: found for r, (_row, found) in rows.items() if found is not None}
        self._check_sheet_marker(rows, markers)
        self.dense_end = max(markers, default=0)
        stack: list[tuple[Marker, str, int | None]] = []
        loops = 0
        previous = 0
        for r in sorted(rows):
            if previous + 1 < r <= self.dense_end:
                self.gaps[previous + 1] = r - previous - 1
                self.units.append((f"\x08{previous + 1}\x03", place_of(self.title, f"A{r}")))
            previous = r
            element, found = rows[r]
            if found is not None or stack:
                self.formula_cells.rows.add(r)
            if found is not None:
                marker, ref = found
                if marker.scope == "sheet":
                    self.units.append(("", place_of(self.title, ref)))
                    continue
                loops = self._control(marker, ref, stack, loops)
                continue
            inner = [entry[2] for entry in stack if entry[2] is not None]
            self.row_loop[r] = inner[-1] if inner else None
            self._row(r, element)
        if stack:
            marker, ref, _loop = stack[-1]
            closer = "endfor" if marker.keyword == "for" else "endif"
            raise self.fail(
                ref,
                _("{{%tr {keyword} %}} is never closed: add a row with {{%tr {closer} %}}").format(
                    keyword=marker.keyword, closer=closer
                ),
            )

    def _rows(self) -> dict[int, tuple[object, tuple[Marker, str] | None]]:
        rows = {}
        data = self.root.find(f"{_M}sheetData")
        previous = 0
        for element in data if data is not None else ():
            if element.tag != f"{_M}row":
                continue
            r = int(element.get("r") or previous + 1)
            if not 1 <= r <= MAX_ROW:
                raise self.fail(
                    "A1",
                    _("row number {row} is outside Excel's rows (1 to {most})").format(
                        row=number(r), most=number(MAX_ROW)
                    ),
                )
            previous = r
            rows[r] = (element, self._marker_of(r, element))
        return rows

    def _marker_of(self, r: int, element) -> tuple[Marker, str] | None:
        for ref, cell in self._cells(r, element):
            text = self._text(cell)
            if text is None and cell.find(f"{_M}v") is None and cell.find(f"{_M}f") is None:
                continue
            if text is not None and not text.strip():
                continue
            if text is None:
                return None
            try:
                found = parse_marker(text)
            except ValueError as error:
                raise self.fail(ref, str(error)) from None
            return (found, ref) if found else None
        return None

    def _check_sheet_marker(self, rows, markers) -> None:
        for r, (marker, ref) in markers.items():
            if marker.scope != "sheet":
                continue
            if r != min(rows):
                raise self.fail(
                    ref, _("a {{%sheet for … %}} marker must be in the sheet's first row")
                )
            self.repeat = marker.statement
            self.formula_cells.whole = True

    def _control(self, marker: Marker, ref: str, stack: list, loops: int) -> int:
        place = place_of(self.title, ref)
        keyword = marker.keyword
        if keyword == "for":
            loops += 1
            self.loop_places[loops] = place
            stack.append((marker, ref, loops))
            self.units.append((f"{{% {marker.statement} %}}\x04{loops}\x03", place))
        elif keyword == "if":
            stack.append((marker, ref, None))
            self.units.append((f"{{% {marker.statement} %}}", place))
        elif keyword in ("elif", "else"):
            if not stack or (keyword == "elif" and stack[-1][0].keyword != "if"):
                raise self.fail(
                    ref,
                    _("{{%tr {keyword} %}} without an open {{%tr if %}}").format(keyword=keyword),
                )
            self.units.append((f"{{% {marker.statement} %}}", place))
        elif keyword in ("endfor", "endif"):
            opener = "for" if keyword == "endfor" else "if"
            if not stack or stack[-1][0].keyword != opener:
                raise self.fail(
                    ref,
                    _("{{%tr {keyword} %}} without an open {{%tr {opener} %}}").format(
                        keyword=keyword, opener=opener
                    ),
                )
            _marker, opener_ref, loop = stack.pop()
            if loop is not None:
                self.loop_rows[loop] = (split_cell(opener_ref)[1], split_cell(ref)[1])
            after = f"\x05{loop}\x03" if loop is not None else ""
            self.units.append((f"{{% {keyword} %}}{after}", place))
        else:  # set
            self.units.append((f"{{% {marker.statement} %}}", place))
        return loops

    def _cells(self, r: int, row):
        previous = 0
        for cell in row:
            if cell.tag != f"{_M}c":
                continue
            ref = cell.get("r")
            if ref:
                previous = col_index(split_cell(ref)[0])
            else:
                previous += 1
                ref = f"{col_letters(previous)}{r}"
            yield ref, cell

    def _text(self, cell) -> str | None:
        kind = cell.get("t")
        if kind == "s":
            value = cell.find(f"{_M}v")
            try:
                return self.ctx.shared_strings[int(value.text)]
            except (AttributeError, ValueError, IndexError, TypeError):
                return None
        if kind == "inlineStr":
            node = cell.find(f"{_M}is")
            return "".join(_texts(node)) if node is not None else ""
        return None

    # -- one row ------------------------------------------------------------------
    def _row(self, r: int, row) -> None:
        attrs = self._attrs(row, skip=("r",))
        cells = list(self._cells(r, row))
        place = place_of(self.title, f"A{r}")
        if not cells:
            self.units.append((_raw(f'\x02{r}\x03<row r="\x01"{attrs}/>'), place))
            return
        self.units.append((_raw(f'\x02{r}\x03<row r="\x01"{attrs}>'), place))
        for ref, cell in cells:
            self.units.append((self._cell(r, ref, cell), place_of(self.title, ref)))
        self.units.append(("</row>", place))

    def _cell(self, r: int, ref: str, cell) -> str:
        col = split_cell(ref)[0]
        text = self._text(cell)
        formula = cell.find(f"{_M}f")
        if formula is not None:
            return _raw(self._formula_cell(r, col, ref, cell, formula))
        if text is None or not _TAG.search(text):
            inner = "".join(self._xml(child) for child in cell)
            attrs = self._attrs(cell, skip=("r",))
            opening = f'<c r="{col}\x01"{attrs}'
            return _raw(f"{opening}>{inner}</c>" if inner else f"{opening}/>")
        self._check_cell_source(text, ref)
        self.formula_cells.cells.add((r, col_index(col)))
        attrs = self._attrs(cell, skip=("r", "t"))
        prefix = f'<c r="{col}\x01"{attrs}'
        typed = _TYPED.match(text)
        if typed and not _TAG.search(typed.group(1)):
            style = int(cell.get("s") or 0)
            dated = tuple(
                f'<c r="{col}\x01"{self._attrs(cell, skip=("r", "t"), style=twin)}'
                for twin in self.ctx.date_twins(style)
            )
            index = self.ctx.cells.add(prefix, dated)
            return f"{{{{ ({typed.group(1).strip()})|_rk_cell({index}) }}}}"
        runs = self._runs(cell)
        if runs and all(_whole_tags(run_text) for _, run_text in runs):
            body = "".join(
                f'<r>{properties}<t xml:space="preserve">{mixed_text(run_text)}</t></r>'
                for properties, run_text in runs
            )
            return f'{prefix} t="inlineStr"><is>{body}</is></c>'
        return f'{prefix} t="inlineStr"><is><t xml:space="preserve">{mixed_text(text)}</t></is></c>'

    def _runs(self, cell) -> list[tuple[str, str]] | None:
        """The runs of a rich-text cell: (run properties XML, text); None for plain text."""
        item = None
        if cell.get("t") == "s":
            try:
                item = self.ctx.shared_items[int(cell.find(f"{_M}v").text)]
            except (AttributeError, ValueError, IndexError, TypeError):
                return None
        elif cell.get("t") == "inlineStr":
            item = cell.find(f"{_M}is")
        if item is None or item.find(f"{_M}r") is None:
            return None
        runs = []
        for run in item.findall(f"{_M}r"):
            properties = run.find(f"{_M}rPr")
            text = "".join(t.text or "" for t in run.findall(f"{_M}t"))
            runs.append((self._xml(properties) if properties is not None else "", text))
        return runs

    def _check_cell_source(self, text: str, ref: str) -> None:
        try:
            self.ctx.parse(text)
        except TemplateSyntaxError as error:
            raise self.fail(ref, syntax_message(error.message)) from None

    def _formula_cell(self, r: int, col: str, ref: str, cell, formula) -> str:
        kind = formula.get("t")
        body = formula.text or ""
        keep = {k: v for k, v in formula.attrib.items() if k not in ("t", "ref", "si")}
        if kind == "shared":
            index = formula.get("si")
            if formula.get("ref") is not None or index not in self.shared:
                self.shared[index] = (body, r, col_index(col))
            else:
                master, master_row, master_col = self.shared[index]
                body = translate_formula(master, r - master_row, col_index(col) - master_col)
        elif kind == "array":
            keep = {"t": "array", **keep}
            self.formulas.append(("area", formula.get("ref") or ref))
            keep["ref"] = f"\x06{len(self.formulas) - 1}\x07"
        elif kind is not None:
            keep = {"t": kind, **keep}
            if formula.get("ref"):
                keep["ref"] = formula.get("ref")
        self.formulas.append(("formula", body))
        self.formula_cells.formulas[(r, col_index(col))] = body
        result = self._result(r, col, cell)
        attrs = "".join(
            f" {self._name(k)}={quoteattr(v)}" if "\x06" not in v else f' {k}="{v}"'
            for k, v in keep.items()
        )
        cell_attrs = self._attrs(cell, skip=("r", "t"))
        mark = f"\x06{len(self.formulas) - 1}\x07"
        return (
            f'<c r="{col}\x01"{cell_attrs}\x12{result}\x13><f{attrs}>{mark}</f>\x14{result}\x13</c>'
        )

    def _result(self, r: int, col: str, cell) -> int:
        """Remember a formula cell's cached result; cached.py decides whether it stays."""
        value = cell.find(f"{_M}v")
        if value is None or not value.text:  # openpyxl writes <v></v>: no result at all
            value = None
        kind = f" t={quoteattr(cell.get('t'))}" if cell.get("t") and value is not None else ""
        xml = self._xml(value) if value is not None else ""
        self.results.append((r, col_index(col), kind, xml))
        return len(self.results) - 1

    # -- XML helpers --------------------------------------------------------------
    def _name(self, key: str) -> str:
        if key.startswith("{"):
            uri, local = key[1:].split("}", 1)
            if uri == "http://www.w3.org/XML/1998/namespace":
                return f"xml:{local}"
            return f"{self.reverse_ns.get(uri, 'ns')}:{local}"
        return key

    def _attrs(self, element, skip: tuple[str, ...], style: int | None = None) -> str:
        out = []
        for key, value in element.attrib.items():
            if key in skip:
                continue
            if key == "s" and style is not None:
                value = str(style)
            out.append(f" {self._name(key)}={quoteattr(value)}")
        if style is not None and "s" not in element.attrib and style:
            out.append(f' s="{style}"')
        return "".join(out)

    def _xml(self, element) -> str:
        text = etree.tostring(element, encoding="unicode", with_tail=False)
        return _strip_namespaces(text, self.root.nsmap)

    # -- results ------------------------------------------------------------------
    def source(self) -> str:
        parts = []
        for unit, place in self.units:
            parts.append(unit)
            self.places.extend([place] * (unit.count("\n") + 1))
        return LINE.join(parts)

    def merges_from(self, refs: list[str]) -> list[tuple[str, int, str, int, int | None]]:
        merges = []
        for ref in refs:
            first, _, last = ref.partition(":")
            c1, r1 = split_cell(first)
            c2, r2 = split_cell(last or first)
            loop = self.row_loop.get(r1)
            if loop is None or self.row_loop.get(r2) != loop:
                loop = None
            merges.append((c1, r1, c2, r2, loop))
        return merges


def _texts(node) -> list[str]:
    """The text of a string item, without its phonetic (rPh) runs."""
    out = []
    for element in node.iter(f"{_M}t"):
        parent = element.getparent()
        if parent is not None and parent.tag == f"{_M}rPh":
            continue
        out.append(element.text or "")
    return out


def shared_strings(data: bytes | None) -> tuple[list[str], list]:
    """The plain text of every shared string, and its <si> element, by index."""
    if not data:
        return [], []
    items = list(etree.fromstring(data).iter(f"{_M}si"))
    return ["".join(_texts(si)) for si in items], items


def _whole_tags(text: str) -> bool:
    """True when every tag in a run of text begins and ends in it."""
    rest = _PIECE.sub("", text)
    return not any(mark in rest for mark in ("{{", "}}", "{%", "%}", "{#", "#}"))


def _strip_namespaces(text: str, nsmap: dict) -> str:
    for prefix, uri in nsmap.items():
        declaration = f' xmlns:{prefix}="{uri}"' if prefix else f' xmlns="{uri}"'
        text = text.replace(declaration, "")
    return text


def _raw(text: str) -> str:
    """Fixed XML as Jinja source: wrapped in raw when it could be read as a tag."""
    if _TAG.search(text):
        return "{% raw %}" + text + "{% endraw %}"
    return text


def mixed_text(text: str) -> str:
    """Cell text with tags inside: fixed text escaped, each {{ }} escaped at render."""
    out = []
    position = 0
    for match in _PIECE.finditer(text):
        out.append(escape(text[position : match.start()]))
        if match.group(1):
            out.append(f"{match.group(1)} ({match.group(2).strip()})|_rk_text {match.group(3)}")
        else:
            out.append(match.group(4))
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)
