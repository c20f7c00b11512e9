"""Write files so that a reader never sees half of one: temporary file, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError
from .readonly import refuse_input


def _temporary_beside(target: Path) -> tuple[int, Path]:
    """An open, empty temporary file in ``target``'s folder (so the rename is atomic).

    The target must not be an input of the same run (see readonly.py).
    """
    refuse_input(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:  # -o /proc/x, a read-only folder, a name too long
        raise OutputError(
            f"cannot write here: {error.strerror or error}", file=str(target)
        ) from None
    return fd, Path(tmp)


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` on success.

    On any error the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    fd, tmp_path = _temporary_beside(target)
    os.close(fd)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the target path.

    Writes through the temporary file's open descriptor: a batch writes two files per
    unit, and opening each file a second time doubled the cost of writing it.
    """
    target = Path(target)
    fd, tmp_path = _temporary_beside(target)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return target
