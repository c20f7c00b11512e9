"""A worker never outlives its batch process.

When the batch process is killed (kill -9, the OOM killer), its lock on the output folder
goes with it; a worker still rendering would go on writing into a folder another batch
may now own. So a worker stops the moment its parent is gone: on Linux the kernel kills
it together with the parent; everywhere, a thread waiting on the parent's sentinel ends
the process as soon as the parent's end of the pipe closes.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing.connection import wait

EXIT_ORPHANED = 3
_PR_SET_PDEATHSIG = 1


def stop_when_parent_dies() -> None:
    """Call first thing in a worker process started by multiprocessing."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent.pid:  # it died before the request took effect
            os._exit(EXIT_ORPHANED)
    threading.Thread(
        target=_exit_when_ready, args=(parent.sentinel,), name="reportkit-parent", daemon=True
    ).start()


def _exit_when_ready(sentinel: int) -> None:
    wait([sentinel])
    os._exit(EXIT_ORPHANED)  # at once: no clean-up that could write a file
