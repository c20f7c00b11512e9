"""Repairs after rendering that keep the output valid once loops have copied XML.

Each is a string pass run only when the part can need it, because a render must stay
cheap: drawing and bookmark ids made unique, comments anchored once, cells and tables
emptied by a loop given the content the schema requires, and the table grid matched to a
column loop's cells.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from .ooxml import W_TBL, W_TC, W_TR, XML_SPACE, children, parse, w

_DOCPR = re.compile(r'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')
_BOOKMARK = re.compile(r"<w:bookmark(Start|End)\b[^>]*>")
_ATTR_ID = re.compile(r'w:id="(\d+)"')
_ATTR_NAME = re.compile(r'w:name="([^"]*)"')
_EMPTY_CELL = re.compile(
    r"(<w:tc(?: [^>]*)?>\s*(?:<w:tcPr>(?:(?!</w:tcPr>).)*</w:tcPr>|<w:tcPr/>)?\s*)</w:tc>", re.S
)
_EMPTY_RUN = re.compile(
    r'<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t xml:space="preserve"></w:t></w:r>', re.S
)
_COMMENT_MARK = re.compile(
    r'<w:(commentRangeStart|commentRangeEnd|commentReference)\b[^>]*?\bw:id="(\d+)"[^>]*/>'
)
_CONTROL_ID = re.compile(r'<w:id w:val="(-?\d+)"/>')
_TABLE_ENDS_CELL = re.compile(r"(</w:tbl>\s*)</w:tc>")
_EMPTY_TABLE = re.compile(
    r"<w:tbl(?: [^>]*)?>(?:(?!<w:tr[ >]|<w:tbl[ >]|</w:tbl>).)*</w:tbl>", re.S
)


class Counters:
    """Ids handed out during one render, above every id the untouched parts use."""

    def __init__(self, drawing_floor: int, bookmark_floor: int):
        self.drawing = drawing_floor
        self.bookmark = bookmark_floor
        self.bookmark_names: set[str] = set()


def renumber_drawings(xml: str, counters: Counters) -> str:
    """Every drawing gets its own id, also those a loop copied and images just added."""
    if "<wp:docPr" not in xml:
        return xml

    def renumber(found: re.Match) -> str:
        counters.drawing += 1
        return f"{found.group(1)}{counters.drawing}{found.group(3)}"

    return _DOCPR.sub(renumber, xml)


def renumber_bookmarks(xml: str, counters: Counters, repeated: frozenset[str] = frozenset()) -> str:
    """Give copied bookmarks new ids (ends follow their starts) and unique names (but for
    the names in ``repeated``, which the template itself repeats)."""
    if "<w:bookmarkStart" not in xml:
        return xml
    open_ids: dict[str, list[int]] = {}

    def renumber(found: re.Match) -> str:
        tag = found.group()
        old = _ATTR_ID.search(tag)
        if old is None:
            return tag
        if found.group(1) == "Start":
            counters.bookmark += 1
            new = counters.bookmark
            open_ids.setdefault(old.group(1), []).append(new)
            tag = _ATTR_NAME.sub(
                lambda m: (
                    m.group()
                    if m.group(1) in repeated
                    else f'w:name="{_unique(m.group(1), counters)}"'
                ),
                tag,
            )
        else:
            pending = open_ids.get(old.group(1))
            if not pending:
                return tag
            new = pending.pop(0)
        return tag[: old.start()] + f'w:id="{new}"' + tag[old.end() :]

    return _BOOKMARK.sub(renumber, xml)


def drop_repeated_comments(xml: str) -> str:
    """A comment's marks copied by a loop: the first copy keeps them, the others lose them.

    A comment is one entry of comments.xml and Word refuses a document in which one
    comment is anchored twice; the comment stays where the author put it first.
    """
    if "<w:comment" not in xml:
        return xml
    seen: set[tuple[str, str]] = set()

    def keep_first(found: re.Match) -> str:
        key = (found.group(1), found.group(2))
        if key in seen:
            return ""
        seen.add(key)
        return found.group()

    return _COMMENT_MARK.sub(keep_first, xml)


def drop_repeated_control_ids(xml: str, repeated: frozenset[str] = frozenset()) -> str:
    """A content control copied by a loop: the copies lose its id (optional; Word wants
    each id once), the first keeps it; ids the template itself repeats stay."""
    if "<w:id " not in xml:
        return xml
    seen: set[str] = set(repeated)

    def keep_first(found: re.Match) -> str:
        if found.group(1) in repeated:
            return found.group()
        if found.group(1) in seen:
            return ""
        seen.add(found.group(1))
        return found.group()

    return _CONTROL_ID.sub(keep_first, xml)


def _unique(name: str, counters: Counters) -> str:
    candidate, n = name, 1
    while candidate in counters.bookmark_names:
        n += 1
        candidate = f"{name}_{n}"
    counters.bookmark_names.add(candidate)
    return candidate


def drop_empty_runs(xml: str) -> str:
    """Runs left with no text where a rich value closed the run around its tag."""
    return _EMPTY_RUN.sub("", xml)


def fill_empty_cells(xml: str) -> str:
    """A cell must end with a paragraph, also when a condition removed its paragraphs."""
    if all(cell.rstrip().endswith("</w:p>") for cell in xml.split("</w:tc>")[:-1]):
        return xml  # the usual case, found far faster than the patterns below scan
    xml = _EMPTY_CELL.sub(r"\1<w:p/></w:tc>", xml)
    return _TABLE_ENDS_CELL.sub(r"\1<w:p/></w:tc>", xml)


def drop_empty_tables(xml: str) -> str:
    """A table whose rows a loop removed is not allowed; it goes."""
    if not any(_rowless_end(piece) for piece in xml.split("</w:tbl>")[:-1]):
        return xml
    return _EMPTY_TABLE.sub("", xml)


def _rowless_end(piece: str) -> bool:
    """Whether the table closing after ``piece`` may have no row: none after its start."""
    start = max(piece.rfind("<w:tbl>"), piece.rfind("<w:tbl "))
    if start < 0:
        return False
    rest = piece[start:]
    return "<w:tr>" not in rest and "<w:tr " not in rest


def split_paragraphs(xml: str, mark: str) -> str:
    """End the paragraph at each ``mark`` a value brought (docxtpl's ``\a``) and go on in
    a new one with the same paragraph and run formatting."""
    if mark not in xml:
        return xml
    head, sep, body = xml.partition("?>")
    declared = sep and head.startswith("<?xml")
    root = parse((body if declared else xml).encode())
    for t in [t for t in root.iter(w("t")) if t.text and mark in t.text]:
        while mark in (t.text or ""):
            t = _split_at(t, mark)
    out = etree.tostring(root, encoding="unicode")
    return f"{head}{sep}{out}" if declared else out


def _split_at(t, mark: str):
    """Split ``t``'s paragraph at the first ``mark`` in it; the w:t holding the rest."""
    before, _, after = t.text.partition(mark)
    t.text = before
    run = t.getparent()
    paragraph = run.getparent()
    rest = etree.Element(w("t"))
    rest.text = after
    rest.set(XML_SPACE, "preserve")
    if run.tag != w("r") or paragraph is None or paragraph.tag != w("p"):
        t.addnext(etree.Element(w("br")))  # inside a link or control: a line break
        t.getparent().insert(t.getparent().index(t) + 2, rest)
        return rest
    new_run = _continuation(run, w("rPr"), rest, after=t)
    paragraph.addnext(_continuation(paragraph, w("pPr"), new_run, after=run))
    return rest


def _continuation(element, props_tag: str, first, *, after):
    """A new ``element`` with a copy of its properties, holding ``first`` and then every
    child that came after ``after`` (moved)."""
    new = etree.Element(element.tag)
    props = element.find(props_tag)
    if props is not None:
        new.append(copy.deepcopy(props))
    new.append(first)
    for sibling in list(after.itersiblings()):
        new.append(sibling)
    return new


def fit_grids(xml: str) -> str:
    """Make each table's grid match its widest row after a column loop.

    The table keeps its total width; columns share it evenly when their count changed.
    """
    head, sep, body = xml.partition("?>")
    root = parse((body if sep and head.startswith("<?xml") else xml).encode())
    empty_spans = [span for span in root.iter(w("gridSpan")) if _span_of(span) < 1]
    for span in empty_spans:  # a span computed from empty data: the cell spans one column
        span.getparent().remove(span)
    changed = bool(empty_spans)
    for table in list(root.iter(W_TBL)):
        dropped = _drop_rows_without_cells(table)
        fitted = table.getparent() is not None and _fit_grid(table)
        changed = changed or dropped or fitted
    if not changed:
        return xml
    out = etree.tostring(root, encoding="unicode")
    return f"{head}{sep}{out}" if sep and head.startswith("<?xml") else out


def _drop_rows_without_cells(table) -> bool:
    """A column loop over nothing leaves rows with no cell: they go, and the table with
    them when no row is left (its cell, if nested, keeps the paragraph it must end with)."""
    empty = [row for row in table if row.tag == W_TR and not children(row, W_TC)]
    if not empty:
        return False
    for row in empty:
        table.remove(row)
    if table.find(W_TR) is None:
        parent = table.getparent()
        parent.remove(table)
        if parent.tag == W_TC and parent.find(w("p")) is None:
            etree.SubElement(parent, w("p"))
    return True


def _fit_grid(table) -> bool:
    """Match the grid to the widest row after a column loop; the table keeps its width.

    Columns keep the proportions of the cells that made them (each copy of a repeated cell
    brings its width); when a cell of that row has no width in twips, they share evenly.
    """
    grid = table.find(w("tblGrid"))
    if grid is None:
        return False
    columns = [c for c in grid if c.tag == w("gridCol")]
    rows = children(table, W_TR)
    if not rows:
        return False
    spans = [sum(_span(c) for c in children(r, W_TC)) for r in rows]
    count = max(spans)
    if count == 0:
        return False
    current = [int(c.get(w("w"), "0") or 0) for c in columns]
    shares = _column_shares(rows[spans.index(count)])
    if count == len(columns) and (shares is None or [round(s) for s in shares] == current):
        return False  # loop cells can replace the marker cells one for one
    total = sum(current) or 9000
    if shares:
        widths = [round(share * total / sum(shares)) for share in shares]
    else:
        widths = [total // count] * count
    for c in columns:
        grid.remove(c)
    for width in widths:
        etree.SubElement(grid, w("gridCol")).set(w("w"), str(width))
    for row in rows:
        column = 0
        for cell in children(row, W_TC):
            span = _span(cell)
            tcw = cell.find(f"{w('tcPr')}/{w('tcW')}")
            if tcw is not None:
                tcw.set(w("w"), str(sum(widths[column : column + span])))
                tcw.set(w("type"), "dxa")
            column += span
    return True


def _column_shares(row) -> list[float] | None:
    """Each grid column's width in the cells of ``row`` (twips), or None if one lacks it."""
    shares: list[float] = []
    for cell in children(row, W_TC):
        tcw = cell.find(f"{w('tcPr')}/{w('tcW')}")
        if tcw is None or tcw.get(w("type"), "dxa") != "dxa":
            return None
        try:
            width = int(tcw.get(w("w"), ""))
        except ValueError:
            return None
        if width <= 0:
            return None
        shares += [width / _span(cell)] * _span(cell)
    return shares


def _span(cell) -> int:
    """The columns a cell spans: at least one."""
    span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
    return max(_span_of(span), 1) if span is not None else 1


def _span_of(span) -> int:
    try:
        return int(span.get(w("val")))
    except (TypeError, ValueError):
        return 1
