"""PDFs of a batch's documents: many documents per LibreOffice start, one start per job.

Only documents written in this run, or whose PDF is missing or changed, are converted.
LibreOffice stamps each PDF with its creation time, so PDFs are not byte-identical
between runs; the Word and Excel files are.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import ReportkitError
from .fingerprint import sha256_file
from .worker import FAILED, WRITTEN, UnitResult


def add_pdfs(results: list[UnitResult], out_dir: Path, jobs: int | None) -> None:
    """Convert what needs converting and add each PDF (name, hash) to its result."""
    from ..pdf import convert

    wanted: list[tuple[UnitResult, Path]] = []
    for result in results:
        if not result.ok:
            continue
        known = dict(o for o in result.outputs if o[0].endswith(".pdf"))
        result.outputs = [o for o in result.outputs if not o[0].endswith(".pdf")]
        for name, _ in list(result.outputs):
            pdf = out_dir / f"{Path(name).stem}.pdf"
            if result.status == WRITTEN or not _intact(pdf, known.get(pdf.name)):
                wanted.append((result, out_dir / name))
            else:
                result.outputs.append((pdf.name, known[pdf.name]))
    if not wanted:
        return
    workers = max(1, min(jobs or 1, len(wanted)))
    size = math.ceil(len(wanted) / workers)
    chunks = [wanted[i : i + size] for i in range(0, len(wanted), size)]
    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(pool.map(lambda chunk: _convert(convert, chunk), chunks))
    for chunk, error in zip(chunks, outcomes, strict=True):
        for result, document in chunk:
            pdf = document.with_suffix(".pdf")
            if _fresh(pdf, document):
                result.outputs.append((pdf.name, sha256_file(pdf)))
            elif result.ok:
                result.status = FAILED
                result.errors.append(error or ReportkitError("no PDF", file=str(document)))


def _convert(convert, chunk: list[tuple[UnitResult, Path]]) -> ReportkitError | None:
    try:
        convert([document for _, document in chunk])
    except ReportkitError as error:
        return error
    except ValueError as error:  # two documents whose PDFs would have one name
        return ReportkitError(f"cannot make the PDFs: {error}")
    return None


def _fresh(pdf: Path, document: Path) -> bool:
    """Converted in this run: the PDF exists and is not older than its document."""
    return pdf.is_file() and pdf.stat().st_mtime_ns >= document.stat().st_mtime_ns


def _intact(path: Path, digest: str | None) -> bool:
    return digest is not None and path.is_file() and sha256_file(path) == digest
