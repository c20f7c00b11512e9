"""Write files so that a reader never sees half of one: temporary file, then rename.

A temporary file is made private (0600); the renamed file would keep that, and colleagues
could not read a report on a shared drive. Each gets the mode the user's umask gives a new
file (0644 under umask 022), as if it had been created in place.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .errors import OutputError, os_reason
from .i18n import _
from .readonly import refuse_input

_TAG: ContextVar[str] = ContextVar("reportkit_temporary_tag", default="")


@contextmanager
def temporaries_tagged(tag: str) -> Iterator[None]:
    """Put ``tag`` (a batch run's random id) into the names of this thread's temporary files.

    A run killed mid-write leaves them behind; the next run removes those with the killed
    run's tag, and never a user's file that merely looks like a temporary one.
    """
    token = _TAG.set(tag)
    try:
        yield
    finally:
        _TAG.reset(token)


def tagged_temporary(tag: str) -> re.Pattern[str]:
    """The names of the temporary files made under ``temporaries_tagged(tag)``."""
    return re.compile(rf"^\..+\.{re.escape(tag)}[^.]+\.tmp$")


def make_folder(folder: str | os.PathLike) -> Path:
    """``folder`` and its parents, made if missing, or one line saying why they cannot be."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # -o /proc/x, /dev/null/x, a folder without write permission
        message = _("cannot make this output folder: {reason}").format(reason=os_reason(error))
        raise OutputError(message, file=str(folder)) from None
    return folder


def _temporary_beside(target: Path) -> tuple[int, Path]:
    """An open, empty temporary file in ``target``'s folder (so the rename is atomic),
    with the mode the umask gives a new file.

    The target must not be an input of the same run (see readonly.py).
    """
    refuse_input(target)
    make_folder(target.parent)
    prefix = f".{target.name}.{_TAG.get()}"
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
    except BaseException:
        os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise
    return fd, Path(tmp)


_UMASK_LINE = re.compile(r"^Umask:\s*([0-7]+)$", re.M)
_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux);
    elsewhere set and restored under a lock (os.umask is the only way to ask)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            found = _UMASK_LINE.search(status.read())
        if found:
            return int(found.group(1), 8)
    except OSError:
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


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
