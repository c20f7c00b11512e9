"""Read a filled entry form back as the same data a YAML file gives.

The hidden sheet names the kind, version, unit and year; the plan rebuilt from the kind
says where each field sits. Before trusting a value the reader checks the label beside
it, so rows moved or inserted by hand are caught rather than read into the wrong field.
Every problem (unreadable value, formula, moved label, and then the kind's own checks) is
collected and raised at once, each naming its cell. The form is only ever read.
"""

from __future__ import annotations

import os
import re
from typing import Any

from ..data.kinds import Kind, load_kind
from ..data.loader import Document
from ..data.paths import field_name
from ..data.validate import shown
from ..errors import InputError, Problem, ValidationError
from ..formatting.text import same_text_key
from ..i18n import VIETNAMESE, _, speaking
from ..limits import excerpt
from ..package import open_package
from .layout import FormPlan, SheetPlan, Slot, Text, place, plan_form
from .meta import StoredMeta, read_meta
from .pick import Pick
from .values import Unreadable, clean_text, parse_value

_MOVED_SHOWN = 5  # label mismatches listed per sheet before summing up the rest


def open_workbook(path: str | os.PathLike):
    """The workbook at ``path`` with formulas as typed, or an InputError saying why not."""
    import openpyxl

    file = str(path)
    with speaking(VIETNAMESE):  # said to the unit staff who gave the form
        open_package(path, (".xlsx",)).close()  # .xls, encrypted, not a zip, a zip bomb
        try:
            return openpyxl.load_workbook(path, data_only=False)
        except Exception as error:  # openpyxl raises many kinds on broken parts
            message = _("the workbook is damaged and cannot be read ({reason})")
            raise InputError(message.format(reason=excerpt(str(error))), file=file) from None


def read_form(
    path: str | os.PathLike,
    *,
    kind: str | Kind | None = None,
    year: int | None = None,
    partial: bool = False,
) -> Document:
    """The data of a filled form, located by cell, or ValidationError with every problem.

    ``kind`` and ``year``, when given, are what the caller expects the form to be for.
    ``partial`` accepts a form with required fields left empty (last year's figures).
    """
    with speaking(VIETNAMESE):
        return _read_form(path, kind, year, partial)


def _read_form(path, kind, year: int | None, partial: bool) -> Document:
    file = str(path)
    stored, form_kind, plan, reading = _read(path, kind)
    identity = stored.identity
    if year is not None and year != identity.year:
        message = _("this form is for {form_year}, not {year}")
        raise InputError(message.format(form_year=identity.year, year=year), file=file)
    _check_identity(stored, plan, reading, file)
    document = Document(reading.data, file, reading.locations, language=VIETNAMESE)
    document.kind = form_kind.name  # which kind the pipeline should use
    problems = reading.problems
    try:
        form_kind.validate(document, partial=partial)
    except ValidationError as error:
        problems = problems + reading.explain(error.problems)
    if problems:
        raise ValidationError(_in_reading_order(problems, plan), file=file)
    return document


def form_unit(path: str | os.PathLike) -> dict[str, Any]:
    """The unit block as typed on a form, whatever its mistakes: who sent the form."""
    with speaking(VIETNAMESE):
        unit = _read(path, None)[3].data.get("unit")
    return unit if isinstance(unit, dict) else {}


def _read(path: str | os.PathLike, kind: str | Kind | None):
    """The form's stored identity, its kind, the plan it was made from and its cells read."""
    file = str(path)
    book = open_workbook(path)
    stored = read_meta(book, file)
    form_kind = _form_kind(stored, kind, file)
    identity = stored.identity
    plan = plan_form(
        form_kind.schema,
        year=identity.year,
        table_rows=identity.table_rows,
        list_rows=identity.list_rows,
    )
    if [tuple(row) for row in stored.cells] != plan.field_map():
        message = _(
            'this form was made from another definition of the report kind "{kind}" version '
            "{version}; make a new form with `reportkit form`"
        )
        raise InputError(message.format(kind=form_kind.name, version=identity.version), file=file)
    reading = _Reading(book, plan, file, identity.pick)
    reading.run()
    return stored, form_kind, plan, reading


def _in_reading_order(problems: list[Problem], plan: FormPlan) -> list[Problem]:
    """Problems sheet by sheet, top to bottom, left to right, as a person fixes them."""
    sheets = {sheet.title: number for number, sheet in enumerate(plan.sheets)}

    def key(problem: Problem) -> tuple:
        match = re.match(r"^'(.+)'(?:!([A-Z]+)(\d+))?$", problem.location or "")
        if not match:
            return (len(sheets), 0, 0, "")
        letters = match[2] or ""
        return (sheets.get(match[1], len(sheets)), int(match[3] or 0), len(letters), letters)

    return sorted(problems, key=key)


def _form_kind(stored: StoredMeta, requested: str | Kind | None, file: str) -> Kind:
    name, version = stored.identity.kind, stored.identity.version
    if isinstance(requested, Kind):
        found = requested
    else:
        try:
            found = load_kind(requested or name, shipped_only=requested is None)
        except InputError as error:
            message = _(
                'this form is for the report kind "{kind}", which cannot be loaded ({reason})'
            )
            raise InputError(
                message.format(kind=excerpt(name), reason=error.message), file=file
            ) from None
    if found.name != name:
        message = _('this form is for the report kind "{kind}", not "{requested}"')
        raise InputError(message.format(kind=excerpt(name), requested=found.name), file=file)
    if found.version != version:
        message = _(
            'this form was made for version {version} of the report kind "{kind}", but this '
            "reportkit reads version {reads}; make a new form with `reportkit form`"
        )
        said = message.format(version=version, kind=name, reads=found.version)
        raise InputError(said, file=file)
    return found


class _Reading:
    """One pass over the form's input cells."""

    def __init__(self, book, plan: FormPlan, file: str, pick: Pick | None = None):
        self.book = book
        self.plan = plan
        self.file = file
        self.pick = pick
        self.picked = {slot.path for slot in pick.filled(plan)} if pick else set()
        self.problems: list[Problem] = []
        self.values: dict[tuple, Any] = {}  # slot path -> typed value
        self.present: set[tuple] = set()  # slot paths with something typed in
        self.unread: set[tuple] = set()  # slot paths not read: their sheet or label is wrong
        self.raw: dict[tuple, Any] = {}
        self.data: dict[str, Any] = {}
        self.locations: dict[tuple, str] = {}
        self.renamed: dict[tuple, tuple] = {}  # slot path -> path in the data
        # place -> (field name, the cell's label, the field's own label)
        self.labels: dict[str, tuple[str, str, str]] = {}

    def run(self) -> None:
        for sheet in self.plan.sheets:
            if sheet.title not in self.book.sheetnames:
                self.problems.append(
                    Problem(
                        _(
                            'the sheet "{sheet}" is no longer in the form (renamed or deleted)'
                        ).format(sheet=sheet.title),
                        file=self.file,
                        location=f"'{sheet.title}'",
                    )
                )
                self.unread.update(slot.path for slot in sheet.slots)
                continue
            self.read_sheet(self.book[sheet.title], sheet)
        if self.pick:
            self.take_picked(self.pick)
        self.build()

    def take_picked(self, pick: Pick) -> None:
        """The picked entry's fields, from the list kept in the form (not the formulas)."""
        key = self.plan.slot(pick.key_path())
        chosen = self.values.get(key.path)
        if chosen is None:
            return
        entry = pick.entry(chosen)
        if entry is None:
            self.fail(key, _("must be chosen from the drop-down list"), chosen)
            return
        for slot in pick.filled(self.plan):
            if entry.get(slot.path[-1]) is not None:
                self.values[slot.path] = parse_value(slot.field, entry[slot.path[-1]])
                self.present.add(slot.path)

    def read_sheet(self, worksheet, sheet: SheetPlan) -> None:
        skipped = self.check_texts(worksheet, sheet)
        for slot in sheet.slots:
            if slot.row in skipped or (None, slot.column) in skipped:
                self.unread.add(slot.path)
                continue
            if slot.path in self.picked:
                continue
            cell = worksheet.cell(slot.row, slot.column)
            value = _cell_value(worksheet, cell, sheet)
            if value is None or (isinstance(value, str) and not clean_text(value)):
                continue
            self.present.add(slot.path)
            self.raw[slot.path] = value
            if cell.data_type == "f" or _is_formula(value):
                self.fail(
                    slot,
                    _("the cell holds a formula; type the value, not a formula"),
                    _formula_text(value),
                )
                continue
            if cell.data_type == "e":
                self.fail(slot, _("the cell shows an error; type the value again"), value)
                continue
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and "%" in (cell.number_format or "")
            ):
                value = round(value * 100, 10)  # 96,7% typed into a number cell
            try:
                self.values[slot.path] = parse_value(slot.field, value)
            except Unreadable as error:
                self.fail(slot, str(error), value)

    def check_texts(self, worksheet, sheet: SheetPlan) -> set:
        """Rows (and header columns) whose label is not where the form put it."""
        wrong: list[tuple[Text, str]] = []
        for text in sheet.texts:
            found = worksheet.cell(text.row, text.column).value
            if _same(found, text.text):
                continue
            wrong.append((text, "" if found is None else clean_text(found)))
        skipped: set = set()
        for index, (text, found) in enumerate(wrong):
            if text.row == sheet.texts[0].row and sheet.role == "table":
                skipped.add((None, text.column))
            skipped.add(text.row)
            if index < _MOVED_SHOWN:
                shown = _quoted(found or None)
                self.problems.append(
                    Problem(
                        _(
                            'the label should be "{expected}" but is {found}: a row or column was '
                            "inserted, deleted or moved; put it back as in the original form"
                        ).format(expected=text.text, found=shown),
                        file=self.file,
                        location=place(sheet.title, text.row, text.column),
                        value=found or None,
                    )
                )
        if len(wrong) > _MOVED_SHOWN:
            self.problems.append(
                Problem(
                    _("{count} more labels on this sheet are not in their place either").format(
                        count=len(wrong) - _MOVED_SHOWN
                    ),
                    file=self.file,
                    location=f"'{sheet.title}'",
                )
            )
        return skipped

    def fail(self, slot: Slot, message: str, raw: Any) -> None:
        self.problems.append(
            Problem(
                _("{label}: {message}; typed: {typed}").format(
                    label=slot.label, message=message, typed=shown(raw)
                ),
                file=self.file,
                location=slot.place,
                field=slot.name,
                value=raw,
            )
        )

    def build(self) -> None:
        """Nest the values as YAML would; tables and lists keep only rows with something."""
        kept: dict[tuple, list[int]] = {}
        for path in self.present:
            at = _first_index(path)
            if at is not None:
                kept.setdefault(path[:at], []).append(path[at])
        ranks = {
            prefix: {i: n for n, i in enumerate(sorted(set(rows)))} for prefix, rows in kept.items()
        }
        for slot in self.plan.slots():
            at = _first_index(slot.path)
            if at is None:
                new = slot.path
            else:
                prefix, index = slot.path[:at], slot.path[at]
                if index not in ranks.get(prefix, {}):
                    self.locations.setdefault(prefix, slot.place)
                    continue
                new = (*prefix, ranks[prefix][index], *slot.path[at + 1 :])
            self.renamed[slot.path] = new
            self.labels[slot.place] = (field_name(new), slot.label, slot.field.label)
            for depth in range(1, len(new) + 1):
                self.locations.setdefault(new[:depth], slot.place)
            if slot.path in self.values and self.values[slot.path] is not None:
                _put(self.data, new, self.values[slot.path])
            elif slot.path in self.present and at is not None:
                _put(self.data, new[: at + 1], {}, only_if_missing=True)
        self.data = _as_lists(self.data)
        self.problems = [self._renamed(p) for p in self.problems]

    def _renamed(self, problem: Problem) -> Problem:
        """A reader problem named by its place in the data (row numbers after compacting)."""
        for old, new in self.renamed.items():
            if problem.field == field_name(old):
                return Problem(
                    problem.message,
                    file=problem.file,
                    location=problem.location,
                    field=field_name(new),
                    value=problem.value,
                )
        return problem

    def explain(self, problems: list[Problem]) -> list[Problem]:
        """The kind's problems with the label of their cell; none twice for one cell."""
        taken = {p.location for p in self.problems}
        if self.pick and (key := self.plan.slot(self.pick.key_path())) and key.place in taken:
            # the unit picked is wrong: its locked cells are empty because of it, not by a
            # mistake the person can fix there
            taken |= {slot.place for slot in self.plan.slots() if slot.path in self.picked}
        result = []
        for problem in problems:
            if problem.location in taken:
                continue
            name, label, field_label = self.labels.get(problem.location or "", ("", "", ""))
            message = problem.message
            if label and problem.field == name:  # about this cell: its label leads, once
                message = f"{label}: {message.replace(f' ({field_label})', '')}"
            result.append(
                Problem(
                    message,
                    file=problem.file,
                    location=problem.location,
                    field=problem.field,
                    value=problem.value,
                )
            )
        return result


def _check_identity(stored: StoredMeta, plan: FormPlan, reading: _Reading, file: str) -> None:
    """The locked values (unit, year) must still say what the hidden sheet says; each one
    changed is named, so a form with both its year and its unit changed says so."""
    by_name = {slot.name: slot for slot in plan.slots()}
    problems = []
    for name, expected_raw in stored.fixed_by_name.items():
        slot = by_name.get(name)
        if slot is None or slot.path in reading.unread:
            continue  # a moved label or missing sheet is reported with the other problems
        try:
            expected = parse_value(slot.field, expected_raw)
        except Unreadable:
            expected = expected_raw
        found = reading.values.get(slot.path)
        if found != expected:
            message = _(
                "this form was made for {label} = {expected}, but the sheet now says {found}; "
                "use the form made for this unit and year"
            ).format(
                label=slot.label.rstrip(" (*)"),
                expected=_quoted(expected),
                found=_quoted(reading.raw.get(slot.path)),
            )
            problems.append(Problem(message, file=file, location=slot.place, field=name))
    if problems:
        raise ValidationError(problems, file=file)


def _cell_value(worksheet, cell, sheet: SheetPlan) -> Any:
    """The cell's value; inside a merged range, the value of the range (from its corner)."""
    from openpyxl.cell.cell import MergedCell

    if not isinstance(cell, MergedCell):
        return cell.value
    for merged in worksheet.merged_cells.ranges:
        if cell.coordinate in merged:
            corner = (merged.min_row, merged.min_col)
            others = {(s.row, s.column) for s in sheet.slots}
            others |= {(t.row, t.column) for t in sheet.texts}
            if corner in others:
                return None
            return worksheet.cell(*corner).value
    return None


def _same(found: Any, expected: str) -> bool:
    if found is None:
        return expected == ""
    if isinstance(found, float) and found.is_integer():
        found = int(found)
    return same_text_key(found) == same_text_key(expected)


def _first_index(path: tuple) -> int | None:
    return next((n for n, part in enumerate(path) if isinstance(part, int)), None)


def _put(data: dict, path: tuple, value: Any, only_if_missing: bool = False) -> None:
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    if only_if_missing:
        node.setdefault(path[-1], value)
    else:
        node[path[-1]] = value


def _as_lists(node: Any) -> Any:
    """Dicts keyed 0..n-1 (rows, items) become lists."""
    if not isinstance(node, dict):
        return node
    converted = {key: _as_lists(value) for key, value in node.items()}
    if converted and all(isinstance(key, int) for key in converted):
        return [converted[key] for key in sorted(converted)]
    return converted


def _is_formula(value: Any) -> bool:
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    return isinstance(value, (ArrayFormula, DataTableFormula))


def _formula_text(value: Any) -> str:
    text = getattr(value, "text", None)
    return str(text if text is not None else value)


def _quoted(value: Any) -> str:
    if value is None:
        return "ô trống"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return f'"{excerpt(value)}"' if isinstance(value, str) else excerpt(str(value))
