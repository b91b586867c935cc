"""The manifest next to the outputs: what each output was made from, by content hash, so an
unchanged input is skipped without being parsed."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from subsync.batch.files import write_atomic

#: The manifest's file name in the output folder (hidden, so folder inputs pass over it).
MANIFEST_NAME = ".subsync-manifest.json"
_SCHEMA = "subsync/manifest/1"


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``.

    >>> sha256(b"")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """How one output was made: its input (relative to the output folder), the input's hash,
    the fingerprint of the options, the subsync version, and the output's own hash."""

    input: str
    input_sha256: str
    options: str
    subsync: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Stamp:
    """What an input's outputs are made from in this run: the same input and options with
    the same subsync make the same bytes."""

    input: str
    options: str
    subsync: str


class Manifest:
    """The entries of one output folder, keyed by output path relative to it (``a/x.en.srt``)."""

    def __init__(self, folder: Path, entries: dict[str, Entry] | None = None) -> None:
        self.folder = folder
        self.entries: dict[str, Entry] = {}
        # (input, output sub-folder) -> output keys, kept in step with the entries.
        self._by_input: dict[tuple[str, str], set[str]] = {}
        for key, entry in (entries or {}).items():
            self._add(key, entry)
        #: Whether an entry was added, changed or dropped since the manifest was read.
        self.changed = False

    @classmethod
    def load(cls, folder: Path) -> tuple[Manifest, str | None]:
        """The folder's manifest, empty when there is none; a manifest that cannot be read
        is replaced (every output is rebuilt) and the reason returned to be told."""
        path = folder / MANIFEST_NAME
        try:
            raw = json.loads(path.read_bytes())
            entries = {key: Entry(**value) for key, value in raw["outputs"].items()}
            if raw.get("schema") != _SCHEMA:
                raise ValueError(f"unknown schema {raw.get('schema')!r}")
        except FileNotFoundError:
            return cls(folder), None
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            return cls(folder), f"cannot use {path} ({exc}); rebuilding every output"
        return cls(folder, entries), None

    def input_key(self, path: str) -> str:
        """How the manifest names an input: its path relative to the output folder, so that
        moving the whole tree keeps the manifest valid."""
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.folder))
        return Path(relative).as_posix()

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
            self._by_input[(entry.input, _parent(key))].discard(key)
            self.changed = True

    def forget(self, input_key: str, folder: str) -> None:
        """Drop the input's entries (it failed, so they no longer say how its outputs are)."""
        for key in self._by_input.pop((input_key, folder), set()):
            del self.entries[key]
            self.changed = True

    def _add(self, key: str, entry: Entry) -> None:
        old = self.entries.get(key)
        if old is not None:  # the output was another input's before
            self._by_input[(old.input, _parent(key))].discard(key)
        self.entries[key] = entry
        self._by_input.setdefault((entry.input, _parent(key)), set()).add(key)
        self.changed = True

    def save(self) -> None:
        """Write the manifest atomically, keys sorted so that it diffs well."""
        outputs = {key: asdict(self.entries[key]) for key in sorted(self.entries)}
        text = json.dumps({"schema": _SCHEMA, "outputs": outputs}, indent=1, ensure_ascii=False)
        write_atomic(self.folder / MANIFEST_NAME, (text + "\n").encode("utf-8"))

    def output_paths(self) -> set[str]:
        """Every recorded output as an absolute path (folder inputs pass over them)."""
        return {os.path.abspath(self.folder / key) for key in self.entries}


def _parent(key: str) -> str:
    parent = Path(key).parent.as_posix()
    return "" if parent == "." else parent
