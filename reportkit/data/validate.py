"""Check input data against a kind's schema and return it typed, or list every problem.

One pass over the schema collects all problems (wrong types, missing fields, unknown
fields with a likely correction, cross-field rules), each named by file, line and field
path, so a person fixes the whole file in one go. Nothing is written when there is one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from ..errors import Problem, ValidationError
from ..formatting.text import same_text_key
from ..i18n import VIETNAMESE, _, current_language, speaking
from ..limits import FIGURE_LIMIT, excerpt
from .loader import Document
from .messages import TOO_BIG, as_typed, said, say
from .paths import field_name, lookup, row_label
from .rules import check_rules
from .schema import Field, Schema
from .suggest import closest, unknown_name_message

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_THOUSANDS = re.compile(r"^\d{1,3}([.,  ]\d{3})+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DECIMAL = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")
_TRUE = {"true", "yes", "có", "co", "x", "1"}
_FALSE = {"false", "no", "không", "khong", "0"}

# A year as people write it: four digits, from the archives to well past any plan.
PLAUSIBLE_YEARS = range(1900, 2201)


def validate(schema: Schema, document: Document, *, partial: bool = False) -> dict[str, Any]:
    """The document's data, typed and with defaults, or ValidationError with every problem.

    ``partial`` skips required checks (a previous year's file may hold only counts).
    """
    validator = _Validator(schema, document, partial)
    with speaking(document.language):
        data = validator.run()
    if validator.problems:
        raise ValidationError(_by_line(validator.problems), file=document.file)
    return data


def shown(value: Any) -> str:
    """A value as a message quotes it: text in double quotes; numbers and dates as a reader
    of the current language reads them (ISO and 3.316 in English, 3,316 in Vietnamese)."""
    if isinstance(value, str):
        return f'"{excerpt(value)}"'
    if value is None:
        return say("empty")
    if isinstance(value, dict):
        return say("a_block")
    if isinstance(value, list):
        return say("a_list")
    if current_language() == VIETNAMESE:
        return as_typed(value)  # with what a typed 3.316 was taken for
    return said(value)


def _whole(text: str) -> int:
    """The integer a string of digits says; a huge one as a bound, not thousands of digits."""
    digits = text.lstrip("+-")
    if len(digits) <= 20:
        return int(text)
    return -FIGURE_LIMIT if text.startswith("-") else FIGURE_LIMIT


class _Validator:
    def __init__(self, schema: Schema, document: Document, partial: bool):
        self.schema = schema
        self.document = document
        # YAML alone reads yes/no/on/off as true/false
        self.yaml = document.file.lower().endswith((".yaml", ".yml"))
        self.partial = partial
        self.problems: list[Problem] = []
        self.deferred: list[tuple[dict, Field, tuple]] = []
        self.indicator_fields = {
            i.code: Field(i.code, i.type, label=i.label, min=0, required=i.required)
            for i in schema.indicators
        }
        self.all_paths = [path for path, _ in schema.walk()]
        for name, spec in schema.fields.items():
            if spec.type == "indicators":
                self.all_paths += [f"{name}.{code}" for code in self.indicator_fields]

    def run(self) -> dict[str, Any]:
        data = self.object(self.schema.fields, self.document.data, (), enforce=True)
        for container, spec, path in self.deferred:
            filled = _fill(spec.default, data)
            if filled is not None:
                container[path[-1]] = self.value(spec, filled, path, False)
        check_rules(self.schema.rules, data, self.problem, self.label)
        return data

    def label(self, path: tuple) -> str:
        """The field at ``path`` as a person names it: "Ngày ký (dòng 2)", never a path."""
        fields, spec, row = self.schema.fields, None, None
        for part in path:
            if isinstance(part, int):
                row = part
                continue
            spec = fields.get(part) or self.indicator_fields.get(part)
            if spec is None:
                return field_name(path)
            fields = spec.columns or spec.fields
        return row_label(spec.label, row) if spec is not None else field_name(path)

    def say(self, key: str, got: Any = None, **values: Any) -> str:
        """A message in the input's language; ``got`` is the value as typed."""
        return say(key, got=shown(got), **values)

    def bounds(self, spec: Field) -> str:
        if spec.min == 0 and spec.max is None:  # said as the form's own checks say it
            return self.say("non_negative")
        parts = []
        if spec.min is not None:
            parts.append(f"≥ {shown(spec.min)}")
        if spec.max is not None:
            parts.append(f"≤ {shown(spec.max)}")
        return " " + self.say("and").join(parts) if parts else ""

    def problem(self, path: tuple, message: str, value: Any = None) -> None:
        self.problems.append(
            Problem(
                message,
                file=self.document.file,
                location=self.document.locate(path),
                field=field_name(path) or None,
                value=value,
            )
        )

    def object(self, fields: dict[str, Field], raw: Any, path: tuple, enforce: bool) -> dict:
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.problem(path, self.say("block", raw), raw)
            raw, enforce = {}, False
        for key in raw:
            if key not in fields:
                message = unknown_name_message(str(key), fields, elsewhere=self.all_paths)
                self.problem((*path, key), message, raw[key])
        result: dict[str, Any] = {}
        for name, spec in fields.items():
            value = self.value(spec, raw.get(name), (*path, name), enforce, result)
            result[name] = value
        return result

    def value(self, spec: Field, raw: Any, path: tuple, enforce: bool, container=None) -> Any:
        if raw is None or raw == [] or (isinstance(raw, str) and not raw.strip()):
            return self.empty(spec, path, enforce, container)
        return getattr(self, f"check_{spec.type}")(spec, raw, path)

    def empty(self, spec: Field, path: tuple, enforce: bool, container: dict | None) -> Any:
        if spec.required and enforce and not self.partial:
            self.problem(path, self.say("required", label=spec.label))
        if spec.default is not None:
            if isinstance(spec.default, str) and _PLACEHOLDER.search(spec.default):
                if container is not None:
                    self.deferred.append((container, spec, path))
                return None
            return self.value(spec, spec.default, path, False)
        if spec.type in ("list", "table"):
            return []
        if spec.type == "object":
            return self.object(spec.fields, {}, path, enforce=False)
        if spec.type == "indicators":
            return dict.fromkeys(self.indicator_fields)
        return None

    def check_string(self, spec: Field, raw: Any, path: tuple) -> str | None:
        if isinstance(raw, (dict, list, bool)):
            hint = self.say("bool_hint") if isinstance(raw, bool) and self.yaml else ""
            self.problem(path, self.say("text", raw, hint=hint), raw)
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # a spreadsheet cell holding 2025 arrives as 2025.0
        text = raw.isoformat() if isinstance(raw, dt.date) else str(raw).strip()
        if spec.pattern and not re.fullmatch(spec.pattern, text):
            message = spec.pattern_message or self.say("pattern", pattern=spec.pattern)
            self.problem(path, self.say("pattern_got", text, message=message), raw)
            return None
        return text

    check_text = check_string

    def check_integer(self, spec: Field, raw: Any, path: tuple) -> int | None:
        expected = self.say("whole") + self.bounds(spec)
        value = None
        if isinstance(raw, bool):
            pass
        elif isinstance(raw, int):
            value = raw
        elif isinstance(raw, float) and raw.is_integer():
            value = int(raw)
        elif isinstance(raw, str) and re.fullmatch(r"[+-]?\d+", raw.strip()):
            value = _whole(raw.strip())
        if value is None:
            hint = ""
            text = str(raw).strip() if isinstance(raw, (str, float)) else ""
            if _THOUSANDS.match(text):
                hint = self.say("thousands_hint", digits=re.sub(r"[^0-9]", "", text))
            self.problem(path, self.say("expected", raw, expected=expected, hint=hint), raw)
            return None
        return self.bounded(spec, value, expected, path, raw)

    def check_number(self, spec: Field, raw: Any, path: tuple) -> float | int | None:
        expected = self.say("number") + self.bounds(spec)
        value = None
        if isinstance(raw, bool):
            pass
        elif isinstance(raw, (int, float)):
            value = raw
        elif isinstance(raw, str) and _DECIMAL.match(raw.strip()):
            value = float(raw.strip().replace(",", "."))
        if value is None or value != value:  # NaN is not a figure
            self.problem(path, self.say("expected", raw, expected=expected, hint=""), raw)
            return None
        return self.bounded(spec, value, expected, path, raw)

    def bounded(self, spec: Field, value, expected: str, path: tuple, raw: Any):
        if not abs(value) < FIGURE_LIMIT:
            self.problem(path, self.say("too_big", raw, too_big=_(TOO_BIG)), raw)
            return None
        too_low = spec.min is not None and value < spec.min
        too_high = spec.max is not None and value > spec.max
        if too_low or too_high:
            self.problem(path, self.say("expected", raw, expected=expected, hint=""), raw)
            return None
        return value

    def check_date(self, spec: Field, raw: Any, path: tuple) -> dt.date | None:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = raw.strip() if isinstance(raw, str) else ""
        iso, vn = _ISO_DATE.match(text), _VN_DATE.match(text)
        try:
            if iso:
                return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
            if vn:
                return dt.date(int(vn[3]), int(vn[2]), int(vn[1]))
        except ValueError:
            pass
        self.problem(path, self.say("date", raw), raw)
        return None

    def check_year(self, spec: Field, raw: Any, path: tuple) -> int | None:
        year = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            year = raw
        elif isinstance(raw, float) and raw.is_integer():
            year = int(raw)
        elif isinstance(raw, str) and re.fullmatch(r"\d{4}", raw.strip()):
            year = int(raw)
        if year is None or year not in PLAUSIBLE_YEARS:
            self.problem(path, self.say("year", raw), raw)
            return None
        return year

    def check_enum(self, spec: Field, raw: Any, path: tuple) -> str | None:
        text = unicodedata.normalize("NFC", str(raw).strip())
        if text in spec.values:
            return text
        by_label = {same_text_key(label): value for value, label in spec.values.items()}
        if same_text_key(text) in by_label:
            return by_label[same_text_key(text)]
        allowed = "; ".join(f"{value} ({label})" for value, label in spec.values.items())
        message = self.say("enum", raw, allowed=allowed)
        guess = closest(text, [*spec.values, *spec.values.values()])
        if guess:
            message += self.say("guess", guess=by_label.get(same_text_key(guess), guess))
        self.problem(path, message, raw)
        return None

    def check_boolean(self, spec: Field, raw: Any, path: tuple) -> bool | None:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().casefold()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        self.problem(path, self.say("boolean", raw), raw)
        return None

    def check_year_range(self, spec: Field, raw: Any, path: tuple) -> dict | None:
        bounds = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            bounds = (raw, raw)
        elif isinstance(raw, str) and (match := _YEAR_RANGE.match(raw.strip())):
            bounds = (int(match[1]), int(match[2]))
        elif isinstance(raw, dict) and set(raw) == {"from", "to"}:
            bounds = (raw["from"], raw["to"])
        elif isinstance(raw, list) and len(raw) == 2:
            bounds = tuple(raw)
        if (
            bounds is None
            or not all(isinstance(b, int) and not isinstance(b, bool) for b in bounds)
            or bounds[0] > bounds[1]
        ):
            self.problem(path, self.say("year_range", raw), raw)
            return None
        return {"from": bounds[0], "to": bounds[1]}

    def check_list(self, spec: Field, raw: Any, path: tuple) -> list:
        if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
            raw = [raw]
        if not isinstance(raw, list):
            self.problem(path, self.say("list", raw), raw)
            return []
        items = [self.value(spec.items, item, (*path, i), True) for i, item in enumerate(raw)]
        items = [item for item in items if item is not None]
        if not self.partial and len(items) < spec.min_items:
            self.problem(path, self.say("min_items", count=spec.min_items, label=spec.label), raw)
        return items

    def check_table(self, spec: Field, raw: Any, path: tuple) -> list[dict]:
        if not isinstance(raw, list):
            self.problem(path, self.say("table", raw), raw)
            return []
        rows = []
        for index, row in enumerate(raw):
            if row is None:
                continue
            if not isinstance(row, dict):
                self.problem((*path, index), self.say("row", row), row)
                continue
            rows.append(self.object(spec.columns, row, (*path, index), enforce=True))
        return rows

    def check_object(self, spec: Field, raw: Any, path: tuple) -> dict:
        return self.object(spec.fields, raw, path, enforce=True)

    def check_indicators(self, spec: Field, raw: Any, path: tuple) -> dict:
        if not isinstance(raw, dict):
            self.problem(path, self.say("indicators", raw), raw)
            raw = {}
        for key in raw:
            if key not in self.indicator_fields:
                message = unknown_name_message(str(key), self.indicator_fields, indicator=True)
                self.problem((*path, key), message, raw[key])
        return {
            code: self.value(field, raw.get(code), (*path, code), True)
            for code, field in self.indicator_fields.items()
        }


def _fill(template: str, data: dict) -> str | None:
    """A default such as ``"{year}-01-01"`` with the values it names, or None if one is missing."""
    values = {}
    for name in _PLACEHOLDER.findall(template):
        value = lookup(data, name)
        if value is None:
            return None
        values[name] = value
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)


def _by_line(problems: list[Problem]) -> list[Problem]:
    """Problems in the order a person reads the file."""

    def key(item: tuple[int, Problem]):
        index, problem = item
        match = re.match(r"line (\d+)", problem.location or "")
        return (int(match[1]) if match else float("inf"), index)

    return [p for _, p in sorted(enumerate(problems), key=key)]
