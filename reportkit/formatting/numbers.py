"""Numbers, percents, ratios and changes written the Vietnamese way ("3.316", "96,7%")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import Any

from ._values import as_decimal

_HUNDRED = Decimal(100)
_MAX_DIGITS = 10


def _round_half_up(value: Decimal, digits: int) -> Decimal:
    """Round like a person does (2,5 → 3), not like banker's rounding (2,5 → 2)."""
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= _MAX_DIGITS:
        raise ValueError(f"digits must be a whole number from 0 to {_MAX_DIGITS}, got {digits!r}")
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
    """ "100,0" → "100", "12,50" → "12,5": a percent shows only the decimals it needs."""
    if "," not in text:
        return text
    return text.rstrip("0").rstrip(",")


def number(value: object, digits: int = 0) -> str:
    """3316 → "3.316"; 1234.5 with digits=1 → "1.234,5"; None → ""."""
    if value is None:
        return ""
    rounded = _round_half_up(as_decimal(value, "number"), digits)
    return _format(rounded, digits)


def _percent_figure(fraction: Decimal, digits: int) -> tuple[Decimal, str]:
    """The rounded percentage and its text without the sign, e.g. (96.7, "96,7")."""
    rounded = _round_half_up(fraction * _HUNDRED, digits)
    return rounded, _drop_zero_decimals(_format(abs(rounded), digits))


def percent(fraction: object, digits: int = 1) -> str:
    """A fraction as a percent: 0.96704 → "96,7%", 1 → "100%" (never "100,0%"); None → ""."""
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
    """A relative change: 0.125 → "tăng 12,5%", -0.03 → "giảm 3%", 0 → "không thay đổi"."""
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
