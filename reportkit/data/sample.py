"""A kind's full context without any data: every input field filled with a value of its
type, then derived as a real report is. A template checked against it meets every name a
real report can hold, so a typo is found before anyone has entered a figure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .derive import PREVIOUS
from .kinds import Kind, load_kind, shipped_kinds
from .schema import Field, Schema

_SAMPLE_YEAR = 2025
_SCALARS = {
    "string": "…",
    "text": "…",
    "integer": 1,
    "number": 1.5,
    "date": dt.date(_SAMPLE_YEAR, 1, 1),
    "year": _SAMPLE_YEAR,
    "boolean": True,
    "year_range": {"from": _SAMPLE_YEAR + 1, "to": _SAMPLE_YEAR + 5},
}


def sample_data(schema: Schema) -> dict[str, Any]:
    """Validated-looking input with every field of ``schema`` given (lists: one item)."""
    return {name: _sample(spec, schema) for name, spec in schema.fields.items()}


def sample_context(kind: Kind) -> dict[str, Any]:
    """The render context of ``kind`` for ``sample_data``: inputs and derived figures."""
    return kind.derive(sample_data(kind.schema))


def consolidated_sample_context(kind: Kind) -> dict[str, Any]:
    """The context of ``kind``'s consolidated report over one sample unit, with one unit
    left out as invalid and one missing, so every list a template loops over has an item."""
    from ..batch.consolidate import consolidate, unit_summary

    data = sample_data(kind.schema)
    summary = unit_summary(kind.schema, kind.derive(data), "sample.yaml")
    invalid = {"file": "x.yaml", "name": "…", "errors": ["…"], "error_count": 1, "status": "…"}
    missing = {"name": "…", "short_name": "…", "code": "…", "file": None, "source": "units"}
    return consolidate(kind, [summary], data, invalid_units=[invalid], missing_units=[missing])


def derived_paths(kind: Kind) -> list[str]:
    """The dotted paths a template can read that are computed, not entered
    (``rates.signed_docs``, ``indicators[].label``)."""
    data = sample_data(kind.schema)
    entered = set(_paths(data))
    return [path for path in _paths(kind.derive(data)) if path not in entered]


def detect_kind(data: Any) -> str | None:
    """The shipped kind whose required top-level fields the data all has and to which most
    of its names belong, if any: a data file need not name its kind, its fields do (data
    that merely shares a name or two with a kind is taken as it is)."""
    if not isinstance(data, dict) or not data:
        return None
    names = {str(key) for key in data}
    for name in shipped_kinds():
        fields = load_kind(name).schema.fields
        required = {field for field, spec in fields.items() if spec.required}
        fits = 2 * len(names & (set(fields) | {PREVIOUS})) > len(names)
        if fits and required <= names:
            return name
    return None


def _sample(spec: Field, schema: Schema) -> Any:
    if spec.type == "enum":
        return next(iter(spec.values), None)
    if spec.type == "list":
        return [_sample(spec.items, schema)] if spec.items else []
    if spec.type == "table":
        return [{name: _sample(column, schema) for name, column in spec.columns.items()}]
    if spec.type == "object":
        return {name: _sample(field, schema) for name, field in spec.fields.items()}
    if spec.type == "indicators":
        return {i.code: _SCALARS[i.type] for i in schema.indicators}
    if spec.example is not None and spec.type in ("string", "text", "integer", "number"):
        return spec.example
    return _SCALARS[spec.type]


def _paths(value: Any, prefix: str = "") -> list[str]:
    """Every dotted path in ``value``; a list's items under ``name[]``."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list) and value:
        found += _paths(value[0], f"{prefix}[]")[1:] if prefix else []
    return found
