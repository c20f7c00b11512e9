"""What the validator says, in the language of the person who wrote the input.

YAML and JSON files are written by the operator, who reads the documented English
messages (``must be a whole number ≥ 0, got "ba nghìn"``); entry forms are filled by
unit staff, who read Vietnamese. A Document says which it is (``Document.language``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ..formatting.dates import date_short
from ..formatting.numbers import number
from ..formatting.words import words
from ..limits import FIGURE_LIMIT, excerpt

ENGLISH, VIETNAMESE = "en", "vi"

TOO_BIG = {  # a figure at or above limits.FIGURE_LIMIT
    ENGLISH: "must be below 1.000.000.000.000.000 (Excel keeps 15 digits)",
    VIETNAMESE: "phải nhỏ hơn 1.000.000.000.000.000 (Excel chỉ giữ 15 chữ số)",
}

MESSAGES: dict[str, dict[str, str]] = {
    ENGLISH: {
        "a_block": "a block of fields",
        "a_list": "a list",
        "empty": "nothing",
        "and": " and ",
        "block": "must be a block of fields (name: value), got {got}",
        "required": "is required ({label})",
        "bool_hint": " (YAML reads yes/no/on/off as true/false: put the text in quotes)",
        "text": "must be text, got {got}{hint}",
        "pattern": "must match the pattern {pattern}",
        "pattern_got": "{message}, got {got}",
        "whole": "a whole number",
        "non_negative": " ≥ 0",
        "number": "a number",
        "thousands_hint": " (write {digits}, without a thousands separator)",
        "expected": "must be {expected}, got {got}{hint}",
        "too_big": TOO_BIG[ENGLISH] + ", got {got}",
        "date": "must be a date such as 2026-01-09 or 09/01/2026, got {got}",
        "year": "must be a year such as 2025, got {got}",
        "enum": "must be one of: {allowed}; got {got}",
        "guess": '; did you mean "{guess}"?',
        "boolean": "must be yes or no (true/false), got {got}",
        "year_range": "must be a span of years such as 2026-2030, got {got}",
        "list": "must be a list (one item per line, each after '- '), got {got}",
        "min_items": "needs at least {count} item(s) ({label})",
        "table": "must be a list of rows, each starting with '- ', got {got}",
        "row": "a row must be a block of fields, got {got}",
        "indicators": "must be a block of indicator: value lines, got {got}",
    },
    VIETNAMESE: {
        "a_block": "một khối trường",
        "a_list": "một danh sách",
        "empty": "ô trống",
        "and": " và ",
        "block": "phải là một khối trường (tên: giá trị); đã nhập: {got}",
        "required": "bắt buộc phải nhập ({label})",
        "bool_hint": "",
        "text": "phải là chữ; đã nhập: {got}{hint}",
        "pattern": "phải đúng mẫu {pattern}",
        "pattern_got": "{message}; đã nhập: {got}",
        "whole": "số nguyên",
        "non_negative": " không âm",
        "number": "số",
        "thousands_hint": " (hãy ghi {digits}, không có dấu phân cách hàng nghìn)",
        "expected": "phải là {expected}; đã nhập: {got}{hint}",
        "too_big": TOO_BIG[VIETNAMESE] + "; đã nhập: {got}",
        "date": "phải là một ngày, ví dụ 09/01/2026; đã nhập: {got}",
        "year": "phải là một năm, ví dụ 2025; đã nhập: {got}",
        "enum": "phải là một trong: {allowed}; đã nhập: {got}",
        "guess": '; có phải là "{guess}"?',
        "boolean": "phải là có hoặc không; đã nhập: {got}",
        "year_range": "phải là một khoảng năm, ví dụ 2026-2030; đã nhập: {got}",
        "list": "phải là một danh sách; đã nhập: {got}",
        "min_items": "cần ít nhất {count} mục ({label})",
        "table": "phải là một danh sách dòng; đã nhập: {got}",
        "row": "mỗi dòng phải là một khối trường; đã nhập: {got}",
        "indicators": "phải là một khối dòng mã chỉ tiêu: số liệu; đã nhập: {got}",
    },
}


def say(language: str, key: str, **values: object) -> str:
    """The message ``key`` in ``language`` (English when the language is not known)."""
    return MESSAGES.get(language, MESSAGES[ENGLISH])[key].format(**values)


def figure(value: Any) -> str:
    """A number as typed, written as a Vietnamese reader reads it: 4.000; 96,7; 3,316."""
    decimals = str(value).partition(".")[2].rstrip("0")
    return number(value, min(len(decimals), 3))


def as_typed(value: Any) -> str:
    """A typed number or date as a Vietnamese reader reads it, and what it was taken for.

    A cell holding the decimal 3.316 (Excel with a "." decimal mark) shows "3.316", which a
    Vietnamese reader takes for 3316: the message says "3,316 (số thập phân)" and how to
    write three thousand three hundred sixteen.
    """
    if isinstance(value, dt.date):
        return date_short(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    if not abs(value) < FIGURE_LIMIT:  # 1e300, infinity: no Vietnamese figure, as typed
        return excerpt(str(value))
    text = figure(value)
    if float(value).is_integer():
        return text
    digits = re.sub(r"\D", "", str(value))
    if re.fullmatch(r"-?\d{1,3}\.\d{3}", str(value)):  # looks like a thousands group
        return f"{text} (số thập phân); nếu là {words(int(digits))}, hãy ghi {digits}"
    return f"{text} (số thập phân)"
