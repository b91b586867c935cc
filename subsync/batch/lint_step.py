"""The pipeline's lint step: an output checked as written, or as the file it left on disk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from subsync.errors import OutputError, SubsyncError

if TYPE_CHECKING:
    from subsync.batch.listener import Listener
    from subsync.lint import Linter


def lint_saved(linter: Linter, listener: Listener, path: Path, data: bytes | None) -> None:
    """Lint one output in a folder: ``data`` as written, or (None) the file on disk (an
    output skipped, or one ``--check`` compared)."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            listener.failure(OutputError(f"cannot read to lint: {exc.strerror}", input=str(path)))
            return
    lint_output(linter, listener, data, str(path))


def lint_output(linter: Linter, listener: Listener, data: bytes, name: str) -> None:
    """Lint one output's bytes and tell what it broke."""
    # Only with a linter: the rules load the subtitle readers.
    from subsync.lint import lints

    if not lints(name):
        return  # ASS and the timing tracks: their cues are those of the others
    try:
        listener.linted(name, linter.check(data, name))
    except SubsyncError as error:
        listener.failure(error)


def lint_counts(linter: Linter | None) -> dict[str, int] | None:
    """What the linter found, for the report (None without one)."""
    if linter is None:
        return None
    return {"files": linter.files, "errors": linter.errors, "warnings": linter.warnings}
