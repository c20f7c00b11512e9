"""The one error type users see: a message and the place it is about.

Every layer raises these where the problem is known; only the CLI turns them into a
line for a person and an exit code. They pickle, so they cross batch worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import ngettext


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
        return ": ".join(part for part in (self.file, self.location, self.message) if part)


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
    if location and location.startswith("line "):
        return location[5:]
    return location


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
