"""Comments (notes) follow their cells through row loops, as Excel would copy them.

A comment on a loop row is written once for every copy of that row, each with its own
note box in the VML drawing; a comment on a marker row, or on a row a render left out,
goes with that row. Comments elsewhere move with their cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .refs import split_cell
from .reftext import RefText, Slot, compile_vml

_COMMENT = re.compile(r"<(?P<p>\w+:)?comment\b[^>]*?(?:/>|>.*?</(?P=p)?comment>)", re.S)
_COMMENT_REF = re.compile(r'(\sref=")([^"]+)(")')
_NOTE = re.compile(
    r"<(?P<p>\w+:)?shape\b[^>]*>(?:(?!</(?P=p)?shape>).)*?ObjectType=\"Note\".*?</(?P=p)?shape>",
    re.S,
)
_NOTE_ROW = re.compile(r"(<(?:\w+:)?Row>)(\d+)(</)")
_NOTE_ANCHOR = re.compile(r"(<(?:\w+:)?Anchor>)([^<]*)(</)")
_SHAPE_ID = re.compile(r'(\sid="_x0000_s)(\d+)(")')

# Where each template row of a sheet went in one render: its output rows (one per copy).
RowCopies = Callable[[int], list[int]]


def compile_comments(text: str) -> RefText:
    """A comments part with each ``<comment>`` a slot of its own."""
    return RefText(_split(text, _COMMENT, "comment", lambda piece: [piece]))


def compile_notes(text: str) -> RefText:
    """A VML drawing with each comment's note box a slot; other shapes move as before."""
    return RefText(_split(text, _NOTE, "note", lambda piece: compile_vml(piece).pieces))


def _split(text: str, pattern: re.Pattern, kind: str, rest) -> list:
    pieces: list = []
    position = 0
    for match in pattern.finditer(text):
        pieces += rest(text[position : match.start()])
        pieces.append(Slot(kind, match.group(), raw=True))
        position = match.end()
    pieces += rest(text[position:])
    return pieces


class CommentCopies:
    """Writes the comment and note slots of one sheet copy for one render."""

    def __init__(self, copies: RowCopies, notes: RefText | None = None):
        self.copies = copies
        ids = [int(found[1]) for found in _SHAPE_ID.findall(notes.original)] if notes else []
        self.next_id = max(ids, default=1024) + 1

    def comment(self, xml: str) -> str:
        found = _COMMENT_REF.search(xml)
        if found is None:
            return xml
        col, row = split_cell(found.group(2))
        return "".join(
            xml[: found.start(2)] + f"{col}{new}" + xml[found.end(2) :] for new in self.copies(row)
        )

    def note(self, xml: str) -> str:
        found = _NOTE_ROW.search(xml)
        if found is None:
            return xml
        row = int(found.group(2)) + 1
        out = []
        for index, new in enumerate(self.copies(row)):
            delta = new - row
            copy = _NOTE_ROW.sub(lambda m, new=new: f"{m[1]}{new - 1}{m[3]}", xml, count=1)
            copy = _NOTE_ANCHOR.sub(lambda m, d=delta: m[1] + _moved_anchor(m[2], d) + m[3], copy)
            if index:
                copy = _SHAPE_ID.sub(self._fresh_id, copy, count=1)
            out.append(copy)
        return "".join(out)

    def _fresh_id(self, match: re.Match) -> str:
        self.next_id += 1
        return f"{match[1]}{self.next_id - 1}{match[3]}"


def _moved_anchor(text: str, delta: int) -> str:
    """``LeftColumn, LeftOffset, TopRow, TopOffset, RightColumn, …, BottomRow, …`` moved,
    written with the spacing it had."""
    numbers = list(re.finditer(r"\d+", text))
    if delta == 0 or len(numbers) != 8:
        return text
    out = []
    position = 0
    for index in (2, 6):
        found = numbers[index]
        out += [text[position : found.start()], str(max(int(found.group()) + delta, 0))]
        position = found.end()
    return "".join(out) + text[position:]
