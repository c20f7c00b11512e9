"""The schema of a report kind, read from its ``kind.yaml``.

The validator, the derived figures, the entry form and ``reportkit schema show`` all read
these objects; no field name of any kind appears in Python. Mistakes in a kind.yaml are
reported all at once with their line, like mistakes in input data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, ValidationError
from ..formatting.numbers import NUMBER_DIGITS
from ..i18n import N_, _
from .loader import Document

SCALAR_TYPES = ("string", "text", "integer", "number", "date", "year", "enum", "boolean")
TYPES = (*SCALAR_TYPES, "year_range", "list", "table", "object", "indicators")
INDICATOR_TYPES = ("integer", "number")
RULE_KINDS = (
    "lte",
    "sum",
    "date_order",
    "within_year",
    "within_span",
    "among",
    "unique",
    "required_when",
)


@dataclass
class Field:
    """One field of the input: its type, constraints and Vietnamese label and help."""

    name: str
    type: str
    label: str = ""
    help: str = ""
    required: bool = False
    default: Any = None
    example: Any = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    pattern_message: str | None = None
    unit_label: str | None = None
    values: dict[str, str] = field(default_factory=dict)  # enum: value -> label
    items: Field | None = None  # list
    min_items: int = 0  # list
    columns: dict[str, Field] = field(default_factory=dict)  # table
    fields: dict[str, Field] = field(default_factory=dict)  # object
    group_by: str | None = None  # table: also list its rows grouped by this column
    group_from: dict[str, str] | None = None  # group labels from a table: {table, key, label}
    consolidate: str = "each_unit"  # table: how a consolidated report puts units' rows together


@dataclass
class Indicator:
    """A count (or score) the unit reports, optionally the numerator of a rate."""

    code: str
    label: str
    group: str
    unit_label: str = ""
    type: str = "integer"
    help: str = ""
    required: bool = False
    denominator: str | None = None
    rate_label: str | None = None
    total: str | None = None  # take the value from this table total when not given
    digits: int | None = None  # at most this many decimals printed (a score: 2 unless given)
    rate_digits: int = 1  # decimals of its rate, more only where 0% or 100% would be untrue

    @property
    def decimals(self) -> int:
        """The most decimals its figure prints with: none for a count, 2 for a score."""
        if self.type == "integer":
            return 0
        return NUMBER_DIGITS if self.digits is None else self.digits


@dataclass
class Total:
    """A sum of one table column, or the number of rows when no column is named."""

    code: str
    label: str
    table: str
    column: str | None = None


@dataclass
class Series:
    """Figures by year: the numeric columns of a table whose rows are keyed by a year.

    The derivation adds up each column per year (so several units' rows for one year sum),
    gives each column its total over the years and its change from the first year to the last.
    """

    code: str
    table: str
    key: str = "year"
    label: str = ""
    span: str | None = None  # a year_range field: every year of it gets a column, figures or not


@dataclass
class Rule:
    """A cross-field check, one of :data:`RULE_KINDS` (``lte``, ``among``, ...)."""

    kind: str
    args: Any
    message: str


@dataclass
class Schema:
    """Everything a kind says about its data."""

    fields: dict[str, Field]
    indicators: list[Indicator]
    groups: dict[str, str]
    totals: list[Total]
    rules: list[Rule]
    series: list[Series] = field(default_factory=list)

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def walk(self) -> Iterator[tuple[str, Field]]:
        """Every field with its dotted path, parents before children (``tasks[].area``)."""
        yield from _walk(self.fields, "")


def _walk(fields: dict[str, Field], prefix: str) -> Iterator[tuple[str, Field]]:
    for name, spec in fields.items():
        path = f"{prefix}{name}"
        yield path, spec
        if spec.type == "object":
            yield from _walk(spec.fields, f"{path}.")
        elif spec.type == "table":
            yield from _walk(spec.columns, f"{path}[].")


_FIELD_KEYS = {
    "type",
    "label",
    "help",
    "required",
    "default",
    "example",
    "min",
    "max",
    "pattern",
    "pattern_message",
    "unit_label",
    "values",
    "items",
    "min_items",
    "columns",
    "fields",
    "group_by",
    "group_from",
    "consolidate",
    "like",
}
CONSOLIDATE_MODES = ("each_unit", "distinct")


class _Reader:
    """Turns the parsed kind.yaml into schema objects, collecting every mistake."""

    def __init__(self, document: Document):
        self.document = document
        self.problems: list[Problem] = []

    def fail(self, path: tuple, message: str) -> None:
        self.problems.append(
            Problem(
                message,
                file=self.document.file,
                location=self.document.locate(path),
                field=".".join(str(p) for p in path),
            )
        )

    def entry(self, kind: type, raw: Any, path: tuple) -> Any:
        """An Indicator, Total or Series from its block, or None with what is wrong in it."""
        item = self.mapping(raw, path)
        known = [spec.name for spec in dataclasses.fields(kind)]
        unknown = [str(key) for key in item if key not in known]
        if unknown:
            message = _("unknown key {keys} (known: {known})")
            self.fail(path, message.format(keys=", ".join(unknown), known=", ".join(known)))
            return None
        needed = [
            spec.name
            for spec in dataclasses.fields(kind)
            if spec.default is dataclasses.MISSING
            and spec.default_factory is dataclasses.MISSING
            and spec.name not in item
        ]
        if needed:
            self.fail(path, _("needs {keys}").format(keys=", ".join(needed)))
            return None
        return kind(**item)

    def mapping(self, raw: Any, path: tuple) -> dict:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.fail(path, _("must be a block of keys and values"))
            return {}
        return raw

    def fields(self, raw: Any, path: tuple, top: dict) -> dict[str, Field]:
        return {
            str(name): self.field(str(name), spec, (*path, name), top)
            for name, spec in self.mapping(raw, path).items()
        }

    def field(self, name: str, raw: Any, path: tuple, top: dict) -> Field:
        if isinstance(raw, str):
            raw = {"type": raw}
        raw = dict(self.mapping(raw, path))
        like = raw.pop("like", None)
        if like is not None:
            if like in top and isinstance(top[like], dict):
                raw = {**top[like], **raw}
                raw.pop("like", None)
            else:
                self.fail((*path, "like"), _('names no top-level field "{name}"').format(name=like))
        for key in raw:
            if key not in _FIELD_KEYS:
                message = _("unknown field property (known: {names})")
                self.fail((*path, key), message.format(names=", ".join(_FIELD_KEYS)))
        kind = raw.get("type")
        if kind not in TYPES:
            message = _("type must be one of {names}, got {got}")
            self.fail((*path, "type"), message.format(names=", ".join(TYPES), got=repr(kind)))
            kind = "string"
        spec = Field(
            name=name,
            type=kind,
            label=str(raw.get("label") or name),
            help=str(raw.get("help") or ""),
            required=bool(raw.get("required", False)),
            default=raw.get("default"),
            example=raw.get("example"),
            min=raw.get("min"),
            max=raw.get("max"),
            pattern=raw.get("pattern"),
            pattern_message=raw.get("pattern_message"),
            unit_label=raw.get("unit_label"),
            min_items=int(raw.get("min_items") or 0),
            group_by=raw.get("group_by"),
            group_from=raw.get("group_from"),
            consolidate=str(raw.get("consolidate") or "each_unit"),
        )
        if spec.consolidate not in CONSOLIDATE_MODES:
            self.fail(
                (*path, "consolidate"),
                _(
                    "each_unit (every unit's rows, each naming its unit) or distinct (rows the "
                    "units share, once: the programme's areas, say)"
                ),
            )
        if kind == "enum":
            values = self.mapping(raw.get("values"), (*path, "values"))
            if not values:
                self.fail(path, _("an enum needs values (value: Vietnamese label)"))
            spec.values = {str(k): str(v) for k, v in values.items()}
        elif kind == "list":
            spec.items = self.field(name, raw.get("items") or "string", (*path, "items"), top)
            if spec.items.label == name:  # an item is named as its list: "Nơi nhận", never a code
                spec.items.label = spec.label
            spec.items.help = spec.items.help or spec.help
        elif kind == "table":
            spec.columns = self.fields(raw.get("columns"), (*path, "columns"), top)
            if not spec.columns:
                self.fail(path, _("a table needs columns"))
            source = spec.group_from
            if source is not None and not (
                isinstance(source, dict)
                and all(isinstance(source.get(k), str) for k in ("table", "key", "label"))
            ):
                self.fail((*path, "group_from"), _("takes {table: ..., key: ..., label: ...}"))
                spec.group_from = None
            if spec.group_by and not (
                spec.columns.get(spec.group_by, Field("", "")).type == "enum" or spec.group_from
            ):
                self.fail(
                    (*path, "group_by"),
                    _(
                        "must name an enum column of this table, or come with group_from "
                        "{table, key, label} naming the table that holds the groups"
                    ),
                )
        elif kind == "object":
            spec.fields = self.fields(raw.get("fields"), (*path, "fields"), top)
        return spec

    def indicators(self, raw: Any, groups: dict[str, str]) -> list[Indicator]:
        if not isinstance(raw, list):
            self.fail(("indicators",), _("must be a list of indicators"))
            return []
        result: list[Indicator] = []
        for index, item in enumerate(raw):
            path = ("indicators", index)
            indicator = self.entry(Indicator, item, path)
            if indicator is None:
                continue
            if indicator.group not in groups:
                message = _("group must be one of {names}").format(names=", ".join(groups))
                self.fail((*path, "group"), message)
            if indicator.type not in INDICATOR_TYPES:
                self.fail((*path, "type"), _("an indicator is an integer or a number"))
            for name in ("digits", "rate_digits"):
                value = getattr(indicator, name)
                if value is not None and not _is_digits(value):
                    message = _("{name} must be a whole number from 0 to 6").format(name=name)
                    self.fail((*path, name), message)
            if indicator.type == "integer" and indicator.digits:
                self.fail((*path, "digits"), _("a count is whole: only a number has decimals"))
            result.append(indicator)
        codes = [i.code for i in result]
        for index, indicator in enumerate(result):
            if codes.count(indicator.code) > 1:
                message = _('code "{code}" is used twice').format(code=indicator.code)
                self.fail(("indicators", index, "code"), message)
            if indicator.denominator and indicator.denominator not in codes:
                self.fail(("indicators", index, "denominator"), _("names no indicator"))
        return result

    def totals(self, raw: Any, fields: dict[str, Field]) -> list[Total]:
        result: list[Total] = []
        for index, item in enumerate(raw or []):
            path = ("totals", index)
            total = self.entry(Total, item, path)
            if total is None:
                continue
            table = fields.get(total.table)
            if table is None or table.type != "table":
                self.fail((*path, "table"), _("must name a top-level table field"))
            elif total.column and total.column not in table.columns:
                message = _("table {table} has no such column").format(table=total.table)
                self.fail((*path, "column"), message)
            result.append(total)
        return result

    def series(self, raw: Any, fields: dict[str, Field]) -> list[Series]:
        result: list[Series] = []
        for index, item in enumerate(raw or []):
            path = ("series", index)
            series = self.entry(Series, item, path)
            if series is None:
                continue
            table = fields.get(series.table)
            if table is None or table.type != "table":
                self.fail((*path, "table"), _("must name a top-level table field"))
            elif table.columns.get(series.key, Field("", "")).type != "year":
                message = _("table {table} has no year column of that name")
                self.fail((*path, "key"), message.format(table=series.table))
            result.append(series)
        return result

    def rules(self, raw: Any) -> list[Rule]:
        result: list[Rule] = []
        for index, item in enumerate(raw or []):
            path = ("rules", index)
            item = dict(self.mapping(item, path))
            message = str(item.pop("message", "") or "")
            if len(item) != 1 or next(iter(item)) not in RULE_KINDS:
                message = _("a rule is one of {names} with a message")
                self.fail(path, message.format(names=", ".join(RULE_KINDS)))
                continue
            kind, args = next(iter(item.items()))
            if not _rule_args_ok(kind, args):
                self.fail((*path, kind), _(_RULE_SHAPES[kind]))
                continue
            result.append(Rule(kind, args, message))
        return result


_RULE_SHAPES = {
    "lte": N_("lte takes two field paths: [counts.part, counts.whole]"),
    "date_order": N_("date_order takes two date field paths: [period.from, period.to]"),
    "sum": N_("sum takes {total: path, parts: [path, ...]}"),
    "within_year": N_("within_year takes {field: path, year: path, offset: whole number}"),
    "within_span": N_("within_span takes {field: path, span: path of a span of years}"),
    "among": N_(
        "among takes {field: path, values: path}: {field: tasks.*.area, values: areas.*.code}"
    ),
    "unique": N_("unique takes one field path, e.g. figures.*.year"),
    "required_when": N_("required_when takes {field: path, when: path, equals: value}"),
}

_RULE_KEYS = {
    "within_year": ("field", "year"),
    "within_span": ("field", "span"),
    "among": ("field", "values"),
    "required_when": ("field", "when"),
}


def _rule_args_ok(kind: str, args: Any) -> bool:
    if kind in ("lte", "date_order"):
        return isinstance(args, list) and len(args) == 2 and all(isinstance(a, str) for a in args)
    if kind == "unique":
        return isinstance(args, str)
    if not isinstance(args, dict):
        return False
    if kind == "sum":
        parts = args.get("parts")
        return isinstance(args.get("total"), str) and isinstance(parts, list) and bool(parts)
    if kind == "required_when" and "equals" not in args:
        return False
    return all(isinstance(args.get(key), str) for key in _RULE_KEYS[kind])


def parse_schema(document: Document) -> Schema:
    """Build the schema from a loaded kind.yaml, or raise every mistake in it at once."""
    reader = _Reader(document)
    raw = reader.mapping(document.data, ())
    top = reader.mapping(raw.get("fields"), ("fields",))
    groups = {str(k): str(v) for k, v in reader.mapping(raw.get("groups"), ("groups",)).items()}
    fields = reader.fields(top, ("fields",), top)
    schema = Schema(
        fields=fields,
        indicators=reader.indicators(raw.get("indicators", []), groups),
        groups=groups,
        totals=reader.totals(raw.get("totals"), fields),
        rules=reader.rules(raw.get("rules")),
        series=reader.series(raw.get("series"), fields),
    )
    codes = {t.code for t in schema.totals}
    for index, indicator in enumerate(schema.indicators):
        if indicator.total and indicator.total not in codes:
            reader.fail(("indicators", index, "total"), _("names no total"))
    if reader.problems:
        raise ValidationError(reader.problems, file=document.file)
    return schema


def _is_digits(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6
