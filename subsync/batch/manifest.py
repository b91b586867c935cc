"""The manifest next to the outputs: what each output was made from, by content hash, so an
unchanged input is skipped without being parsed."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from subsync.batch.digest import sha256
from subsync.batch.files import sync_folders, write_atomic
from subsync.batch.manifest_file import Entry, Pin, file_chunks, read_pinned
from subsync.errors import OutputError
from subsync.frozen import NamedTuple

__all__ = ["MANIFEST_NAME", "Entry", "Manifest", "Stamp", "sha256"]

#: The manifest's file name in the output folder (hidden, so folder inputs pass over it).
MANIFEST_NAME = ".subsync-manifest.json"


class Stamp(NamedTuple):
    """What an input's outputs are made from in this run: the same input and options with
    the same subsync make the same bytes."""

    input: str
    options: str
    subsync: str


class Manifest:
    """The entries of one output folder, keyed by output path relative to it (``a/x.en.srt``)."""

    def __init__(
        self, folder: Path, entries: dict[str, Entry] | None = None, pin: Pin | None = None
    ) -> None:
        self.folder = folder
        # The path input_key was last asked for, and its key.
        self._last_input: tuple[str | None, str] = (None, "")
        self.entries: dict[str, Entry] = {}
        # (input, output sub-folder) -> output keys, kept in step with the entries: a list
        # (an input has a few outputs; a list of them is a fifth of a set's size).
        self._by_input: dict[tuple[str, str], list[str]] = {}
        # What this run set (an entry) or dropped (None), merged into the file on save, so
        # that runs into one folder at once keep each other's entries.
        self._changes: dict[str, Entry | None] = {}
        for key, entry in (entries or {}).items():
            self._add(key, entry)
        self._changes.clear()
        # The file as this run last read or wrote it (``_held``), as long as ``_pin`` says
        # it is still that file: then a save need not read back and parse what it wrote.
        self._pin = pin
        self._held = self.entries
        #: Whether an entry was added, changed or dropped since the manifest was read.
        self.changed = False

    @classmethod
    def load(cls, folder: Path) -> tuple[Manifest, str | None]:
        """The folder's manifest, empty when there is none; a manifest that cannot be read
        is replaced (every output is rebuilt) and the reason returned to be told."""
        path = folder / MANIFEST_NAME
        try:
            entries, pin = read_pinned(path)
        except FileNotFoundError:
            return cls(folder, pin=Pin(None)), None
        except (OSError, ValueError, RecursionError) as exc:
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            return cls(folder), f"cannot use {path} ({reason}); rebuilding every output"
        return cls(folder, entries, pin), None

    def input_key(self, path: str) -> str:
        """How the manifest names an input: its path relative to the output folder, so that
        moving the whole tree keeps the manifest valid. The last one is kept: an input's
        key is asked for a few times in a row, and its entries then share one string."""
        if self._last_input[0] != path:
            relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.folder))
            self._last_input = (path, Path(relative).as_posix())
        return self._last_input[1]

    def outputs_of(self, input_key: str, folder: str) -> list[str]:
        """The outputs recorded for an input converted into ``folder``, sorted."""
        return sorted(self._by_input.get((input_key, folder), ()))

    def stamped(self, stamp: Stamp, folder: str) -> list[str]:
        """The input's outputs recorded under these options and this subsync (the others are
        outputs it made before, under other options: orphans once nothing makes them)."""
        return [
            k
            for k in self.outputs_of(stamp.input, folder)
            if (self.entries[k].options, self.entries[k].subsync) == (stamp.options, stamp.subsync)
        ]

    def is_fresh(self, stamp: Stamp, folder: str, input_sha256: str) -> bool:
        """Whether every output recorded for the input under these options is there with the
        bytes recorded, and was made from these input bytes."""
        keys = self.stamped(stamp, folder)
        if not keys:
            return False
        for key in keys:
            entry = self.entries[key]
            if (entry.input_sha256, entry.options, entry.subsync) != (
                input_sha256,
                stamp.options,
                stamp.subsync,
            ):
                return False
            try:
                if sha256((self.folder / key).read_bytes()) != entry.sha256:
                    return False
            except OSError:
                return False
        return True

    def may_be_fresh(self, stamp: Stamp, folder: str) -> bool:
        """Whether the input has outputs recorded under these options (checked before its
        bytes are read, so that a change of options costs no hashing)."""
        return bool(self.stamped(stamp, folder))

    def record(
        self, stamp: Stamp, folder: str, input_sha256: str, outputs: Iterable[tuple[str, str]]
    ) -> None:
        """Record the outputs (key, sha256) the input just made. Its entries for outputs it
        no longer makes (a format dropped) stay: they are its orphans, which ``--check``
        reports and ``--prune`` removes."""
        for key, digest in outputs:
            entry = Entry(stamp.input, input_sha256, stamp.options, stamp.subsync, digest)
            if self.entries.get(key) != entry:
                self._add(key, entry)

    def drop(self, key: str) -> None:
        """Forget one output (pruned, or gone)."""
        entry = self.entries.pop(key, None)
        if entry is not None:
            self._by_input[(entry.input, _parent(key))].remove(key)
            self._changes[key] = None
            self.changed = True

    def forget(self, input_key: str, folder: str) -> None:
        """Drop the input's entries (it failed, so they no longer say how its outputs are)."""
        for key in self._by_input.pop((input_key, folder), []):
            del self.entries[key]
            self._changes[key] = None
            self.changed = True

    def _add(self, key: str, entry: Entry) -> None:
        old = self.entries.get(key)
        if old is not None:  # the output was this or another input's before
            self._by_input[(old.input, _parent(key))].remove(key)
        self.entries[key] = entry
        self._by_input.setdefault((entry.input, _parent(key)), []).append(key)
        self._changes[key] = entry
        self.changed = True

    def save(self) -> None:
        """Write the manifest atomically, keys sorted so that it diffs well: under a lock,
        this run's changes merged into the file as it is now (another run into the same
        folder may have saved since this one read it), once the folders of the outputs it
        records are synced (it vouches for them). The file is read back only when another
        run has saved since this one did: else it holds what this run knows already."""
        sync_folders()
        path = self.folder / MANIFEST_NAME
        self.folder.mkdir(parents=True, exist_ok=True)
        with _locked(self.folder):
            if self._pin is not None and self._pin.holds(path):
                merged = self._held
            else:
                try:
                    merged, _ = read_pinned(path)
                except (OSError, ValueError, RecursionError):
                    merged = dict(self.entries)  # absent or unusable: this run's replace it
            for key, entry in self._changes.items():
                if entry is None:
                    merged.pop(key, None)
                else:
                    merged[key] = entry
            write_atomic(path, file_chunks(merged))
            self._pin, self._held = Pin.of(path), merged
        self._changes.clear()

    def output_paths(self) -> set[str]:
        """Every recorded output as an absolute path (folder inputs pass over them)."""
        return {os.path.abspath(self.folder / key) for key in self.entries}


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder itself (no lock file to leave behind):
    fcntl.flock, which the system drops when the process dies, so a killed run never
    leaves the folder locked.
    Where there is no fcntl (Windows) the merge on save still keeps the other run's
    entries, short of two saves at the same instant."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise OutputError(f"cannot lock the folder: {exc.strerror}", input=str(folder)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock


def _parent(key: str) -> str:
    parent = Path(key).parent.as_posix()
    return "" if parent == "." else parent
