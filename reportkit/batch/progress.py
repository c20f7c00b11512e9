"""A batch's progress for a person: a bar on a terminal, one plain line per unit in a log.

It writes to the stream it is given (the CLI passes stderr); the library never prints.
"""

from __future__ import annotations

import time
from typing import TextIO

from ..i18n import N_, _, ngettext
from .worker import FAILED, INVALID, UNCHANGED, WRITTEN, UnitResult

# What a unit's status says to a person (the manifest keeps the status itself).
STATUS_WORDS = {
    WRITTEN: N_("written"),
    UNCHANGED: N_("unchanged"),
    INVALID: N_("invalid"),
    FAILED: N_("failed"),
}

_RENDERED = N_("{done}/{total} units rendered")  # the stages of a batch with PDFs
_PDFS = N_("{done}/{total} PDFs")
_BAR_WIDTH = 30
_REDRAW_SECONDS = 0.1


class Progress:
    """Call it with each unit's result as it comes, ``step`` with the stages of a batch with
    PDFs (units rendered, PDFs converted); ``close()`` at the end."""

    def __init__(
        self,
        stream: TextIO,
        interactive: bool | None = None,
        redraw_seconds: float = _REDRAW_SECONDS,
    ):
        self.stream = stream
        self.interactive = stream.isatty() if interactive is None else interactive
        self.redraw_seconds = redraw_seconds  # a bar redrawn at most this often
        self.started = time.monotonic()
        self.problems = 0
        self._drawn_at = 0.0
        self._drawn = False
        self._width = 0
        self._pdfs: tuple[int, int] | None = None  # (done, total) while PDFs are converted

    def __call__(self, result: UnitResult, done: int, total: int) -> None:
        if not result.ok:
            self.problems += 1
        if self.interactive:
            now = time.monotonic()
            converting = self._pdfs is not None and self._pdfs[0] < self._pdfs[1]
            if done == total or (not converting and now - self._drawn_at >= self.redraw_seconds):
                self._drawn_at = now
                self._draw(done, total, _("{done}/{total} units"))
        else:
            self.stream.write(_line(result, done, total) + "\n")
            self.stream.flush()

    def step(self, stage: str, done: int, total: int) -> None:
        """A stage's progress: "rendered" units, then "PDFs" converted. On a terminal the
        bar follows it (units finished meanwhile do not take it back); a log gets one line
        when the rendering is over (its units' lines come as their PDFs are written)."""
        if stage == "PDFs":
            self._pdfs = (done, total)
        if self.interactive:
            now = time.monotonic()
            if done == total or now - self._drawn_at >= self.redraw_seconds:
                self._drawn_at = now
                counted = _RENDERED if stage == "rendered" else _PDFS
                self._draw(done, total, _(counted))
        elif stage == "rendered" and done == total:
            line = _("rendered {done}/{total} units; converting to PDF")
            self.stream.write(line.format(done=done, total=total) + "\n")
            self.stream.flush()

    def _draw(self, done: int, total: int, counted: str) -> None:
        """``counted`` says what is counted, e.g. "{done}/{total} units", translated."""
        filled = _BAR_WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        elapsed = int(time.monotonic() - self.started)
        problems = _("  {count} with errors").format(count=self.problems) if self.problems else ""
        units = counted.format(done=done, total=total)
        text = f"\r[{bar}] {units}{problems}  {elapsed // 60}:{elapsed % 60:02d}"
        self._width = max(self._width, len(text))
        self.stream.write(text.ljust(self._width))  # spaces over a longer line drawn before
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line, so what follows starts on a line of its own."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _line(result: UnitResult, done: int, total: int) -> str:
    width = len(str(total))
    status = status_word(result.status)
    text = f"[{done:>{width}}/{total}] {status:<9} {result.input.name}"
    if result.name:
        text += f" ({result.name})"
    count = sum(len(getattr(error, "problems", [error])) for error in result.errors)
    if count:
        text += ": " + ngettext("{count} problem", "{count} problems", count).format(count=count)
    return text


def status_word(status: str) -> str:
    """A unit's status as a person reads it, in the current language."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status
