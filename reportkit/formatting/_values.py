"""Turning what a template hands a filter into a number, with errors that name the filter."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from numbers import Real


def as_decimal(value: object, filter_name: str) -> Decimal:
    """``value`` as an exact Decimal (floats through their shortest repr, so 0.125 stays 0.125)."""
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal, str)):
        raise TypeError(f"{filter_name}: expected a number, got {type(value).__name__} {value!r}")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise ValueError(f"{filter_name}: {value!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{filter_name}: {value!r} is not a finite number")
    return number


def as_integer(value: object, filter_name: str) -> int:
    """``value`` as an int; 12.0 is accepted, 12.5 is not."""
    number = as_decimal(value, filter_name)
    if number != number.to_integral_value():
        raise ValueError(f"{filter_name}: {value!r} is not a whole number")
    return int(number)
