"""Pool workers that die with their parent: a killed parent leaves no worker converting on."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

#: How often a worker looks for its parent where the kernel cannot tell it (not Linux).
_POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


def init_worker(parent: int) -> None:
    """A pool worker's initializer: Ctrl-C is the parent's to handle (the terminal sends it
    to the whole process group), SIGTERM ends the worker, and it ends when ``parent`` does:
    at once on Linux (the kernel's parent-death signal), else within a poll."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, forked along
    if sys.platform.startswith("linux") and _death_signal():
        if os.getppid() != parent:  # the parent died before the signal was asked for
            os._exit(1)
        return
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="lifeline").start()


def _death_signal() -> bool:
    """Ask the kernel for SIGKILL when the parent dies; whether it took."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_POLL_SECONDS)
    os._exit(1)
