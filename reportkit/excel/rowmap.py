"""Where each template row went in one render, and references rewritten to follow.

A render repeats and removes rows; afterwards every reference in the workbook is
rewritten the way Excel's "insert rows" would: a range over a loop row grows to cover
every generated row, a reference below moves down. Inside a repeated row, a relative
reference to a row of the same repetition points at that repetition's copy (so
``=C5*D5`` stays on its own line), while a ``$``-absolute one sees the whole block.
"""

from __future__ import annotations

from collections.abc import Sequence

from .refs import MAX_ROW, Ref, parse_range, quote_sheet, rewrite_formula


class Frame:
    """One repetition of a row loop: the first and last output row of each template row
    in it, counting the repetitions of loops nested inside."""

    __slots__ = ("loop", "first", "last", "rows")

    def __init__(self, loop: int, first: int, last: int):
        self.loop = loop
        self.first, self.last = first, last  # the template rows of the loop, markers included
        self.rows: dict[int, tuple[int, int]] = {}


class RowMap:
    """Template row → output rows of one sheet after one render.

    Rows up to ``dense_end`` are tracked one by one (they may repeat or vanish);
    rows after it all move by the same ``delta``.
    """

    def __init__(self, spans: dict[int, tuple[int, int]], dense_end: int, delta: int):
        self.spans = spans
        self.dense_end = dense_end
        self.delta = delta
        self.identity = delta == 0 and all(spans.get(r) == (r, r) for r in range(1, dense_end + 1))

    def _at(self, row: int) -> tuple[int, int] | None:
        if row > self.dense_end:
            moved = min(max(row + self.delta, 1), MAX_ROW)
            return moved, moved
        return self.spans.get(row)

    def span(self, first: int, last: int) -> tuple[int, int] | None:
        """The output rows covered by template rows ``first..last``; None if all vanished."""
        low = high = None
        for row in range(first, min(last, self.dense_end + 1) + 1):
            found = self._at(row)
            if found:
                low = found[0]
                break
        else:
            if last > self.dense_end:
                low = self._at(max(first, self.dense_end + 1))[0]
        if low is None:
            return None
        if last > self.dense_end:
            high = self._at(last)[1]
        else:
            for row in range(last, first - 1, -1):
                found = self._at(row)
                if found:
                    high = found[1]
                    break
        return low, high

    def first_at_or_after(self, row: int) -> int:
        """Where something anchored at ``row`` lands (drawings): the next row that exists."""
        found = self.span(row, MAX_ROW)
        return found[0] if found else row

    def last_at_or_before(self, row: int) -> int:
        found = self.span(1, row)
        return found[1] if found else row


class Shifter:
    """Rewrites references with the row maps of every sheet of one render."""

    def __init__(self, maps: dict[str, RowMap], renames: dict[str, str] | None = None):
        self.maps = {name: m for name, m in maps.items() if not m.identity}
        self.renames = renames or {}

    def renamed(self, renames: dict[str, str]) -> Shifter:
        """The same maps, with references to some sheets renamed (sheet copies)."""
        other = Shifter({})
        other.maps = self.maps
        other.renames = renames
        return other

    @property
    def active(self) -> bool:
        return bool(self.maps or self.renames)

    def formula(
        self, text: str, own: str | None, frames: Sequence[Frame] = (), grow: bool = False
    ) -> str:
        """A formula with its references moved; a reference whose rows all vanished is 0.

        With ``grow`` (chart series), a single cell on a repeated row becomes the range of
        all its copies, as a one-row range would.
        """

        def change(ref: Ref) -> str | None:
            if ref.sheet is None:
                target = own
            else:
                target = self.renames.get(ref.sheet, ref.sheet)
            rowmap = self.maps.get(target)
            prefix = "" if ref.sheet is None else quote_sheet(target) + "!"
            if rowmap is None:
                return ref.text(prefix) if target != ref.sheet and ref.sheet else None
            cell = ref.r2 is None
            if grow and cell:
                ref = Ref(ref.sheet, ref.c1, ref.r1, ref.abs1, ref.c1, ref.r1, ref.abs1)
            moved = self._move(ref, rowmap, frames if target == own else ())
            if moved is None:
                return "0"
            if cell and moved.r1 == moved.r2:  # a single cell that did not grow stays one
                moved = Ref(None, moved.c1, moved.r1, moved.abs1, None, None, False)
            return moved.text(prefix)

        if not self.active:
            return text
        return rewrite_formula(text, change)

    def _move(self, ref: Ref, rowmap: RowMap, frames: Sequence[Frame]) -> Ref | None:
        single = ref.r2 is None
        last = ref.r1 if single else ref.r2
        low = high = _NOT_LOCAL
        if frames:
            if not ref.abs1:
                low = _local(frames, ref.r1, 0)
            if not single and not ref.abs2:
                high = _local(frames, last, 1)
        if low is _NOT_LOCAL or (not single and high is _NOT_LOCAL):
            found = rowmap.span(ref.r1, last)
            if low is _NOT_LOCAL:
                low = found[0] if found else None
            if high is _NOT_LOCAL:
                high = found[1] if found else None
        if single:
            if low is None:
                return None
            return Ref(None, ref.c1, low, ref.abs1, None, None, False)
        if low is None or high is None:
            return None
        if low > high:
            low, high = high, low
        return Ref(None, ref.c1, low, ref.abs1, ref.c2, high, ref.abs2)

    def area(self, text: str, own: str) -> str | None:
        """One range (``B5:D7``) moved, or None when its rows all vanished."""
        rowmap = self.maps.get(own)
        if rowmap is None:
            return text
        parsed = parse_range(text)
        if parsed is None:
            return text
        c1, r1, c2, r2 = parsed
        found = rowmap.span(r1, r2)
        if found is None:
            return None
        if c1 == c2 and found[0] == found[1] and ":" not in text:
            return f"{c1}{found[0]}"
        return f"{c1}{found[0]}:{c2}{found[1]}"

    def areas(self, text: str, own: str, drop: bool = False) -> str | None:
        """A space-separated list of ranges (``sqref``) moved; vanished ones dropped.

        When all vanished: None with ``drop`` (the caller drops what they belong to),
        else the row that took their place.
        """
        if own not in self.maps:
            return text
        moved = [self.area(part, own) for part in text.split()]
        kept = [part for part in moved if part]
        if kept:
            return " ".join(kept)
        if drop:
            return None
        rowmap = self.maps[own]
        parsed = parse_range(text.split()[0])
        if parsed is None:
            return text
        row = rowmap.first_at_or_after(parsed[1])
        return f"{parsed[0]}{row}:{parsed[2]}{row}"


_NOT_LOCAL = object()


def _local(frames: Sequence[Frame], row: int, edge: int):
    """The row's first (edge 0) or last (edge 1) copy in the repetition it belongs to.

    A row inside the loop of a repetition is looked up there only: if that repetition
    did not produce it, it vanished (None). Rows outside every loop are ``_NOT_LOCAL``.
    """
    for frame in reversed(frames):
        if frame.first <= row <= frame.last:
            found = frame.rows.get(row)
            return None if found is None else found[edge]
    return _NOT_LOCAL
