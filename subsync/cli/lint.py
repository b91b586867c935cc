"""``subsync lint``: check subtitle files against a preset's rules."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from subsync.batch.inputs import STDIN_ARG, Input, expand
from subsync.batch.reading import read_input
from subsync.cli.config import ConfiguredCommand
from subsync.cli.console import fps_of
from subsync.cli.options import build_layout, choice, flag, layout_options
from subsync.cli.stdout import echo_stdout
from subsync.cli.terminal import shown
from subsync.errors import SubsyncError

if TYPE_CHECKING:
    from subsync.lint import Violation

#: What a folder or pattern gives lint besides subsync JSON.
_SUBTITLES = ("*.srt", "*.vtt")
_SUBSYNC_JSON = b'"schema": "subsync/document/'

EXAMPLES = """Examples:

\b
  subsync lint captions/                      every .srt, .vtt and subsync JSON below it
  subsync lint 'out/**/*.vtt' --preset netflix --fps 23.976
  subsync lint out/ --format github --max-warnings 0   fail CI on warnings too
  subsync lint talk.en.srt --max-cps 15 --format json
  curl -s https://example.com/a.vtt | subsync lint -
"""


@click.command("lint", cls=ConfiguredCommand, epilog=EXAMPLES)
@click.argument("files", nargs=-1, required=True, metavar="FILE|FOLDER|PATTERN...")
@choice(
    "--format",
    ["text", "json", "github"],
    "text: a line per violation; json: one list; github: ::error/::warning annotations "
    "at the cue's line.",
    dest="output_format",
)
@layout_options
@click.option(
    "--input-encoding",
    default=None,
    metavar="NAME",
    help="Encoding of SRT and WebVTT files that are not UTF-8 (cp1252, shift_jis...).",
)
@click.option(
    "--max-warnings",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Fail (exit 1) when there are more than N warnings; 0 fails on any.  "
    "[default: warnings never fail]",
)
@flag("quiet", "Report errors only, not warnings.", negatable=True, short=("-q",))
def lint_command(
    *,
    files: tuple[str, ...],
    output_format: str,
    quiet: bool,
    max_warnings: int | None,
    **options: Any,
) -> None:
    """Check SRT or WebVTT files (anyone's), or subsync JSON, against a preset's rules: line
    width, line count, text per cue, overlaps, gaps, empty cues (errors); reading speed,
    too short, too long (warnings); text dropped in reading (errors) and settings ignored
    (warnings). A folder or a quoted pattern gives its .srt, .vtt and subsync JSON files at
    any depth; - reads standard input. An empty or unreadable file is an error. Exit 1 when
    any error is found, a file cannot be read, or warnings pass --max-warnings."""
    from subsync.lint import Linter, format_github, format_json_files, format_text

    # Formats written file by file; json is written once, as one list, at the end.
    per_file = {"text": format_text, "github": format_github}
    linter = Linter(
        build_layout(options), fps_of(options), options["input_encoding"], require_cues=True
    )
    found: list[tuple[str, Violation]] = []
    unreadable = 0
    for name, data in _files(files):
        try:
            if isinstance(data, SubsyncError):
                raise data
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
    too_many = max_warnings is not None and linter.warnings > max_warnings
    if too_many:
        summary += f"; more than --max-warnings {max_warnings}"
    click.echo(f"subsync: lint: {summary}", err=True)
    sys.exit(1 if linter.errors or unreadable or too_many else 0)


def _files(arguments: tuple[str, ...]) -> Iterator[tuple[str, bytes | SubsyncError]]:
    """Each file to lint, named, with its bytes or why they cannot be had: files named as
    they are; from folders and patterns, SRT, WebVTT and subsync JSON (other JSON, such as
    API responses, is passed over)."""
    for item in expand(arguments, include=_SUBTITLES):
        if isinstance(item, SubsyncError):
            yield item.input or "", item
            continue
        name = "<stdin>" if item.path == STDIN_ARG else item.path
        try:
            data = read_input(item.path)
        except SubsyncError as error:
            yield name, error
            continue
        if _named(item, arguments) or _lintable(name, data):
            yield name, data


def _named(item: Input, arguments: tuple[str, ...]) -> bool:
    return item.path in arguments


def _lintable(name: str, data: bytes) -> bool:
    """Whether a file found in a folder is lint's: SRT, WebVTT, or subsync's own JSON."""
    from subsync.lint import lints

    if not lints(name):
        return False
    return not name.lower().endswith(".json") or _SUBSYNC_JSON in data[:4096]
