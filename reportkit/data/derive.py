"""Derived figures: the one place rates, totals, changes and labels are computed.

Everything here reads the schema, so a consolidated report can sum the units' counts and
run the same derivation on the sums. Values stay numeric (a rate is a fraction 0..1);
templates format them.
"""

from __future__ import annotations

import copy
from typing import Any

from .arithmetic import change, ratio
from .schema import Field, Indicator, Schema
from .series import compute_series

PREVIOUS = "previous"  # the optional block holding the previous year's figures


def derive(
    schema: Schema,
    data: dict[str, Any],
    previous: dict[str, Any] | None = None,
    *,
    kind: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The render context: validated ``data`` plus everything computed from it.

    ``previous`` is the previous year's validated data; without it the data's own
    ``previous`` block is used, if the kind has one.
    """
    context = copy.deepcopy(data)
    _add_labels(schema.fields, context)
    year = context.get("year")
    context["next_year"] = year + 1 if isinstance(year, int) else None
    counts_key = indicators_key(schema)

    totals = compute_totals(schema, context)
    counts = fill_counts(schema, context.get(counts_key) or {}, totals)
    context["totals"] = totals
    context[counts_key] = counts

    source = previous if previous is not None else data.get(PREVIOUS)
    before = copy.deepcopy(source) if isinstance(source, dict) else {}
    before.pop(PREVIOUS, None)
    before_totals = compute_totals(schema, before)
    before_counts = fill_counts(schema, before.get(counts_key) or {}, before_totals)
    before_year = before.get("year")
    if before_year is None and isinstance(year, int):
        before_year = year - 1
    rates = compute_rates(schema, counts)
    before_rates = compute_rates(schema, before_counts)
    context[PREVIOUS] = {
        **before,
        "year": before_year,
        counts_key: before_counts,
        "totals": before_totals,
        "rates": before_rates,
    }
    context["rates"] = rates
    context["digits"] = {i.code: i.decimals for i in schema.indicators}
    context["differences"] = {
        code: _difference(counts[code], before_counts[code]) for code in counts
    }
    context["changes"] = {code: change(counts[code], before_counts[code]) for code in counts}
    context["indicators"] = [
        _indicator_row(schema, i, counts, before_counts, rates) for i in schema.indicators
    ]
    context["indicator_groups"] = [
        {
            "code": code,
            "label": label,
            "indicators": [row for row in context["indicators"] if row["group"] == code],
        }
        for code, label in schema.groups.items()
    ]
    context["rate_list"] = [
        _rate_row(schema, i, counts, rates, before_rates)
        for i in schema.indicators
        if i.denominator
    ]
    context["series"] = compute_series(schema, context)
    context["tallies"] = tallies(schema, context)
    context["kind"] = dict(kind or {})
    return context


def indicators_key(schema: Schema) -> str:
    """The top-level field holding the indicator values (``counts`` in the CĐS kind)."""
    return next((n for n, f in schema.fields.items() if f.type == "indicators"), "counts")


def compute_totals(schema: Schema, data: dict[str, Any]) -> dict[str, int | float | None]:
    """Each declared total: the sum of a table column (None for a table without rows), or
    the number of rows."""
    totals: dict[str, int | float | None] = {}
    for total in schema.totals:
        rows = data.get(total.table) or []
        if not total.column:
            totals[total.code] = len(rows)
        elif rows:
            totals[total.code] = sum(r.get(total.column) or 0 for r in rows)
        else:
            totals[total.code] = None
    return totals


def fill_counts(schema: Schema, counts: dict[str, Any], totals: dict[str, Any]) -> dict[str, Any]:
    """Every indicator's value; one left out takes its table total when the table has rows."""
    result = {}
    for indicator in schema.indicators:
        value = counts.get(indicator.code)
        if value is None and indicator.total:
            value = totals[indicator.total]
        result[indicator.code] = value
    return result


def compute_rates(schema: Schema, counts: dict[str, Any]) -> dict[str, float | None]:
    """numerator / denominator for each indicator that declares a denominator."""
    return {
        i.code: ratio(counts.get(i.code), counts.get(i.denominator))
        for i in schema.indicators
        if i.denominator
    }


def tallies(schema: Schema, data: dict[str, Any]) -> dict[str, dict[str, list[dict]]]:
    """How many rows of each top-level table hold each value of each enum column, in the
    schema's order, 0 included: ``tallies.duties.status`` is ``[{"value": "hoan_thanh",
    "label": "Đã hoàn thành", "count": 2}, ...]``."""
    result: dict[str, dict[str, list[dict]]] = {}
    for name, spec in schema.fields.items():
        if spec.type != "table" or name == PREVIOUS:
            continue
        rows = data.get(name) or []
        result[name] = {
            column: [
                {"value": value, "label": label, "count": sum(r.get(column) == value for r in rows)}
                for value, label in col.values.items()
            ]
            for column, col in spec.columns.items()
            if col.type == "enum"
        }
    return result


def _difference(value: Any, before: Any) -> int | float | None:
    if value is None or before is None:
        return None
    return value - before


def _indicator_row(
    schema: Schema,
    indicator: Indicator,
    counts: dict[str, Any],
    before: dict[str, Any],
    rates: dict[str, Any],
) -> dict[str, Any]:
    code = indicator.code
    return {
        "code": code,
        "label": indicator.label,
        "unit_label": indicator.unit_label,
        "group": indicator.group,
        "group_label": schema.groups.get(indicator.group, indicator.group),
        "digits": indicator.decimals,
        "value": counts[code],
        "previous": before[code],
        "difference": _difference(counts[code], before[code]),
        "change": change(counts[code], before[code]),
        "rate": rates.get(code),
    }


def _rate_row(
    schema: Schema,
    indicator: Indicator,
    counts: dict[str, Any],
    rates: dict[str, Any],
    before_rates: dict[str, Any],
) -> dict[str, Any]:
    code = indicator.code
    denominator = schema.indicator(indicator.denominator)
    rate, previous_rate = rates[code], before_rates[code]
    return {
        "code": code,
        "label": indicator.rate_label or indicator.label,
        "numerator_label": indicator.label,
        "denominator_label": denominator.label if denominator else "",
        "unit_label": indicator.unit_label,
        "digits": indicator.rate_digits,
        "numerator": counts[code],
        "denominator": counts[indicator.denominator],
        "rate": rate,
        "previous_rate": previous_rate,
        "points": None if rate is None or previous_rate is None else rate - previous_rate,
    }


def _add_labels(fields: dict[str, Field], data: dict[str, Any]) -> None:
    """Beside each enum value its Vietnamese ``<name>_label``; ``<name>_text`` for year spans;
    ``<table>_by_<column>`` for tables grouped by an enum column."""
    for name, spec in fields.items():
        value = data.get(name)
        if spec.type == "enum":
            data[f"{name}_label"] = spec.values.get(value) if value is not None else None
        elif spec.type == "year_range":
            data[f"{name}_text"] = _span_text(value)
        elif spec.type == "list" and spec.items and spec.items.type == "enum":
            data[f"{name}_labels"] = [spec.items.values.get(v, v) for v in value or []]
        elif spec.type == "object" and isinstance(value, dict):
            _add_labels(spec.fields, value)
        elif spec.type == "table" and isinstance(value, list):
            for row in value:
                _add_labels(spec.columns, row)
            if spec.group_by:
                data[f"{name}_by_{spec.group_by}"] = _grouped(spec, value, data)


def _span_text(span: dict | None) -> str | None:
    """``2026–2030`` (with an en dash), or ``2026`` for a single year."""
    if not span:
        return None
    if span["from"] == span["to"]:
        return str(span["from"])
    return f"{span['from']}–{span['to']}"


def _grouped(spec: Field, rows: list[dict], data: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows by group, in the order of the enum's values or of the table named by
    ``group_from`` (e.g. duties under the programme's areas); each group once."""
    column = spec.group_by
    values = spec.columns[column].values
    if spec.group_from:
        source = spec.group_from
        values = {}
        for row in data.get(source["table"]) or []:
            values.setdefault(row.get(source["key"]), row.get(source["label"]))
    groups = []
    for value, label in values.items():
        members = [row for row in rows if row.get(column) == value]
        if members:
            groups.append({column: value, "label": label, "items": members})
    return groups
