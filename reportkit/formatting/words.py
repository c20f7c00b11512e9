"""Whole numbers read out in Vietnamese words, Roman numerals and Vietnamese list letters."""

from __future__ import annotations

from ..i18n import _
from ._values import as_integer
from .mistakes import FilterValueError
from .text import capitalize_vi

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
_GROUPS_BELOW_BILLION = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))


def _read_group(group: int, inner: bool) -> list[str]:
    """Read 0 < group < 1000; ``inner``: a non-zero group comes before it ("không trăm")."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    out: list[str] = []
    if hundreds or inner:
        out += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            out += ["linh", _DIGITS[units]] if out else [_DIGITS[units]]
        return out
    out += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        out.append("mốt")
    elif units == 5:
        out.append("lăm")
    elif units:
        out.append(_DIGITS[units])
    return out


def _read_below_billion(n: int, inner: bool) -> list[str]:
    out: list[str] = []
    for size, unit in _GROUPS_BELOW_BILLION:
        group = n // size % 1000
        if group:
            out += _read_group(group, inner)
            if unit:
                out.append(unit)
            inner = True
    return out


def _read(n: int, inner: bool) -> list[str]:
    """Numbers of a billion and more are read as "<words> tỷ <rest>" ("một nghìn tỷ")."""
    if n < _BILLION:
        return _read_below_billion(n, inner)
    billions, rest = divmod(n, _BILLION)
    out = [*_read(billions, inner), "tỷ"]
    if rest:
        out += _read_below_billion(rest, inner=True)
    return out


def words(value: object) -> str:
    """3316 → "ba nghìn ba trăm mười sáu", 2025 → "hai nghìn không trăm hai mươi lăm"."""
    if value is None:
        return ""
    n = as_integer(value, "words")
    if n == 0:
        return _DIGITS[0]
    text = " ".join(_read(abs(n), inner=False))
    return f"âm {text}" if n < 0 else text


def words_capitalized(value: object) -> str:
    """3316 → "Ba nghìn ba trăm mười sáu" (the first letter upper, for the start of a sentence)."""
    return capitalize_vi(words(value))


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(value: object) -> str:
    """Section numbers: 1 → "I", 4 → "IV", 14 → "XIV" (1 to 3999)."""
    if value is None:
        return ""
    n = as_integer(value, "roman")
    if not 1 <= n <= 3999:
        raise FilterValueError(
            _("roman: {number} cannot be written in Roman numerals (1 to 3999 only)").format(
                number=n
            )
        )
    out = []
    for size, numeral in _ROMAN:
        count, n = divmod(n, size)
        out.append(numeral * count)
    return "".join(out)


_LETTERS = "abcdđeghiklmnopqrstuvxy"


def letter(value: object) -> str:
    """The Vietnamese list letter of item n: 1 → "a", 5 → "đ", 7 → "g" (no f, j, w, z)."""
    if value is None:
        return ""
    n = as_integer(value, "letter")
    if not 1 <= n <= len(_LETTERS):
        raise FilterValueError(
            _("letter: item {number} has no letter (a) to y) cover items 1 to 23)").format(number=n)
        )
    return _LETTERS[n - 1]
