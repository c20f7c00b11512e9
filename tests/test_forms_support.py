"""Shared helpers for the entry-form tests: make a form, fill it as a person would, edit it.

Holds no tests; the test_forms_* modules import its helpers.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from reportkit.data.kinds import load_kind
from reportkit.data.loader import load_data
from reportkit.errors import ValidationError
from reportkit.forms import read_form, write_form
from reportkit.forms.layout import plan_form
from reportkit.forms.writer import shown

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "thanh-hoa-2025.yaml"
UNITS = ROOT / "samples" / "units-thanh-hoa.yaml"


def sample_data() -> dict:
    return load_data(SAMPLE).data


def value_at(data, path):
    """The value at a slot path in raw YAML data, or None."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def fill(form: Path, data: dict, out: Path, kind_name: str = "cds") -> Path:
    """Type ``data`` into the open cells of ``form`` (enum labels as picked from the list)."""
    kind = load_kind(kind_name)
    book = openpyxl.load_workbook(form)
    plan = plan_form(kind.schema, year=data["year"])
    for slot in plan.slots():
        value = value_at(data, slot.path)
        cell = book[slot.sheet].cell(slot.row, slot.column)
        if value is None or cell.protection.locked:
            continue
        cell.value = shown(slot.field, value)
    book.save(out)
    return out


def edit(form: Path, out: Path, changes: dict[tuple[str, str], object]) -> Path:
    """A copy of ``form`` with ``{(sheet, "D7"): value}`` typed in."""
    book = openpyxl.load_workbook(form)
    for (sheet, address), value in changes.items():
        book[sheet][address].value = value
    book.save(out)
    return out


def problems_of(path: Path) -> list:
    with pytest.raises(ValidationError) as caught:
        read_form(path)
    return caught.value.problems


def at(problems: list, place: str) -> list[str]:
    """Messages of the problems located at ``place``."""
    return [p.message for p in problems if p.location == place]


def make_blank(folder: Path) -> Path:
    """A form for any unit (nothing filled in but the year)."""
    return write_form(folder / "blank.xlsx", year=2025)


def make_filled(folder: Path) -> Path:
    """A blank form filled with the Thanh Hóa 2025 sample."""
    return fill(make_blank(folder), sample_data(), folder / "filled.xlsx")
