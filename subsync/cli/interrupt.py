"""Ctrl-C and SIGTERM during a conversion: the first stops scheduling (the run then saves
the manifest, says what was done and exits 130, or 143 for SIGTERM); a second exits at once."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click

#: The exit code after each signal: 128 + its number, as shells report it.
EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


class Stop:
    """Which signal stopped the run (None: none did)."""

    __slots__ = ("signum",)

    def __init__(self) -> None:
        self.signum: int | None = None

    @property
    def exit_code(self) -> int:
        """The code to exit with (0 when no signal came)."""
        return EXIT_CODES.get(signal.Signals(self.signum), 1) if self.signum else 0


@contextmanager
def stop_on_signals(cancel: threading.Event) -> Iterator[Stop]:
    """Handle SIGINT and SIGTERM while the block runs: the first sets ``cancel`` (no input
    starts after it; those in the pool are dropped), a second exits at once."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # handlers belong to the main thread (the Python API's callers)
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        del frame
        if stop.signum is not None:
            os._exit(EXIT_CODES.get(signal.Signals(signum), 1))
        stop.signum = signum
        cancel.set()
        click.echo("\nsubsync: stopping: saving what is done (again to quit at once)", err=True)

    previous = {}
    for signum in EXIT_CODES:
        old = signal.getsignal(signum)
        if old != signal.SIG_IGN:  # a parent that ignores a signal (nohup) keeps it ignored
            previous[signum] = old
            signal.signal(signum, handle)
    try:
        yield stop
    finally:
        # After a signal ours stay: a second one during the exit still ends it at once.
        for signum, old in previous.items() if stop.signum is None else ():
            signal.signal(signum, old)
