"""A rendered sheet put back together: rows numbered, formulas and ranges moved.

One pass over the sentinels a sheet's render yields (see sheet.py) numbers the rows and
records where each template row went; formulas are filled in once every sheet's rows
are known, since a formula may refer to rows of a sheet rendered later.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from ..errors import TemplateError
from ..formatting.numbers import number
from ..i18n import _
from .refs import MAX_ROW
from .reftext import Slot, shift_slot
from .rowmap import Frame, RowMap, Shifter
from .sheet import CompiledSheet, place_of
from .vanished import VANISHED, without_vanished

_TOKEN = re.compile("([\x02\x04\x05\x08])(\\d+)\x03")
_FORMULA_MARK = re.compile("\x06(\\d+)\x07")


class RenderedSheet:
    """One rendered copy of a sheet: its rows numbered, formulas still to fill in."""

    def __init__(self, sheet: CompiledSheet, title: str, body: str, file: str):
        self.sheet = sheet
        self.title = title
        self.rows: list[str] = []
        self.pending: list[tuple[int, int, tuple[Frame, ...]]] = []
        self.frames: dict[int, list[Frame]] = {}
        self.rowmap = self._number(body, file)

    def _number(self, body: str, file: str) -> RowMap:
        pieces = _TOKEN.split(body)
        dense_end = self.sheet.dense_end
        gaps = self.sheet.gaps
        out = 0
        spans: dict[int, tuple[int, int]] = {}
        stack: list[Frame] = []
        rows = self.rows
        for index in range(1, len(pieces), 3):
            kind, number, content = pieces[index], int(pieces[index + 1]), pieces[index + 2]
            if kind == "\x02":
                if number <= dense_end:
                    out += 1
                    row = out
                    self._record(spans, stack, number, row)
                else:
                    row = number + out - dense_end
                if row > MAX_ROW:
                    raise self._too_many_rows(stack, file)
                if content:
                    if "\x06" in content:
                        self.pending.append((len(rows), row, tuple(stack)))
                    rows.append(content.replace("\x01", str(row)))
            elif kind == "\x08":
                for offset in range(gaps[number]):
                    self._record(spans, stack, number + offset, out + 1 + offset)
                out += gaps[number]
                if out > MAX_ROW:
                    raise self._too_many_rows(stack, file)
            elif kind == "\x04":
                if stack and stack[-1].loop == number:
                    stack.pop()
                frame = Frame(number, *self.sheet.loop_rows[number])
                stack.append(frame)
                self.frames.setdefault(number, []).append(frame)
            else:
                while stack and stack.pop().loop != number:
                    pass
        return RowMap(spans, dense_end, out - dense_end)

    @staticmethod
    def _record(spans: dict, stack: list[Frame], template_row: int, row: int) -> None:
        found = spans.get(template_row)
        spans[template_row] = (found[0], row) if found else (row, row)
        for frame in stack:
            seen = frame.rows.get(template_row)
            frame.rows[template_row] = (seen[0], row) if seen else (row, row)

    def _too_many_rows(self, stack: list[Frame], file: str) -> TemplateError:
        place = self.sheet.loop_places.get(stack[0].loop) if stack else None
        return TemplateError(
            _("the loop produces more rows than Excel allows ({most})").format(
                most=number(MAX_ROW)
            ),
            file=file,
            location=place or place_of(self.title, "A1"),
        )

    def finish(self, shifter: Shifter) -> str:
        """The sheet XML with every reference moved for this render."""
        sheet = self.sheet
        formulas = sheet.formulas
        own = self.title
        rows = self.rows
        for index, _row, frames in self.pending:

            def fill(match: re.Match, frames=frames) -> str:
                kind, text = formulas[int(match.group(1))]
                moved = shifter.formula(text, own, frames)
                if kind == "area" and moved == "0":  # the range of an array formula
                    return escape(text)
                return escape(moved)

            rows[index] = _FORMULA_MARK.sub(fill, rows[index])

        def fill_slot(slot: Slot) -> str:
            if slot.kind == "merges":
                return self._merges(shifter)
            if slot.kind == "sparkline":
                return self._sparklines(slot.text, shifter)
            if slot.kind == "areas":
                moved = shifter.areas(slot.text, own, drop=True)
                return VANISHED if moved is None else escape(moved)
            return shift_slot(slot, shifter, own)

        head = without_vanished(sheet.head.render(fill_slot))
        tail = without_vanished(sheet.tail.render(fill_slot))
        if sheet.data_empty and not rows:
            return head + sheet.data_open + tail
        opening = sheet.data_open if not sheet.data_empty else sheet.data_open[:-2] + ">"
        prefix = re.match(r"<(\w+:)?", opening).group(1) or ""
        return f"{head}{opening}{''.join(rows)}</{prefix}sheetData>{tail}"

    def copies(self, row: int, shifter: Shifter) -> list[int]:
        """The output rows of template ``row``: one per copy on a loop row, none when the
        row is a marker or the render left it out."""
        rowmap = shifter.maps.get(self.title)
        if rowmap is None:
            return [row]
        loop = self.sheet.row_loop.get(row)
        if loop is not None:
            return [frame.rows[row][0] for frame in self.frames.get(loop, ()) if row in frame.rows]
        span = rowmap.span(row, row)
        return [span[0]] if span else []

    def _sparklines(self, mark: str, shifter: Shifter) -> str:
        """One sparkline per copy of its loop row, reading that copy's cells."""
        refs, loop = self.sheet.sparklines[mark]
        own = self.title
        return "".join(
            refs.render(lambda slot, frame=frame: escape(shifter.formula(slot.text, own, (frame,))))
            for frame in self.frames.get(loop, ())
        )

    def _merges(self, shifter: Shifter) -> str:
        found = []
        rowmap = shifter.maps.get(self.title)
        for c1, r1, c2, r2, loop in self.sheet.merges:
            if rowmap is None:
                found.append((c1, r1, c2, r2))
            elif loop is not None:
                for frame in self.frames.get(loop, ()):
                    first, last = frame.rows.get(r1), frame.rows.get(r2)
                    if first is not None and last is not None:
                        found.append((c1, first[0], c2, last[1]))
            else:
                span = rowmap.span(r1, r2)
                if span:
                    found.append((c1, span[0], c2, span[1]))
        if not found:
            return ""
        cells = "".join(f'<mergeCell ref="{a}{b}:{c}{d}"/>' for a, b, c, d in found)
        return f'<mergeCells count="{len(found)}">{cells}</mergeCells>'
