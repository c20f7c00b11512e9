"""The data validation of every input cell: what Excel or Calc refuses while people type.

Each input cell gets a rule from its field type (whole numbers ≥ 0, dates in range, a
drop-down for a closed list, text of a sane length) with its input message and error alert
switched on. The kind's cross-field rules ``lte`` and ``date_order`` become a custom formula
on the smaller field where both fields sit in the form, and ``within_year`` narrows a date's
range. The reader checks all of this again: validation only stops typing, not pasting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..data.schema import Rule
from .layout import FormPlan, Slot, column_letter

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EARLIEST_YEAR = 1990
_YEARS_AHEAD = 10
_LIMITS = {"string": 500, "text": 32767, "list": 32767, "year_range": 20}


@dataclass(frozen=True)
class CellCheck:
    """The parameters of one data validation; equal checks share one validation."""

    type: str
    operator: str | None
    formula1: str | None
    formula2: str | None
    error: str
    prompt_title: str
    prompt: str


def serial(day: dt.date) -> int:
    """A date as the serial number spreadsheets store."""
    return (day - _EXCEL_EPOCH).days


class Checks:
    """Builds the check of each input cell of a plan."""

    def __init__(
        self,
        plan: FormPlan,
        rules: list[Rule],
        lists: dict[tuple, str],
        key_lists: dict[tuple, str] | None = None,
    ):
        self.plan = plan
        self.lists = lists  # enum values -> range on the lists sheet
        self.key_lists = key_lists or {}  # slot path -> range of the entries to pick from
        self.slots = {slot.path: slot for slot in plan.slots()}
        self.not_after: dict[tuple, Slot] = {}
        self.years: dict[tuple, int] = {}
        for rule in rules:
            self._learn(rule)

    def _learn(self, rule: Rule) -> None:
        if rule.kind in ("lte", "date_order"):
            small, large = rule.args
            for slot in self._matching(small):
                other = self.slots.get(_substitute(large, slot.path))
                if other is not None and other.sheet == slot.sheet:
                    self.not_after[slot.path] = other
        elif rule.kind == "within_year" and rule.args.get("year") == "year":
            year = self.plan.year + int(rule.args.get("offset", 0))
            for slot in self._matching(rule.args["field"]):
                self.years[slot.path] = year

    def _matching(self, pattern: str) -> list[Slot]:
        return [s for s in self.slots.values() if _pattern(s.path) == pattern]

    def check(self, slot: Slot) -> CellCheck:
        spec = slot.field
        prompt = spec.help or _default_prompt(spec)
        kind, operator, first, second, error = self._base(slot)
        other = self.not_after.get(slot.path)
        if other is not None and kind in ("whole", "decimal", "date"):
            first, second, operator = self._not_after(slot, other, kind, first, second), None, None
            error += f"; không lớn hơn ô {other.cell} ({other.label})"
            kind = "custom"
        return CellCheck(kind, operator, first, second, error[:225], slot.label[:32], prompt[:255])

    def _base(self, slot: Slot) -> tuple[str, str | None, str | None, str | None, str]:
        spec = slot.field
        if slot.path in self.key_lists:
            return "list", None, self.key_lists[slot.path], None, "Chỉ chọn trong danh sách"
        if spec.type in ("integer", "number"):
            kind = "whole" if spec.type == "integer" else "decimal"
            noun = "số nguyên" if spec.type == "integer" else "số"
            low = spec.min if spec.min is not None else -(10**12)
            high = spec.max if spec.max is not None else 10**12
            error = f"Chỉ nhập {noun}" + (" không âm" if spec.min == 0 else "")
            return kind, "between", _number(low), _number(high), error
        if spec.type == "year":
            return "whole", "between", "1900", "2200", "Chỉ nhập năm, ví dụ 2025"
        if spec.type == "date":
            year = self.years.get(slot.path)
            first = dt.date(year or _EARLIEST_YEAR, 1, 1)
            last = dt.date(year or self.plan.year + _YEARS_AHEAD, 12, 31)
            error = (
                f"Chỉ nhập ngày từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}, "
                "dạng ngày/tháng/năm, ví dụ 09/01/2026"
            )
            return "date", "between", str(serial(first)), str(serial(last)), error
        if spec.type in ("enum", "boolean"):
            return (
                "list",
                None,
                self.lists[choices(slot)],
                None,
                "Chỉ chọn một giá trị trong danh sách",
            )
        limit = _LIMITS.get(spec.type, 500)
        return "textLength", "lessThanOrEqual", str(limit), None, f"Nhập tối đa {limit} ký tự"

    def _not_after(self, slot: Slot, other: Slot, kind: str, first, second) -> str:
        me, them = slot.cell, f"${column_letter(other.column)}${other.row}"
        if kind == "whole":
            base = f"{me}=INT({me}),{me}>={first},{me}<={second}"
        else:
            base = f"{me}>={first},{me}<={second}"
        return f"AND(ISNUMBER({me}),{base},OR(ISBLANK({them}),{me}<={them}))"


def choices(slot: Slot) -> tuple[str, ...]:
    """The labels a drop-down offers for an enum or yes/no cell."""
    if slot.field.type == "boolean":
        return ("Có", "Không")
    return tuple(slot.field.values.values())


def _default_prompt(spec) -> str:
    return {
        "integer": "Nhập số nguyên, không ghi dấu phân cách hàng nghìn.",
        "number": "Nhập số; phần thập phân ngăn cách bằng dấu phẩy.",
        "date": "Nhập ngày dạng ngày/tháng/năm, ví dụ 09/01/2026.",
        "enum": "Chọn trong danh sách.",
        "list": "Mỗi mục một dòng (Alt+Enter để xuống dòng) hoặc ngăn cách bằng dấu ;",
    }.get(spec.type, spec.label)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _pattern(path: tuple) -> str:
    return ".".join("*" if isinstance(p, int) else str(p) for p in path)


def _substitute(pattern: str, path: tuple) -> tuple:
    """``tasks.*.b`` with the row numbers of ``("tasks", 3, "a")`` -> ``("tasks", 3, "b")``."""
    rows = iter(p for p in path if isinstance(p, int))
    return tuple(next(rows, -1) if part == "*" else part for part in pattern.split("."))
