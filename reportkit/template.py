"""What the Word and Excel engines have in common, and picking one by file type."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from .errors import InputError


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
            f"{suffix} templates are not supported; open it in Word, Excel or LibreOffice "
            f"and save it as {_OLD[suffix]}",
            file=str(path),
        )
    raise InputError("a template must be a .docx or .xlsx file", file=str(path))
