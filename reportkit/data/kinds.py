"""A report kind: its schema, its templates and the names of the files it writes.

A kind is a folder holding ``kind.yaml`` and the templates it names. The shipped kinds live
in the ``templates`` folder of the package; a user may point at any folder of their own.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import reportkit

from ..errors import InputError, Problem, ValidationError
from ..i18n import _
from ..limits import FILE_NAME_BYTES, excerpt
from ..readonly import note_input
from .lastyear import previous_year_problems
from .loader import Document, load_data
from .paths import lookup
from .schema import Schema, parse_schema

KIND_FILE = "kind.yaml"
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def shipped_templates_folder() -> Path:
    """``reportkit/templates`` in an installed wheel, else ``templates/`` of the source tree."""
    package = Path(reportkit.__file__).parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def shipped_kinds() -> list[str]:
    """Names of the kinds that ship with reportkit."""
    folder = shipped_templates_folder()
    return sorted(p.parent.name for p in folder.glob(f"*/{KIND_FILE}"))


class Kind:
    """A report kind read from a folder with a kind.yaml."""

    def __init__(self, folder: Path, document: Document):
        self.folder = folder
        self.file = document.file
        raw = document.data if isinstance(document.data, dict) else {}
        self.schema: Schema = parse_schema(document)
        self.name = str(raw.get("name") or folder.name)
        self.title = str(raw.get("title") or self.name)
        self.description = str(raw.get("description") or "")
        self.version = _version(raw.get("version"), document)
        self._templates = _templates(raw.get("templates"), document)
        self.templates = {role: folder / spec["file"] for role, spec in self._templates.items()}
        self._consolidated = _templates(raw.get("consolidated"), document, "consolidated")
        self._document, self._block = document, "templates"

    def __repr__(self) -> str:
        return f"Kind({self.name!r}, version={self.version}, folder={str(self.folder)!r})"

    def consolidated(self) -> Kind:
        """This kind rendering its ``consolidated`` templates: one report over many units."""
        view = copy.copy(self)
        view._templates, view._block = self._consolidated, "consolidated"
        view.templates = {r: self.folder / spec["file"] for r, spec in self._consolidated.items()}
        return view

    def info(self) -> dict[str, Any]:
        """What the render context says about the kind."""
        return {"name": self.name, "title": self.title, "version": self.version}

    def output_name(self, context: dict[str, Any], role: str) -> str:
        """The file name for ``role`` (e.g. ``bao-cao-cds-2025-thanh-hoa.docx``).

        Each ``{a.b|c.d}`` in the pattern takes the first non-empty value among the paths,
        written without diacritics, lowercase, words joined by dashes.
        """
        if role not in self._templates:
            known = ", ".join(self.templates)
            message = _('kind "{kind}" has no template "{role}" (it has: {known})')
            raise InputError(message.format(kind=self.name, role=role, known=known), file=self.file)
        pattern = (
            self._templates[role].get("output") or f"{role}-{{year}}{self.templates[role].suffix}"
        )

        def fill(match: re.Match) -> str:
            for path in match.group(1).split("|"):
                value = lookup(context, path.strip())
                if value not in (None, ""):
                    return _bounded(slugify(str(value)))
            return "x"

        name = _PLACEHOLDER.sub(fill, pattern)
        if not _plain_file_name(name):
            message = _(
                'the output name "{name}" of template "{role}" must be a file name '
                "of at most {limit} bytes, with no folder in it"
            )
            raise InputError(
                message.format(name=excerpt(name), role=role, limit=FILE_NAME_BYTES),
                file=self.file,
                location=self._document.locate((self._block, role, "output")),
            )
        return name

    def validate(self, document: Document, *, partial: bool = False) -> dict[str, Any]:
        """Typed data (dates as dates, defaults filled), or ValidationError with every problem.

        ``partial`` skips required checks: for a previous year's file that holds only counts.
        """
        from .validate import validate

        return validate(self.schema, document, partial=partial)

    def derive(self, data: dict[str, Any], previous: dict[str, Any] | None = None) -> dict:
        """The render context: the data plus rates, totals, changes and labels."""
        from .derive import derive

        return derive(self.schema, data, previous, kind=self.info())

    def context(
        self,
        document: Document,
        previous_document: Document | None = None,
        *,
        force_previous: bool = False,
    ) -> dict:
        """Validate the input (and the previous year's file, if any) and derive the context.

        A previous year's file of another unit or year is refused; with ``force_previous``
        it is used and the context's ``previous_warnings`` say what does not match.
        """
        problems: list[Problem] = []
        warnings: list[str] = []
        data = previous = None
        try:
            data = self.validate(document)
        except ValidationError as error:
            problems += error.problems
        if previous_document is not None:
            try:
                previous = self.validate(previous_document, partial=True)
            except ValidationError as error:
                problems += error.problems
            if data and previous:
                mismatch = previous_year_problems(data, document, previous, previous_document)
                if force_previous:
                    warnings = [str(p) for p in mismatch]
                else:
                    problems += mismatch
        if problems:
            raise ValidationError(problems, file=document.file)
        context = self.derive(data, previous)
        context["previous_warnings"] = warnings
        return context


def load_kind(name_or_path: str | os.PathLike = "cds", *, shipped_only: bool = False) -> Kind:
    """The kind named ``name_or_path`` among the shipped ones, or the kind in that folder.

    ``shipped_only``: the name came from an untrusted file (a form's hidden sheet), which
    may name a shipped or installed kind but never a folder of its choosing.
    """
    candidate = Path(name_or_path)
    if candidate.name == KIND_FILE:
        candidate = candidate.parent
    if not shipped_only and (candidate / KIND_FILE).is_file():
        folder = candidate
    elif re.fullmatch(r"[a-z0-9_-]+", str(name_or_path)):
        folder = shipped_templates_folder() / str(name_or_path)
        if not (folder / KIND_FILE).is_file():
            raise _no_kind(str(name_or_path))
    elif shipped_only:
        raise _no_kind(str(name_or_path))
    else:
        message = _("no {file} in this folder").format(file=KIND_FILE)
        raise InputError(message, file=str(candidate))
    folder = folder.resolve()
    note_input(folder / KIND_FILE)
    stat = (folder / KIND_FILE).stat()
    return _read_kind(folder, stat.st_mtime_ns, stat.st_size)


def _no_kind(name: str) -> InputError:
    known = ", ".join(shipped_kinds()) or _("none")
    message = _('no report kind "{name}" (shipped kinds: {known})')
    return InputError(message.format(name=excerpt(name), known=known))


@lru_cache(maxsize=16)
def _read_kind(folder: Path, _mtime_ns: int, _size: int) -> Kind:
    """A kind is read once per process while its kind.yaml is unchanged (a batch asks per unit)."""
    return Kind(folder, load_data(folder / KIND_FILE))


def _bounded(slug: str, limit: int = 60) -> str:
    """A slug cut to ``limit`` characters; a short hash of the rest keeps names apart."""
    if len(slug) <= limit:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
    return f"{slug[: limit - 9].rstrip('-')}-{digest}"


def _plain_file_name(name: str) -> bool:
    """Whether ``name`` is one file's name: written inside the output folder, nowhere else."""
    return (
        name not in ("", ".", "..")
        and not any(char in name for char in "/\\\0:")
        and len(name.encode("utf-8")) <= FILE_NAME_BYTES
    )


def slugify(text: str) -> str:
    """``VKSND khu vực 1 - Thanh Hóa`` -> ``vksnd-khu-vuc-1-thanh-hoa``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _version(raw: Any, document: Document) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 1:
        return raw
    raise InputError(
        _("the kind needs a schema version: a whole number ≥ 1"),
        file=document.file,
        location=document.locate(("version",)),
    )


def _templates(raw: Any, document: Document, block: str = "templates") -> dict[str, dict[str, str]]:
    """{role: {"file": ..., "output": ...}} from the ``templates`` (or ``consolidated``) block."""
    result: dict[str, dict[str, str]] = {}
    for role, spec in (raw or {}).items() if isinstance(raw, dict) else ():
        spec = {"file": spec} if isinstance(spec, str) else spec
        if not isinstance(spec, dict) or not spec.get("file"):
            raise InputError(
                _('template "{role}" needs a file name').format(role=role),
                file=document.file,
                location=document.locate((block, role)),
            )
        result[str(role)] = {k: str(v) for k, v in spec.items()}
    return result
