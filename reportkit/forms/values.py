"""Turn what people type into a form cell into the plain value a YAML file would give.

Unit staff type ``3316``, ``3.316`` (Vietnamese thousands), ``3.316 văn bản``, ``96,7%``,
dates as date cells, serial numbers or ``09/01/2026`` text; Excel or LibreOffice may store
any of these as a number, a date or text. Each parser returns the value, or raises
:class:`Unreadable` with what is wrong, for the person who typed it (a form's problems are
said in Vietnamese: see reader.py).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from ..data.messages import TOO_BIG
from ..data.schema import Field
from ..i18n import _
from ..limits import FIGURE_LIMIT

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_NUMBER = re.compile(r"^([+-]?)(\d[\d.,  ]*)(%?)\s*(\D*)$")
_GROUPED = re.compile(r"^[1-9]\d{0,2}([.,  ]\d{3})+$")
_VN_DATE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_WORDY_DATE = re.compile(r"^(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})$", re.I)
_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")
_BULLET = re.compile(r"^[-•+*]\s+")
_TRUE = {"có", "co", "x", "yes", "true", "đúng"}
_FALSE = {"không", "khong", "no", "false", "sai"}


class Unreadable(ValueError):
    """A typed value that does not fit its field; the message is for unit staff."""


def clean_text(value: Any) -> str:
    """Text as a person means it: NFC, no stray spaces, Windows line ends made plain."""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u00a0", " ").strip()


def parse_value(spec: Field, value: Any) -> Any:
    """The typed value of one cell for ``spec``; None for an empty cell."""
    if value is None or (isinstance(value, str) and not clean_text(value)):
        return None
    parser = _PARSERS.get(spec.type, parse_text)
    return parser(spec, value)


def parse_text(spec: Field, value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)


def parse_integer(spec: Field, value: Any) -> int:
    number = _number(spec, value, whole=True)
    return int(number)


def parse_number(spec: Field, value: Any) -> int | float:
    number = _number(spec, value, whole=False)
    return int(number) if isinstance(number, float) and number.is_integer() else number


def _number(spec: Field, value: Any, whole: bool) -> int | float:
    expected = _expected_number(spec, whole)
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.time)):
        raise Unreadable(expected)
    if isinstance(value, (int, float)):
        number = value
    else:
        number = _number_from_text(clean_text(value), expected, whole)
    if not abs(number) < FIGURE_LIMIT:  # 1e300, a 5,000-digit number, infinity
        raise Unreadable(_(TOO_BIG))
    if whole and not float(number).is_integer():
        raise Unreadable(expected)
    if spec.min is not None and number < spec.min:
        raise Unreadable(expected)
    if spec.max is not None and number > spec.max:
        raise Unreadable(expected)
    return int(number) if whole else number


def _expected_number(spec: Field, whole: bool) -> str:
    if spec.min == 0 and spec.max is None:
        return _("must be a whole number ≥ 0") if whole else _("must be a number ≥ 0")
    low, high = spec.min is not None, spec.max is not None
    bounds = {"low": _shown(spec.min) if low else "", "high": _shown(spec.max) if high else ""}
    if low and high:
        message = (
            _("must be a whole number from {low} to {high}")
            if whole
            else _("must be a number from {low} to {high}")
        )
    elif low:
        message = (
            _("must be a whole number from {low}") if whole else _("must be a number from {low}")
        )
    elif high:
        message = (
            _("must be a whole number up to {high}")
            if whole
            else _("must be a number up to {high}")
        )
    else:
        message = _("must be a whole number") if whole else _("must be a number")
    return message.format(**bounds)


def _shown(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number).replace(".", ",")


def _number_from_text(text: str, expected: str, whole: bool = True) -> int | float:
    """``3316``, ``3.316``, ``3 316``, ``3.316 văn bản``, ``8,5``, ``96,7%`` (-> 96.7).

    For a whole number, one ``.`` or ``,`` followed by groups of exactly three digits
    separates thousands. For a decimal field (a score) the Vietnamese way holds instead:
    see :func:`_vietnamese_decimal`. Words after the number (its unit) are dropped.
    """
    match = _NUMBER.match(text)
    if not match:
        raise Unreadable(expected)
    sign, digits = match[1], match[2].strip()
    if len(digits) > 30:
        raise Unreadable(_(TOO_BIG))
    if not whole:
        number = _vietnamese_decimal(digits, expected)
    elif _GROUPED.match(digits):
        number: int | float = int(re.sub(r"\D", "", digits))
    else:
        compact = digits.replace(" ", "").replace("\u00a0", "")
        separators = re.findall(r"[.,]", compact)
        if len(separators) > 1:
            raise Unreadable(expected)
        number = float(compact.replace(",", ".")) if separators else int(compact)
    if sign == "-":
        number = -number
    return number


_VN_DECIMAL = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$")


def _vietnamese_decimal(digits: str, expected: str) -> int | float:
    """``85,125`` → 85.125, ``1.234,5`` → 1234.5, ``1.234`` → 1234: "," is the decimal mark
    and "." groups thousands. ``85.5`` or ``1,234,5`` could only be read by guessing which
    convention was meant, so they are refused with the Vietnamese way shown."""
    compact = digits.replace(" ", "").replace("\u00a0", "")
    match = _VN_DECIMAL.match(compact)
    if not match:
        message = _(
            "{expected}; write a decimal with a comma and use the dot only to group "
            "thousands, e.g. 85,5 or 1.234,5"
        )
        raise Unreadable(message.format(expected=expected))
    whole_part = int(match[1].replace(".", ""))
    return float(f"{whole_part}.{match[2]}") if match[2] else whole_part


def parse_date(spec: Field, value: Any) -> dt.date:
    expected = _("must be a date, e.g. 09/01/2026")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial numbers for 1900-01-01 .. 9999-12-31
            return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).date()
        raise Unreadable(expected)
    text = clean_text(value)
    try:
        if match := _VN_DATE.match(text) or _WORDY_DATE.match(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _ISO_DATE.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise Unreadable(_("there is no such day; {expected}").format(expected=expected)) from None
    raise Unreadable(expected)


def parse_year(spec: Field, value: Any) -> int:
    expected = _("must be a year, e.g. 2025")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}", clean_text(value)):
        year = int(clean_text(value))
    else:
        raise Unreadable(expected)
    if not 1900 <= year <= 2200:
        raise Unreadable(expected)
    return year


def parse_year_range(spec: Field, value: Any) -> str | int:
    """``2026-2030`` (kept as text, as YAML gives it) or one year."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return value
    text = clean_text(value)
    match = _YEAR_RANGE.match(text)
    if not match or int(match[1]) > int(match[2]):
        raise Unreadable(_("must be a span of years such as 2026-2030"))
    return f"{match[1]}-{match[2]}"


def parse_enum(spec: Field, value: Any) -> str:
    text = parse_text(spec, value)
    if text in spec.values:
        return text
    by_label = {label.casefold(): code for code, label in spec.values.items()}
    if text.casefold() in by_label:
        return by_label[text.casefold()]
    choices = "; ".join(spec.values.values())
    raise Unreadable(_("must be one of the list: {choices}").format(choices=choices))


def parse_boolean(spec: Field, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = clean_text(value).casefold()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise Unreadable(_("must be Có or Không"))


def split_items(spec: Field, value: Any) -> list[str]:
    """A list typed in one cell: items on lines of their own or separated by ";", as the
    guide sheet says for every such cell (paragraphs have a cell each and are not split)."""
    text = parse_text(spec, value)
    pieces = re.split(r"[\n;]", text)
    return [_BULLET.sub("", piece.strip()) for piece in pieces if piece.strip()]


def parse_list(spec: Field, value: Any) -> list:
    items = split_items(spec, value)
    if spec.items is None:
        return items
    return [parse_value(spec.items, item) for item in items]


_PARSERS = {
    "string": parse_text,
    "text": parse_text,
    "integer": parse_integer,
    "number": parse_number,
    "date": parse_date,
    "year": parse_year,
    "year_range": parse_year_range,
    "enum": parse_enum,
    "boolean": parse_boolean,
    "list": parse_list,
}
