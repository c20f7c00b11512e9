"""A filter given what it cannot format: the template author's mistake, said in words.

The errors are ``TemplateError`` (the author reads the message, never a Python class name)
and still ``ValueError`` / ``TypeError``, so code that calls the functions directly and
catches those keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from numbers import Real

from ..errors import TemplateError
from ..i18n import N_, _


class FilterValueError(TemplateError, ValueError):
    """A value of the right kind that a filter cannot format (12.5 for a whole number)."""


class FilterTypeError(TemplateError, TypeError):
    """A value of the wrong kind for a filter (a list for a number)."""


# Kinds of values in a template author's words, most particular first (a bool is an int).
_KINDS = (
    (bool, N_("a yes/no value")),
    (str, N_("text")),
    ((Real, Decimal), N_("a number")),
    (date, N_("a date")),
    ((list, tuple, set, frozenset), N_("a list")),
    (Mapping, N_("a group of named values")),
    (type(None), N_("an empty value")),
)


def wrong_kind(filter_name: str, expected: str, value: object) -> FilterTypeError:
    """``number: expected a number, got a list [1]``; ``expected`` is an ``N_()`` id."""
    kind = next((said for kinds, said in _KINDS if isinstance(value, kinds)), N_("a value"))
    return FilterTypeError(
        _("{filter}: expected {expected}, got {kind} {value}").format(
            filter=filter_name, expected=_(expected), kind=_(kind), value=repr(value)
        )
    )
