"""A kind's fields, indicators and rules as text a person reads (``reportkit schema show``)."""

from __future__ import annotations

from typing import Any

from ..i18n import _
from .kinds import Kind
from .sample import derived_paths
from .schema import Field, Schema

FORMATS = ("text", "markdown")


def describe_kind(kind: Kind, format: str = "text") -> str:
    """The documentation of ``kind``: plain text (a tree) or Markdown (tables)."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")  # a caller's mistake
    rows = field_rows(kind.schema)
    if format == "markdown":
        return _markdown(kind, rows)
    return _text(kind, rows)


def field_rows(schema: Schema) -> list[dict[str, Any]]:
    """One row per field: dotted path, type, required, label, help, allowed values."""
    return [
        {
            "path": path,
            "depth": path.count("."),
            "type": _type_name(spec),
            "required": spec.required,
            "label": spec.label,
            "help": spec.help,
            "values": _allowed(spec),
        }
        for path, spec in schema.walk()
    ]


def _type_name(spec: Field) -> str:
    if spec.type == "list" and spec.items is not None:
        return f"list of {spec.items.type}"
    if spec.type in ("integer", "number") and spec.min is not None:
        return f"{spec.type} ≥ {spec.min}"
    return spec.type


def _allowed(spec: Field) -> str:
    values = spec.values or (spec.items.values if spec.items else {})
    parts = [f"{code} ({label})" for code, label in values.items()]
    if spec.default is not None:
        parts.append(f"default: {spec.default}")
    if spec.example is not None:
        parts.append(f"e.g. {spec.example}")
    return "; ".join(parts)


def _text(kind: Kind, rows: list[dict[str, Any]]) -> str:
    schema = kind.schema
    version = _("kind {name}, schema version {version}")
    lines = [f"{kind.title}", version.format(name=kind.name, version=kind.version)]
    lines += [kind.description, ""] if kind.description else [""]
    lines.append(_("FIELDS (* = required)"))
    width = max(len("  " * r["depth"] + r["path"].rsplit(".", 1)[-1]) for r in rows) + 4
    type_width = max(len(r["type"]) for r in rows) + 2
    for row in rows:
        name = "  " * row["depth"] + row["path"].rsplit(".", 1)[-1]
        mark = "*" if row["required"] else " "
        lines.append(f"{mark} {name:<{width}}{row['type']:<{type_width}}{row['label']}")
        indent = " " * (2 + width + type_width)
        for extra in (row["help"], row["values"]):
            if extra:
                lines.append(f"{indent}{extra}")
    if schema.indicators:
        lines += ["", _("INDICATORS (under counts; whole numbers ≥ 0 unless marked)")]
    code_width = max((len(i.code) for i in schema.indicators), default=0) + 2
    for indicator in schema.indicators:
        note = "" if indicator.type == "integer" else f" [{indicator.type}]"
        lines.append(
            f"  {indicator.code:<{code_width}}{indicator.label} ({indicator.unit_label}){note}"
        )
        if indicator.help:
            lines.append(f"  {'':<{code_width}}{indicator.help}")
        if indicator.denominator:
            rate = _("rate: {label} = {code} / {denominator}").format(
                label=indicator.rate_label, code=indicator.code, denominator=indicator.denominator
            )
            lines.append(f"  {'':<{code_width}}{rate}")
    for series in schema.series:
        lines += ["", _("SERIES {code}: {label}").format(code=series.code, label=series.label)]
        summed = _("every number column of {table}, summed per {key}")
        lines.append("  " + summed.format(table=series.table, key=series.key))
    lines += ["", _("RULES")]
    lines += [f"  {_rule_text(rule)}" for rule in schema.rules]
    lines += ["", _("DERIVED FIGURES (computed from the fields; a template reads them too)")]
    lines += [f"  {path}" for path in derived_figures(kind)]
    return "\n".join(lines) + "\n"


def _markdown(kind: Kind, rows: list[dict[str, Any]]) -> str:
    schema = kind.schema
    version = _("Kind `{name}`, schema version {version}.")
    lines = [f"# {kind.title}", "", version.format(name=kind.name, version=kind.version), ""]
    lines += [kind.description, ""] if kind.description else []
    heading = _("| field | type | required | label | help | values |")
    lines += ["## " + _("Fields"), "", heading]
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        cells = [
            f"`{row['path']}`",
            row["type"],
            _("yes") if row["required"] else "",
            row["label"],
            row["help"],
            row["values"],
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if schema.indicators:
        heading = _("| code | label | unit | group | rate |")
        lines += ["", "## " + _("Indicators"), "", heading]
        lines.append("| --- | --- | --- | --- | --- |")
    for i in schema.indicators:
        rate = f"{i.rate_label}: `{i.code}` / `{i.denominator}`" if i.denominator else ""
        group = schema.groups.get(i.group, i.group)
        cells = [f"`{i.code}`", i.label, i.unit_label, group, rate]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", "## " + _("Rules"), ""]
    lines += [f"- {_rule_text(rule)}" for rule in schema.rules]
    derived = _("Computed from the fields; templates read them.")
    lines += ["", "## " + _("Derived figures"), "", derived, ""]
    lines += [f"- `{path}`" for path in derived_figures(kind)]
    return "\n".join(lines) + "\n"


def derived_figures(kind: Kind) -> list[str]:
    """The derived paths, one line for all indicators: ``rates.<indicator>``."""
    codes = {i.code for i in kind.schema.indicators}
    shown: list[str] = []
    for path in derived_paths(kind):
        parts = path.split(".")
        general = ".".join("<indicator>" if part in codes else part for part in parts)
        if general not in shown:
            shown.append(general)
    return shown


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _rule_text(rule) -> str:
    args = rule.args
    if rule.kind in ("lte", "date_order"):
        what = f"{args[0]} ≤ {args[1]}"
    elif rule.kind == "sum":
        what = f"{' + '.join(args['parts'])} = {args['total']}"
    elif rule.kind == "within_span":
        what = _("{field} within the years of {span}").format(**args)
    elif rule.kind == "among":
        what = _("{field} is one of {values}").format(**args)
    elif rule.kind == "unique":
        what = _("{fields} differ from each other").format(fields=args)
    elif rule.kind == "required_when":
        what = _("{field} required when {when} = {equals}").format(**args)
    else:
        offset = int(args.get("offset", 0))
        year = f"{args['year']} + {offset}" if offset else args["year"]
        what = _("{field} within the year {year}").format(field=args["field"], year=year)
    return f"{what}: {rule.message}" if rule.message else what
