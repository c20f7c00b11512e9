"""What one worker process does for a unit: validate, render, write, report back briefly.

Workers are started with "spawn" (as on Windows), so everything here is importable at
module level and every job and result pickles. A worker sends back hashes, errors and
the unit's figures for the consolidated report, never the documents themselves.
"""

from __future__ import annotations

import errno
import signal
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from ..atomic import temporaries_tagged
from ..errors import OutputError, ReportkitError, os_reason
from ..i18n import N_, _, use_language
from ..readonly import one_run
from .fingerprint import kind_hash, outputs_intact, sha256_bytes, sha256_file, unit_key
from .orphan import stop_when_parent_dies

WRITTEN = "written"  # rendered and written in this run
UNCHANGED = "unchanged"  # inputs, templates and options as last time: outputs kept
INVALID = "invalid"  # the input or a template has a problem the user can fix
FAILED = "failed"  # not done, through no fault of the input: a bug, a dead worker, a full disk

_NO_ROOM = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_FULL = N_("is the disk full?")
_HELD = N_("is it open in Word or Excel, or the folder read-only?")


@dataclass(frozen=True)
class UnitJob:
    """One unit to do, with what the last run recorded for it."""

    input: Path
    out_dir: Path
    previous: Path | None = None
    kind: str | None = None
    force: bool = False
    force_previous: bool = False  # use last year's file even of another year (said in manifest)
    known_key: str | None = None
    known_outputs: tuple[tuple[str, str], ...] = ()  # (file name, sha256) of the documents


@dataclass
class UnitResult:
    """What became of one unit: small, picklable, enough for the manifest and the totals."""

    input: Path
    status: str
    input_sha256: str | None = None
    previous: Path | None = None
    previous_sha256: str | None = None
    previous_warnings: list[str] = field(default_factory=list)  # how a forced file differs
    key: str | None = None
    name: str | None = None  # the unit's name, when the input could be read that far
    kind: str | None = None  # the kind asked for or named by the input
    outputs: list[tuple[str, str]] = field(default_factory=list)  # (file name, sha256)
    errors: list[ReportkitError] = field(default_factory=list)
    summary: dict | None = None  # the unit's figures for the consolidated report

    @property
    def ok(self) -> bool:
        return self.status in (WRITTEN, UNCHANGED)


def cannot_write(error: OSError | OutputError, source: Path) -> ReportkitError:
    """A file that could not be read or written, said for a person, as ``source``'s error."""
    if isinstance(error, OutputError):  # no temporary file could be made beside it
        return ReportkitError(f"{error} ({_(_HELD)})", file=str(source))
    target = getattr(error, "filename2", None) or error.filename
    hint = _(_FULL if error.errno in _NO_ROOM else _HELD)
    said = {"file": target, "reason": os_reason(error), "hint": hint}
    if target:
        message = _("cannot read or write {file}: {reason} ({hint})")
    else:
        message = _("cannot read or write: {reason} ({hint})")
    return ReportkitError(message.format(**said), file=str(source))
    return ReportkitError(message, file=str(source))


def serve(connection: Connection, tag: str, language: str) -> None:
    """A worker process's life: chunks of jobs in, one result per unit out as each is done
    (so the pool knows which unit it holds), until told to stop or orphaned. It speaks the
    ``language`` of the thread that started the batch (the web service's is Vietnamese).

    Ctrl-C is the parent's to handle: a worker finishes its chunk.
    """
    use_language(language)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stop_when_parent_dies()
    with temporaries_tagged(tag):
        while (chunk := _receive(connection)) is not None:
            for job in chunk:
                connection.send(process_unit(job))


def _receive(connection: Connection) -> list[UnitJob] | None:
    try:
        return connection.recv()
    except EOFError:  # the parent closed its end
        return None


def process_unit(job: UnitJob) -> UnitResult:
    """Validate one unit's input and write its documents, unless they are up to date."""
    result = UnitResult(job.input, INVALID, previous=job.previous)
    try:
        with one_run():
            _process(job, result)
    except (OSError, OutputError) as error:  # open in Word on Windows, read-only, disk full
        result.status = FAILED
        result.errors.append(cannot_write(error, job.input))
    except ReportkitError as error:
        result.status = INVALID
        result.errors.append(error.at(file=str(job.input)))
        result.name = result.name or _sender(job.input)
    except Exception as error:  # one unit's bug must not stop the others
        result.status = FAILED
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        result.errors.append(
            ReportkitError(
                _("internal error, please report it: {detail}").format(detail=detail),
                file=str(job.input),
            )
        )
    return result


def _sender(path: Path) -> str | None:
    """Who sent an input with mistakes, so the summary and the returns can name the unit."""
    from .consolidate import unit_name
    from .missing import identity

    return unit_name({"unit": identity(path)[0]})


def _process(job: UnitJob, result: UnitResult) -> None:
    from ..data.kinds import load_kind
    from ..report import kind_name_of, read_input, render_context, write_documents
    from .consolidate import unit_name, unit_summary

    result.input_sha256 = sha256_file(job.input)
    document = read_input(job.input)
    result.name = unit_name(document.data)
    result.kind = kind_name_of(document, job.kind)
    kind = load_kind(result.kind)
    previous_document = None
    if job.previous is not None:
        result.previous_sha256 = sha256_file(job.previous)
        previous_document = read_input(job.previous, partial=True)
    context = kind.context(document, previous_document, force_previous=job.force_previous)
    result.previous_warnings = list(context.get("previous_warnings") or ())
    result.key = unit_key(
        result.input_sha256, result.previous_sha256, kind_hash(kind, kind.templates)
    )
    names = [kind.output_name(context, role) for role in kind.templates]
    if (
        not job.force
        and result.key == job.known_key
        and outputs_intact(job.out_dir, job.known_outputs, names)
    ):
        result.status = UNCHANGED
        result.outputs = list(job.known_outputs)
    else:
        report = render_context(kind, context)
        write_documents(report, job.out_dir)
        result.status = WRITTEN
        result.outputs = [(name, sha256_bytes(data)) for name, data in report.documents.items()]
    result.summary = unit_summary(kind.schema, context, job.input.name)
