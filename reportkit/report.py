"""One unit's documents: read the input, validate, derive, render every template of its kind.

This is the flow the ``render`` command and each batch worker run. Everything is rendered
to bytes first and written only when all of it succeeded, so a failure leaves no output.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .atomic import write_bytes_atomic
from .docinfo import info_from_data
from .errors import InputError
from .i18n import _
from .readonly import note_input, refuse_input

DEFAULT_KIND = "cds"
_DATA_SUFFIXES = (".yaml", ".yml", ".json")
_FORM_SUFFIXES = (".xlsx", ".xlsm")
_CONVERTIBLE = (".xls", ".ods", ".xlsb")


def read_input(path: str | os.PathLike, kind: str | None = None, *, partial: bool = False):
    """Load one input file (YAML, JSON or a filled Excel form) as a located Document.

    ``kind`` is the kind a form is expected to be; YAML and JSON do not name their kind.
    ``partial``: a form may leave required fields empty (it is last year's, or a header);
    YAML and JSON are checked against the schema later, by the caller.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _DATA_SUFFIXES:
        from .data.loader import load_data

        return load_data(path)
    if suffix in _FORM_SUFFIXES:
        from .forms import read_form

        return read_form(path, kind=kind, partial=partial)
    if suffix in _CONVERTIBLE:
        message = _(
            "{suffix} workbooks cannot be read; open it in Excel or LibreOffice Calc and save "
            "it as .xlsx (Excel Workbook)"
        )
        raise InputError(message.format(suffix=suffix), file=str(path))
    message = _("an input must be a .yaml, .json or a filled .xlsx entry form")
    raise InputError(message, file=str(path))


def kind_name_of(document, requested: str | None) -> str:
    """The report kind's name: the one asked for, else the one a form names, else the default."""
    return str(requested or getattr(document, "kind", None) or DEFAULT_KIND)


def kind_of(document, requested: str | None):
    """The report kind of ``document`` (see ``kind_name_of``), read once per process."""
    from .data.kinds import load_kind

    return load_kind(kind_name_of(document, requested))


@dataclass
class UnitReport:
    """The context of one unit's report and the documents rendered from it."""

    kind: Any
    context: dict
    documents: dict[str, bytes] = field(default_factory=dict)  # output file name -> bytes


@lru_cache(maxsize=32)
def _compiled(path: Path, _stamp: tuple[int, int]):
    from .template import load_template

    return load_template(path)


def compiled_template(path: str | os.PathLike):
    """A compiled template, compiled once per process while the file is unchanged."""
    path = Path(path).resolve()
    note_input(path)  # also when the compiled template comes from this process's cache
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(_("template not found"), file=str(path)) from None
    return _compiled(path, (stat.st_mtime_ns, stat.st_size))


def build_report(
    input_path: str | os.PathLike,
    *,
    kind: str | None = None,
    previous_path: str | os.PathLike | None = None,
    templates: Mapping[str, str | os.PathLike] | None = None,
    force_previous: bool = False,
) -> UnitReport:
    """Validate and derive one unit's data and render every template of its kind to bytes.

    ``force_previous`` uses a previous year's file of another unit or year anyway (the
    context's ``previous_warnings`` say how it differs).
    """
    document = read_input(input_path, kind)
    report_kind = kind_of(document, kind)
    previous = read_input(previous_path, kind, partial=True) if previous_path else None
    context = report_kind.context(document, previous, force_previous=force_previous)
    return render_context(report_kind, context, templates)


def render_context(
    report_kind, context: dict, templates: Mapping[str, str | os.PathLike] | None = None
) -> UnitReport:
    """Render each template of ``report_kind`` (or an override per role) from ``context``."""
    chosen = dict(report_kind.templates)
    for role, path in (templates or {}).items():
        if role not in chosen:
            known = ", ".join(sorted(chosen))
            message = _('this kind has no template called "{role}" (it has: {known})')
            raise InputError(message.format(role=role, known=known))
        chosen[role] = Path(path)
    result = UnitReport(report_kind, context)
    for role, path in chosen.items():
        name = report_kind.output_name(context, role)
        result.documents[name] = compiled_template(path).render(context)
    return result


def write_documents(
    report: UnitReport, out_dir: str | os.PathLike, *, pdf: bool = False, archive: bool = False
):
    """Write the rendered documents (and their PDFs) into ``out_dir``; return the paths.

    ``archive`` makes the PDFs PDF/A-2b (and implies ``pdf``); their title, author and date
    come from the report's data. Without LibreOffice, PDFs asked for stop the run before
    anything is written.
    """
    pdf = pdf or archive
    if pdf:
        from .pdf import convert, find_soffice

        find_soffice()
    out_dir = Path(out_dir)
    for name in report.documents:  # all refused before any is written
        refuse_input(out_dir / name)
    written = [write_bytes_atomic(out_dir / name, data) for name, data in report.documents.items()]
    if pdf:
        info = info_from_data(report.context, report.kind.title)
        written += convert(written, archive=archive, info=dict.fromkeys(written, info))
    return written
