"""The manifest file: its entries read, written in chunks byte for byte as ``json.dumps`` with
``indent=1`` writes them, and known again as the very file this run read or wrote last."""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Iterator, Mapping
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) quotes with
from pathlib import Path, PurePosixPath

from subsync.frozen import NamedTuple

SCHEMA = "subsync/manifest/1"
# Entries a chunk of the written file holds: a bounded piece, however many there are.
_PER_CHUNK = 1024


class Entry(NamedTuple):
    """How one output was made: its input (relative to the output folder), the input's hash,
    the fingerprint of the options, the subsync version, and the output's own hash."""

    input: str
    input_sha256: str
    options: str
    subsync: str
    sha256: str


_NAMES = Entry._fields
# The fields most entries share (an input makes several outputs; a run has one options
# fingerprint and one version): read once each rather than once an entry.
_SHARED = ("input", "input_sha256", "options", "subsync")


def read_entries(data: bytes) -> dict[str, Entry]:
    """The entries of a manifest file's bytes; ValueError (or RecursionError, when nested too
    deep for the JSON reader) when it is not one."""
    raw = json.loads(data)
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise ValueError("not a subsync manifest (no schema " + repr(SCHEMA) + ")")
    outputs = raw.get("outputs")
    if not isinstance(outputs, dict):
        raise ValueError("its outputs are not an object")
    names = set(_NAMES)
    shared: dict[str, str] = {}
    entries = {}
    for key, value in outputs.items():
        relative = PurePosixPath(key)
        if relative.is_absolute() or ".." in relative.parts or not key:
            raise ValueError(f"output {key[:80]!r} is not a path inside the folder")
        if not isinstance(value, dict) or set(value) != names:
            raise ValueError(f"the entry of {key[:80]!r} is not an object of {sorted(names)}")
        if not all(isinstance(value[name], str) for name in names):
            raise ValueError(f"the entry of {key[:80]!r} holds other than strings")
        for name in _SHARED:
            value[name] = shared.setdefault(value[name], value[name])
        entries[key] = Entry(**value)
    return entries


def file_chunks(entries: Mapping[str, Entry]) -> Iterator[bytes]:
    """The manifest file of ``entries``, keys sorted, as ``json.dumps({"schema": ...,
    "outputs": ...}, indent=1, ensure_ascii=False) + "\\n"`` in UTF-8, a bounded piece at a
    time (the whole text of a large folder's manifest is never held).

    >>> entry = Entry("in/a.json", "1", "o", "0.1", "2")
    >>> text = b"".join(file_chunks({"a.srt": entry, "a.vtt": entry})).decode()
    >>> outputs = {"a.srt": vars_of(entry), "a.vtt": vars_of(entry)}
    >>> text == json.dumps({"schema": SCHEMA, "outputs": outputs}, indent=1) + "\\n"
    True
    """
    head = '{\n "schema": ' + encode_basestring(SCHEMA) + ',\n "outputs": {'
    keys = sorted(entries)
    if not keys:
        yield (head + "}\n}\n").encode("utf-8")
        return
    yield (head + "\n").encode("utf-8")
    for first in range(0, len(keys), _PER_CHUNK):
        text = ",\n".join(_entry(key, entries[key]) for key in keys[first : first + _PER_CHUNK])
        yield (",\n" + text if first else text).encode("utf-8")
    yield b"\n }\n}\n"


def _entry(key: str, entry: Entry) -> str:
    return (
        f"  {encode_basestring(key)}: {{\n"
        f'   "input": {encode_basestring(entry.input)},\n'
        f'   "input_sha256": {encode_basestring(entry.input_sha256)},\n'
        f'   "options": {encode_basestring(entry.options)},\n'
        f'   "subsync": {encode_basestring(entry.subsync)},\n'
        f'   "sha256": {encode_basestring(entry.sha256)}\n'
        "  }"
    )


def vars_of(entry: Entry) -> dict[str, str]:
    """An entry as the file's JSON object holds it."""
    return {name: getattr(entry, name) for name in _NAMES}


class Pin:
    """The manifest file as this run last read or wrote it: an open descriptor, so that no
    other file can take its inode number while it is held, and its status then; or, with
    no descriptor, a file that was not there. ``holds`` says whether the path is still that
    file, unchanged (every writer replaces the file whole, by rename; one who edits it in
    place changes its size or times), so that a save need not read it back."""

    def __init__(self, fd: int | None) -> None:
        self.seen = _identity(os.fstat(fd)) if fd is not None else None
        if fd is not None:
            weakref.finalize(self, os.close, fd)

    @classmethod
    def of(cls, path: Path) -> Pin | None:
        """A pin of the file at ``path`` now (None when it cannot be opened)."""
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return None
        try:
            return cls(fd)
        except OSError:
            os.close(fd)
            return None

    def holds(self, path: Path) -> bool:
        """Whether ``path`` is still the file pinned (or, pinned absent, still absent)."""
        try:
            status = os.stat(path)
        except FileNotFoundError:
            return self.seen is None
        except OSError:
            return False
        return self.seen is not None and _identity(status) == self.seen


def read_pinned(path: Path) -> tuple[dict[str, Entry], Pin]:
    """The entries of the file at ``path`` and a pin of the file they were read from."""
    fd = os.open(path, os.O_RDONLY)
    try:
        pin = Pin(fd)
    except OSError:
        os.close(fd)
        raise
    with open(fd, "rb", closefd=False) as file:
        data = file.read()
    return read_entries(data), pin


def _identity(status: os.stat_result) -> tuple[int, ...]:
    return (
        status.st_dev,
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
    )
