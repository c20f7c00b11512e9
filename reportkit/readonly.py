"""No command writes over a file it read in the same run.

Every reader notes the file it opens (data, templates, forms, kinds, images); every
atomic write asks first whether its target is one of them. Files are compared by
identity (device and inode), so another spelling of the path, a symlink or a hard link
to an input is caught as well. A run is a CLI command or one unit of a batch; outside a
run, only the files a call names itself are guarded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .errors import InputError
from .i18n import _

_READ: ContextVar[set[tuple[int, int]] | None] = ContextVar("reportkit_inputs", default=None)


@contextmanager
def one_run() -> Iterator[None]:
    """Remember the inputs read from here on, until the block ends."""
    token = _READ.set(set())
    try:
        yield
    finally:
        _READ.reset(token)


def _identity(path: str | os.PathLike) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def note_input(path: str | os.PathLike) -> None:
    """``path`` is an input of the current run."""
    read = _READ.get()
    identity = _identity(path) if read is not None else None
    if identity is not None:
        read.add(identity)


def refuse_input(target: str | os.PathLike, *inputs: str | os.PathLike) -> None:
    """Raise if writing ``target`` would replace an input of this run or one of ``inputs``."""
    identity = _identity(target)
    if identity is None:
        return
    read = _READ.get() or set()
    if identity in read or any(_identity(path) == identity for path in inputs):
        raise InputError(
            _(
                "this output is also an input of the same command and would be overwritten; "
                "write the output somewhere else"
            ),
            file=str(Path(target)),
        )
