"""The one error type users see: a message and the place it is about.

Every layer raises these where the problem is known; only the CLI turns them into a
line for a person and an exit code. They pickle, so they cross batch worker processes.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass

from .i18n import N_, _, ngettext

# The words of a place, kept in English in a location (which a compiled template caches and a
# reader parses) and said in the reader's language when the error is shown.
_PLACE_WORDS = {
    "line": N_("line {number}"),
    "paragraph": N_("paragraph {number}"),
    "table": N_("table {number}"),
    "row": N_("row {number}"),
    "column": N_("column {number}"),
    "cell": N_("cell {number}"),
}
_PLACE_NAMES = {"text box": N_("text box")}
# The parts of a Word document, by the name a person knows them by (in English, the part's
# own name, which a template author can open)
_PART_NAMES = {
    "document": N_("word/document.xml"),
    "header": N_("word/header{number}.xml"),
    "footer": N_("word/footer{number}.xml"),
    "footnotes": N_("word/footnotes.xml"),
    "endnotes": N_("word/endnotes.xml"),
    "comments": N_("word/comments.xml"),
}
_PART = re.compile(r"\bword/(document|header|footer|footnotes|endnotes|comments)(\d*)\.xml\b")
_WORDS, _NAMES = "|".join(_PLACE_WORDS), "|".join(_PLACE_NAMES)
_PLACE_WORD = re.compile(rf"\b({_WORDS}) (\d+)\b|\b({_NAMES})\b")
_QUOTED = re.compile(r"(“[^”]*”|'[^']*'!?)")


# What the operating system says of the usual file errors, in the reader's language.
_OS_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EEXIST: N_("it already exists"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EBUSY: N_("it is in use by another program"),
    errno.EADDRINUSE: N_("the address is already in use"),
}


def os_reason(error: OSError) -> str:
    """Why the operating system refused, said in the current language where it is one of
    the usual reasons (else as the system says it)."""
    reason = _OS_REASONS.get(error.errno or 0)
    return _(reason) if reason else (error.strerror or str(error))


def spoken_place(location: str | None) -> str | None:
    """``location`` with its place words in the current language: "paragraph 12" is
    "đoạn 12" in Vietnamese; quoted text (a paragraph's words, a sheet's name) is kept."""
    if not location:
        return location
    pieces = _QUOTED.split(location)
    for index in range(0, len(pieces), 2):  # the even pieces are outside quotes
        pieces[index] = _PLACE_WORD.sub(_say_place_word, pieces[index])
        pieces[index] = _PART.sub(_say_part, pieces[index])
    return "".join(pieces)


def _say_part(match: re.Match) -> str:
    return _(_PART_NAMES[match.group(1)]).format(number=match.group(2))


def _say_place_word(match: re.Match) -> str:
    if match.group(3):
        return _(_PLACE_NAMES[match.group(3)])
    return _(_PLACE_WORDS[match.group(1)]).format(number=match.group(2))


class ReportkitError(Exception):
    """A problem a user can fix: what is wrong, in which file, and where in it.

    ``location`` is a place a person can find: ``line 14``, ``'Chỉ tiêu'!C7``,
    ``word/document.xml, paragraph 12 ("Năm {{ year ...")``.
    """

    def __init__(self, message: str, *, file: str | None = None, location: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.location = location

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.file, self.location))

    def at(self, *, file: str | None = None, location: str | None = None) -> ReportkitError:
        """Fill in the file or location when a caller knows them and the raiser did not."""
        if self.file is None and file is not None:
            self.file = file
        if self.location is None and location is not None:
            self.location = location
        return self

    def __str__(self) -> str:
        parts = (self.file, spoken_place(self.location), self.message)
        return ": ".join(part for part in parts if part)


def _rebuild(cls, message, file, location):
    return cls(message, file=file, location=location)


class TemplateError(ReportkitError):
    """A template cannot be read, compiled or rendered."""


class InputError(ReportkitError):
    """An input file cannot be read at all (missing, wrong format, damaged)."""


class OutputError(ReportkitError):
    """An output cannot be written where it was asked for (no such folder, no permission)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input data, with where it was found."""

    message: str
    file: str | None = None
    location: str | None = None  # "line 14" or "'Chỉ tiêu'!C7"
    field: str | None = None  # "counts.signed_docs"
    value: object = None

    def __str__(self) -> str:
        """``file:14: counts.signed_docs: …`` for a data file, whose reader finds a field by
        its line and name; ``form.xlsx:'Chỉ tiêu'!C7: …`` for an entry form, whose reader
        finds the cell, and whose message starts with the cell's label, never a code word."""
        where = ":".join(p for p in (self.file, _short(self.location)) if p)
        in_a_cell = bool(self.location and "!" in self.location)
        parts = [p for p in (where, None if in_a_cell else self.field, self.message) if p]
        return ": ".join(parts)


def _short(location: str | None) -> str | None:
    """``14`` for ``line 14`` (``file:14:``, as compilers and editors write it)."""
    if location and location.startswith("line "):
        return location[5:]
    return spoken_place(location)


class ValidationError(ReportkitError):
    """The data has one or more problems; all of them are listed at once."""

    def __init__(self, problems: list[Problem], *, file: str | None = None):
        self.problems = list(problems)
        count = len(self.problems)
        text = ngettext("{count} problem in the data", "{count} problems in the data", count)
        super().__init__(text.format(count=count), file=file)

    def __reduce__(self):
        return (ValidationError, (self.problems,), {"file": self.file})

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
