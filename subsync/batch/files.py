"""Atomic file output: a write lands whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from subsync.errors import OutputError

# Read once: os.umask can only be read by setting it, so never do that per write.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename,
    so a crash or a full disk never leaves a half-written file behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write there: {_reason(exc)}", input=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o666 & ~_UMASK)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {_reason(exc)}", input=str(path)) from None
        raise


def _reason(exc: OSError) -> str:
    """The OS's reason for a failure, on one line; an OSError made without an errno has no
    ``strerror``, so fall back to its text (or its type's name).

    >>> _reason(OSError(28, "No space left on device")), _reason(OSError("gone"))
    ('No space left on device', 'gone')
    >>> _reason(OSError())
    'OSError'
    """
    reason = exc.strerror or str(exc) or type(exc).__name__
    return " ".join(reason.split())
