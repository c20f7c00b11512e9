"""The province's consolidated context: the units' figures added up and derived again.

Nothing here names a field of a particular kind. Counts (integer indicators) are summed over
the valid units and the kind's own derivation runs on the sums, so every rate is the summed
numerator over the summed denominator, never an average of the units' rates. Every table
(agreements, tasks, ...) is the units' rows put together, each row tagged with its unit.
Scores (number indicators) cannot be added up: the province file may give its own.

Two conventions every kind follows are relied on: ``year`` and a ``unit`` block with
``name`` (and optionally ``short_name``, ``code``).
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from ..data.arithmetic import sum_given
from ..data.derive import PREVIOUS, derive, indicators_key
from ..data.schema import Schema
from ..i18n import _

SUMMED_TYPE = "integer"
_DERIVED = ("totals", "rates", "changes", "differences")


def unit_name(data: Any) -> str | None:
    """The unit's short name (else its name) from raw or validated data, if present."""
    unit = data.get("unit") if isinstance(data, dict) else None
    if not isinstance(unit, dict):
        return None
    name = unit.get("short_name") or unit.get("name")
    return str(name) if name else None


def unit_summary(schema: Schema, context: dict[str, Any], file: str) -> dict[str, Any]:
    """What the consolidated report needs of one unit, small enough to send between processes.

    The unit's data fields and derived figures, without the lists built for its own report.
    """
    summary = {name: context.get(name) for name in schema.fields if name != PREVIOUS}
    summary.update({name: context.get(name) for name in _DERIVED})
    counts_key = indicators_key(schema)
    before = context.get(PREVIOUS) or {}
    summary[PREVIOUS] = {
        "year": before.get("year"),
        counts_key: before.get(counts_key) or {},
        "totals": before.get("totals") or {},
        "rates": before.get("rates") or {},
    }
    rates, before_rates = context.get("rates") or {}, summary[PREVIOUS]["rates"]
    summary["points"] = {
        code: None if rate is None or before_rates.get(code) is None else rate - before_rates[code]
        for code, rate in rates.items()
    }
    summary["file"] = file
    summary["kind"] = context.get("kind")
    summary["name"] = unit_name(context)
    return summary


def consolidate(
    kind,
    summaries: list[dict[str, Any]],
    header: dict[str, Any],
    *,
    invalid_units: list[dict[str, Any]] = (),
    missing_units: list[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The consolidated render context.

    ``summaries`` are the valid units' :func:`unit_summary`; ``header`` is the province's
    validated data (unit, document, narrative, its own table rows and scores).
    """
    schema: Schema = kind.schema
    counts_key = indicators_key(schema)
    data = copy.deepcopy(header)
    data.pop(PREVIOUS, None)
    own_counts = data.get(counts_key) or {}
    data[counts_key] = _summed_counts(schema, summaries, own_counts, counts_key)
    previous = {
        "year": (data["year"] - 1) if isinstance(data.get("year"), int) else None,
        counts_key: _previous_counts(schema, summaries, counts_key),
    }
    for name, spec in schema.fields.items():
        if spec.type == "table" and name != PREVIOUS:
            data[name] = _rows_together(spec, name, header, summaries)
    context = derive(schema, data, previous, kind=kind.info())
    _add_coverage(schema, summaries, context)
    units = _ranked(schema, summaries)
    first_rate = next((i for i in schema.indicators if i.denominator), None)
    ranked = _sorted_by_rank(units, first_rate.code) if first_rate else list(units)
    context.update(
        consolidated=True,
        units=units,
        rank_by=_rate_info(first_rate),
        units_ranked=ranked,
        ranking=_extremes(ranked, first_rate.code) if first_rate else None,
        invalid_units=list(invalid_units),
        missing_units=list(missing_units),
        previous_coverage={
            "units": sum(
                any(v is not None for v in s[PREVIOUS][counts_key].values()) for s in summaries
            ),
            "of": len(summaries),
        },
        unit_count={
            "valid": len(units),
            "invalid": len(invalid_units),
            "missing": len(missing_units),
            "reported": len(units) + len(invalid_units),
            "expected": len(units) + len(invalid_units) + len(missing_units),
        },
    )
    return context


def default_header(summaries: list[dict[str, Any]], year: int | None) -> dict[str, Any]:
    """Header data when the folder has no province file: the office the units report to.

    The units' most common ``unit.parent`` becomes the consolidating unit; the place is
    the units' most common one and the date their latest.
    """
    units = [s.get("unit") or {} for s in summaries]
    documents = [s.get("document") or {} for s in summaries]
    parent = _most_common(u.get("parent") for u in units)
    province = _most_common(u.get("province") for u in units)
    dates = [d.get("date") for d in documents if d.get("date")]
    return {
        "year": year,
        "unit": {"name": parent, "province": province, "code": None},
        "document": {"place": _most_common(d.get("place") for d in documents)}
        | ({"date": max(dates)} if dates else {}),
    }


def header_gaps(kind, document) -> list:
    """What the consolidated report's own header lacks: each required field outside the
    indicators (those are the units' sums), as the kind's validation finds it missing.

    A template never receives None where its header expects text: a province file with a
    gap is refused before rendering; a header derived from the units has its gaps blanked
    (:func:`blank_gaps`).
    """
    from ..errors import ValidationError

    counts_key = indicators_key(kind.schema)
    try:
        kind.validate(document)
    except ValidationError as error:
        return [p for p in error.problems if (p.field or "").split(".")[0] != counts_key]
    return []


def complete_header(kind, header: dict | None, summaries: list[dict[str, Any]]) -> dict:
    """The province file's validated ``header`` with the batch's year; without a file, the
    header the units give (:func:`default_header`), what they cannot give left blank."""
    from ..data.loader import Document

    year = batch_year(summaries, header.get("year") if header else None)
    if header is None:
        derived = Document(default_header(summaries, year), _("(header derived from the units)"))
        header = blank_gaps(kind, kind.validate(derived, partial=True))
    return {**header, "year": year}


def blank_gaps(kind, data: dict[str, Any]) -> dict[str, Any]:
    """Validated header ``data`` with each text the units cannot give left blank ("").

    Without a province file, the document number (given at issuance), the signer and the
    superior office are for a person to write in: the draft prints "Số:" with a blank, never
    a None a template cannot measure or print.
    """
    from ..data.loader import Document

    filled = copy.deepcopy(data)
    for name, block in filled.items():  # the unit's optional texts too (its superior office)
        spec = kind.schema.fields.get(name)
        if isinstance(block, dict) and spec is not None and spec.type == "object":
            for child, child_spec in spec.fields.items():
                if block.get(child) is None and child_spec.type in ("string", "text"):
                    block[child] = ""
    for problem in header_gaps(kind, Document(filled, "(header)")):
        path = (problem.field or "").split(".")
        blank = _blank(_field_at(kind.schema.fields, path))
        if blank is not None:
            parent = filled
            for name in path[:-1]:
                parent = parent.setdefault(name, {})
            parent[path[-1]] = blank
    return filled


def _field_at(fields: dict, path: list[str]):
    spec = None
    for name in path:
        spec = fields.get(name)
        if spec is None:
            return None
        fields = spec.fields
    return spec


def _blank(spec) -> Any:
    """A blank for a text field, an object of blanks for an object of them; None otherwise."""
    if spec is None:
        return None
    if spec.type in ("string", "text"):
        return ""
    if spec.type == "object":
        blanks = {name: _blank(child) for name, child in spec.fields.items() if child.required}
        return {name: blank for name, blank in blanks.items() if blank is not None}
    return None


def batch_year(summaries: list[dict[str, Any]], header_year: int | None) -> int | None:
    """The year of the batch: the province file's, else the one most units report."""
    return header_year or _most_common(s.get("year") for s in summaries)


def _most_common(values) -> Any:
    counted = Counter(v for v in values if v not in (None, ""))
    return counted.most_common(1)[0][0] if counted else None


def _rows_together(spec, name: str, header: dict, summaries: list[dict]) -> list[dict]:
    """A table's rows over the province file and the units: each row naming its unit, or
    (``consolidate: distinct``) each row the units share once, without a unit."""
    sources = [header, *summaries]
    if spec.consolidate == "distinct":
        seen: dict[str, dict] = {}
        for source in sources:
            for row in source.get(name) or []:
                seen.setdefault(repr(sorted(row.items())), row)
        return list(seen.values())
    return [{**row, "unit": _tag(source)} for source in sources for row in source.get(name) or []]


def _tag(data: dict[str, Any]) -> dict[str, Any]:
    unit = data.get("unit") or {}
    return {
        "name": unit.get("name"),
        "short_name": unit.get("short_name") or unit.get("name"),
        "code": unit.get("code"),
    }


def _summed_counts(schema: Schema, summaries, own: dict, counts_key: str) -> dict[str, Any]:
    """Counts add up; a score is the province's own (from its file) or unknown."""
    return {
        i.code: sum_given(s[counts_key].get(i.code) for s in summaries)
        if i.type == SUMMED_TYPE
        else own.get(i.code)
        for i in schema.indicators
    }


def _previous_counts(schema: Schema, summaries, counts_key: str) -> dict[str, Any]:
    """Last year's totals, like for like: unknown when a unit reporting it now lacks it then."""
    result = {}
    for indicator in schema.indicators:
        code = indicator.code
        pairs = [(s[counts_key].get(code), s[PREVIOUS][counts_key].get(code)) for s in summaries]
        comparable = all(before is not None for now, before in pairs if now is not None)
        result[code] = (
            sum_given(before for _, before in pairs)
            if indicator.type == SUMMED_TYPE and comparable
            else None
        )
    return result


def _ranked(schema: Schema, summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The units with ``rank[rate code]``: 1 for the highest rate, ties share a rank.

    Only rates are ranked: counts depend on a unit's size, rates do not.
    """
    units = [dict(s, rank={}) for s in summaries]
    for indicator in schema.indicators:
        if not indicator.denominator:
            continue
        code = indicator.code
        rates = [(u.get("rates") or {}).get(code) for u in units]
        ordered = sorted((r for r in rates if r is not None), reverse=True)
        first_place: dict[float, int] = {}
        for position, rate in enumerate(ordered, start=1):
            first_place.setdefault(rate, position)
        for unit, rate in zip(units, rates, strict=True):
            unit["rank"][code] = first_place.get(rate) if rate is not None else None
    return units


def _sorted_by_rank(units: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    """Best first; units without the rate last, in their input order."""
    order = {id(u): position for position, u in enumerate(units)}
    return sorted(
        units,
        key=lambda u: (u["rank"].get(code) is None, u["rank"].get(code) or 0, order[id(u)]),
    )


def _add_coverage(schema: Schema, summaries: list[dict[str, Any]], context: dict) -> None:
    """How many units each consolidated figure covers, and rates over matched units only.

    A count's ``coverage`` is the units that reported it, of all valid units; a rate is the
    summed numerator over the summed denominator of the units that reported both, so a unit
    that gave its documents but not how many were signed does not lower the rate.
    """
    counts_key = indicators_key(schema)
    of = len(summaries)
    rows = {row["code"]: row for row in context["indicators"]}
    for indicator in schema.indicators:
        values = [s[counts_key].get(indicator.code) for s in summaries]
        units = sum(v is not None for v in values) if indicator.type == SUMMED_TYPE else None
        rows[indicator.code]["coverage"] = {"units": units, "of": of}
    for row in context["rate_list"]:
        code, denominator = row["code"], schema.indicator(row["code"]).denominator
        pairs = [
            (s[counts_key].get(code), s[counts_key].get(denominator))
            for s in summaries
            if s[counts_key].get(code) is not None and s[counts_key].get(denominator) is not None
        ]
        numerator = sum_given(n for n, _ in pairs)
        total = sum_given(d for _, d in pairs)
        rate = numerator / total if total else None
        before = row["previous_rate"]
        row.update(
            numerator=numerator,
            denominator=total,
            rate=rate,
            points=None if rate is None or before is None else rate - before,
            coverage={"units": len(pairs), "of": of},
        )
        context["rates"][code] = rate
        rows[code].update(rate=rate, rate_coverage=row["coverage"])


def _extremes(ranked: list[dict[str, Any]], code: str) -> dict[str, Any]:
    """The highest and the lowest unit among those that have the rate, and those without."""
    rated = [u for u in ranked if u["rank"].get(code) is not None]
    return {
        "top": rated[0] if rated else None,
        "bottom": rated[-1] if len(rated) > 1 else None,
        "unrated": [u for u in ranked if u["rank"].get(code) is None],
    }


def _rate_info(indicator) -> dict[str, Any] | None:
    if indicator is None:
        return None
    return {"code": indicator.code, "label": indicator.rate_label or indicator.label}
