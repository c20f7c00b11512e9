"""Each batch run's own name for its temporary files, so only its leftovers are removed.

A run killed mid-write leaves temporary files. The next run must remove them, but never a
file of the user's that merely looks like one (``.report.docx.old.tmp``). So every run
draws a random id, records it in the output folder before writing anything, and puts it
into the names of its temporary files; the next run removes exactly the files carrying
the recorded id. A run that ends leaves no temporary file, and removes its record.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

from ..atomic import tagged_temporary, temporaries_tagged, write_bytes_atomic

RUN_NAME = ".reportkit-batch.run"
_TAG = re.compile(r"rk[0-9a-f]{12}-")


@contextlib.contextmanager
def own_temporaries(out_dir: Path) -> Iterator[str]:
    """Within it, this thread's temporary files carry this run's tag (yielded, for the
    worker processes). Enter it with the folder's batch lock held: the last run is then
    certainly over, and its leftovers are removed first.
    """
    tag = _start_run(out_dir)
    try:
        with temporaries_tagged(tag):
            yield tag
    finally:
        with contextlib.suppress(OSError):  # a folder made read-only meanwhile keeps it
            (out_dir / RUN_NAME).unlink()


def _start_run(out_dir: Path) -> str:
    """Remove the temporary files the last run left, record a new run; return its tag."""
    last = _recorded_tag(out_dir / RUN_NAME)
    if last is not None:
        leftover = tagged_temporary(last)
        for path in out_dir.iterdir():
            if leftover.match(path.name) and path.is_file():
                path.unlink(missing_ok=True)
    tag = f"rk{secrets.token_hex(6)}-"
    write_bytes_atomic(out_dir / RUN_NAME, tag.encode("ascii"))
    return tag


def _recorded_tag(path: Path) -> str | None:
    """The tag recorded in ``path``; None when absent or not one of ours (never a pattern
    that could match a user's file)."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if _TAG.fullmatch(text) else None
