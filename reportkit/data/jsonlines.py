"""Parse JSON and keep the source line of every object member and array item.

The standard decoder forgets positions, so this walks the text itself and hands each
string and number to the standard decoder: the data is exactly what ``json.loads``
gives, and every value also has a line.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from ..errors import InputError, spoken_place
from ..i18n import N_, _
from ..limits import DATA_VALUES, too_many_values

_SPACE = re.compile(r"[ \t\n\r]*")
_decoder = json.JSONDecoder()


# What Python's JSON decoder says, in words for a person who writes a data file
_DECODER_SAYS = {
    "Expecting value": N_("a value is expected here (a text goes in double quotes)"),
    "Unterminated string starting at": N_("a text is not closed by a double quote"),
    "Invalid control character at": N_("a text holds a line break or a tab: write \\n or \\t"),
    "Invalid \\escape": N_("a backslash starts no escape: write \\\\ for a backslash"),
    "Invalid \\uXXXX escape": N_("a \\u escape needs four hexadecimal digits"),
}


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.locations: dict[tuple, str] = {}

    def line(self, pos: int) -> str:
        return f"line {bisect_right(self.line_starts, pos)}"

    def fail(self, message: str, pos: int) -> InputError:
        """``message``: a catalog id of ours or the ``msg`` of Python's JSON decoder."""
        column = pos - self.line_starts[bisect_right(self.line_starts, pos) - 1] + 1
        text = _("this is not valid JSON: {problem} (column {column})")
        problem = _(_DECODER_SAYS.get(message, message))
        return InputError(text.format(problem=problem, column=column), location=self.line(pos))

    def count(self, pos: int) -> None:
        """Refuse a file of more values than any report holds, before it fills memory."""
        if len(self.locations) >= DATA_VALUES:
            raise too_many_values(self.line(pos))

    def skip(self, pos: int) -> int:
        return _SPACE.match(self.text, pos).end()

    def value(self, pos: int, path: tuple) -> tuple[Any, int]:
        pos = self.skip(pos)
        char = self.text[pos : pos + 1]
        if char == "{":
            return self.object(pos + 1, path)
        if char == "[":
            return self.array(pos + 1, path)
        if not char:
            raise self.fail(N_("the text ends where a value was expected"), pos)
        try:
            return _decoder.raw_decode(self.text, pos)
        except json.JSONDecodeError as error:
            raise self.fail(error.msg, error.pos) from None
        except ValueError:  # a number of more than 4,300 digits
            raise self.fail(N_("the number is too long"), pos) from None

    def object(self, pos: int, path: tuple) -> tuple[dict, int]:
        result: dict[str, Any] = {}
        first_line: dict[str, str] = {}
        pos = self.skip(pos)
        if self.text.startswith("}", pos):
            return result, pos + 1
        while True:
            pos = self.skip(pos)
            if not self.text.startswith('"', pos):
                raise self.fail(N_("expected a member name in double quotes"), pos)
            key_pos = pos
            try:
                key, pos = json.decoder.scanstring(self.text, pos + 1)
            except json.JSONDecodeError as error:
                raise self.fail(error.msg, error.pos) from None
            if key in first_line:
                message = _(
                    'the key "{key}" is given twice in the same object (first on {place}); keep one'
                )
                raise InputError(
                    message.format(key=key, place=spoken_place(first_line[key])),
                    location=self.line(key_pos),
                )
            first_line[key] = self.line(key_pos)
            pos = self.skip(pos)
            if not self.text.startswith(":", pos):
                raise self.fail(N_("expected ':' after the member name"), pos)
            child = (*path, key)
            self.count(key_pos)
            self.locations[child] = self.line(key_pos)
            result[key], pos = self.value(pos + 1, child)
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos += 1
            elif self.text.startswith("}", pos):
                return result, pos + 1
            else:
                raise self.fail(N_("expected ',' or '}' after a member"), pos)

    def array(self, pos: int, path: tuple) -> tuple[list, int]:
        result: list[Any] = []
        pos = self.skip(pos)
        if self.text.startswith("]", pos):
            return result, pos + 1
        while True:
            pos = self.skip(pos)
            child = (*path, len(result))
            self.count(pos)
            self.locations[child] = self.line(pos)
            item, pos = self.value(pos, child)
            result.append(item)
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos += 1
            elif self.text.startswith("]", pos):
                return result, pos + 1
            else:
                raise self.fail(N_("expected ',' or ']' after an item"), pos)


def parse_json(text: str) -> tuple[Any, dict[tuple, str]]:
    """The data as ``json.loads`` gives it, and {field path: "line N"}."""
    parser = _Parser(text)
    start = parser.skip(0)
    parser.locations[()] = parser.line(start)
    try:
        data, end = parser.value(start, ())
    except RecursionError:
        raise InputError(_("the JSON is nested too deeply")) from None
    end = parser.skip(end)
    if end != len(text):
        raise parser.fail(N_("extra text after the end of the data"), end)
    return data, parser.locations
