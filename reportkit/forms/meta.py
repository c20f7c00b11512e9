"""The very hidden sheet that says what a form is: kind, schema version, unit, year, cells.

Unit staff never see it (Excel shows no way to unhide a very hidden sheet), so it still
says what the form was made for when the visible sheets have been edited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..data.paths import field_name
from ..errors import InputError
from ..i18n import _
from ..limits import excerpt
from .layout import SHEET_META, FieldPath, FormPlan
from .pick import Pick

FORMAT = "reportkit entry form"
LAYOUT = 1  # raised when sheets are laid out differently, so old forms are refused clearly
_FIXED = "[fixed]"
_CELLS = "[cells]"
_PICK = "[pick]"


@dataclass
class FormIdentity:
    """What a form is for; ``fixed`` holds the values filled in and locked, by field path."""

    kind: str
    version: int
    year: int
    unit: str = ""
    table_rows: int = 20
    list_rows: int = 10
    fixed: dict[FieldPath, Any] = field(default_factory=dict)
    pick: Pick | None = None


def write_meta(book: Workbook, plan: FormPlan, identity: FormIdentity) -> Worksheet:
    from .writer import put, shown

    sheet = book.create_sheet(SHEET_META)
    rows: list[tuple[Any, ...]] = [
        ("format", FORMAT),
        ("layout", LAYOUT),
        ("kind", identity.kind),
        ("version", identity.version),
        ("year", identity.year),
        ("unit", identity.unit),
        ("table_rows", plan.table_rows),
        ("list_rows", plan.list_rows),
        (_FIXED,),
    ]
    for path, value in identity.fixed.items():
        slot = plan.slot(path)
        rows.append((field_name(path), shown(slot.field, value) if slot else value))
    if identity.pick:
        names = identity.pick.fields()
        rows.append((_PICK, field_name(identity.pick.block), identity.pick.key))
        rows.append(tuple(names))
        rows += [tuple(entry.get(name) for name in names) for entry in identity.pick.entries]
    rows.append((_CELLS,))
    rows += plan.field_map()
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            put(sheet.cell(number, column), value)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True
    return sheet


@dataclass
class StoredMeta:
    """The hidden sheet as read back."""

    identity: FormIdentity
    fixed_by_name: dict[str, Any]
    cells: list[tuple[str, str, str]]


def read_meta(book: Workbook, file: str) -> StoredMeta:
    """The form's identity, or an InputError when the workbook is not a reportkit form."""
    if SHEET_META not in book.sheetnames:
        message = _(
            "this file is not a reportkit entry form, or its hidden sheet '{sheet}' was "
            "deleted; fill in a form made by `reportkit form`"
        )
        raise InputError(message.format(sheet=SHEET_META), file=file)
    sheet = book[SHEET_META]
    keys: dict[str, Any] = {}
    fixed: dict[str, Any] = {}
    cells: list[tuple[str, str, str]] = []
    section = None
    pick: Pick | None = None
    pick_names: list[str] = []
    for row in sheet.iter_rows(values_only=True):
        first = row[0] if row else None
        if first in (_FIXED, _CELLS, _PICK):
            section = first
            if first == _PICK:
                pick = Pick(tuple(str(row[1]).split(".")), str(row[2]))
        elif first is None:
            continue
        elif section == _PICK and pick is not None:
            if not pick_names:
                pick_names = [str(name) for name in row if name is not None]
            else:
                pick.entries.append(
                    {n: v for n, v in zip(pick_names, row, strict=False) if v is not None}
                )
        elif section == _FIXED:
            fixed[str(first)] = row[1] if len(row) > 1 else None
        elif section == _CELLS:
            cells.append(tuple("" if v is None else str(v) for v in (list(row) + [None] * 3)[:3]))
        else:
            keys[str(first)] = row[1] if len(row) > 1 else None
    if keys.get("format") != FORMAT:
        message = _("the hidden sheet '{sheet}' is damaged; this is not a reportkit entry form")
        raise InputError(message.format(sheet=SHEET_META), file=file)
    if keys.get("layout") != LAYOUT:
        message = _(
            "this form was made by another version of reportkit (layout {layout}, this "
            "version reads layout {expected}); make a new form with `reportkit form`"
        )
        layout = excerpt(str(keys.get("layout")))
        raise InputError(message.format(layout=layout, expected=LAYOUT), file=file)
    try:
        identity = FormIdentity(
            kind=str(keys["kind"]),
            version=_whole(keys["version"]),
            year=_whole(keys["year"]),
            unit=str(keys.get("unit") or ""),
            table_rows=_whole(keys["table_rows"]),
            list_rows=_whole(keys["list_rows"]),
            pick=pick,
        )
    except (KeyError, TypeError, ValueError):
        message = _(
            "the hidden sheet '{sheet}' is damaged (the report kind, version, year or number "
            "of rows is missing); make a new form with `reportkit form`"
        )
        raise InputError(message.format(sheet=SHEET_META), file=file) from None
    return StoredMeta(identity, fixed, cells)


def _whole(value: Any) -> int:
    if isinstance(value, (dt.date, bool)) or value is None:
        raise ValueError(value)
    number = float(value)
    if not number.is_integer():
        raise ValueError(value)
    return int(number)
