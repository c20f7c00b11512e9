"""Units expected in a batch but without an input: listed in a units file, or reported
last year and silent this year. The consolidated report names them.

A units file is YAML: a list of units, each a code, a name, or ``{code: ..., name: ...}``
(optionally under a top-level ``units:`` key).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import InputError, ReportkitError
from ..i18n import _
from .worker import UnitResult


def identity(path: Path) -> tuple[dict[str, Any], set[str]]:
    """The input's ``unit`` block and the keys (code, names) it may be known by, lowercase.

    An input that cannot be read is known by its file name only.
    """
    from ..report import read_input

    keys = {path.stem.lower()}
    try:
        data = read_input(path, partial=True).data  # the unit block is all it needs
    except ReportkitError:
        data = {"unit": _typed_unit(path)}
    unit = data.get("unit") if isinstance(data, dict) else None
    if not isinstance(unit, dict):
        return {}, keys
    return unit, keys | _keys(unit)


def _typed_unit(path: Path) -> dict[str, Any]:
    """The unit a form with mistakes names; nothing for a data file that cannot be read."""
    if path.suffix.lower() != ".xlsx":
        return {}
    from ..forms.reader import form_unit

    try:
        return form_unit(path)
    except ReportkitError:
        return {}


def _keys(unit: dict[str, Any]) -> set[str]:
    return {str(unit[k]).strip().lower() for k in ("code", "name", "short_name") if unit.get(k)}


def _record(unit: dict[str, Any], fallback: str, file: str | None, source: str) -> dict:
    name = str(unit.get("name") or unit.get("short_name") or unit.get("code") or fallback)
    return {
        "name": name,
        "short_name": str(unit.get("short_name") or name),
        "code": unit.get("code"),
        "file": file,
        "source": source,
    }


def read_units_file(path: str | os.PathLike) -> list[dict[str, Any]]:
    """The expected units as ``{"code": ..., "name": ...}``."""
    from ..data.loader import load_data

    document = load_data(path)
    raw = document.data
    if isinstance(raw, dict):
        raw = raw.get("units")
    if not isinstance(raw, list):
        raise InputError(
            _("a units file is a list of units (codes, names, or code: and name:)"),
            file=str(path),
        )
    units = []
    for index, item in enumerate(raw):
        if isinstance(item, dict) and (item.get("code") or item.get("name")):
            units.append(item)
        elif isinstance(item, (str, int)) and str(item).strip():
            units.append({"code": str(item).strip()})
        else:
            place = ("units", index) if isinstance(document.data, dict) else (index,)
            raise InputError(
                _("each unit needs a code or a name"),
                file=str(path),
                location=document.locate(place),
            )
    return units


def present_keys(results: list[UnitResult]) -> set[str]:
    """Every key the units with an input this year are known by (valid or not)."""
    return set().union(*(_result_keys(result) for result in results))


def _result_keys(result: UnitResult) -> set[str]:
    keys = {result.input.stem.lower()} | _keys((result.summary or {}).get("unit") or {})
    if result.name:
        keys.add(result.name.lower())
    return keys


def unexpected_units(results: list[UnitResult], expected: list[dict[str, Any]]) -> list[UnitResult]:
    """Inputs of units the units file does not list: a mistyped code, another province's
    form, a unit merged away. They are flagged, not left out: the operator decides."""
    if not expected:
        return []
    listed = set().union(*(_keys(unit) for unit in expected))
    return [result for result in results if not _result_keys(result) & listed]


def missing_units(
    results: list[UnitResult],
    previous_left: list[Path],
    expected: list[dict[str, Any]] = (),
    consolidating: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """``[{"name", "code", "file", "source"}]`` for each expected unit without an input.

    ``expected`` is the units file's list (:func:`read_units_file`).
    ``consolidating`` is the consolidating unit (the province file's ``unit``): never missing.
    """
    present = present_keys(results) | _keys(consolidating or {})
    missing = []
    for unit in expected:  # first: a units file says more about a unit than a yearly file
        keys = _keys(unit)
        if not keys & present:
            missing.append(_record(unit, "", None, "units"))
            present |= keys
    for path in previous_left:
        unit, keys = identity(path)
        if not keys & present:
            missing.append(_record(unit, path.stem, str(path), "previous"))
            present |= keys
    return missing
