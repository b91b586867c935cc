"""The manifest next to the outputs: what each output was made from, by content hash, so an
unchanged input is skipped without being parsed."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Container, Iterable, Iterator
from pathlib import Path, PurePosixPath

from subsync.batch.digest import sha256
from subsync.batch.files import sync_folders, write_atomic
from subsync.batch.manifest_file import Entry, Pin, chunks_of, read_pinned
from subsync.batch.spill import Scratch, Table
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
    """The entries of one output folder, keyed by output path relative to it (``a/x.en.srt``):
    in a table of ``scratch`` (memory while few, a temporary file once many)."""

    def __init__(self, folder: Path, scratch: Scratch | None = None) -> None:
        self.folder = folder
        self.scratch = scratch or Scratch()
        # The path input_key was last asked for, and its key.
        self._last_input: tuple[str | None, str] = (None, "")
        # Each entry's fields, its output's sub-folder and the save it was set before (""
        # for one read from the file), looked up by input. What this run set since it last
        # saved (and ``_dropped``, what it dropped) is merged into the file on save, so that
        # runs into one folder at once keep each other's entries.
        self._entries = Table(self.scratch, index=0)
        self._saves = 0
        self._dropped = Table(self.scratch)
        # The file as this run last read or wrote it, as long as ``_pin`` says it is still
        # that file: then a save need not read back and parse what it wrote. None while the
        # file is the entries (no other run's saved since this one read it).
        self._pin: Pin | None = None
        self._held: Table | None = None
        #: Whether an entry was added, changed or dropped since the manifest was read.
        self.changed = False

    @classmethod
    def load(cls, folder: Path, scratch: Scratch | None = None) -> tuple[Manifest, str | None]:
        """The folder's manifest, empty when there is none; a manifest that cannot be read
        is replaced (every output is rebuilt) and the reason returned to be told."""
        path = folder / MANIFEST_NAME
        manifest = cls(folder, scratch=scratch)
        try:
            entries, manifest._pin = read_pinned(path)
            manifest._entries.put_many((k, (*e, key_folder(k), "")) for k, e in entries)
        except FileNotFoundError:
            manifest._pin = Pin(None)
        except (OSError, ValueError, RecursionError) as exc:
            manifest._entries.clear()  # what was read before the file proved not one
            manifest._pin = None
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            return manifest, f"cannot use {path} ({reason}); rebuilding every output"
        return manifest, None

    def input_key(self, path: str) -> str:
        """How the manifest names an input: its path relative to the output folder, so that
        moving the whole tree keeps the manifest valid. The last one is kept: an input's
        key is asked for a few times in a row, and its entries then share one string."""
        if self._last_input[0] != path:
            relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.folder))
            self._last_input = (path, Path(relative).as_posix())
        return self._last_input[1]

    def get(self, key: str) -> Entry | None:
        """The entry of the output at ``key``."""
        row = self._entries.get(key)
        return None if row is None else Entry(*row[:5])

    def items(self) -> Iterator[tuple[str, Entry]]:
        """Every entry, in key order, read as the walk goes."""
        return ((key, Entry(*row[:5])) for key, row in self._entries.items())

    def outputs_of(self, input_key: str, folder: str) -> list[tuple[str, Entry]]:
        """The outputs recorded for an input converted into ``folder``, sorted, and their
        entries."""
        rows = self._entries.where(input_key)
        return [(key, Entry(*row[:5])) for key, row in rows if row[5] == folder]

    def stamped(self, stamp: Stamp, folder: str) -> list[tuple[str, Entry]]:
        """The input's outputs recorded under these options and this subsync (the others are
        outputs it made before, under other options: orphans once nothing makes them)."""
        return [
            (key, entry)
            for key, entry in self.outputs_of(stamp.input, folder)
            if (entry.options, entry.subsync) == (stamp.options, stamp.subsync)
        ]

    def is_fresh(self, stamped: list[tuple[str, Entry]], input_sha256: str) -> bool:
        """Whether the outputs recorded for an input under these options (``stamped``) are
        there with the bytes recorded, and were made from these input bytes."""
        if not stamped:
            return False
        for key, entry in stamped:
            if entry.input_sha256 != input_sha256:
                return False
            try:
                if sha256((self.folder / key).read_bytes()) != entry.sha256:
                    return False
            except OSError:
                return False
        return True

    def record(
        self, stamp: Stamp, folder: str, input_sha256: str, outputs: Iterable[tuple[str, str]]
    ) -> None:
        """Record the outputs (key, sha256) the input just made. Its entries for outputs it
        no longer makes (a format dropped) stay: they are its orphans, which ``--check``
        reports and ``--prune`` removes."""
        made = {
            key: Entry(stamp.input, input_sha256, stamp.options, stamp.subsync, digest)
            for key, digest in outputs
        }
        known = self._entries.get_many(list(made))
        new = [(key, entry) for key, entry in made.items() if known.get(key, ())[:5] != entry]
        if new:
            save = str(self._saves)
            self._entries.put_many((key, (*entry, key_folder(key), save)) for key, entry in new)
            self.changed = True

    def drop(self, key: str) -> None:
        """Forget one output (pruned, or gone)."""
        if self._entries.pop(key) is not None:
            self._dropped.add(key)
            self.changed = True

    def forget(self, input_key: str, folder: str) -> None:
        """Drop the input's entries (it failed, so they no longer say how its outputs are)."""
        for key, _ in self.outputs_of(input_key, folder):
            self.drop(key)

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
            if self._pin is None or not self._pin.holds(path):
                self._read_back(path)
            held = self._held
            if held is not None:
                for key in self._dropped:
                    held.pop(key)
                save = str(self._saves)
                held.put_many((k, row) for k, row in self._entries.items() if row[6] == save)
            rows = (held if held is not None else self._entries).items()
            write_atomic(path, chunks_of((key, Entry(*row[:5])) for key, row in rows))
            self._pin = Pin.of(path)
        self._saves += 1
        self._dropped.clear()

    def _read_back(self, path: Path) -> None:
        """Hold the file as it is now, to merge this run's changes into; absent or unusable,
        this run's entries replace it."""
        held = Table(self.scratch) if self._held is None else self._held
        held.clear()
        try:
            entries, _ = read_pinned(path)
            held.put_many((key, (*entry, "", "")) for key, entry in entries)
        except (OSError, ValueError, RecursionError):
            held.clear()
            self._held = None
            return
        self._held = held

    def recorded(self) -> Container[str]:
        """Every recorded output, as absolute paths (folder inputs pass over them)."""
        return _Recorded(self)

    def __contains__(self, key: str) -> bool:
        return key in self._entries


class _Recorded:
    """The absolute paths of a manifest's outputs, asked about one at a time."""

    def __init__(self, manifest: Manifest) -> None:
        self._manifest = manifest
        self._folder = os.path.abspath(manifest.folder)

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, str):
            return False
        try:
            relative = os.path.relpath(os.path.abspath(path), self._folder)
        except ValueError:  # another drive (Windows)
            return False
        key = relative.replace(os.sep, "/")
        return key != ".." and not key.startswith("../") and key in self._manifest


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


def key_folder(key: str) -> str:
    """The sub-folder of the output at ``key``, as PurePosixPath(key).parent names it ("" for
    none), without the path object (and the strings it interns) when nothing is to normalize.

    >>> key_folder("a/b/x.srt"), key_folder("x.srt"), key_folder("./a//x.srt"), key_folder("a/.")
    ('a/b', '', 'a', '')
    """
    folder = key.rpartition("/")[0]
    if "." not in folder and "//" not in key and not key.endswith(("/", "/.")) and key[:1] != "/":
        return folder  # no part of it to normalize: the common case
    parent = PurePosixPath(key).parent.as_posix()
    return "" if parent == "." else parent
