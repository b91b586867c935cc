"""Atomic file output: a write lands whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from subsync.errors import OutputError

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from subsync.batch.spill import Table

# A temporary file's name: ``.<name>.<pid>.<8 random>.tmp`` (the pid says whether the run
# that made it still runs), within the file system's limit on a name.
_TEMP = re.compile(r"\..*\.([0-9]+)\.[a-z0-9_]{8}\.tmp", re.DOTALL)
_TEMP_EXTRA = len(".00000000.tmp")
_NAME_MAX = 255  # bytes, on every common file system; pathconf says when it is less
# A temporary file is made as any new file is (0o666 less the umask, never through a link),
# with a name no file has (O_EXCL), without loading tempfile: its imports (shutil, random,
# the compression modules) cost a one-file run ~3 ms. No other program opens it while it
# is written.
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_TEMP_FLAGS |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_TEMP_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_TEMP_TRIES = 100  # names tried before giving up, as tempfile.mkstemp does
# The name limit of each folder written to (a run writes to few): pathconf is a system
# call, and once a file would be one too many.
_name_limits: dict[Path, int] = {}

# Files whose fsync runs at once: the disk merges concurrent flushes into few journal
# commits, and the threads wait on the disk, not on the GIL.
_WRITERS = 16
_pool: Executor | None = None
# Folders that gained a file since they were last fsynced (see sync_folders).
_unsynced: set[Path] = set()
_lock = threading.Lock()


def write_atomic_many(files: Sequence[tuple[Path, bytes]]) -> list[OutputError | None]:
    """Write each ``(path, data)`` as :func:`write_atomic` does, their fsyncs at once in a
    pool of threads; what went wrong with each (None when it was written). Their folders
    are fsynced later, all at once, by :func:`sync_folders`."""
    global _pool
    if len(files) <= 1:
        return [_error_of(path, data) for path, data in files]
    if _pool is None:
        # Imported on first use: a one-output run never needs threads.
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(_WRITERS, thread_name_prefix="subsync-write")
    futures = [_pool.submit(_error_of, path, data) for path, data in files]
    return [future.result() for future in futures]


def write_outputs(
    files: Sequence[tuple[Path, bytes]], swept: Table | set[str], before: float
) -> list[OutputError | None]:
    """:func:`write_atomic_many`, each folder first cleared of the temporary files a killed
    run left there before ``before`` (once a run: ``swept`` holds the folders cleared)."""
    for parent in dict.fromkeys(path.parent for path, _ in files):  # an input's few folders
        folder = str(parent)
        if folder not in swept:
            swept.add(folder)
            remove_stale_temps(parent, before)
    return write_atomic_many(files)


def _error_of(path: Path, data: bytes) -> OutputError | None:
    try:
        write_atomic(path, data, sync_folder=False)
    except OutputError as error:
        return error
    return None


def sync_folders() -> None:
    """Fsync every folder that :func:`write_atomic_many` renamed a file into, so that the
    renames survive a crash too (run before the manifest vouches for the files)."""
    with _lock:
        folders = sorted(_unsynced)
        _unsynced.clear()
    for folder in folders:
        _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    # A folder that cannot be opened or synced (some file systems refuse) costs only the
    # durability of the rename, which the data's own fsync does not need.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, sync_folder: bool = True) -> None:
    """Write ``data`` (bytes, or chunks of them, so that a large file is never held whole)
    to ``path`` through a temporary file in the same folder and a rename, so a crash or a
    full disk never leaves a half-written file behind: the data is fsynced before the
    rename, and the folder after it (or, without ``sync_folder``, by the next
    :func:`sync_folders`)."""
    try:
        fd, temp = _temp_file(path)
    except OSError as exc:
        raise OutputError(f"cannot write there: {_reason(exc)}", input=str(path)) from None
    try:
        try:
            for chunk in (data,) if isinstance(data, bytes) else data:
                _write_all(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
        if sync_folder:
            _fsync_folder(path.parent)
        else:
            with _lock:
                _unsynced.add(path.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {_reason(exc)}", input=str(path)) from None
        raise


def _temp_file(path: Path) -> tuple[int, str]:
    """A new temporary file next to ``path`` (its folder made when missing, which a
    first try finds out): its descriptor, open for writing, and its path."""
    try:
        return _new_temp(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _new_temp(path)


def _new_temp(path: Path) -> tuple[int, str]:
    """``<prefix><8 random>.tmp`` beside ``path``, created empty."""
    prefix = os.path.join(path.parent, temp_prefix(path))
    for _ in range(_TEMP_TRIES):
        name = "".join(_TEMP_CHARS[byte % len(_TEMP_CHARS)] for byte in os.urandom(8))
        temp = f"{prefix}{name}.tmp"
        try:
            return os.open(temp, _TEMP_FLAGS, 0o666), temp
        except FileExistsError:
            continue  # taken: another name
    raise FileExistsError(errno.EEXIST, "no unused temporary file name found", str(path.parent))


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def name_max(folder: Path) -> int:
    """The longest file name, in bytes, the file system of ``folder`` takes."""
    known = _name_limits.get(folder)
    if known is not None:
        return known
    try:
        limit = min(_NAME_MAX, os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return _NAME_MAX  # not kept: the folder may not be made yet
    if len(_name_limits) >= 1024:
        _name_limits.clear()
    _name_limits[folder] = limit
    return limit


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
