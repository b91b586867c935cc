"""Orphaned outputs: files the manifest records as a run's own that no current input and
format make any more (an input deleted, a format dropped), found, and pruned."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from subsync.batch.digest import sha256
from subsync.batch.manifest import Manifest


class Made:
    """What a run made: its outputs (``written``, every output key the run delivered and
    from which input: the ledger's own dictionary, not a copy of its keys; less
    ``unrecorded``, those from standard input, which the manifest does not record), and
    each input (manifest key, output sub-folder) whose outputs are all known (a failed
    input's are not)."""

    __slots__ = ("inputs", "unrecorded", "written")

    def __init__(self, written: Mapping[str, str]) -> None:
        self.written = written
        self.unrecorded: set[str] = set()
        self.inputs: set[tuple[str, str]] = set()

    def has(self, key: str) -> bool:
        """Whether an input of this run made the output at ``key``."""
        return key in self.written and key not in self.unrecorded


def orphans(manifest: Manifest, made: Made) -> list[str]:
    """The recorded outputs that are on disk and that nothing makes now: their input made
    other outputs in this run, or their input is gone. An input this run did not see (a
    run over some of the inputs) keeps its outputs."""
    found = []
    for key in sorted(manifest.entries):  # the keys alone, not a list of every pair
        entry = manifest.entries[key]
        if made.has(key) or not (manifest.folder / key).is_file():
            continue
        parent = PurePosixPath(key).parent.as_posix()
        seen = (entry.input, "" if parent == "." else parent) in made.inputs
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
            if sha256(path.read_bytes()) != manifest.entries[key].sha256:
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
