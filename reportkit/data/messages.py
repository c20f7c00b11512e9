"""What the validator says, in the language of the person who wrote the input.

The texts are catalog ids (English; Vietnamese in the catalog). The validator speaks the
language of its Document: the run's language for a YAML or JSON file, Vietnamese for an
entry form, whose problems go back to the unit staff who filled it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ..formatting.dates import date_short
from ..formatting.numbers import number
from ..formatting.words import words
from ..i18n import N_, VIETNAMESE, _, current_language
from ..limits import FIGURE_LIMIT, excerpt

TOO_BIG = N_("must be below 1.000.000.000.000.000 (Excel keeps 15 digits)")  # FIGURE_LIMIT

MESSAGES: dict[str, str] = {
    "a_block": N_("a block of fields"),
    "a_list": N_("a list"),
    "empty": N_("nothing"),
    "and": N_(" and "),
    "block": N_("must be a block of fields (name: value), got {got}"),
    "required": N_("is required ({label})"),
    "bool_hint": N_(" (YAML reads yes/no/on/off as true/false: put the text in quotes)"),
    "text": N_("must be text, got {got}{hint}"),
    "pattern": N_("must match the pattern {pattern}"),
    "pattern_got": N_("{message}, got {got}"),
    "whole": N_("a whole number"),
    "non_negative": N_(" ≥ 0"),
    "number": N_("a number"),
    "thousands_hint": N_(" (write {digits}, without a thousands separator)"),
    "expected": N_("must be {expected}, got {got}{hint}"),
    "too_big": N_("{too_big}, got {got}"),
    "date": N_("must be a date such as 2026-01-09 or 09/01/2026, got {got}"),
    "year": N_("must be a year such as 2025, got {got}"),
    "enum": N_("must be one of: {allowed}; got {got}"),
    "guess": N_('; did you mean "{guess}"?'),
    "boolean": N_("must be yes or no (true/false), got {got}"),
    "year_range": N_("must be a span of years such as 2026-2030, got {got}"),
    "list": N_("must be a list (one item per line, each after '- '), got {got}"),
    "min_items": N_("needs at least {count} item(s) ({label})"),
    "table": N_("must be a list of rows, each starting with '- ', got {got}"),
    "row": N_("a row must be a block of fields, got {got}"),
    "indicators": N_("must be a block of indicator: value lines, got {got}"),
}


def say(key: str, **values: object) -> str:
    """The message ``key`` in the current language (``i18n.speaking``)."""
    return _(MESSAGES[key]).format(**values)


def said(value: Any) -> str:
    """A number or date as a reader of the current language reads it: 4.000, 96,7 and
    09/01/2026 in Vietnamese; 4000, 96.7 and 2026-01-09 in English."""
    if current_language() == VIETNAMESE:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return figure(value) if abs(value) < FIGURE_LIMIT else excerpt(str(value))
        if isinstance(value, dt.date):
            return date_short(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return excerpt(str(value))


def figure(value: Any) -> str:
    """A number as typed, written as a Vietnamese reader reads it: 4.000; 96,7; 3,316."""
    decimals = str(value).partition(".")[2].rstrip("0")
    return number(value, min(len(decimals), 3))


def as_typed(value: Any) -> str:
    """A typed number or date as a Vietnamese reader reads it, and what it was taken for.

    A cell holding the decimal 3.316 (Excel with a "." decimal mark) shows "3.316", which a
    Vietnamese reader takes for 3316: the message says "3,316 (số thập phân)" and how to
    write three thousand three hundred sixteen.
    """
    if isinstance(value, dt.date):
        return date_short(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    if not abs(value) < FIGURE_LIMIT:  # 1e300, infinity: no Vietnamese figure, as typed
        return excerpt(str(value))
    text = figure(value)
    if float(value).is_integer():
        return text
    digits = re.sub(r"\D", "", str(value))
    if re.fullmatch(r"-?\d{1,3}\.\d{3}", str(value)):  # looks like a thousands group
        message = _("{text} (a decimal number); if you mean {words}, write {digits}")
        return message.format(text=text, words=words(int(digits)), digits=digits)
    return _("{text} (a decimal number)").format(text=text)
