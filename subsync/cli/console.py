"""What a command says: warnings, errors, lint findings and outdated outputs as they come,
the progress bar, and the exit code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from subsync.batch.warnings import WarningTally
from subsync.cli.options import build_layout
from subsync.cli.stdout import echo_stdout, write_stdout
from subsync.cli.terminal import shown
from subsync.errors import SubsyncError
from subsync.sources import Notice
from subsync.timeline import FRAME_RATES

if TYPE_CHECKING:
    from subsync.cli.progress import Bar
    from subsync.lint import Linter, Violation


def linter_for(options: dict[str, Any]) -> Linter | None:
    """A Linter for ``--lint``, under the same layout and frame rate as the conversion."""
    if not options.get("lint"):
        return None
    from subsync.lint import Linter  # only with --lint: it loads the subtitle readers

    return Linter(build_layout(options), fps_of(options))


def fps_of(options: dict[str, Any]) -> float | None:
    """The ``--fps`` option as a number (None without it)."""
    fps = options.get("fps")
    return float(FRAME_RATES[fps]) if fps else None


class Console:
    """A command's voice on standard error (``quiet``: errors only), and the pipeline's
    listener: it prints what a run tells and counts the failures for the exit code."""

    def __init__(self, *, quiet: bool, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.failed = 0
        self.bar: Bar | None = None

    def say(self, kind: str, message: str) -> None:
        """``subsync: <kind>: <message>`` on one line (errors even when quiet)."""
        if kind == "error" or not self.quiet:
            self.echo(f"subsync: {kind}: {' '.join(message.split())}\n")

    def echo(self, line: str) -> None:
        """A line on standard error, the progress bar cleared first."""
        if self.bar is not None:
            self.bar.clear()
        click.echo(shown(line), err=True, nl=False)

    def fail(self, error: SubsyncError) -> None:
        """Tell an error and count it."""
        self.failed += 1
        self.say("error", str(error))

    # The pipeline's Listener.

    @property
    def holds_warnings(self) -> bool:
        """Whether warnings wait for the end of the run: under a progress bar on a terminal,
        unless --verbose (in a pipe or CI they stream)."""
        return self.bar is not None and not self.verbose

    def warning(self, name: str, notice: Notice) -> None:
        if not self.holds_warnings:
            self.say("warning", f"{name}: {notice.where}: {notice.message}")

    def grouped_warnings(self, tally: WarningTally) -> None:
        """The warnings held back, one line a kind with its count and first inputs."""
        if self.holds_warnings:
            for line in tally.grouped():
                self.say("warning", line)

    def failure(self, error: SubsyncError) -> None:
        self.fail(error)

    def run_warning(self, message: str) -> None:
        self.say("warning", message)

    def outdated(self, path: Path, why: str) -> None:
        echo_stdout(shown(f"{why}: {path}"))

    def printed(self, data: bytes) -> None:
        write_stdout(data)

    def linted(self, name: str, violations: Sequence[Violation]) -> None:
        from subsync.lint import format_text  # loaded with the linter already

        for violation in violations:
            if violation.level == "error" or not self.quiet:
                self.echo(f"subsync: lint: {format_text([violation], name)}")

    def progressed(self, counts: dict[str, int]) -> None:
        if self.bar is not None:
            self.bar.update(counts)

    def lint_failed(self, linter: Linter | None) -> bool:
        """Whether ``--lint`` found a broken hard rule (and says so)."""
        if linter is None or not linter.errors:
            return False
        self.say("error", f"lint: {linter.errors} errors in {linter.files_with_errors} outputs")
        return True
