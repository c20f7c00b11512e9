"""Cross-field rules declared in kind.yaml, checked on the typed data.

A rule is skipped where a value it needs is missing or already wrong: the problem with
that value has been reported by its own field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..i18n import _
from .messages import said
from .paths import lookup, select
from .schema import Rule

Report = Callable[[tuple, str, Any], None]
Label = Callable[[tuple], str]  # a field's path -> its label, as the person who typed it reads


def check_rules(rules: list[Rule], data: dict, report: Report, label: Label) -> None:
    """Call ``report(path, message, value)`` for every value that breaks a rule; the
    message names the other fields by their labels and writes figures the Vietnamese way:
    "(4.000 > Văn bản phát hành trên hệ thống (3.429))"."""
    for rule in rules:
        _CHECKS[rule.kind](rule, data, report, label)


def _pairs(data: dict, first: str, second: str):
    """(path, value) of ``first`` with the matching (same row) value of ``second``."""
    others = select(data, second)
    for rows, (path, value) in select(data, first).items():
        other = others.get(rows) or others.get(())
        if other and value is not None and other[1] is not None:
            yield path, value, other[0], other[1]


def _lte(rule: Rule, data: dict, report: Report, label: Label) -> None:
    small, large = rule.args
    for path, value, other_path, other in _pairs(data, small, large):
        if value > other:
            other_label = label(other_path)
            detail = f"{said(value)} > {other_label} ({said(other)})"
            message = rule.message or _("must not be more than {other}").format(other=other_label)
            report(path, f"{message} ({detail})", value)


def _date_order(rule: Rule, data: dict, report: Report, label: Label) -> None:
    first, second = rule.args
    for path, value, other_path, other in _pairs(data, first, second):
        if value > other:
            other_label = label(other_path)
            detail = _("{date} is later than {other} ({other_date})").format(
                date=said(value), other=other_label, other_date=said(other)
            )
            message = rule.message or _("must not be later than {other}").format(other=other_label)
            report(path, f"{message} ({detail})", value)


def _sum(rule: Rule, data: dict, report: Report, label: Label) -> None:
    parts = [select(data, part) for part in rule.args["parts"]]
    for rows, (path, total) in select(data, rule.args["total"]).items():
        values = [(found.get(rows) or found.get(()) or (None, None))[1] for found in parts]
        if total is None or any(v is None for v in values):
            continue
        if sum(values) != total:
            detail = _("{parts} = {sum}, but the total is {total}").format(
                parts=" + ".join(said(v) for v in values), sum=said(sum(values)), total=said(total)
            )
            message = rule.message or _("must be the sum of its parts")
            report(path, f"{message} ({detail})", total)


def _within_year(rule: Rule, data: dict, report: Report, label: Label) -> None:
    base = lookup(data, rule.args["year"])
    if base is None:
        return
    year = base + int(rule.args.get("offset", 0))
    for path, value in select(data, rule.args["field"]).values():
        if value is not None and value.year != year:
            message = rule.message or _("must be a date in {year}").format(year=year)
            detail = _("{date} is not in {year}").format(date=said(value), year=year)
            report(path, f"{message} ({detail})", value)


def _within_span(rule: Rule, data: dict, report: Report, label: Label) -> None:
    span = lookup(data, rule.args["span"])
    if not isinstance(span, dict) or span.get("from") is None or span.get("to") is None:
        return
    first, last = span["from"], span["to"]
    for path, value in select(data, rule.args["field"]).values():
        if value is not None and not first <= value <= last:
            span_said = f"{first}–{last}"
            message = rule.message or _("must be within {span}").format(span=span_said)
            detail = _("{value} is outside {span}").format(value=value, span=span_said)
            report(path, f"{message} ({detail})", value)


def _among(rule: Rule, data: dict, report: Report, label: Label) -> None:
    allowed = [v for _, v in select(data, rule.args["values"]).values() if v is not None]
    for path, value in select(data, rule.args["field"]).values():
        if value is not None and value not in allowed:
            listed = ", ".join(f"“{v}”" for v in allowed) or _("none given yet")
            message = rule.message or _("must be one of the values given")
            detail = _("“{value}” is not among: {listed}").format(value=value, listed=listed)
            report(path, f"{message} ({detail})", value)


def _unique(rule: Rule, data: dict, report: Report, label: Label) -> None:
    seen: set = set()
    for path, value in select(data, rule.args).values():
        if value is not None and value in seen:
            message = rule.message or _("must not repeat")
            detail = _("“{value}” is already in a row above").format(value=value)
            report(path, f"{message} ({detail})", value)
        seen.add(value)


def _required_when(rule: Rule, data: dict, report: Report, label: Label) -> None:
    conditions = select(data, rule.args["when"])
    for rows, (path, value) in select(data, rule.args["field"]).items():
        condition = conditions.get(rows) or conditions.get(())
        if condition and condition[1] == rule.args["equals"] and value in (None, "", []):
            report(path, rule.message or _("is required in this case"), value)


_CHECKS: dict[str, Callable[[Rule, dict, Report, Label], None]] = {
    "lte": _lte,
    "sum": _sum,
    "date_order": _date_order,
    "within_year": _within_year,
    "within_span": _within_span,
    "among": _among,
    "unique": _unique,
    "required_when": _required_when,
}
