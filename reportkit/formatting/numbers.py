"""Numbers, percents, ratios and changes written the Vietnamese way ("3.316", "96,7%")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import Any

from ..i18n import _
from ._values import as_decimal
from .mistakes import FilterValueError

_HUNDRED = Decimal(100)
_MAX_DIGITS = 10
NUMBER_DIGITS = 2  # a figure keeps at most this many decimals unless its field says otherwise
# Percent figures a reader takes at their word: "0%" (none), "100%" (all, or doubled), "-100%".
_BOUNDARIES = (Decimal(0), _HUNDRED, -_HUNDRED)


def _checked(digits: object) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= _MAX_DIGITS:
        raise FilterValueError(
            _("digits must be a whole number from 0 to {most}, got {digits}").format(
                most=_MAX_DIGITS, digits=repr(digits)
            )
        )
    return digits


def _round_half_up(value: Decimal, digits: int) -> Decimal:
    """Round like a person does (2,5 → 3), not like banker's rounding (2,5 → 2)."""
    _checked(digits)
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


@cache
def _vi_pattern(digits: int) -> tuple[Any, Any]:
    """Babel's parsed pattern and "vi" locale, parsed once (parsing costs more than formatting)."""
    from babel import Locale
    from babel.numbers import parse_pattern

    return parse_pattern("#,##0" + ("." + "0" * digits if digits else "")), Locale.parse("vi")


@lru_cache(maxsize=4096)
def _format(value: Decimal, digits: int) -> str:
    """Group thousands with "." and separate decimals with "," (Babel's "vi" locale).

    Remembered per process: ``value`` is already rounded to ``digits`` places, so equal
    keys are the same figure (0 and -0 both print "0"), and a report repeats its figures.
    """
    pattern, locale = _vi_pattern(digits)
    text = pattern.apply(value, locale)
    return "0" + text[2:] if text.startswith("-0") and not value else text


def _drop_zero_decimals(text: str) -> str:
    """ "100,0" → "100", "12,50" → "12,5": a figure shows only the decimals it needs."""
    if "," not in text:
        return text
    return text.rstrip("0").rstrip(",")


def number(value: object, digits: int = NUMBER_DIGITS) -> str:
    """The decimals the figure has, at most ``digits``: 3316 → "3.316", 8.5 → "8,5",
    85.125 → "85,13", 86.0 → "86" (a whole number never grows ",0"); None → "".

    A figure that is not zero never prints as "0": it gets the decimals it needs
    (0.001 → "0,001")."""
    if value is None:
        return ""
    figure = as_decimal(value, "number")
    digits = _checked(digits)
    while figure and not _round_half_up(figure, digits) and digits < _MAX_DIGITS:
        digits += 1
    rounded = _round_half_up(figure, digits)
    return _drop_zero_decimals(_format(rounded, digits))


def honest_digits(percentage: Decimal, digits: int) -> int:
    """The fewest decimals, ``digits`` or more, at which ``percentage`` does not round onto
    0, 100 or -100 without being it: 3428 of 3429 documents are 99,97%, never 100%."""
    while digits < _MAX_DIGITS:
        rounded = _round_half_up(percentage, digits)
        if not any(rounded == bound != percentage for bound in _BOUNDARIES):
            return digits
        digits += 1
    return digits


def percent_digits(fraction: object, digits: int = 1) -> int:
    """How many decimals ``percent(fraction, digits)`` shows at most (the audit's tolerance)."""
    return honest_digits(as_decimal(fraction, "percent") * _HUNDRED, digits)


def _percent_figure(fraction: Decimal, digits: int) -> tuple[Decimal, str]:
    """The rounded percentage and its text without the sign, e.g. (96.7, "96,7")."""
    percentage = fraction * _HUNDRED
    digits = honest_digits(percentage, _checked(digits))
    rounded = _round_half_up(percentage, digits)
    return rounded, _drop_zero_decimals(_format(abs(rounded), digits))


def percent(fraction: object, digits: int = 1) -> str:
    """A fraction as a percent: 0.96704 → "96,7%", 1 → "100%" (never "100,0%"); None → "".

    A fraction strictly between 0 and 1 never prints as "0%" or "100%": it gets the
    decimals it needs (3428/3429 → "99,97%", 0.0004 → "0,04%").
    """
    if fraction is None:
        return ""
    rounded, text = _percent_figure(as_decimal(fraction, "percent"), digits)
    return f"{'-' if rounded < 0 else ''}{text}%"


def ratio(numerator: object, denominator: object) -> str:
    """(3316, 3429) → "3.316/3.429"; "" when either is missing."""
    if numerator is None or denominator is None:
        return ""
    return f"{number(numerator)}/{number(denominator)}"


def _signed_phrase(rounded: Decimal, text: str) -> str:
    if not rounded:
        return "không thay đổi"
    return f"{'tăng' if rounded > 0 else 'giảm'} {text}"


def change(fraction: object, digits: int = 1) -> str:
    """A relative change: 0.125 → "tăng 12,5%", -0.03 → "giảm 3%", 0 → "không thay đổi".

    Only a change of exactly 0 reads "không thay đổi" and only a doubling "tăng 100%":
    0.0004 → "tăng 0,04%", 0.9999 → "tăng 99,99%".
    """
    if fraction is None:
        return ""
    rounded, text = _percent_figure(as_decimal(fraction, "change"), digits)
    return _signed_phrase(rounded, f"{text}%")


def points(diff: object, digits: int = 1) -> str:
    """A difference of two rates (fractions): 0.021 → "tăng 2,1 điểm phần trăm"."""
    if diff is None:
        return ""
    rounded, text = _percent_figure(as_decimal(diff, "points"), digits)
    return _signed_phrase(rounded, f"{text} điểm phần trăm")
