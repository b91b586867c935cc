"""The outputs of one run and their inputs, so that no output overwrites an input or another
input's output."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from subsync.batch.inputs import STDIN_ARG
from subsync.errors import OutputError


class Ledger:
    """The outputs written in this run and from which input, so that a second input with
    the same output name fails instead of overwriting the first one's. Outputs are named
    by their keys, their paths under the one output folder of a run (the strings the
    outcome and the manifest hold already: a key costs the ledger a dictionary slot)."""

    def __init__(self) -> None:
        self.written: dict[str, str] = {}
        self.inputs: set[str] = set()

    def protect(self, paths: Iterable[str]) -> None:
        """Note input files of this run: no output may replace one (``x.json --to json -o
        .`` would otherwise overwrite its own input with subsync's JSON)."""
        self.inputs.update(str(_resolved(Path(p))) for p in paths if p != STDIN_ARG)

    def refuse_overwrites(self, folder: Path, keys: Iterable[str], name: str) -> None:
        """Raise if input ``name`` would overwrite (at ``keys`` under ``folder``) an input of
        this run, or an output of another input of this run."""
        resolved = resolver()
        for key in keys:
            path = folder / key
            if str(resolved(path)) in self.inputs:
                raise OutputError(
                    f"would overwrite the input file {path} with an output; write the "
                    "outputs to another folder with -o (or name a language with --lang)",
                    input=name,
                )
            if key in self.written:
                raise OutputError(
                    f"would overwrite {path}, written from {self.written[key]} in this run; "
                    "convert inputs with the same name into different folders",
                    input=name,
                )

    def refuse_outside(self, folder: Path, paths: Iterable[Path], name: str) -> None:
        """Raise if an output of input ``name``, resolved, would land outside ``folder``
        (a ``..`` a pattern mirrored, a symbolic link among the folders)."""
        root = _resolved(folder)
        resolved = resolver()
        for path in paths:
            landing = resolved(path)
            if landing != root and root not in landing.parents:
                raise OutputError(
                    f"the output {path} would land outside the output folder {folder} (at "
                    f"{landing}, through '..' or a symbolic link); nothing was written for it",
                    input=name,
                )

    def add(self, key: str, name: str) -> None:
        """Note that the output at ``key`` is input ``name``'s."""
        self.written[key] = name


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
