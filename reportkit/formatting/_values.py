"""Turning what a template hands a filter into a number, with errors that name the filter."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from numbers import Real

from ..i18n import N_, _
from .mistakes import FilterValueError, wrong_kind


def as_decimal(value: object, filter_name: str) -> Decimal:
    """``value`` as an exact Decimal (floats through their shortest repr, so 0.125 stays 0.125)."""
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal, str)):
        raise wrong_kind(filter_name, N_("a number"), value)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise _mistake(N_("{filter}: {value} is not a number"), filter_name, value) from None
    if not number.is_finite():
        raise _mistake(N_("{filter}: {value} is not a finite number"), filter_name, value)
    return number


def as_integer(value: object, filter_name: str) -> int:
    """``value`` as an int; 12.0 is accepted, 12.5 is not."""
    number = as_decimal(value, filter_name)
    if number != number.to_integral_value():
        raise _mistake(N_("{filter}: {value} is not a whole number"), filter_name, value)
    return int(number)


def _mistake(message: str, filter_name: str, value: object) -> FilterValueError:
    return FilterValueError(_(message).format(filter=filter_name, value=repr(value)))
