"""``ExcelTemplate``: compile an .xlsx with Jinja tags once, render it many times.

Compiling reads the package, turns each worksheet into a Jinja template over its rows
and marks every reference in the other parts. Rendering fills the rows, numbers them,
moves every reference to follow the rows that were repeated or removed, and writes a
new package in which every untouched part is copied as it was. The compiled object is
never changed by a render, so one template serves many threads.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, Undefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from ..atomic import write_bytes_atomic
from ..codecache import compile_template
from ..errors import InputError, ReportkitError, TemplateError
from ..i18n import _
from ..jinja_env import make_environment, template_lineno, variables_by_line
from ..package import Entry, Package, build_zip, transitional_parts
from ..readonly import refuse_input
from ..template_messages import render_problem, syntax_message
from .cached import defined_names, kept_results, table_area, with_results
from .comments import compile_comments, compile_notes
from .layout import Layout
from .pivots import compile_pivots
from .reftext import RefText, compile_anchors, compile_refs
from .rendered import RenderedSheet
from .sheet import (
    CellTable,
    CompiledSheet,
    SheetContext,
    compile_sheet,
    mixed_text,
    shared_strings,
)
from .styles import DateStyles
from .values import typed_cell, xml_text
from .workbook import (
    as_workbook,
    dropped_parts,
    owned_parts,
    read_structure,
    related,
    without_calc_chain,
    without_sheet_titles,
)

_TAG_IN_NAME = re.compile(r"\{\{|\{%")
_OUTPUT_LEVEL = 1  # parts rewritten per render: fast deflate, the copied parts keep theirs
_REUSE_LIMIT = 64 * 1024  # changed parts up to this size are remembered once compressed…
_REUSE_COUNT = 256  # …this many of them


class ExcelTemplate:
    """An .xlsx template: ``{{ expr }}`` in cells, ``{%tr for %}`` rows, ``{%sheet for %}``."""

    def __init__(self, path: str | os.PathLike, *, strict: bool = True):
        self.path = Path(path)
        self.strict = strict
        self._file = str(self.path)
        self._package = Package(self.path, expected=(".xlsx",))
        # Strict and beta workbooks are read, and written out, in transitional namespaces.
        self._package.parts.update(transitional_parts(self._package.parts))
        self._cells = CellTable()
        self._env = self._environment(strict)
        self._entries: dict[tuple[str, bytes], Entry] = {}
        try:
            self._compile()
        except (etree.XMLSyntaxError, UnicodeDecodeError, ValueError, KeyError) as error:
            raise InputError(
                _("the workbook is damaged and cannot be read ({reason})").format(reason=error),
                file=self._file,
            ) from None

    # -- compiling ----------------------------------------------------------------
    def _compile(self) -> None:
        parts = self._package.parts
        self._structure = read_structure(parts, self._file)
        self._changed = without_calc_chain(parts, self._structure)
        as_workbook(parts, self._changed)
        self._dropped = dropped_parts(self._structure)
        self._sheets = self._compile_sheets()
        if any(sheet.repeat for sheet in self._sheets):
            without_sheet_titles(parts, self._changed)
        self._owned = self._compile_owned()
        self._pivots = compile_pivots(self._structure, self._package.parts, self._sheets)
        self._workbook = Layout.compile_workbook(self._structure)

    def _environment(self, strict: bool) -> SandboxedEnvironment:
        env = make_environment(strict=strict)
        prefixes = self._cells.prefixes

        def cell(value: Any, index: int) -> str:
            prefix, dated = prefixes[index]
            if isinstance(value, Undefined):
                if strict:
                    value._fail_with_undefined_error()
                value = None  # lenient rendering: an unknown name leaves the cell empty
            return typed_cell(value, prefix, dated)

        env.filters["_rk_cell"] = cell
        env.filters["_rk_text"] = xml_text
        return env

    def _compile_sheets(self) -> list[CompiledSheet]:
        parts = self._package.parts
        structure = self._structure
        book = structure.workbook_part
        styles_part = related(structure, book, "styles")
        styles = DateStyles(parts[styles_part].decode("utf-8") if styles_part in parts else None)
        shared_part = related(structure, book, "sharedStrings")
        texts, items = shared_strings(parts.get(shared_part))
        context = SheetContext(
            file=self._file,
            shared_strings=texts,
            shared_items=items,
            cells=self._cells,
            date_twins=styles.twins,
            parse=self._env.parse,
        )
        sheets = []
        for entry in structure.sheets:
            if entry.part is None:
                continue
            sheet = compile_sheet(entry.name, entry.part, parts[entry.part], context)
            if sheet.repeat is None and _TAG_IN_NAME.search(entry.name):
                sheet.repeat = "for _rk_once in (1,)"  # a tag in the name: one copy, renamed
            if sheet.repeat:
                title = mixed_text(entry.name)
                sheet.source = f"{{% {sheet.repeat} %}}\x0e{title}\x0f{sheet.source}{{% endfor %}}"
            sheets.append(sheet)
        kept = self._kept_results(sheets)
        for sheet in sheets:
            sheet.source = with_results(sheet.source, sheet.title, sheet.results, kept)
            sheet.template = self._compile_jinja(sheet)
        new_styles = styles.result()
        if new_styles is not None:
            self._changed[styles_part] = new_styles.encode("utf-8")
        return sheets

    def _kept_results(self, sheets: list[CompiledSheet]) -> set[tuple[str, int, int]]:
        """The formula cells whose cached result no render can change (see cached.py)."""
        parts = self._package.parts
        tables: dict = {}
        for sheet in sheets:
            for part, kind in owned_parts(self._structure, sheet.part).items():
                if kind == "table" and part in parts:
                    tables.update(table_area(parts[part].decode("utf-8"), sheet.title))
        names = defined_names(self._structure.workbook_xml)
        return kept_results([sheet.formula_cells for sheet in sheets], names, tables)

    def _compile_jinja(self, sheet: CompiledSheet):
        name = f"{self._file}::{sheet.part}"
        try:
            template, _found = compile_template(
                self._env, sheet.source, name=name, filename=name
            )
        except TemplateSyntaxError as error:
            raise TemplateError(
                syntax_message(error.message), file=self._file, location=sheet.place(error.lineno)
            ) from None
        return template

    def _compile_owned(self) -> dict[str, tuple[str | None, RefText]]:
        """Drawings, tables, comments and charts, with their references marked."""
        parts = self._package.parts
        owned: dict[str, tuple[str | None, RefText]] = {}
        for sheet in self._sheets:
            for part, kind in owned_parts(self._structure, sheet.part).items():
                if part not in parts:
                    continue
                text = parts[part].decode("utf-8", "surrogateescape")
                if kind == "vmlDrawing":
                    owned[part] = (sheet.title, compile_notes(text))
                elif kind == "drawing":
                    owned[part] = (sheet.title, compile_anchors(text))
                elif kind == "chart":
                    owned[part] = (None, compile_refs(text, formula_kind="series"))
                elif kind == "comments":
                    owned[part] = (sheet.title, compile_comments(text))
                elif kind == "table":
                    owned[part] = (sheet.title, compile_refs(text))
        for part, data in parts.items():
            if part.startswith("xl/charts/chart") and part not in owned:
                owned[part] = (None, compile_refs(data.decode("utf-8"), formula_kind="series"))
        return owned

    # -- the Template protocol ----------------------------------------------------
    def render(self, context: Mapping[str, Any]) -> bytes:
        """The filled workbook's bytes."""
        context = dict(context)
        rendered = []
        for sheet in self._sheets:
            body = self._run(sheet, context)
            if sheet.repeat:
                rendered.append([(sheet, *_split_copy(chunk)) for chunk in body.split("\x0e")[1:]])
            else:
                rendered.append([(sheet, sheet.title, body)])
        layout = Layout(self._structure, self._package.parts, self._file)
        copies = layout.name_copies(rendered)
        sheets = [
            RenderedSheet(sheet, title, body, self._file)
            for group in copies
            for sheet, title, body in group
        ]
        repeated = {sheet.part for sheet in self._sheets if sheet.repeat}
        parts = layout.assemble(
            sheets, self._owned, self._workbook, self._changed, repeated, self._pivots
        )
        return self._zip(parts)

    def _run(self, sheet: CompiledSheet, context: dict) -> str:
        try:
            return sheet.template.render(context)
        except Exception as error:  # anything an untrusted template or value can raise
            name = f"{self._file}::{sheet.part}"
            line = template_lineno(sys.exc_info()[2], name)
            place = sheet.place(line)
            if isinstance(error, ReportkitError):
                raise error.at(file=self._file, location=place) from None
            raise render_problem(
                error, self._env, sheet.source, line, context, file=self._file, location=place
            ) from None

    def _zip(self, changed: dict[str, bytes | None]) -> bytes:
        entries = []
        package = self._package
        for name in package.parts:
            if name in self._dropped:
                continue
            if name in changed:
                data = changed[name]
                if data is not None:
                    entries.append(self._entry(name, data))
            else:
                entries.append(package.entry(name))
        for name, data in changed.items():
            if name not in package.parts and data is not None:
                entries.append(self._entry(name, data))
        return build_zip(entries)

    def _entry(self, name: str, data: bytes) -> Entry:
        """A changed part, compressed; small parts that come out the same are reused."""
        if len(data) > _REUSE_LIMIT:
            return Entry.from_bytes(name, data, _OUTPUT_LEVEL)
        key = (name, data)
        found = self._entries.get(key)
        if found is None:
            found = Entry.from_bytes(name, data, _OUTPUT_LEVEL)
            if len(self._entries) < _REUSE_COUNT:
                self._entries[key] = found
        return found

    def render_to(self, path: str | os.PathLike, context: Mapping[str, Any]) -> Path:
        """Write the filled workbook atomically; return its path."""
        refuse_input(path, self.path)
        return write_bytes_atomic(path, self.render(context))

    def variables(self) -> dict[str, list[str]]:
        """Each name the template reads, with the cells that read it ('Sheet'!B7)."""
        found: dict[str, list[str]] = {}
        for sheet in self._sheets:
            for name, lines in variables_by_line(self._env, sheet.source).items():
                places = found.setdefault(name, [])
                for line in lines:
                    place = sheet.place(line)
                    if place and place not in places:
                        places.append(place)
        return dict(sorted(found.items()))

    def check(self, context: Mapping[str, Any] | None = None) -> list[Exception]:
        """Every problem found: with a context, the first rendering error of each sheet."""
        if context is None:
            return []
        problems: list[Exception] = []
        for sheet in self._sheets:
            try:
                self._run(sheet, dict(context))
            except ReportkitError as error:
                problems.append(error)
        if not problems:
            try:
                self.render(context)
            except ReportkitError as error:
                problems.append(error)
        return problems


def _split_copy(chunk: str) -> tuple[str, str]:
    title, _, body = chunk.partition("\x0f")
    return title, body

