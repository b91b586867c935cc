"""What a run tells as it goes (the listener the CLI prints and the Python API keeps) and
what it gives back for each input and output."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from subsync.batch.plan import Status
from subsync.errors import SubsyncError
from subsync.frozen import NamedTuple
from subsync.sources import Notice

if TYPE_CHECKING:
    from collections.abc import Sequence

    from subsync.lint import Violation

#: What became of one output: written, left as it was (skipped, or current under --check),
#: listed as missing or out of date (--check), sent to standard output, or failed.
OutputStatus = Literal["written", "kept", "current", "outdated", "printed", "failed"]


class Listener(Protocol):
    """What a run tells as it goes: the CLI prints it, the Python API keeps it."""

    def warning(self, name: str, notice: Notice) -> None:
        """A warning about input ``name`` that did not stop it."""

    def failure(self, error: SubsyncError) -> None:
        """An input, an output or the manifest failed; the run goes on."""

    def run_warning(self, message: str) -> None:
        """A warning about the run itself (an unreadable manifest)."""

    def outdated(self, path: Path, why: str) -> None:
        """With ``verify``: an output that is ``missing``, ``changed`` or ``orphaned``
        (recorded as made, but no current input and format makes it); or one pruned."""

    def printed(self, data: bytes) -> None:
        """Without a folder: the one output, for standard output."""

    def linted(self, name: str, violations: Sequence[Violation]) -> None:
        """With a linter: what one output broke."""

    def progressed(self, counts: dict[str, int]) -> None:
        """An input is done; ``counts`` by status so far."""


class OutputResult(NamedTuple):
    """One output of one input: where it went, and what became of it."""

    path: str
    status: OutputStatus
    error: SubsyncError | None = None


class InputResult(NamedTuple):
    """One input: its status, each of its outputs, its warnings, and the error that stopped
    it (an input with a failed output is failed too, though its other outputs were written)."""

    name: str
    status: Status
    outputs: tuple[OutputResult, ...] = ()
    notices: tuple[Notice, ...] = ()
    error: SubsyncError | None = None
