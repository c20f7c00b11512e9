"""Names for places in a part that a person can find: paragraph, table, row, cell."""

from __future__ import annotations

from lxml import etree

from .normalize import own_elements
from .ooxml import W_P, W_R, W_T, W_TBL, W_TC, W_TR, W_TXBX, children, w

_QUOTE_LENGTH = 60


def quote(text: str) -> str:
    """Paragraph text, shortened, in the quotation marks Vietnamese documents use."""
    text = " ".join(text.split())
    if len(text) > _QUOTE_LENGTH:
        text = text[: _QUOTE_LENGTH - 1].rstrip() + "…"
    return f"“{text}”"


class Places:
    """The place of every paragraph, row and cell of one part, named before any rewrite."""

    def __init__(self, part: str, root: etree._Element):
        self.part = part
        self._names: dict[etree._Element, str] = {}
        tables = {tbl: i for i, tbl in enumerate(root.iter(W_TBL), 1)}
        body_paragraphs = 0
        for el in root.iter(W_P, W_TR, W_TC):
            where = self._container(el, tables)
            text = _text_of(el)
            if el.tag == W_P and not where:
                body_paragraphs += 1
                where = f"paragraph {body_paragraphs}"
            self._names[el] = f"{part}, {where} ({quote(text)})"

    @staticmethod
    def _container(el, tables) -> str:
        """``table 2, row 3, cell 1`` (innermost table), ``text box``, or "" for body text."""
        cell = row = None
        node = el
        while node is not None:
            if node.tag == W_TC and cell is None:
                cell = node
            elif node.tag == W_TR and row is None:
                row = node
            elif node.tag == W_TBL:
                where = f"table {tables[node]}"
                if row is not None:
                    rows = children(node, W_TR)
                    where += f", row {rows.index(row) + 1}"
                    if cell is not None:
                        cells = children(row, W_TC)
                        if cell in cells:
                            where += f", cell {cells.index(cell) + 1}"
                return where
            elif node.tag == W_TXBX:
                return "text box"
            node = node.getparent()
        return ""

    def of(self, el: etree._Element) -> str:
        """The place of ``el``, or of the nearest paragraph, row or cell around it."""
        node = el
        while node is not None:
            if node in self._names:
                return self._names[node]
            node = node.getparent()
        return self.part


_SPACES = (w("br"), w("cr"), w("tab"))


def _text_of(el) -> str:
    """What a person sees of a paragraph (line breaks and tabs as spaces), row or cell."""
    if el.tag != W_P:
        return " ".join(_text_of(p) for p in el.iter(W_P)).strip()
    return "".join(
        (e.text or "") if e.tag == W_T else " "
        for e in own_elements(el, W_T, *_SPACES)
        if e.tag == W_T or e.getparent().tag == W_R  # not the tab stops of w:pPr
    )
