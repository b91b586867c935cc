"""Reading an input: regular files only (a FIFO or a link to /dev/zero is refused, never
read for ever), up to a size limit."""

from __future__ import annotations

import os
import stat
import sys

from subsync.batch.inputs import STDIN_ARG
from subsync.errors import SubsyncError

#: The largest input read unless told otherwise: far above any real API response.
DEFAULT_MAX_INPUT = 256 << 20


def read_input(path: str, limit: int = DEFAULT_MAX_INPUT) -> bytes:
    """The bytes of an input file, or of standard input for ``-``; a SubsyncError naming
    the input when it is not a regular file or holds more than ``limit`` bytes."""
    if path == STDIN_ARG:
        try:
            return _bounded(sys.stdin.buffer.read(limit + 1), limit, path)
        except OSError as exc:
            raise SubsyncError(f"cannot read: {exc.strerror}", input=path) from None
    try:
        # O_NONBLOCK: opening a FIFO with no writer would wait for one for ever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise SubsyncError(f"cannot read: {exc.strerror}", input=path) from None
    with os.fdopen(fd, "rb") as file:
        try:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise SubsyncError(
                    "is not a regular file (a device, FIFO or socket): subsync reads files",
                    input=path,
                )
            _bounded(b"", limit, path, size=status.st_size)
            return _bounded(file.read(limit + 1), limit, path)
        except OSError as exc:
            raise SubsyncError(f"cannot read: {exc.strerror}", input=path) from None


def _bounded(data: bytes, limit: int, path: str, *, size: int | None = None) -> bytes:
    """``data``, or the error for an input over the limit (``size`` when known ahead)."""
    size = len(data) if size is None else size
    if size > limit:
        raise SubsyncError(
            f"holds more than {limit:,} bytes, the limit on an input: raise it with "
            "--max-input-size if the file is what you meant",
            input=path,
        )
    return data
