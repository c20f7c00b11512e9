"""Trace every number of a finished report or annex back to the data it was made from.

``audit(document, data)`` rebuilds the render context from the data as ``render`` (a unit's
file) or ``batch`` (a folder of units) does, lists every figure the context supports, then
reads the document as a person would and reports each number that is none of them, with
its place. An operator runs it before signing (``reportkit audit``); the tests run it over
the samples and over generated units.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from .documents import Found, excel_numbers, word_numbers
from .figures import context_figures, traced

__all__ = ["AuditResult", "Found", "audit", "audit_context"]


@dataclass
class AuditResult:
    """Every number read in the document; those the data does not support."""

    document: Path
    numbers: list[Found] = field(default_factory=list)
    untraced: list[Found] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.untraced


def _readers(path: Path):
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm"):
        return word_numbers
    if suffix in (".xlsx", ".xlsm"):
        return excel_numbers
    raise InputError(
        _("the audit reads a Word report (.docx) or an Excel annex (.xlsx)"), file=str(path)
    )


def audit_context(document: str | os.PathLike, context: dict) -> AuditResult:
    """Check each number of ``document`` against the figures of a render ``context``."""
    path = Path(document)
    if not path.is_file():
        raise InputError(_("document not found"), file=str(path))
    figures = context_figures(context)
    result = AuditResult(path)
    for found in _readers(path)(path):
        result.numbers.append(found)
        if not traced(found.printed, figures):
            result.untraced.append(found)
    return result


def audit(
    document: str | os.PathLike,
    data: str | os.PathLike,
    *,
    previous: str | os.PathLike | None = None,
    kind: str | None = None,
    force_previous: bool = False,
) -> AuditResult:
    """Audit ``document`` against ``data``: a unit's input file, or a batch's input folder
    for a consolidated report (``previous`` then being last year's folder)."""
    from .contexts import consolidated_context, unit_context

    data_path = Path(data)
    if data_path.is_dir():
        context = consolidated_context(data_path, previous, kind)
    else:
        context = unit_context(data_path, previous, kind, force_previous)
    return audit_context(document, context)
