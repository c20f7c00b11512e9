"""XML text kept as written, with the places that hold cell references marked.

A part (the top and bottom of a worksheet, workbook.xml, a table, a chart, a drawing)
is split once into fixed text and slots; a render only rewrites the slots, so every
other byte of the part stays exactly as the template had it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, unescape

from .rowmap import Shifter

_ENTITIES = {"&quot;": '"', "&apos;": "'"}

# sqref/ref attributes; elements holding a formula or a list of ranges.
_SLOT = re.compile(
    r'(?P<attr>\s(?P<aname>sqref|ref)=")(?P<aval>[^"]*)"'
    r"|(?P<open><(?P<tag>(?:\w+:)?(?P<local>formula|formula1|formula2|f|sqref"
    r"|calculatedColumnFormula|totalsRowFormula|definedName))(?:\s[^>]*)?>)"
    r"(?P<text>[^<]+)(?=</(?P=tag)>)"
)
# Drawing anchors: <xdr:from>…<xdr:row>9</xdr:row>…</xdr:from> (rows counted from 0).
_ANCHOR = re.compile(r"<(?P<p>(?:\w+:)?)(?P<edge>from|to)>.*?</(?P=p)(?P=edge)>", re.S)
_ANCHOR_ROW = re.compile(r"(<(?:\w+:)?row>)(\d+)(</)")


# Comment boxes in VML: <x:Row>4</x:Row> and <x:Anchor>3, 15, 4, 2, 5, 15, 8, 4</x:Anchor>.
_VML = re.compile(r"<(?P<p>(?:\w+:)?)(?P<tag>Row|Anchor)>(?P<value>[^<]*)</(?P=p)(?P=tag)>")


@dataclass(frozen=True)
class Slot:
    kind: str  # "formula", "area", "areas", "from", "to" or a caller's own kind
    text: str  # as the reference appears, XML entities decoded
    raw: bool = False  # the text is XML as written (a whole element), not decoded


class RefText:
    """Fixed text and slots, alternating: ``[text, Slot, text, ...]``."""

    def __init__(self, pieces: list[str | Slot]):
        self.pieces = pieces
        self.original = "".join(
            p if isinstance(p, str) else p.text if p.raw else escape(p.text) for p in pieces
        )
        self.has_slots = any(isinstance(p, Slot) for p in pieces)

    def render(self, fill: Callable[[Slot], str]) -> str:
        if not self.has_slots:
            return self.original
        return "".join(p if isinstance(p, str) else fill(p) for p in self.pieces)


def compile_refs(
    text: str, extra: dict[str, str] | None = None, formula_kind: str = "formula"
) -> RefText:
    """Mark the reference slots of XML ``text``; ``extra`` marks more fixed strings as slots.

    ``formula_kind`` names the kind of the formula slots ("series" in charts).
    """
    pieces: list[str | Slot] = []
    position = 0
    for match in _SLOT.finditer(text):
        if match.group("attr"):
            kind = "areas" if match.group("aname") == "sqref" else "area"
            start, end, value = match.start("aval"), match.end("aval"), match.group("aval")
        else:
            local = match.group("local")
            kind = "areas" if local == "sqref" else formula_kind
            start, end, value = match.start("text"), match.end("text"), match.group("text")
        pieces.append(text[position:start])
        pieces.append(Slot(kind, unescape(value, _ENTITIES)))
        position = end
    pieces.append(text[position:])
    if extra:
        pieces = _split_extra(pieces, extra)
    return RefText(pieces)


def _split_extra(pieces: list[str | Slot], extra: dict[str, str]) -> list[str | Slot]:
    """Each occurrence of a marker of ``extra`` becomes a slot of its kind, in text order."""
    markers = re.compile("|".join(map(re.escape, extra)))
    result: list[str | Slot] = []
    for piece in pieces:
        if isinstance(piece, Slot):
            result.append(piece)
            continue
        position = 0
        for found in markers.finditer(piece):
            result += [piece[position : found.start()], Slot(extra[found.group()], found.group())]
            position = found.end()
        result.append(piece[position:])
    return result


def compile_anchors(text: str) -> RefText:
    """Mark the anchor rows of a drawing part (they move with the rows they sit on)."""
    pieces: list[str | Slot] = []
    position = 0
    for anchor in _ANCHOR.finditer(text):
        row = _ANCHOR_ROW.search(anchor.group(0))
        if row is None:
            continue
        start = anchor.start() + row.start(2)
        pieces.append(text[position:start])
        pieces.append(Slot(anchor.group("edge"), row.group(2)))
        position = anchor.start() + row.end(2)
    pieces.append(text[position:])
    return RefText(pieces)


def compile_vml(text: str) -> RefText:
    """Mark the rows of the comment boxes of a VML drawing (they must match the cells)."""
    pieces: list[str | Slot] = []
    position = 0
    for match in _VML.finditer(text):
        pieces.append(text[position : match.start("value")])
        kind = "from" if match.group("tag") == "Row" else "vml-anchor"
        pieces.append(Slot(kind, match.group("value")))
        position = match.end("value")
    pieces.append(text[position:])
    return RefText(pieces)


def shift_slot(slot: Slot, shifter: Shifter, own: str | None) -> str:
    """The standard slots rewritten for one render (XML-escaped again)."""
    if slot.kind == "formula":
        return escape(shifter.formula(slot.text, own))
    if slot.kind == "series":
        return escape(shifter.formula(slot.text, own, grow=True))
    if own is None:
        return escape(slot.text)
    if slot.kind == "area":
        return escape(shifter.area(slot.text, own) or slot.text)
    if slot.kind == "areas":
        return escape(shifter.areas(slot.text, own) or slot.text)
    rowmap = shifter.maps.get(own)
    if rowmap is None:
        return slot.text
    if slot.kind == "vml-anchor":
        numbers = [part.strip() for part in slot.text.split(",")]
        if len(numbers) != 8 or not all(n.isdigit() for n in numbers):
            return slot.text
        for index in (2, 6):
            numbers[index] = str(rowmap.first_at_or_after(int(numbers[index]) + 1) - 1)
        return ", ".join(numbers)
    row = int(slot.text) + 1
    if slot.kind == "from":
        return str(rowmap.first_at_or_after(row) - 1)
    return str(rowmap.last_at_or_before(row) - 1)
