"""Orphaned outputs: files the manifest records as a run's own that no current input and
format make any more (an input deleted, a format dropped), found, and pruned."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from subsync.batch.digest import sha256
from subsync.batch.manifest import Manifest, key_folder
from subsync.batch.spill import Scratch, Table


class Made:
    """What a run made: its outputs (``written``, every output key the run delivered: the
    ledger's own table, not a copy of its keys; less ``unrecorded``, those from standard
    input, which the manifest does not record), and each input (manifest key, output
    sub-folder) whose outputs are all known (a failed input's are not)."""

    __slots__ = ("_inputs", "unrecorded", "written")

    def __init__(self, written: Table, scratch: Scratch | None = None) -> None:
        self.written = written
        self.unrecorded: set[str] = set()  # standard input's few
        self._inputs = Table(scratch or Scratch())

    def in_order(self) -> Callable[[str], bool]:
        """Whether an input of this run made the output at a key, for keys asked about in
        order: the outputs made walked beside them, one walk rather than a look-up a key."""
        made = iter(self.written)
        ahead = next(made, None)

        def has(key: str) -> bool:
            nonlocal ahead
            while ahead is not None and ahead < key:
                ahead = next(made, None)
            return ahead == key and key not in self.unrecorded

        return has

    def add_input(self, input_key: str, folder: str) -> None:
        """Note an input whose outputs are all known."""
        self._inputs.add(f"{folder}\0{input_key}")  # no path holds a NUL

    def saw(self, input_key: str, folder: str) -> bool:
        """Whether the input converted into ``folder`` was noted."""
        return f"{folder}\0{input_key}" in self._inputs


def orphans(manifest: Manifest, made: Made) -> list[str]:
    """The recorded outputs that are on disk and that nothing makes now: their input made
    other outputs in this run, or their input is gone. An input this run did not see (a
    run over some of the inputs) keeps its outputs."""
    found = []
    has = made.in_order()
    for key, entry in manifest.items():  # read as the walk goes, in key order
        if has(key) or not (manifest.folder / key).is_file():
            continue
        seen = made.saw(entry.input, key_folder(key))
        if seen or not (manifest.folder / entry.input).exists():
            found.append(key)
    return found


def prune(manifest: Manifest, keys: list[str]) -> list[tuple[str, str | None]]:
    """Remove orphaned outputs that still hold the bytes the manifest says subsync wrote, and
    their entries; each key with None when removed, else why it was left."""
    done: list[tuple[str, str | None]] = []
    for key in keys:
        path = manifest.folder / key
        try:
            entry = manifest.get(key)
            if entry is None or sha256(path.read_bytes()) != entry.sha256:
                done.append((key, "changed since subsync wrote it; left in place"))
                continue
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            done.append((key, f"cannot remove: {exc.strerror}"))
            continue
        manifest.drop(key)
        done.append((key, None))
    return done


def settle(
    manifest: Manifest,
    made: Made,
    *,
    prune_them: bool,
    tell: Callable[[Path, str], None] | None,
    warn: Callable[[str], None],
) -> tuple[list[str], list[str]]:
    """Find the orphans, prune them when asked, and tell each (``tell``, when given):
    ``orphaned``, or ``pruned``; the paths left orphaned and those pruned."""
    found = orphans(manifest, made)
    if not prune_them:
        for key in found:
            if tell is not None:
                tell(manifest.folder / key, "orphaned")
        return [str(manifest.folder / key) for key in found], []
    orphaned, pruned = [], []
    for key, left in prune(manifest, found):
        path = manifest.folder / key
        if left is None:
            pruned.append(str(path))
            if tell:
                tell(path, "pruned")
        else:
            orphaned.append(str(path))
            warn(f"{path}: not pruned: {left}")
    return orphaned, pruned
