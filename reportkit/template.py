"""What the Word and Excel engines have in common, and picking one by file type."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from .errors import InputError, TemplateError
from .i18n import _


class Template(Protocol):
    """A compiled template: render many times from different contexts."""

    path: Path

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The filled document's bytes."""

    def render_to(self, path: str | os.PathLike, context: Mapping[str, Any]) -> Path:
        """Write the filled document atomically; return its path."""

    def variables(self) -> dict[str, list[str]]:
        """Each name the template reads, with the places (part/paragraph, sheet!cell)."""

    def check(self, context: Mapping[str, Any] | None = None) -> list[Exception]:
        """Every problem found, at once: syntax, and with a context, rendering."""


_WORD = (".docx", ".docm", ".dotx", ".dotm")
_EXCEL = (".xlsx", ".xlsm", ".xltx")
_OLD = {".doc": ".docx", ".xls": ".xlsx", ".odt": ".docx", ".ods": ".xlsx"}


def load_template(path: str | os.PathLike, *, strict: bool = True) -> Template:
    """Compile the template at ``path`` with the engine its extension calls for."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _WORD:
        from .word import WordTemplate

        return WordTemplate(path, strict=strict)
    if suffix in _EXCEL:
        from .excel import ExcelTemplate

        return ExcelTemplate(path, strict=strict)
    if suffix in _OLD:
        raise InputError(
            _(
                "{kind} templates are not supported; open it in Word, Excel or LibreOffice "
                "and save it as {new}"
            ).format(kind=suffix, new=_OLD[suffix]),
            file=str(path),
        )
    raise InputError(_("a template must be a .docx or .xlsx file"), file=str(path))


def unknown_paths(template: Template, context: Mapping[str, Any]) -> list[TemplateError]:
    """Each path the template reads that ``context`` does not have, at every place that
    reads it: also in branches a render with this context would not take."""
    from jinja2.utils import missing

    from .jinja_env import undefined_message
    from .template_messages import UndefinedName

    found = []
    for path, places in template.variables().items():
        current: Any = context
        for depth, key in enumerate(path.split(".")):
            if not isinstance(current, Mapping):
                break  # a list or an object: not for a path to judge
            if key not in current:
                owner = current if depth else missing
                message = undefined_message(owner, key, [path], context)
                found += [
                    UndefinedName(message, file=str(template.path), location=place)
                    for place in places
                ]
                break
            current = current[key]
    return found


def undefined_warnings(template: Template, context: Mapping[str, Any]) -> list[str]:
    """Each undefined name a lenient render left empty, once, with the first place found."""
    from .template_messages import UndefinedName

    problems = [*template.check(context), *unknown_paths(template, context)]
    seen: set[str] = set()
    warnings = []
    for problem in problems:
        if isinstance(problem, UndefinedName) and problem.message not in seen:
            seen.add(problem.message)
            warnings.append(str(problem))
    return warnings
