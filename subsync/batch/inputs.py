"""Inputs as given (files, folders, glob patterns, ``-``) -> the files to convert, each with the
sub-folder of the output folder its outputs go to."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Container, Iterable, Iterator, Sequence
from pathlib import PurePath

from subsync.batch.spill import Rows, Scratch, Table
from subsync.errors import SubsyncError
from subsync.frozen import NamedTuple
from subsync.sources.kinds import COLLECTED_EXTENSIONS

#: How standard input is given on the command line.
STDIN_ARG = "-"


class Input(NamedTuple):
    """One file to convert: its path as found (``-`` for standard input) and the folder under
    the output folder its outputs go to, ``""`` for the output folder itself."""

    path: str
    folder: str = ""


def expand(
    arguments: Sequence[str],
    output_dir: str | None = None,
    outputs: Container[str] = (),
    include: Sequence[str] = (),
    scratch: Scratch | None = None,
) -> Iterator[Input | SubsyncError]:
    """Every file the arguments name, in order: a file as itself (outputs flat in the output
    folder), a folder's ``*.json`` files at any depth and a glob pattern's matches (``**``
    included) with their folders below the folder or the pattern's fixed part mirrored.

    Passed over: hidden files and folders, the output folder when it lies inside a folder
    walked, and ``outputs`` (absolute paths: what the manifest says subsync wrote), so that
    outputs are never taken for inputs. A folder or pattern that finds nothing is an error;
    the same file for the same output folder comes once. ``include`` adds file name patterns
    (``*.srt``) a folder walk collects besides the saved responses: subtitle files only
    when asked, since outputs may sit beside the inputs. The files seen are kept in a table of
    ``scratch`` (a temporary file once they are many)."""
    skip = _Skip(os.path.abspath(output_dir) if output_dir else None, outputs, tuple(include))
    seen = Table(scratch or Scratch())
    for argument in arguments:
        found = False
        for item in _expand_one(argument, skip):
            found = True
            if item.path != STDIN_ARG:
                key = f"{item.folder}\0{os.path.abspath(item.path)}"  # no path holds a NUL
                if key in seen:
                    continue
                seen.add(key)
            yield item
        if not found:
            message = (
                "the folder has no .json files (hidden ones and outputs are passed over)"
                if os.path.isdir(argument)
                else "no file matches this pattern"
            )
            yield SubsyncError(message, input=argument)


class _Skip(NamedTuple):
    """What folder walks and patterns pass over (absolute paths)."""

    output_dir: str | None
    outputs: Container[str]
    include: tuple[str, ...] = ()

    def __call__(self, path: str, base: str) -> bool:
        absolute = os.path.abspath(path)
        if absolute in self.outputs:
            return True
        out = self.output_dir
        # The output folder is passed over only inside what is walked: `-o .` skips nothing.
        return (
            out is not None
            and _within(out, os.path.abspath(base or "."))
            and (_within(absolute, out) or absolute == out)
        )


def _within(path: str, folder: str) -> bool:
    """Whether ``path`` lies strictly inside ``folder`` (both absolute)."""
    return path != folder and os.path.commonpath([path, folder]) == folder


def _expand_one(argument: str, skip: _Skip) -> Iterator[Input]:
    if argument == STDIN_ARG or os.path.isfile(argument):
        yield Input(argument)
        return
    if os.path.isdir(argument):
        yield from _walk(argument, argument, skip)
        return
    import glob  # only for an argument that is neither a file nor a folder

    if not glob.has_magic(argument):
        # Not there: reading it names the problem the usual way ("cannot read: ...").
        yield Input(argument)
        return
    base = glob_base(argument)
    for match in sorted(glob.glob(argument, recursive=True)):
        if os.path.isdir(match):
            yield from _walk(match, base, skip)
        elif not skip(match, base):
            yield Input(match, _relative_folder(match, base))


# What a folder input collects (never an output format's extension).
_COLLECTED = tuple("." + extension for extension in COLLECTED_EXTENSIONS)


def _walk(folder: str, base: str, skip: _Skip) -> Iterator[Input]:
    """The saved API responses below ``folder`` (``*.json``, and streams saved as JSON lines,
    ``*.jsonl``/``*.ndjson``) and the files ``--include`` asks for, sorted, each with its folder
    relative to ``base``. Subtitle files are left out unless asked for: outputs written into
    an input folder must never become inputs by default."""
    if skip(folder, base):
        return
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not skip(os.path.join(root, d), base)
        )
        for name in sorted(files):
            path = os.path.join(root, name)
            wanted = name.lower().endswith(_COLLECTED) or _included(name, skip.include)
            if wanted and not name.startswith(".") and not skip(path, base):
                yield Input(path, _relative_folder(path, base))


def _included(name: str, patterns: tuple[str, ...]) -> bool:
    """Whether a file name matches one of the ``--include`` patterns (case-insensitive).

    >>> _included("Talk.SRT", ("*.srt",)), _included("talk.vtt", ("*.srt",))
    (True, False)
    """
    return any(fnmatch.fnmatch(name.lower(), pattern.lower()) for pattern in patterns)


def glob_base(pattern: str) -> str:
    """The folder a pattern's matches are mirrored from: its leading parts without wildcards.

    >>> glob_base("in/**/*.json"), glob_base("*.json"), glob_base("/data/a*/x.json")
    ('in', '', '/data')
    """
    import glob  # with the pattern's matches

    parts = PurePath(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return str(PurePath(*fixed)) if fixed else ""


def _relative_folder(path: str, base: str) -> str:
    folder = os.path.relpath(os.path.dirname(path) or ".", base or ".")
    return "" if folder == "." else PurePath(folder).as_posix()


class Found:
    """The inputs a run found, in order, read back as often as asked: the files in a table of
    ``scratch`` (a temporary file once they are many), the few errors (one an argument at
    most) in memory."""

    def __init__(self, items: Iterable[Input | SubsyncError], scratch: Scratch) -> None:
        # (path, folder, "") for a file; ("", "", the error's number) for an error.
        self._rows = Rows(scratch)
        self._errors: list[SubsyncError] = []
        for item in items:
            if isinstance(item, SubsyncError):
                self._rows.append(("", "", str(len(self._errors))))
                self._errors.append(item)
            else:
                self._rows.append((*item, ""))

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Input | SubsyncError]:
        for path, folder, error in self._rows:
            yield self._errors[int(error)] if error else Input(path, folder)
