"""Is last year's file the same unit, one year earlier?

A change "tăng 50,4%" computed against another unit's figures is a false statement in a
signed report, so last year's data is checked against this year's before it is used: the
same ``unit.code`` (the unit's name when either file has no code) and the year before.
The operator may still force a mismatched file; the problems are then kept as warnings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem
from ..i18n import _
from .loader import Document


def _unit(data: dict[str, Any]) -> dict[str, Any]:
    unit = data.get("unit")
    return unit if isinstance(unit, dict) else {}


def _said(value: Any) -> str:
    return str(value).strip().casefold() if value not in (None, "") else ""


def _name(path: str | None) -> str:
    return Path(path).name if path else "?"


def _identity(this: dict[str, Any], that: dict[str, Any]) -> str | None:
    """The unit field the two files are compared by: ``code`` when both give one, else
    ``name`` when both give one; None when nothing can be compared."""
    for key in ("code", "name"):
        if _said(this.get(key)) and _said(that.get(key)):
            return key
    return None


def previous_year_problems(
    data: dict[str, Any], document: Document, previous: dict[str, Any], previous_document: Document
) -> list[Problem]:
    """Each way ``previous`` is not this unit's previous year, naming both files."""
    problems = []
    this, that = _unit(data), _unit(previous)
    both = _("{previous} (last year) and {current} (this year)").format(
        previous=_name(previous_document.file), current=_name(document.file)
    )
    key = _identity(this, that)
    if key and _said(this.get(key)) != _said(that.get(key)):
        problems.append(
            Problem(
                _('{both} are different units: "{previous}" is not "{current}"').format(
                    both=both, previous=that.get(key), current=this.get(key)
                ),
                file=previous_document.file,
                location=previous_document.locate(("unit", key)),
                field=f"unit.{key}",
                value=that.get(key),
            )
        )
    year, previous_year = data.get("year"), previous.get("year")
    if isinstance(year, int) and previous_year is not None and previous_year != year - 1:
        problems.append(
            Problem(
                _("the previous year's file must be for {year}, got {got} ({both})").format(
                    year=year - 1, got=previous_year, both=both
                ),
                file=previous_document.file,
                location=previous_document.locate(("year",)),
                field="year",
                value=previous_year,
            )
        )
    return problems
