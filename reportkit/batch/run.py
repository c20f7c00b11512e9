"""A batch: every unit's documents, then the province's consolidated report, then the manifest.

One bad unit never stops the others: its errors go into its result and the manifest, the
consolidated report names it, and the run carries on. Every file is written atomically and
the manifest is saved as the run goes, so an interrupted run is completed by running it
again; units whose inputs, templates and options did not change are not redone.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any

from ..data.kinds import load_kind
from ..errors import InputError, OutputError, ReportkitError, ValidationError, os_reason
from ..formatting.numbers import number
from ..i18n import _, ngettext
from .cache import read_cache, write_cache
from .consolidate import batch_year, complete_header, consolidate, header_gaps, unit_name
from .fingerprint import kind_hash, outputs_intact, sha256_bytes, sha256_file, unit_key
from .inputs import find_inputs, natural_key, pair_previous
from .leftovers import own_temporaries
from .lock import only_batch_in
from .manifest import CONSOLIDATED, Known, error_lines, read_known, write_manifest
from .missing import missing_units, read_units_file, unexpected_units
from .pdfs import PdfSteps, ProgressCallback, StepCallback
from .pool import default_jobs, run_jobs
from .worker import (
    FAILED,
    INVALID,
    UNCHANGED,
    WRITTEN,
    UnitJob,
    UnitResult,
    cannot_write,
    process_unit,
)

_CHECKPOINT_SECONDS = 2.0


@dataclass
class BatchResult:
    """Every unit's result in input order, the consolidated report's, and what is missing."""

    units: list[UnitResult]
    consolidated: UnitResult | None
    missing_units: list[dict[str, Any]] = field(default_factory=list)
    manifest: list[Path] = field(default_factory=list)
    record_error: ReportkitError | None = None  # the manifest or cache could not be written
    unexpected: list[UnitResult] = field(default_factory=list)  # not in the units file

    @property
    def failed(self) -> list[UnitResult]:
        """Units (and the consolidated report) that did not come out."""
        results = [*self.units, *([self.consolidated] if self.consolidated else [])]
        return [r for r in results if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and self.record_error is None


def run_batch(
    input_dir: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    jobs: int | None = None,
    pdf: bool = False,
    previous_dir: str | os.PathLike | None = None,
    force: bool = False,
    force_previous: bool = False,
    kind: str | None = None,
    province: str | os.PathLike | None = None,
    units_file: str | os.PathLike | None = None,
    on_result: ProgressCallback | None = None,
    archive: bool = False,
    on_step: StepCallback | None = None,
) -> BatchResult:
    """Write every unit's documents and the consolidated ones into ``out_dir``.

    Last year's file of each unit is the one with its ``unit.code`` in ``previous_dir``;
    ``force_previous`` uses one of another year anyway (said in the manifest).

    ``on_result`` hears of each unit when all its files are written, PDFs included; with
    PDFs, ``on_step`` hears how many units are rendered and how many PDFs are converted.
    ``archive`` makes the PDFs PDF/A-2b (and implies ``pdf``). Raises InputError only for
    a problem with the whole run (no inputs, a missing folder, another batch writing to
    ``out_dir``, no LibreOffice for PDFs); a unit's problems are in its result.
    """
    pdf = pdf or archive
    if pdf:
        from ..pdf import find_soffice

        find_soffice()
    inputs = find_inputs(input_dir, Path(province) if province else None)
    out_dir = Path(out_dir)
    if out_dir.resolve() == inputs.folder.resolve():
        message = _("write the outputs to another folder than the inputs")
        raise InputError(message, file=str(out_dir))
    with contextlib.ExitStack() as held:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            held.enter_context(only_batch_in(out_dir))
            tag = held.enter_context(own_temporaries(out_dir))
        except OSError as error:
            message = _("cannot write to the output folder: {reason}").format(
                reason=os_reason(error)
            )
            raise InputError(message, file=str(out_dir)) from None
        pdfs = PdfSteps(archive, on_result, on_step) if pdf else None
        return _run_batch(
            inputs,
            out_dir,
            jobs,
            pdfs,
            (previous_dir, force_previous),
            force,
            kind,
            units_file,
            on_result,
            tag,
        )


def _run_batch(
    inputs, out_dir: Path, jobs, pdfs, last_year, force, kind, units_file, on_result, tag
) -> BatchResult:
    """The batch itself, with the folder's lock held (see ``run_batch``)."""
    previous_dir, force_previous = last_year
    known, last_settings = read_known(out_dir)
    pairs, unmatched_previous = _previous_files(inputs.units, previous_dir)
    expected = read_units_file(units_file) if units_file else []
    settings = {
        "input_dir": str(inputs.folder),
        "previous_dir": str(previous_dir) if previous_dir else None,
        "force_previous": force_previous,
        "province": str(inputs.province) if inputs.province else None,
        "units_file": str(units_file) if units_file else None,
        "kind": kind,
        "pdf": pdfs is not None,
        "pdf_a": bool(pdfs and pdfs.archive),
    }
    same_kind = last_settings.get("kind") == kind  # else a unit's kind may differ now
    cache = read_cache(out_dir) if same_kind and not force else {}

    def job(path: Path, redo: bool = False) -> UnitJob:
        previous = pairs.get(path)
        forced = force or redo
        return _job(path, out_dir, previous, kind, forced, known.get(path.name), force_previous)

    reused, unit_jobs = [], []
    for path in inputs.units:
        entry = cache.get(path.name)
        kept = _reuse(path, pairs.get(path), entry, known.get(path.name), kind, out_dir)
        if kept is not None:
            reused.append(kept)
        else:
            unit_jobs.append(job(path))
    workers = jobs or default_jobs()
    if unit_jobs and workers > 1:
        _compile_consolidated_meanwhile(kind)
    records = _Records(out_dir, settings)
    on_unit = pdfs.rendered if pdfs else on_result
    results = _run_units(reused, unit_jobs, workers, records, on_unit, tag)
    for result in results:  # a unit kept as it was keeps its PDFs too
        if result.status == UNCHANGED:
            result.outputs += _pdfs(known.get(result.input.name))
    consolidated = None
    try:
        _check_duplicates(results, lambda path: process_unit(job(path, redo=True)))
        batch_kind = _batch_kind(results, kind)
        header, consolidated = _header(inputs.province, batch_kind)
        _check_years(results, header.get("year") if header else None)
        if batch_kind is not None and consolidated is None:
            header = _complete_header(batch_kind, header, results)
        consolidating = (header or {}).get("unit")
        missing = missing_units(results, unmatched_previous, expected, consolidating)
        if batch_kind is not None and consolidated is None:
            source = inputs.province or inputs.folder
            known_consolidated = known.get(CONSOLIDATED)
            consolidated = _unprocessed(results, source, header) or _consolidated_report(
                batch_kind, header, results, missing, out_dir, known_consolidated, force, source
            )
        if pdfs:
            redo = last_settings.get("pdf_a", False) != settings["pdf_a"]
            pdfs.add(results, consolidated, out_dir, workers, header, batch_kind, redo)
    except KeyboardInterrupt:
        records.save(results, None)
        raise
    manifest = records.save(results, consolidated)
    unexpected = unexpected_units(results, expected)
    return BatchResult(results, consolidated, missing, manifest, records.error, unexpected)


def _compile_consolidated_meanwhile(kind: str | None) -> None:
    """Compile the consolidated templates in a thread while the workers render the units.

    This process mostly waits for the workers then; the consolidated report at the end no
    longer starts by compiling (compiled templates are kept per process). A problem is left
    for the compilation at the end to report, as before.
    """

    def compile_templates() -> None:
        from ..report import DEFAULT_KIND, compiled_template

        with contextlib.suppress(Exception):
            for path in load_kind(kind or DEFAULT_KIND).consolidated().templates.values():
                compiled_template(path)

    threading.Thread(target=compile_templates, name="reportkit-compile", daemon=True).start()


def _pdfs(known: Known | None) -> list[tuple[str, str]]:
    return [o for o in (known.outputs if known else ()) if o[0].endswith(".pdf")]


def _job(
    path, out_dir, previous, kind, force, known: Known | None, force_previous: bool = False
) -> UnitJob:
    documents = tuple(o for o in known.outputs if not o[0].endswith(".pdf")) if known else ()
    return UnitJob(
        path,
        out_dir,
        previous=previous,
        kind=kind,
        force=force,
        force_previous=force_previous,
        known_key=known.key if known else None,
        known_outputs=documents,
    )


def _run_units(reused, jobs, workers, records, on_result, tag) -> list[UnitResult]:
    """Run the jobs; save the manifest every few seconds so an interrupted run can resume."""
    done: list[UnitResult] = []
    total = len(reused) + len(jobs)
    last_save = time.monotonic()

    def checkpoint() -> None:  # the manifest only: the cache's size grows with every unit
        nonlocal last_save
        if time.monotonic() - last_save >= _CHECKPOINT_SECONDS:
            records.manifest(_in_order(done), None)
            last_save = time.monotonic()

    units = run_jobs(jobs, workers, checkpoint, tag) if jobs else ()
    try:
        for result in chain(reused, units):
            done.append(result)
            if on_result is not None:
                on_result(result, len(done), total)
    except KeyboardInterrupt:
        records.save(_in_order(done), None)
        raise
    return _in_order(done)


@dataclass
class _Records:
    """The manifest and the units' figures for the next run, saved as the run goes.

    A folder that refuses them (made read-only, a full disk) costs one error for the run,
    never a unit: the units go on, and the last attempt's outcome is the one reported.
    """

    out_dir: Path
    settings: dict[str, Any]
    error: ReportkitError | None = None

    def manifest(self, results, consolidated) -> list[Path]:
        try:
            written = write_manifest(self.out_dir, results, consolidated, self.settings)
        except (OSError, OutputError) as error:
            self._failed(error)
            return []
        self.error = None
        return written

    def save(self, results, consolidated) -> list[Path]:
        try:
            write_cache(self.out_dir, results)
        except (OSError, OutputError) as error:
            written = self.manifest(results, consolidated)
            self._failed(error)
            return written
        return self.manifest(results, consolidated)

    def _failed(self, error: OSError | OutputError) -> None:
        if isinstance(error, OutputError):
            where, why = error.file or self.out_dir, error.message
        else:
            where, why = error.filename or self.out_dir, os_reason(error)
        message = _(
            "the batch's record could not be saved ({reason}); the units above are as "
            "reported, run the batch again once the folder can be written"
        )
        self.error = ReportkitError(message.format(reason=why), file=str(where))


def _reuse(path, previous, entry, known: Known | None, kind, out_dir) -> UnitResult | None:
    """The last run's result for a unit whose key and outputs did not change, else None.

    The key is computed as a worker would, from the files' hashes, without reading the
    data: an unchanged unit costs a few hashes.
    """
    if entry is None or known is None or known.key != entry.get("key"):
        return None
    if kind and entry.get("kind") != kind:
        return None
    try:
        view = load_kind(entry["kind"])
        input_hash = sha256_file(path)
        previous_hash = sha256_file(previous) if previous else None
        key = unit_key(input_hash, previous_hash, kind_hash(view, view.templates))
    except (OSError, ReportkitError):
        return None
    documents = tuple(o for o in known.outputs if not o[0].endswith(".pdf"))
    if key != known.key or not outputs_intact(out_dir, documents, [n for n, _ in documents]):
        return None
    return UnitResult(
        path,
        UNCHANGED,
        input_sha256=input_hash,
        previous=previous,
        previous_sha256=previous_hash,
        key=key,
        name=entry.get("name"),
        kind=entry["kind"],
        outputs=list(documents),
        summary=entry["summary"],
    )


def _in_order(results: list[UnitResult]) -> list[UnitResult]:
    return sorted(results, key=lambda r: natural_key(r.input.name))


def _previous_files(units: list[Path], previous_dir) -> tuple[dict[Path, Path], list[Path]]:
    """Last year's file for each unit: the one with the same unit code, never by file name."""
    if previous_dir is None:
        return {}, []
    return pair_previous(units, find_inputs(previous_dir).units)


def _check_duplicates(results: list[UnitResult], redo: Callable[[Path], UnitResult]) -> None:
    """Two inputs for the same unit write the same files: the later input is refused and
    the earlier one is written again (``redo``), since the later may have overwritten it."""
    owner: dict[str, UnitResult] = {}
    for index, result in enumerate(results):
        if not result.ok:
            continue
        clash = next((owner[name] for name, _ in result.outputs if name in owner), None)
        if clash is None:
            owner.update((name, result) for name, _ in result.outputs)
            continue
        message = _("writes the same files as {other}: two inputs for one unit?").format(
            other=clash.input.name
        )
        results[index] = _left_out(result, message, outputs=[])
        if result.status == WRITTEN:
            redone = redo(clash.input)
            results[results.index(clash)] = redone
            owner.update((name, redone) for name, _ in redone.outputs)


def _left_out(result: UnitResult, message: str, **changes) -> UnitResult:
    """``result`` made invalid for ``message``: its figures stay out of the totals."""
    error = ReportkitError(message, file=str(result.input))
    return replace(result, status=INVALID, summary=None, errors=[error], **changes)


def _batch_kind(results: list[UnitResult], requested: str | None):
    """The kind of the batch: the one asked for, else the one most units are; a unit of
    another kind is left out (its figures cannot be added to these)."""
    from ..report import DEFAULT_KIND

    names = Counter(r.kind for r in results if r.ok and r.kind)
    name = requested or (names.most_common(1)[0][0] if names else DEFAULT_KIND)
    try:
        kind = load_kind(name)
    except ReportkitError:
        return None
    for index, result in enumerate(results):
        if result.ok and result.kind and result.kind != name:
            message = _('is a "{kind}" report; this batch is "{batch}"').format(
                kind=result.kind, batch=name
            )
            results[index] = _left_out(result, message)
    return kind


def _header(province: Path | None, kind) -> tuple[dict | None, UnitResult | None]:
    """The province file's validated data, or a result carrying why it cannot be used."""
    if province is None or kind is None:
        return None, None
    from ..report import read_input

    result = UnitResult(province, INVALID)
    try:
        result.input_sha256 = sha256_file(province)
        document = read_input(province, partial=True)
        header = kind.validate(document, partial=True)
        gaps = header_gaps(kind, document)
        if gaps:
            raise ValidationError(gaps, file=str(province))
        return header, None
    except ReportkitError as error:
        result.errors.append(error.at(file=str(province)))
        return None, result


def _check_years(results: list[UnitResult], header_year: int | None) -> None:
    """A unit reporting another year than the batch cannot be added to its totals."""
    year = batch_year([r.summary for r in results if r.ok and r.summary], header_year)
    for index, result in enumerate(results):
        if result.ok and result.summary and result.summary.get("year") != year:
            message = _("reports the year {year}; this batch is for {batch}").format(
                year=result.summary.get("year"), batch=year
            )
            results[index] = _left_out(result, message)


def _consolidated_report(
    kind, header, results, missing, out_dir, known, force, source: Path
) -> UnitResult:
    """Render the consolidated documents unless the same ones were rendered last time.

    What they show follows from the valid units' keys (each unit's figures follow from
    its key), the province file, the units left out and the templates: when none of that
    changed and the files are as written, nothing is redone.
    """
    from ..report import render_context, write_documents

    valid = [r.summary for r in results if r.ok and r.summary]
    invalid = [_invalid_record(r) for r in results if not r.ok]
    result = UnitResult(source, INVALID, name=unit_name(header))
    if source.is_file():
        result.input_sha256 = sha256_file(source)
    view = kind.consolidated()
    if not view.templates:
        result.errors.append(ReportkitError(_("this kind has no consolidated templates")))
        return result
    if not (header.get("unit") or {}).get("name"):
        message = _(
            "no unit to consolidate under: no valid unit names its parent, and there is no "
            "province file (see docs/batch.md)"
        )
        result.errors.append(ReportkitError(message, file=str(source)))
        return result
    left_out = json.dumps([invalid, missing], sort_keys=True, default=str)
    result.key = unit_key(
        kind_hash(view, view.templates),
        result.input_sha256,
        sha256_bytes(left_out.encode()),
        *(r.key for r in results if r.ok),
    )
    before = tuple(o for o in (known.outputs if known else ()) if not o[0].endswith(".pdf"))
    names = [name for name, _ in before]
    if (
        not force
        and known
        and known.ok  # a failed last attempt is tried again, never taken as done
        and known.key == result.key
        and outputs_intact(out_dir, before, names)
    ):
        result.status, result.outputs = UNCHANGED, [*before, *_pdfs(known)]
        return result
    try:
        context = consolidate(kind, valid, header, invalid_units=invalid, missing_units=missing)
        report = render_context(view, context)
        write_documents(report, out_dir)
        result.status = WRITTEN
        result.outputs = [(n, sha256_bytes(d)) for n, d in report.documents.items()]
    except (OSError, OutputError) as error:
        result.status = FAILED
        result.errors.append(cannot_write(error, source))
    except ReportkitError as error:
        result.errors.append(error)
    return result


def _unprocessed(results: list[UnitResult], source: Path, header) -> UnitResult | None:
    """Why the consolidated report is not written when some units could not be processed.

    A unit that failed (its worker died twice, its files could not be written) is no fault
    of its data, and totals without it would read as complete: the consolidated report
    waits for a run in which every unit was processed (invalid units are left out and named,
    as their data must be corrected).
    """
    failed = [r.input.name for r in results if r.status == FAILED]
    if not failed:
        return None
    named = ", ".join(failed[:3])
    if len(failed) > 3:
        named = _("{names} and {count} more").format(names=named, count=number(len(failed) - 3))
    message = ngettext(
        "not written: {count} unit could not be processed ({names}), and totals without it "
        "would look complete; run the batch again",
        "not written: {count} units could not be processed ({names}), and totals without them "
        "would look complete; run the batch again",
        len(failed),
    ).format(count=number(len(failed)), names=named)
    error = ReportkitError(message, file=str(source))
    return UnitResult(source, FAILED, name=unit_name(header), errors=[error])


def _invalid_record(result: UnitResult) -> dict[str, Any]:
    """A unit left out of the totals, as the consolidated documents list it."""
    lines = [line for error in result.errors for line in error_lines(error)]
    return {
        "file": result.input.name,
        "name": result.name,
        "errors": lines[:5],
        "error_count": len(lines),
        "status": result.status,
    }


def _complete_header(kind, header: dict | None, results: list[UnitResult]) -> dict:
    """The province file's data with the batch's year, else the header the units give."""
    return complete_header(kind, header, [r.summary for r in results if r.ok and r.summary])
