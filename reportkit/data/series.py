"""Figures by year over a period, declared in a kind's ``series`` block.

A row of the series' table holds one year's figures (of one unit, or of one unit's part of a
programme). Rows of the same year add up, so a consolidated context, whose tables are the
units' rows put together, gives the province's figures per year with no code of its own.
"""

from __future__ import annotations

from typing import Any

from .arithmetic import change, sum_given
from .paths import lookup
from .schema import Schema, Series

NUMERIC = ("integer", "number")


def compute_series(schema: Schema, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{code: {...}}`` for each declared series.

    ``rows`` has one entry per figure (a numeric column): its value per year (None where no
    row of that year gives it), its total over the years that have it, the first and last
    years' values and the change between them, and each year's change against the one before;
    ``partial`` the years whose sum leaves out rows without the figure (in a consolidated
    context, units that did not report it), with how many rows gave it;
    ``reported`` the figures given for at least one year. ``table`` is the same by year (one
    dict per year), with ``totals`` and ``changes`` by figure.
    """
    return {series.code: _one(schema, series, data) for series in schema.series}


def _one(schema: Schema, series: Series, data: dict[str, Any]) -> dict[str, Any]:
    table = schema.fields[series.table]
    columns = {n: c for n, c in table.columns.items() if c.type in NUMERIC and n != series.key}
    rows = [r for r in data.get(series.table) or [] if r.get(series.key) is not None]
    years = sorted({r[series.key] for r in rows} | set(_span_years(data, series.span)))
    by_year = {y: [r for r in rows if r[series.key] == y] for y in years}
    figures = []
    for name, column in columns.items():
        values = [sum_given(r.get(name) for r in by_year[y]) for y in years]
        partial = [
            {"year": y, "with": given, "of": len(by_year[y])}
            for y in years
            if 0 < (given := sum(r.get(name) is not None for r in by_year[y])) < len(by_year[y])
        ]
        given = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        first = given[0] if given else (None, None)
        last = given[-1] if given else (None, None)
        figures.append(
            {
                "code": name,
                "label": column.label,
                "unit_label": column.unit_label or "",
                "per_year": values,
                "by_year": dict(zip(years, values, strict=True)),
                "changes": [None, *map(change, values[1:], values[:-1])],
                "total": sum_given(v for _, v in given),
                "years_with_figures": len(given),
                "partial": partial,
                "first_year": first[0],
                "first": first[1],
                "last_year": last[0],
                "last": last[1],
                "change": change(last[1], first[1]) if first[0] != last[0] else None,
            }
        )
    return {
        "label": series.label,
        "years": years,
        "first_year": years[0] if years else None,
        "last_year": years[-1] if years else None,
        "rows": figures,
        "reported": [f for f in figures if f["years_with_figures"]],
        "table": [{series.key: y, **{f["code"]: f["by_year"][y] for f in figures}} for y in years],
        "totals": {f["code"]: f["total"] for f in figures},
        "changes": {f["code"]: f["change"] for f in figures},
        "complete": all(f["years_with_figures"] == len(years) for f in figures),
    }


def _span_years(data: dict[str, Any], span_path: str | None) -> list[int]:
    span = lookup(data, span_path) if span_path else None
    if not isinstance(span, dict) or span.get("from") is None or span.get("to") is None:
        return []
    return list(range(span["from"], span["to"] + 1))
