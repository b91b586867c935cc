"""The manifest file: its entries read, written in chunks byte for byte as ``json.dumps`` with
``indent=1`` writes them, and known again as the very file this run read or wrote last."""

from __future__ import annotations

import io
import os
import weakref
from collections.abc import Iterable, Iterator, Mapping
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) quotes with
from pathlib import Path
from typing import BinaryIO

from subsync.frozen import NamedTuple

SCHEMA = "subsync/manifest/1"
# Entries a chunk of the written file holds: a bounded piece, however many there are.
_PER_CHUNK = 256


class Entry(NamedTuple):
    """How one output was made: its input (relative to the output folder), the input's hash,
    the fingerprint of the options, the subsync version, and the output's own hash."""

    input: str
    input_sha256: str
    options: str
    subsync: str
    sha256: str


_NAMES = Entry._fields


def read_entries(data: bytes) -> dict[str, Entry]:
    """The entries of a manifest file's bytes; ValueError when it is not one."""
    return dict(_entries(io.BytesIO(data)))


def _entries(file: BinaryIO) -> Iterator[tuple[str, Entry]]:
    """The entries of a manifest file, one at a time (see manifest_read)."""
    # Loaded with the first manifest read (its patterns cost a run into a new folder ~0.5 ms).
    from subsync.batch.manifest_read import object_entries

    for key, values in object_entries(file, SCHEMA, _NAMES):
        yield key, Entry(*values)


def file_chunks(entries: Mapping[str, Entry]) -> Iterator[bytes]:
    """The manifest file of ``entries``, keys sorted, as ``json.dumps({"schema": ...,
    "outputs": ...}, indent=1, ensure_ascii=False) + "\\n"`` in UTF-8 (see chunks_of).

    >>> import json
    >>> entry = Entry("in/a.json", "1", "o", "0.1", "2")
    >>> text = b"".join(file_chunks({"a.srt": entry, "a.vtt": entry})).decode()
    >>> outputs = {"a.srt": vars_of(entry), "a.vtt": vars_of(entry)}
    >>> text == json.dumps({"schema": SCHEMA, "outputs": outputs}, indent=1) + "\\n"
    True
    """
    return chunks_of((key, entries[key]) for key in sorted(entries))


def chunks_of(entries: Iterable[tuple[str, Entry]]) -> Iterator[bytes]:
    """The manifest file of ``entries``, given in key order, a bounded piece at a time: the
    whole text of a large folder's manifest, or its entries, are never held."""
    head = '{\n "schema": ' + encode_basestring(SCHEMA) + ',\n "outputs": {'
    lead = head + "\n"
    for batch in _batches(entries):
        yield (lead + ",\n".join(_entry(key, entry) for key, entry in batch)).encode("utf-8")
        lead = ",\n"
    yield b"\n }\n}\n" if lead == ",\n" else (head + "}\n}\n").encode("utf-8")


def _batches(entries: Iterable[tuple[str, Entry]]) -> Iterator[list[tuple[str, Entry]]]:
    batch: list[tuple[str, Entry]] = []
    for pair in entries:
        batch.append(pair)
        if len(batch) == _PER_CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


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


def read_pinned(path: Path) -> tuple[Iterator[tuple[str, Entry]], Pin]:
    """The entries of the file at ``path``, read as they are asked for (ValueError, or
    OSError, when it proves not to be a manifest), and a pin of the file they come from."""
    fd = os.open(path, os.O_RDONLY)
    try:
        pin = Pin(fd)
    except OSError:
        os.close(fd)
        raise
    return _pinned_entries(pin, open(fd, "rb", closefd=False)), pin


def _pinned_entries(pin: Pin, file: BinaryIO) -> Iterator[tuple[str, Entry]]:
    with file:  # the pin owns the descriptor, and is held while the entries are read
        yield from _entries(file)
    del pin


def _identity(status: os.stat_result) -> tuple[int, ...]:
    return (
        status.st_dev,
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
    )
