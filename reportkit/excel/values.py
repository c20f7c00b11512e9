"""Python values written as cell XML: numbers stay numbers, dates become dates.

These run inside the render for every tag, so they are plain string work. Whatever a
value holds, the result is well-formed XML: text is escaped, characters XML forbids are
dropped, and a string that starts with "=" is text, never a formula.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_DATE = _EPOCH.date()
MAX_TEXT = 32_767


def xml_text(value: object) -> str:
    """A value as escaped XML text; None is empty."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return _FORBIDDEN.sub("", text)


def excel_serial(value: dt.date | dt.datetime | dt.time) -> float | int:
    """Excel's day number (1900 system) for a date, a datetime or a time of day."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        delta = value - _EPOCH
        serial = delta.days + delta.seconds / 86_400 + delta.microseconds / 86_400e6
        return int(serial) if serial == int(serial) else serial
    if isinstance(value, dt.date):
        return (value - _EPOCH_DATE).days
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    return seconds / 86_400


def inline_string(prefix: str, text: str) -> str:
    """A text cell: ``prefix`` is the cell's opening tag without its ``>``."""
    escaped = xml_text(text[:MAX_TEXT])
    space = ' xml:space="preserve"' if escaped[:1].isspace() or escaped[-1:].isspace() else ""
    return f'{prefix} t="inlineStr"><is><t{space}>{escaped}</t></is></c>'


def typed_cell(value: object, prefix: str, dated: tuple[str, str, str]) -> str:
    """The XML of a cell whose whole text was one tag, typed by the value it got.

    ``dated`` holds the opening tags for a date, a datetime and a time: the cell's own
    style when its number format already shows one, else a copy of it that does.
    """
    kind = type(value)
    if kind is str:
        return inline_string(prefix, value) if value else prefix + "/>"
    if kind is int:
        return f"{prefix}><v>{value}</v></c>"
    if value is None or value == "":
        return prefix + "/>"
    if isinstance(value, bool):
        return f'{prefix} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f"{prefix}><v>{value}</v></c>"
    if isinstance(value, float):
        if math.isfinite(value):
            return f"{prefix}><v>{value!r}</v></c>"
        return f'{prefix} t="e"><v>#NUM!</v></c>'
    if isinstance(value, Decimal):
        if value.is_finite():
            return f"{prefix}><v>{value}</v></c>"
        return f'{prefix} t="e"><v>#NUM!</v></c>'
    if isinstance(value, dt.datetime):
        return f"{dated[1]}><v>{excel_serial(value)}</v></c>"
    if isinstance(value, dt.date):
        return f"{dated[0]}><v>{excel_serial(value)}</v></c>"
    if isinstance(value, dt.time):
        return f"{dated[2]}><v>{excel_serial(value)}</v></c>"
    if isinstance(value, str):
        return inline_string(prefix, value)
    return inline_string(prefix, str(value))
