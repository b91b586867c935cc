"""The ``subsync`` command line (click); the only module that prints or exits."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

import click

from subsync import __version__
from subsync.convert import STDIN, Converted, Output, Request, convert
from subsync.cues import Layout
from subsync.errors import OutputError, SubsyncError
from subsync.files import write_atomic
from subsync.sources import SOURCES, ParseOptions
from subsync.sources.base import TimeUnit
from subsync.writers import FORMATS, WriteOptions


def _comma_list(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    formats = _comma_list(value)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or repr(value)}; choose from {', '.join(FORMATS)}"
        )
    return tuple(dict.fromkeys(formats))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _say(kind: str, message: str) -> None:
    click.echo(f"subsync: {kind}: {_one_line(message)}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="subsync")
def main() -> None:
    """Subtitles from the timing data of ElevenLabs dubbing and Resemble AI clips."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--to",
    "formats",
    default="srt",
    show_default=True,
    callback=_formats,
    help=f"Comma list of output formats: {', '.join(FORMATS)}.",
)
@click.option(
    "-o",
    "--output-dir",
    default=".",
    show_default=True,
    metavar="DIR",
    help="Folder for the outputs, or - for standard output (one output only).",
)
@click.option(
    "--lang", default=None, help="Comma list of language codes to convert (default: all)."
)
@click.option(
    "--source",
    type=click.Choice(list(SOURCES)),
    default=None,
    help="Read every input as this kind instead of detecting it.",
)
@click.option("--speaker-labels", is_flag=True, help="Prefix SRT cues with 'Speaker: '.")
@click.option(
    "--time-unit",
    type=click.Choice(["auto", "s", "ms"]),
    default="auto",
    show_default=True,
    help="Unit of Resemble times; auto refuses times that look like milliseconds.",
)
@click.option(
    "--max-line-width",
    type=click.IntRange(min=8),
    default=42,
    show_default=True,
    help="Characters per line of the cues subsync lays out.",
)
@click.option(
    "--max-lines",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Lines per cue of the cues subsync lays out.",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings.")
def convert_command(
    inputs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: str,
    lang: str | None,
    source: str | None,
    speaker_labels: bool,
    time_unit: str,
    max_line_width: int,
    max_lines: int,
    quiet: bool,
) -> None:
    """Convert saved JSON (ElevenLabs dubbing resources, Resemble clips, subsync JSON) into
    subtitles: OUTPUT_DIR/<input name>.<language>.<format>. INPUT may be - for stdin."""
    to_stdout = output_dir == "-"
    if to_stdout and (len(inputs) > 1 or len(formats) > 1):
        raise click.UsageError("-o - writes one output: give one input and one format")
    layout = Layout(max_line_width=max_line_width, max_lines=max_lines)
    request = Request(
        formats=formats,
        languages=_comma_list(lang),
        source=source,
        parse=ParseOptions(time_unit=cast(TimeUnit, time_unit), layout=layout),
        write=WriteOptions(speaker_labels=speaker_labels),
    )
    written: dict[Path, str] = {}
    failed = 0
    for path in inputs:
        name = STDIN if path == "-" else path
        try:
            result = convert(_read(path), name, request)
            if not quiet:
                for notice in result.notices:
                    _say("warning", f"{name}: {notice.where}: {notice.message}")
            if to_stdout:
                _emit(result, name)
            else:
                _save(result, name, Path(output_dir), written)
        except SubsyncError as error:
            failed += 1
            _say("error", str(error))
    if len(inputs) > 1 and failed:
        _say("error", f"{failed} of {len(inputs)} inputs failed; the others were converted")
    sys.exit(1 if failed else 0)


convert_command.name = "convert"


def _read(path: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise SubsyncError(f"cannot read: {exc.strerror}", input=path) from None


def _emit(result: Converted, name: str) -> None:
    if len(result.outputs) != 1:
        raise OutputError(
            f"makes {len(result.outputs)} outputs but -o - takes exactly one; "
            "pick one language with --lang",
            input=name,
        )
    sys.stdout.buffer.write(_encode(result.outputs[0], name))
    sys.stdout.flush()


def _save(result: Converted, name: str, folder: Path, written: dict[Path, str]) -> None:
    # Everything is encoded and checked before the first write, so a failing input
    # leaves no outputs at all.
    targets = [(folder / output.name, _encode(output, name)) for output in result.outputs]
    for path, _ in targets:
        if path in written:
            raise OutputError(
                f"would overwrite {path}, written from {written[path]} in this run; "
                "convert inputs with the same name into different folders",
                input=name,
            )
    for path, data in targets:
        write_atomic(path, data)
        written[path] = name


def _encode(output: Output, name: str) -> bytes:
    try:
        return output.text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise OutputError(
            f"{output.name} would hold a lone surrogate (U+{ord(exc.object[exc.start]):04X}), "
            "which UTF-8 cannot encode",
            input=name,
        ) from None
