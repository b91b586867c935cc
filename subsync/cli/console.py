"""What a command says and keeps count of: warnings, errors, lint findings, the exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from subsync.batch.convert import Converted, Request, convert, encoded
from subsync.batch.files import write_atomic
from subsync.batch.ledger import Ledger
from subsync.cli.options import (
    build_layout,
)
from subsync.cli.progress import Bar
from subsync.cli.terminal import shown
from subsync.errors import OutputError, SubsyncError
from subsync.timeline import FRAME_RATES

if TYPE_CHECKING:
    from subsync.lint import Linter


def linter_for(options: dict[str, Any]) -> Linter | None:
    """A Linter for ``--lint``, under the same layout and frame rate as the conversion."""
    if not options.get("lint"):
        return None
    from subsync.lint import Linter  # only with --lint: it loads the subtitle readers

    return Linter(build_layout(options), fps_of(options))


def fps_of(options: dict[str, Any]) -> float | None:
    fps = options.get("fps")
    return float(FRAME_RATES[fps]) if fps else None


class Run:
    """One command's bookkeeping: what it wrote, what failed, what broke the layout's rules
    (with ``--lint``), and what it says."""

    def __init__(self, quiet: bool, lint: Linter | None = None) -> None:
        self.quiet = quiet
        self.failed = 0
        self.ledger = Ledger()
        self.linter = lint
        self.bar: Bar | None = None

    def lint(self, data: bytes, name: str) -> None:
        """Check one written output (with ``--lint``): its violations on standard error.
        Formats lint cannot read (ASS) are not checked; their cues are those of the others."""
        if self.linter is None:
            return
        # Only with --lint: the rules load the subtitle readers.
        from subsync.lint import format_text, lints

        if not lints(name):
            return
        try:
            violations = self.linter.check(data, name)
        except SubsyncError as error:
            self.fail(error)
            return
        for violation in violations:
            if violation.level == "error" or not self.quiet:
                self.echo(f"subsync: lint: {format_text([violation], name)}")

    def say(self, kind: str, message: str) -> None:
        if kind == "error" or not self.quiet:
            self.echo(f"subsync: {kind}: {' '.join(message.split())}\n")

    def echo(self, line: str) -> None:
        """A line on standard error, the progress bar cleared first."""
        if self.bar is not None:
            self.bar.clear()
        click.echo(shown(line), err=True, nl=False)

    def fail(self, error: SubsyncError) -> None:
        self.failed += 1
        self.say("error", str(error))

    def convert(self, data: bytes, name: str, request: Request, output_dir: str) -> None:
        """Convert one input and write its outputs (or print the one output for ``-``)."""
        result = convert(data, name, request)
        for notice in result.notices:
            self.say("warning", f"{name}: {notice.where}: {notice.message}")
        if output_dir == "-":
            only_one(len(result.outputs), name)
            data = encoded(result.outputs[0], name)
            write_stdout(data)
            self.lint(data, result.outputs[0].name)
        else:
            self.save(result, name, Path(output_dir))

    def save(self, result: Converted, name: str, folder: Path) -> None:
        # Everything is encoded and checked before the first write, so a failing input
        # leaves no outputs at all.
        targets = [(folder / output.name, encoded(output, name)) for output in result.outputs]
        self.ledger.check([path for path, _ in targets], name)
        for path, data in targets:
            write_atomic(path, data)
            self.ledger.add(path, name)
            self.lint(data, str(path))

    def lint_counts(self) -> dict[str, int] | None:
        """What ``--lint`` found, for the report (None without ``--lint``)."""
        if self.linter is None:
            return None
        linter = self.linter
        return {"files": linter.files, "errors": linter.errors, "warnings": linter.warnings}

    def lint_failed(self) -> bool:
        """Whether ``--lint`` found a broken hard rule (and says so)."""
        if self.linter is None or not self.linter.errors:
            return False
        linter = self.linter
        self.say("error", f"lint: {linter.errors} errors in {linter.files_with_errors} outputs")
        return True

    def finish(self, total: int, what: str) -> None:
        if total > 1 and self.failed:
            self.say("error", f"{self.failed} of {total} {what} failed; the others were done")
        lint_failed = self.lint_failed()
        sys.exit(1 if self.failed or lint_failed else 0)


def only_one(count: int, name: str) -> None:
    if count != 1:
        raise OutputError(
            f"makes {count} outputs but -o - takes exactly one; pick one language with --lang",
            input=name,
        )


def write_stdout(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
