"""The operator's button: one ``run_batch`` at a time in a thread, its progress, its zip.

The batch is the library's own (``reportkit.batch.run_batch`` on the data folder), so the
button and ``reportkit batch DIR`` give the same documents and manifest.
"""

from __future__ import annotations

import contextvars
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from ..errors import ReportkitError
from .config import ServeConfig
from .store import Store


@dataclass
class Progress:
    """What the progress bar shows; replaced as a whole under the lock."""

    running: bool = False
    done: int = 0
    total: int = 0
    finished: bool = False
    failed_units: list[str] = field(default_factory=list)
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "running": self.running,
            "done": self.done,
            "total": self.total,
            "finished": self.finished,
            "failed_units": self.failed_units,
            "error": self.error,
        }


class BatchRunner:
    """Runs at most one batch of the data folder at a time, in a background thread."""

    def __init__(self, config: ServeConfig, store: Store):
        self.config = config
        self.store = store
        self._lock = threading.Lock()
        self._progress = Progress()
        self._thread: threading.Thread | None = None

    @property
    def progress(self) -> Progress:
        with self._lock:
            return Progress(**self._progress.as_json())

    def start(self, *, pdf: bool) -> bool:
        """Start a run; False when one is already running."""
        with self._lock:
            if self._progress.running:
                return False
            self._progress = Progress(running=True)
        self.store.log("chạy tổng hợp", None, "kèm PDF" if pdf else None)
        # the thread runs in a copy of this request's context: it speaks Vietnamese too
        context = contextvars.copy_context()
        self._thread = threading.Thread(
            target=context.run, args=(self._run, pdf), name="reportkit-serve-batch", daemon=True
        )
        self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> None:
        """For the tests and a clean stop: wait for the running batch to end."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, pdf: bool) -> None:
        from ..batch import run_batch

        def on_result(result, done: int, total: int) -> None:
            with self._lock:
                self._progress.done, self._progress.total = done, total

        config = self.config
        try:
            result = run_batch(
                config.data_dir,
                config.outputs,
                pdf=pdf,
                previous_dir=config.previous_dir,
                kind=config.kind,
                units_file=config.units_file,
                province=config.province,
                on_result=on_result,
            )
            failed = [_failure(r) for r in result.failed]
            error = None
        except ReportkitError as problem:
            failed, error = [], str(problem)
        except Exception as problem:  # the service stays up; the operator sees what happened
            failed, error = [], f"lỗi không mong đợi: {problem!r}"
        with self._lock:
            self._progress.running = False
            self._progress.finished = error is None
            self._progress.failed_units = failed
            self._progress.error = error
        detail = error or (f"{len(failed)} đơn vị lỗi" if failed else "xong")
        self.store.log("kết quả tổng hợp", None, detail)


def _failure(result) -> str:
    """A unit that did not come out, with its first reason."""
    reason = f" ({result.errors[0]})" if result.errors else ""
    return f"{result.input.name}{reason}"


def output_files(outputs: Path) -> list[Path]:
    """The batch's documents, PDFs and manifest (no hidden files, caches or temporaries)."""
    if not outputs.is_dir():
        return []
    return sorted(
        p for p in outputs.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))
    )


def zip_outputs(outputs: Path) -> IO[bytes]:
    """Every output in one zip, in a temporary file the caller sends and closes."""
    spooled = SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    with zipfile.ZipFile(spooled, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in output_files(outputs):
            archive.write(path, path.name)
    spooled.seek(0)
    return spooled
