"""Atomic file output: a write lands whole or not at all."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from subsync.errors import OutputError

# Read once: os.umask can only be read by setting it, so never do that per write.
_UMASK = os.umask(0o022)
os.umask(_UMASK)

# A temporary file's name: ``.<name>.<pid>.<8 random>.tmp`` (the pid says whether the run
# that made it still runs), within the file system's limit on a name.
_TEMP = re.compile(r"\..*\.([0-9]+)\.[a-z0-9_]{8}\.tmp", re.DOTALL)
_TEMP_EXTRA = len(".00000000.tmp")
_NAME_MAX = 255  # bytes, on every common file system; pathconf says when it is less


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename,
    so a crash or a full disk never leaves a half-written file behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path), suffix=".tmp")
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


def name_max(folder: Path) -> int:
    """The longest file name, in bytes, the file system of ``folder`` takes."""
    try:
        return min(_NAME_MAX, os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return _NAME_MAX


def temp_prefix(path: Path) -> str:
    """The start of a temporary name for ``path``: the name cut (on a character boundary)
    so that the whole temporary name fits the file system's limit, as long as the name
    itself does.

    >>> temp_prefix(Path("out/x.srt")) == f".x.srt.{os.getpid()}."
    True
    >>> len(temp_prefix(Path("é" * 127)).encode()) + 13 <= 255
    True
    """
    pid = f".{os.getpid()}."
    room = max(1, name_max(path.parent) - _TEMP_EXTRA - len(pid) - 1)
    short = path.name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return f".{short}{pid}"


def remove_stale_temps(folder: Path, before: float) -> list[Path]:
    """Remove the temporary files a killed run left in ``folder`` (not below it): those of
    this naming pattern made before ``before`` (a time.time()) by a process no longer
    running. The ones removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _TEMP.fullmatch(entry.name)
        if found is None or _running(int(found.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < before:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or not a pid: leave it
    return True


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
