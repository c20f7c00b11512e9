"""One batch at a time per output folder.

Two batches writing one folder would each rewrite the manifest and the consolidated
report from half of the units. An operating-system lock on a file in the folder keeps
the second out; the system releases it when the first process ends, even if it is
killed, so a crashed run never leaves the folder locked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from ..i18n import _

LOCK_NAME = ".reportkit-batch.lock"


@contextmanager
def only_batch_in(out_dir: Path) -> Iterator[None]:
    """Hold the folder's batch lock, or raise InputError at once if another run has it."""
    from filelock import FileLock, Timeout

    lock = FileLock(out_dir / LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(
            _(
                "another reportkit batch is writing to this folder; wait until it has "
                "finished, or write to another folder"
            ),
            file=str(out_dir),
        ) from None
    try:
        yield
    finally:
        lock.release()
