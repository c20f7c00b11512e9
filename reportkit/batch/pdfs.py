"""PDFs of a batch's documents: many documents per LibreOffice start, one start per job.

Only documents written in this run, or whose PDF is missing or changed, are converted.
Each PDF's title, author and date come from its unit's data (the province's for the
consolidated report). LibreOffice converts the documents of a start one after the other;
each PDF is reported as it is in place, and a unit as soon as all its PDFs are.
"""

from __future__ import annotations

import contextvars
import math
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..docinfo import DocumentInfo, info_from_data
from ..errors import ReportkitError
from .fingerprint import sha256_file
from .worker import FAILED, WRITTEN, UnitResult

DocumentCallback = Callable[[int, int], None]  # (PDFs done, PDFs to do)
UnitCallback = Callable[[UnitResult], None]
ProgressCallback = Callable[[UnitResult, int, int], None]  # (unit, units told, units)
StepCallback = Callable[[str, int, int], None]  # ("rendered" or "PDFs", done, total)


@dataclass
class PdfSteps:
    """What a batch with PDFs does differently: it tells of a unit only once its PDFs exist
    and shows the rendering and the conversion as steps."""

    archive: bool
    on_result: ProgressCallback | None
    on_step: StepCallback | None

    def rendered(self, result: UnitResult, done: int, total: int) -> None:
        if self.on_step is not None:
            self.on_step("rendered", done, total)

    def add(self, units, consolidated, out_dir, workers, header, kind, redo: bool) -> None:
        """The PDFs of ``units`` and ``consolidated`` (all again when ``redo``)."""
        told = 0

        def on_unit(result: UnitResult) -> None:
            nonlocal told
            if result is not consolidated and self.on_result is not None:
                told += 1
                self.on_result(result, told, len(units))

        def on_document(done: int, total: int) -> None:
            if self.on_step is not None:
                self.on_step("PDFs", done, total)

        title = kind.consolidated().title if kind is not None else None
        add_pdfs(
            [*units, *([consolidated] if consolidated else [])],
            out_dir,
            workers,
            archive=self.archive,
            redo=redo,
            header=header,
            kind_title=title,
            on_document=on_document,
            on_unit=on_unit,
        )


def add_pdfs(
    results: list[UnitResult],
    out_dir: Path,
    jobs: int | None,
    *,
    archive: bool = False,
    redo: bool = False,
    header: Mapping[str, Any] | None = None,
    kind_title: str | None = None,
    on_document: DocumentCallback | None = None,
    on_unit: UnitCallback | None = None,
) -> None:
    """Convert what needs converting and add each PDF (name, hash) to its result.

    ``archive`` makes PDF/A-2b; ``redo`` converts even PDFs that are as last time (made
    with other options). ``header`` is the consolidated report's data (a result
    without a summary). ``on_unit`` hears of every result once, when its PDFs are done.
    """
    from ..pdf import convert

    wanted: list[tuple[UnitResult, Path]] = []
    for result in results:
        if not result.ok:
            continue
        known = dict(o for o in result.outputs if o[0].endswith(".pdf"))
        result.outputs = [o for o in result.outputs if not o[0].endswith(".pdf")]
        for name, _ in list(result.outputs):
            pdf = out_dir / f"{Path(name).stem}.pdf"
            if redo or result.status == WRITTEN or not _intact(pdf, known.get(pdf.name)):
                wanted.append((result, out_dir / name))
            else:
                result.outputs.append((pdf.name, known[pdf.name]))
    tracker = _Tracker(results, wanted, on_document, on_unit)
    if not wanted:
        return
    info = {document: _info(result, header, kind_title) for result, document in wanted}
    workers = max(1, min(jobs or 1, len(wanted)))
    size = math.ceil(len(wanted) / workers)
    chunks = [wanted[i : i + size] for i in range(0, len(wanted), size)]

    def run(chunk: list[tuple[UnitResult, Path]]) -> ReportkitError | None:
        documents = [document for _, document in chunk]
        try:
            convert(documents, archive=archive, info=info, on_converted=tracker.converted)
        except ReportkitError as error:
            return error
        except ValueError as error:  # two documents whose PDFs would have one name
            return ReportkitError(_("cannot make the PDFs: {reason}").format(reason=error))
        return None

    # each thread runs in a copy of this one's context: the PDFs' temporary files carry the
    # batch run's tag too (reportkit.batch.leftovers)
    contexts = [contextvars.copy_context() for _ in chunks]
    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(pool.map(lambda context, chunk: context.run(run, chunk), contexts, chunks))
    for chunk, error in zip(chunks, outcomes, strict=True):
        for result, document in chunk:
            if not tracker.placed(document) and result.ok:
                result.status = FAILED
                result.errors.append(error or ReportkitError(_("no PDF"), file=str(document)))
    tracker.finish()


class _Tracker:
    """Counts PDFs as LibreOffice's runs put them in place (from several threads) and
    tells of each unit once all of its are."""

    def __init__(self, results, wanted, on_document, on_unit):
        self._lock = threading.Lock()
        self._owner = {document: result for result, document in wanted}
        self._pending = {id(result): 0 for result, _ in wanted}
        for result, _ in wanted:
            self._pending[id(result)] += 1
        self._done: set[Path] = set()
        self._total = len(wanted)
        self._on_document, self._on_unit = on_document, on_unit
        self._told: set[int] = set()
        self._results = results
        for result in results:
            if id(result) not in self._pending:
                self._tell(result)

    def converted(self, document: Path, pdf: Path) -> None:
        with self._lock:
            result = self._owner[document]
            result.outputs.append((pdf.name, sha256_file(pdf)))
            self._done.add(document)
            if self._on_document is not None:
                self._on_document(len(self._done), self._total)
            self._pending[id(result)] -= 1
            if self._pending[id(result)] == 0:
                self._tell(result)

    def placed(self, document: Path) -> bool:
        return document in self._done

    def finish(self) -> None:
        """Tell of the units whose conversion failed."""
        with self._lock:
            for result in self._results:
                self._tell(result)

    def _tell(self, result: UnitResult) -> None:
        if id(result) not in self._told:
            self._told.add(id(result))
            if self._on_unit is not None:
                self._on_unit(result)


def _info(result: UnitResult, header, kind_title: str | None) -> DocumentInfo:
    """The PDF properties of a result's documents, from its figures or the header."""
    data = result.summary or header or {}
    kind = data.get("kind") if isinstance(data.get("kind"), Mapping) else {}
    return info_from_data(data, kind.get("title") or kind_title)


def _intact(path: Path, digest: str | None) -> bool:
    return digest is not None and path.is_file() and sha256_file(path) == digest
