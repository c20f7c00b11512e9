"""Make entry forms: one per unit of a units list, or one where the unit is typed in.

Two conventions tie a kind to its forms: the top-level ``year`` field takes ``--year``, and
the ``unit`` object takes the unit's entry from the units list. Both are filled in and
locked. Last year's figures, when given, fill the previous-year block and are locked too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..atomic import atomic_path, make_folder
from ..data.derive import PREVIOUS
from ..data.kinds import Kind, load_kind, slugify
from ..data.loader import load_data
from ..data.paths import lookup
from ..data.validate import PLAUSIBLE_YEARS
from ..errors import InputError
from ..i18n import _
from .layout import LIST_ROWS, TABLE_ROWS, FieldPath, plan_form
from .meta import FormIdentity
from .pick import Pick

YEAR = "year"
UNIT = "unit"


def load_units(path: str | os.PathLike) -> list[dict[str, Any]]:
    """The units of a units list (``units: [{code, name, ...}, ...]``), checked."""
    document = load_data(path)
    raw = document.data.get("units") if isinstance(document.data, dict) else document.data
    if not isinstance(raw, list) or not raw:
        raise InputError(
            _("a units list needs `units:` followed by one entry per unit"), file=document.file
        )
    units = []
    for index, entry in enumerate(raw):
        where = document.locate(("units", index))
        if not isinstance(entry, dict) or not entry.get("code") or not entry.get("name"):
            raise InputError(
                _("each unit needs at least a code and a name"),
                file=document.file,
                location=where,
            )
        units.append({str(k): v for k, v in entry.items()})
    codes = [u["code"] for u in units]
    for index, code in enumerate(codes):
        if codes.count(code) > 1:
            raise InputError(
                _('unit code "{code}" is listed twice').format(code=code),
                file=document.file,
                location=document.locate(("units", index, "code")),
            )
    return units


def kind_units(kind: Kind) -> Path | None:
    """The kind's own units list (``units.yaml`` beside its kind.yaml), if it has one."""
    path = kind.folder / "units.yaml"
    return path if path.is_file() else None


def form_name(kind: Kind, year: int, unit: dict[str, Any] | None) -> str:
    """``bieu-mau-cds-2025-thanh-hoa-kv1.xlsx`` (``bieu-mau-cds-2025.xlsx`` without a unit)."""
    name = f"bieu-mau-{slugify(kind.name)}-{year}"
    if unit:
        name += f"-{slugify(str(unit.get('code') or unit.get('name')))}"
    return f"{name}.xlsx"


def write_form(
    target: str | os.PathLike,
    kind: str | Kind = "cds",
    *,
    year: int,
    unit: dict[str, Any] | None = None,
    previous: str | os.PathLike | None = None,
    pick_from: list[dict[str, Any]] | None = None,
    deadline: str | None = None,
    contact: str | None = None,
    table_rows: int = TABLE_ROWS,
    list_rows: int = LIST_ROWS,
) -> Path:
    """Write one entry form to ``target`` (atomically) and return its path.

    ``unit`` fills in and locks the unit; ``pick_from`` (a units list) instead makes the
    unit's name a drop-down of the list, its other fields filled in by the choice.
    """
    from .writer import build_workbook

    kind = load_kind(kind) if not isinstance(kind, Kind) else kind
    _check_year(year)
    if table_rows < 1 or list_rows < 1:
        raise InputError(_("a form needs at least one open row per table and list"))
    plan = plan_form(kind.schema, year=year, table_rows=table_rows, list_rows=list_rows)
    fixed: dict[FieldPath, Any] = {(YEAR,): year}
    if unit:
        fixed.update(_unit_values(kind, unit))
    pick = None
    if pick_from and not unit:
        for entry in pick_from:
            _unit_values(kind, entry)
        pick = Pick((UNIT,), "name", [dict(entry) for entry in pick_from])
    if previous is not None:
        fixed.update(_previous_values(kind, plan, previous, year))
    identity = FormIdentity(
        kind.name,
        kind.version,
        year,
        str((unit or {}).get("code") or ""),
        table_rows,
        list_rows,
        {path: value for path, value in fixed.items() if plan.slot(path)},
        pick,
    )
    book = build_workbook(kind, plan, identity, deadline=deadline, contact=contact)
    with atomic_path(target) as temporary:
        book.save(temporary)
    return Path(target)


def write_forms(
    out_dir: str | os.PathLike,
    kind: str | Kind = "cds",
    *,
    year: int,
    units: list[dict[str, Any]] | None = None,
    previous: str | os.PathLike | None = None,
    **options: Any,
) -> list[Path]:
    """One form per unit in ``units`` (or one blank form) in ``out_dir``; their paths.

    ``previous`` is last year's data file for a single form, or a folder holding one data
    file per unit (matched by the unit's code) for many.
    """
    kind = load_kind(kind) if not isinstance(kind, Kind) else kind
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(_("the output must be a folder"), file=str(out))
    _check_year(year)
    make_folder(out)
    chosen: list[dict[str, Any] | None] = list(units) if units else [None]
    folder = Path(previous) if previous is not None and Path(previous).is_dir() else None
    if previous is not None and folder is None and len(chosen) > 1:
        raise InputError(
            _(
                "with several units, --previous must be a folder of last year's files "
                "(one per unit)"
            ),
            file=str(previous),
        )
    paths = []
    for unit in chosen:
        last_year = previous_file(folder, unit, kind) if folder else previous
        paths.append(
            write_form(
                out / form_name(kind, year, unit),
                kind,
                year=year,
                unit=unit,
                previous=last_year,
                **options,
            )
        )
    return paths


def _unit_values(kind: Kind, unit: dict[str, Any]) -> dict[FieldPath, Any]:
    spec = kind.schema.fields.get(UNIT)
    if spec is None or spec.type != "object":
        raise InputError(
            _('kind "{kind}" has no `unit` block to fill from a units list').format(kind=kind.name)
        )
    unknown = sorted(set(unit) - set(spec.fields))
    if unknown:
        known = ", ".join(spec.fields)
        raise InputError(
            _("unknown unit fields {unknown} (known: {known})").format(
                unknown=", ".join(unknown), known=known
            )
        )
    return {(UNIT, name): value for name, value in unit.items() if value not in (None, "")}


def _previous_values(kind: Kind, plan, source, year: int) -> dict[FieldPath, Any]:
    """Last year's figures for every previous-year cell of the form, from a data file."""
    from ..report import read_input

    document = read_input(source, partial=True)
    data = kind.validate(document, partial=True)
    if data.get(YEAR) not in (None, year - 1):
        raise InputError(
            _("last year's data must be for {year}, not {got}").format(
                year=year - 1, got=data.get(YEAR)
            ),
            file=document.file,
            location=document.locate((YEAR,)),
        )
    context = kind.derive(data)  # fills counts that come from table totals
    context.setdefault(YEAR, year - 1)
    if context[YEAR] is None:
        context[YEAR] = year - 1
    values = {}
    for slot in plan.slots():
        if slot.path[0] == PREVIOUS:
            value = lookup(context, ".".join(str(p) for p in slot.path[1:]))
            if value is not None:
                values[slot.path] = value
    return values


def previous_file(folder: Path, unit: dict[str, Any] | None, kind: Kind) -> Path | None:
    """The file in ``folder`` whose unit code is the unit's, or None (forms, the web service)."""
    if unit is None:
        return None
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".yaml", ".yml", ".json"):
            continue
        data = load_data(path).data
        if isinstance(data, dict) and lookup(data, f"{UNIT}.code") == unit.get("code"):
            return path
    return None


def _check_year(year: int) -> None:
    """A form for "25" would carry that year into every document made from it."""
    if year not in PLAUSIBLE_YEARS:
        raise InputError(
            _("the year must be written in full, such as 2025; got {year}").format(year=year)
        )
