"""The outputs of one run and their inputs, so that no output overwrites an input or another
input's output."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from subsync.batch.inputs import STDIN_ARG
from subsync.batch.spill import Scratch, Table
from subsync.errors import OutputError


class Ledger:
    """The outputs written in this run and from which input, so that a second input with
    the same output name fails instead of overwriting the first one's. Outputs are named
    by their keys, their paths under the one output folder of a run. Both tables are of
    ``scratch``: in memory while small, in a temporary file once many."""

    def __init__(self, scratch: Scratch | None = None) -> None:
        scratch = scratch or Scratch()
        #: Each output key written, and the name of its input.
        self.written = Table(scratch)
        #: The input files of this run, resolved.
        self.inputs = Table(scratch)

    def protect(self, paths: Iterable[str]) -> None:
        """Note input files of this run: no output may replace one (``x.json --to json -o
        .`` would otherwise overwrite its own input with subsync's JSON)."""
        for path in paths:
            if path != STDIN_ARG:
                self.inputs.add(str(_resolved(Path(path))))

    def refuse(self, folder: Path, keys: Sequence[str], name: str) -> list[Path]:
        """Raise if an output of input ``name`` (at ``keys`` under ``folder``) would land
        outside the folder, or overwrite an input of this run or an output of another
        input of this run; else their paths. Each path is resolved once for both."""
        paths = [folder / key for key in keys]
        resolved = resolver()
        landings = [resolved(path) for path in paths]
        root = _resolved(folder)
        for path, landing in zip(paths, landings, strict=True):
            # Within the folder or the folder itself: its parts start with the folder's
            # (found so without making each parent; the comparison of paths decides the rest).
            inside = landing.parts[: len(root.parts)] == root.parts
            if not (inside or landing == root or root in landing.parents):
                raise OutputError(
                    f"the output {path} would land outside the output folder {folder} (at "
                    f"{landing}, through '..' or a symbolic link); nothing was written for it",
                    input=name,
                )
        earlier = self.written.get_many(keys)
        for key, path, landing in zip(keys, paths, landings, strict=True):
            if str(landing) in self.inputs:
                raise OutputError(
                    f"would overwrite the input file {path} with an output; write the "
                    "outputs to another folder with -o (or name a language with --lang)",
                    input=name,
                )
            if key in earlier:
                raise OutputError(
                    f"would overwrite {path}, written from {earlier[key][0]} in this run; "
                    "convert inputs with the same name into different folders",
                    input=name,
                )
        return paths

    def add(self, keys: Iterable[str], name: str) -> None:
        """Note that the outputs at ``keys`` are input ``name``'s."""
        self.written.put_many((key, (name,)) for key in keys)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def resolver() -> Callable[[Path], Path]:
    """``Path.resolve`` for paths that share folders (an input's outputs): each folder is
    resolved once, a system call per component, then a path costs one ``lstat`` of its
    own name, to follow it if it is a link."""
    folders: dict[Path, Path] = {}

    def resolved(path: Path) -> Path:
        name = path.name
        if name in ("", ".", ".."):
            return _resolved(path)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return _resolved(path)
        except FileNotFoundError:
            pass  # resolved as its folder is, and the name added
        except OSError:
            return _resolved(path)
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = _resolved(path.parent)
        return folder / name

    return resolved
