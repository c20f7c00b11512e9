"""Refuse parsed values no document can hold, wherever the data came from.

The parsers give what the file says; this pass stops what would break a document later:
text longer than an Excel cell takes (a million-character unit name), text that is not
Unicode (a lone surrogate escape in JSON), and binary data (YAML's ``!!binary``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..errors import InputError
from ..formatting.numbers import number
from ..i18n import _
from ..limits import TEXT_CHARS, excerpt

_PLAIN = (bool, int, float, dt.date, type(None))


def check_values(data: Any, locate: Callable[[tuple], str | None]) -> None:
    """Raise InputError at the first value that cannot go into a document."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        problem = None
        if isinstance(value, dict):
            stack += [((*path, key), item) for key, item in value.items()]
            problem = next((_text(key) for key in value if isinstance(key, str)), None)
        elif isinstance(value, list):
            stack += [((*path, index), item) for index, item in enumerate(value)]
        elif isinstance(value, str):
            problem = _text(value)
        elif isinstance(value, bytes):
            problem = _("binary data (!!binary) is not text; write the text itself")
        elif not isinstance(value, _PLAIN):
            problem = _("a value of this type ({type}) is not data reportkit reads").format(
                type=type(value).__name__
            )
        if problem:
            raise InputError(problem, location=locate(path))


def _text(text: str) -> str | None:
    if len(text) > TEXT_CHARS:
        message = _('a text of {count} characters; at most {limit} fit in a cell ("{text}")')
        return message.format(
            count=number(len(text)), limit=number(TEXT_CHARS), text=excerpt(text, 30)
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        message = _(
            "the text holds {code}, half of a surrogate pair and no character; "
            "write the character itself"
        )
        return message.format(code=f"\\u{ord(text[error.start]):04x}")
    return None
