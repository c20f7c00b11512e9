"""``WordTemplate``: a .docx with Jinja tags, compiled once and rendered many times."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from ..atomic import write_bytes_atomic
from ..codecache import Inspect, compile_template
from ..errors import InputError, ReportkitError, TemplateError
from ..i18n import _
from ..jinja_env import paths_on_line, template_lineno, undefined_message, variables_by_line
from ..package import CONTENT_TYPES, Entry, Package, build_zip, retyped
from ..readonly import refuse_input
from ..template_messages import (
    KeptProblem,
    UndefinedName,
    render_problem,
    syntax_message,
    unknown_name,
)
from . import fixups
from .compiler import CompiledSource, Styles, compile_part, unclosed_block_line
from .environment import RECORDED, checking_environment, environment, with_filters
from .media import media_named, media_with_content, swapped
from .notes import separate_repeated_notes
from .ooxml import is_main, parse, rels_name, text_parts
from .state import CURRENT, RenderState
from .values import PARAGRAPH_BREAK, Writers, escape_attribute

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_MAX_SYNTAX_PROBLEMS = 50
_FAST_DEFLATE = 1  # rendered parts change every time; speed matters more than a few bytes
_CONTENT_TYPES = CONTENT_TYPES
_WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_MACRO_DOCUMENT = "application/vnd.ms-word.document.macroEnabled.main+xml"
# A rendered template file is a document: .dotx gives a .docx, .dotm a .docm (macros kept).
_AS_DOCUMENT = {
    f"{_WORD_TYPE}.template.main+xml": f"{_WORD_TYPE}.document.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": _MACRO_DOCUMENT,
}
_IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_LINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class _Part:
    compiled: CompiledSource
    template: Template
    # Filters and tests the environment lacks: ("filter" or "test", name, line), kept in the
    # code cache, so said in words only when shown (in the language of that run).
    unknown: list[tuple[str, str, int]]

    @property
    def filename(self) -> str:
        return _filename(self.compiled)


class WordTemplate:
    """A Word template: parsed, normalized and compiled once; rendered many times.

    ``filters`` adds Jinja filters of the caller's (docxtpl users pass them in their own
    environment); they run as ordinary Python, outside the sandbox, since the caller wrote
    them. ``render`` is re-entrant and may run in several threads at once on one object: all
    per-render state lives in the call. Problems in the template (syntax, a tag spanning
    two paragraphs, a ``{%tr %}`` outside a table) are all collected at load time:
    ``check()`` returns them, ``render()`` raises the first.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        strict: bool = True,
        image_folders: Sequence[str | os.PathLike] = (),
        filters: Mapping[str, Callable[..., Any]] | None = None,
    ):
        self.path = Path(path)
        self.strict = strict
        self._filters = dict(filters or {})
        self._swapped_media: dict[str, bytes] = {}
        # images named by path: the template's folder first, then those the caller allows
        self._image_folders = tuple(
            Path(folder).resolve() for folder in (self.path.parent, *image_folders)
        )
        self._file = str(self.path)
        self._package = Package(self.path, expected=(".docx",))
        self._problems: list[KeptProblem] = []
        self._styles = Styles()
        self._parts: list[_Part] = []
        self._compile()
        parts = self._package.parts
        parts[_CONTENT_TYPES] = retyped(parts[_CONTENT_TYPES], _AS_DOCUMENT)
        self._macros = _MACRO_DOCUMENT in parts[_CONTENT_TYPES].decode("utf-8", "replace")
        self._writers = Writers(self._styles.run_props, self._styles.paragraph_props)
        rendered = {part.compiled.part for part in self._parts}
        untouched = [name for name in self._package.parts if name not in rendered]
        for name in untouched:
            self._package.entry(name)  # compress once now, so renders only copy
        self._floors = _id_floors(self._package, untouched)

    # -- compile
    def _compile(self) -> None:
        parts = self._package.parts
        types = self._package.content_types
        names = text_parts(types, list(parts))
        if not any(is_main(types, name) for name in names):
            raise InputError(
                _("not a Word document (it has no word/document.xml)"),
                file=self._file,
            )
        env = with_filters(environment(self.strict), self._filters)
        for name in names:
            if name not in parts:
                continue
            try:
                compiled = compile_part(name, parts[name], self._styles, self._problems)
            except etree.XMLSyntaxError as exc:
                raise InputError(
                    _("the file is damaged: {part} is not well-formed XML ({reason})").format(
                        part=name, reason=exc.msg
                    ),
                    file=self._file,
                ) from None
            if compiled is None:
                continue
            try:  # parsed once: the tree gives the unknown names, then the code
                template, unknown = _jinja_template(env, compiled, _unknown)
            except TemplateSyntaxError as exc:
                self._problems.extend(self._syntax_problems(env, compiled, exc))
                continue
            self._parts.append(_Part(compiled, template, unknown))

    @property
    def problems(self) -> list[TemplateError]:
        """The template's own problems (syntax, a tag spanning two paragraphs …), said in
        the current language: one compiled template serves runs in either language."""
        return [problem.error(self._file) for problem in self._problems]

    @staticmethod
    def _syntax_problems(
        env: SandboxedEnvironment, compiled: CompiledSource, exc: TemplateSyntaxError
    ) -> list[KeptProblem]:
        """Jinja stops at the first syntax error; find the others by blanking the tags of
        each place found at fault and compiling again."""
        found = []
        lines = compiled.source.split("\n")
        for _attempt in range(_MAX_SYNTAX_PROBLEMS):
            line = exc.lineno
            if "end of template" in (exc.message or ""):
                line = unclosed_block_line("\n".join(lines)) or line
            found.append(KeptProblem(partial(syntax_message, exc.message), compiled.place(line)))
            blanked = _TAG.sub("", lines[line - 1]) if 0 < line <= len(lines) else None
            if blanked is None or blanked == lines[line - 1]:
                break
            lines[line - 1] = blanked
            try:
                env.parse("\n".join(lines))
                break
            except TemplateSyntaxError as again:
                exc = again
        return found

    # -- render
    def render(self, context: Mapping[str, Any]) -> bytes:
        """The filled document's bytes."""
        if self._problems:
            first = self._problems[0].error(self._file)
            more = len(self._problems) - 1
            message = first.message
            if more:
                message = _("{problem} (and {count} more; see `reportkit template check`)").format(
                    problem=message, count=more
                )
            raise TemplateError(message, file=first.file, location=first.location)
        state = RenderState(self._writers, image_folders=self._image_folders)
        token = CURRENT.set(state)
        try:
            texts = {
                part.compiled.part: self._render_part(part, context, state) for part in self._parts
            }
        finally:
            CURRENT.reset(token)
        counters = fixups.Counters(*self._floors)
        outputs = {}
        for part in self._parts:
            outputs[part.compiled.part] = _fix(
                texts[part.compiled.part], part.compiled, counters, state.rich
            )
        separate_repeated_notes(outputs, self._package.parts)
        return self._package_bytes(outputs, state)

    def render_to(self, path: str | os.PathLike, context: Mapping[str, Any]) -> Path:
        """Render and write the document atomically; the template is never overwritten."""
        target = Path(path)
        refuse_input(target, self.path)
        if self._macros and target.suffix.lower() != ".docm":
            raise InputError(
                _(
                    "the template holds macros, so the output is a macro-enabled document: "
                    "name it .docm (Word refuses macros in a .docx)"
                ),
                file=str(target),
            )
        return write_bytes_atomic(target, self.render(context))

    def _render_part(self, part: _Part, context: Mapping[str, Any], state: RenderState) -> str:
        state.part = part.compiled.part
        try:
            return part.template.render(context)
        except Exception as exc:  # anything an untrusted template or value can raise
            raise self._render_problem(part, exc, context) from None

    def _render_problem(
        self, part: _Part, exc: Exception, context: Mapping[str, Any]
    ) -> ReportkitError:
        line = template_lineno(exc.__traceback__, part.filename)
        place = part.compiled.place(line)
        if isinstance(exc, ReportkitError):
            return exc.at(file=self._file, location=place)
        unknown = [unknown_name(kind, name) for kind, name, at in part.unknown if at == line]
        if unknown:  # Jinja's stand-in for a missing filter fails with a confusing message
            return TemplateError(unknown[0], file=self._file, location=place)
        return render_problem(
            exc,
            environment(True),
            part.compiled.source,
            line,
            context,
            file=self._file,
            location=place,
        )

    def _package_bytes(self, outputs: dict[str, str], state: RenderState) -> bytes:
        changed = {name: text.encode("utf-8") for name, text in outputs.items()}
        parts = self._package.parts
        if state.media:
            changed[_CONTENT_TYPES] = _with_image_types(
                changed.get(_CONTENT_TYPES, parts[_CONTENT_TYPES]),
                {image.extension for _, image in state.media.values()},
            )
        for part in {**state.rels, **state.links}:
            name = rels_name(part)
            changed[name] = _with_relationships(
                parts.get(name), state.rels.get(part, {}), state.links.get(part, {})
            )
        entries = []
        for name in parts:
            data = changed.pop(name, None) or self._swapped_media.get(name)
            if data is None:
                entries.append(self._package.entry(name))
            else:
                entries.append(Entry.from_bytes(name, data, level=_FAST_DEFLATE))
        entries.extend(
            Entry.from_bytes(name, data, level=_FAST_DEFLATE) for name, data in changed.items()
        )
        entries.extend(
            Entry.from_bytes(name, image.data, level=0) for name, image in state.media.values()
        )
        return build_zip(entries)

    # -- pictures (docxtpl's replace_pic and replace_media)
    def replace_pic(self, picture: str, new: object) -> None:
        """Every later render shows the image ``new`` (bytes, or a path in the template's
        folder or the image folders) where the template has the picture named ``picture``
        in Word. Call before rendering, not during."""
        every = text_parts(self._package.content_types, list(self._package.parts))
        names = media_named(self._package.parts, every, picture)
        self._swapped_media.update(swapped(self._package.parts, names, new, self._image_folders))

    def replace_media(self, old: object, new: object) -> None:
        """Every later render shows the image ``new`` where the template has the image
        ``old`` (each a path or bytes). Call before rendering, not during."""
        names = media_with_content(self._package.parts, old, self._image_folders)
        self._swapped_media.update(swapped(self._package.parts, names, new, self._image_folders))

    # -- inspect
    def variables(self) -> dict[str, list[str]]:
        """Each name the template reads from its data, with the places that read it."""
        found: dict[str, list[str]] = {}
        env = with_filters(environment(self.strict), self._filters)
        for part in self._parts:
            lines = variables_by_line(env, part.compiled.source)
            for name, numbers in lines.items():
                places = found.setdefault(name, [])
                for number in numbers:
                    place = part.compiled.place(number)
                    if place not in places:
                        places.append(place)
        return dict(sorted(found.items()))

    def _unknown_names(self) -> list[TemplateError]:
        return [
            TemplateError(
                unknown_name(kind, name), file=self._file, location=part.compiled.place(line)
            )
            for part in self._parts
            for kind, name, line in part.unknown
        ]

    def check(self, context: Mapping[str, Any] | None = None) -> list[Exception]:
        """Every problem at once: the template's, and with a context, rendering's too.

        With a context, every undefined name is reported with its place (not only the
        first), and each part's first other rendering error.
        """
        problems: list[Exception] = list(self.problems)
        problems.extend(self._unknown_names())
        if context is None:
            return problems
        env = with_filters(checking_environment(), self._filters)
        recorded: list[tuple[str, int]] = []
        token_r = RECORDED.set(recorded)
        token_s = CURRENT.set(RenderState(self._writers, image_folders=self._image_folders))
        try:
            for part in self._parts:
                template, _unknown_names = _jinja_template(env, part.compiled)
                checked = _Part(part.compiled, template, part.unknown)
                seen = len(recorded)
                try:
                    _check_well_formed(self._render_part(checked, context, CURRENT.get()))
                except ReportkitError as exc:
                    problems.append(exc.at(file=self._file, location=part.compiled.part))
                for owner, name, python_line in recorded[seen:]:
                    line = template.get_corresponding_lineno(python_line)
                    paths = paths_on_line(environment(True), part.compiled.source, line)
                    problem = UndefinedName(
                        undefined_message(owner, name, paths, context),
                        file=self._file,
                        location=part.compiled.place(line),
                    )
                    if not any(str(problem) == str(p) for p in problems):
                        problems.append(problem)
        finally:
            CURRENT.reset(token_s)
            RECORDED.reset(token_r)
        return problems


def _unknown(env: SandboxedEnvironment, ast: nodes.Template) -> list[tuple[str, str, int]]:
    """Filters and tests a template uses that the environment does not have, as
    ("filter" or "test", name, line): kept with the compiled code, so no words.

    Jinja accepts these inside a condition and fails only if that branch runs."""
    filters = [
        ("filter", node.name, node.lineno)
        for node in ast.find_all(nodes.Filter)
        if node.name not in env.filters
    ]
    tests = [
        ("test", node.name, node.lineno)
        for node in ast.find_all(nodes.Test)
        if node.name not in env.tests
    ]
    return filters + tests


def _check_well_formed(xml: str) -> None:
    try:
        parse(xml.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            _(
                "the filled part is not valid XML ({reason}); a plain {{% %}} block probably "
                "spans paragraphs or cells: use {{%p %}}, {{%tr %}} or {{%tc %}} instead"
            ).format(reason=exc.msg)
        ) from None


def _filename(compiled: CompiledSource) -> str:
    """The file name tracebacks carry back to the part (see ``_Part.filename``)."""
    return "reportkit:" + compiled.part


def _jinja_template(
    env: SandboxedEnvironment, compiled: CompiledSource, inspect: Inspect | None = None
) -> tuple[Template, Any]:
    """A part's code under its traceback file name (see ``codecache``), and what
    ``inspect`` found in its tree."""
    return compile_template(
        env, compiled.source, name=compiled.part, filename=_filename(compiled), inspect=inspect
    )


def _fix(text: str, compiled: CompiledSource, counters: fixups.Counters, rich: bool) -> str:
    if rich:
        text = fixups.drop_empty_runs(text)
    text = fixups.renumber_drawings(text, counters)
    text = fixups.renumber_bookmarks(text, counters, compiled.repeated)
    text = fixups.drop_repeated_comments(text)
    text = fixups.drop_repeated_control_ids(text, compiled.repeated)
    if compiled.fix_empty_cells:
        text = fixups.fill_empty_cells(text)
    if compiled.fix_empty_tables:
        text = fixups.drop_empty_tables(text)
    if compiled.fix_grid:
        text = fixups.fit_grids(text)
    return fixups.split_paragraphs(text, PARAGRAPH_BREAK)


def _id_floors(package: Package, untouched: list[str]) -> tuple[int, int]:
    """The highest drawing and bookmark ids in parts no render changes."""
    drawing = bookmark = 0
    for name in untouched:
        if not name.endswith(".xml"):
            continue
        text = package.parts[name].decode("utf-8", "replace")
        for found in re.findall(r'<wp:docPr\b[^>]*?\bid="(\d+)"', text):
            drawing = max(drawing, int(found))
        for found in re.findall(r'<w:bookmarkStart\b[^>]*?w:id="(\d+)"', text):
            bookmark = max(bookmark, int(found))
    return drawing, bookmark


def _with_image_types(content_types: bytes, extensions: set[str]) -> bytes:
    text = content_types.decode("utf-8")
    lower = text.lower()
    added = "".join(
        f'<Default Extension="{ext}" ContentType="{_IMAGE_TYPES[ext]}"/>'
        for ext in sorted(extensions)
        if f'extension="{ext}"' not in lower
    )
    if added:
        start = text.index(">", text.index("<Types")) + 1
        text = text[:start] + added + text[start:]
    return text.encode("utf-8")


def _with_relationships(
    existing: bytes | None, images: dict[str, str], links: dict[str, str]
) -> bytes:
    added = "".join(
        f'<Relationship Id="{rid}" Type="{_IMAGE_REL}" Target="{target}"/>'
        for target, rid in images.items()
    ) + "".join(
        f'<Relationship Id="{rid}" Type="{_LINK_REL}" Target="{escape_attribute(url)}" '
        'TargetMode="External"/>'
        for url, rid in links.items()
    )
    if existing is None:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_RELS_NS}">{added}</Relationships>'
        ).encode()
    text = existing.decode("utf-8")
    end = text.rindex("</Relationships>")
    return (text[:end] + added + text[end:]).encode("utf-8")
