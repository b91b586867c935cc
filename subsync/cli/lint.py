"""``subsync lint``: check subtitle files against a preset's rules."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from subsync.batch.inputs import STDIN_ARG
from subsync.batch.reading import read_input
from subsync.cli.config import ConfiguredCommand
from subsync.cli.console import fps_of
from subsync.cli.options import (
    build_layout,
    choice,
    flag,
    layout_options,
)
from subsync.cli.stdout import echo_stdout
from subsync.cli.terminal import shown
from subsync.errors import SubsyncError

if TYPE_CHECKING:
    from subsync.lint import Violation


@click.command("lint", cls=ConfiguredCommand)
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@choice(
    "--format",
    ["text", "json", "github"],
    "text: a line per violation; json: one list; github: ::error/::warning annotations.",
    dest="output_format",
)
@layout_options
@click.option(
    "--input-encoding",
    default=None,
    metavar="NAME",
    help="Encoding of SRT and WebVTT files that are not UTF-8 (cp1252, shift_jis...).",
)
@flag("quiet", "Report errors only, not warnings.", negatable=True, short=("-q",))
def lint_command(
    *, files: tuple[str, ...], output_format: str, quiet: bool, **options: Any
) -> None:
    """Check SRT or WebVTT files (anyone's), or subsync JSON, against a preset's rules: line
    width, line count, text per cue, overlaps, gaps, empty cues (errors); reading speed,
    too short, too long (warnings); text dropped in reading (errors) and settings ignored
    (warnings). FILE may be - for standard input. Exit 1 when any error is found or a file
    cannot be read."""
    from subsync.lint import Linter, format_github, format_json_files, format_text

    # Formats written file by file; json is written once, as one list, at the end.
    per_file = {"text": format_text, "github": format_github}
    linter = Linter(build_layout(options), fps_of(options), options["input_encoding"])
    found: list[tuple[str, Violation]] = []
    unreadable = 0
    for file in files:
        name = "<stdin>" if file == STDIN_ARG else file
        try:
            data = read_input(file)
            violations = linter.check(data, name)
        except SubsyncError as error:
            click.echo(shown(f"subsync: error: {error.located(name)}"), err=True)
            unreadable += 1
            continue
        kept = [v for v in violations if v.level == "error" or not quiet]
        found.extend((name, v) for v in kept)
        if output_format != "json":
            echo_stdout(shown(per_file[output_format](kept, name)), newline=False)
    if output_format == "json":
        echo_stdout(format_json_files(found), newline=False)
    summary = f"{linter.errors} errors, {linter.warnings} warnings in {linter.files} files"
    if unreadable:
        summary += f"; {unreadable} could not be read"
    click.echo(f"subsync: lint: {summary}", err=True)
    sys.exit(1 if linter.errors or unreadable else 0)
