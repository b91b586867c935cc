"""``subsync convert``: inputs -> plan -> convert -> write -> manifest -> lint -> report."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from subsync import __version__
from subsync.batch.files import write_atomic
from subsync.batch.inputs import expand
from subsync.batch.pipeline import Pipeline, Target
from subsync.batch.pool import default_jobs
from subsync.batch.reading import DEFAULT_MAX_INPUT
from subsync.cli.config import ConfiguredCommand
from subsync.cli.console import Console, linter_for
from subsync.cli.fetch_options import ByteSize
from subsync.cli.options import (
    FORMATS_HELP,
    build_request,
    flag,
    negatable_conversion_options,
    parse_formats,
)
from subsync.cli.progress import Bar
from subsync.errors import SubsyncError
from subsync.sources.kinds import SUBTITLE_KINDS
from subsync.speakers import unused

if TYPE_CHECKING:
    pass


jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 512),
    default=None,
    help="Processes converting at once (default: one per core); 1 converts in this process.",
)


@click.command("convert", cls=ConfiguredCommand)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--to", "formats", default="srt", show_default=True, callback=parse_formats, help=FORMATS_HELP
)
@click.option(
    "-o",
    "--output-dir",
    default=".",
    show_default=True,
    metavar="DIR",
    help="Folder for the outputs, or - for standard output (one output only).",
)
@jobs_option
@flag("force", "Rebuild every output, even those the manifest says are up to date.", negatable=True)
@click.option(
    "--check",
    "verify",
    is_flag=True,
    help="Write nothing: list the outputs that are missing or differ from what would be "
    "written now, and exit 1 if there are any.",
)
@click.option("--report", metavar="FILE", default=None, help="Write the summary as JSON to FILE.")
@click.option(
    "--max-input-size",
    type=ByteSize(),
    default="256M",
    show_default=True,
    help="Refuse inputs larger than this (such as 512M or 1G).",
)
@click.option(
    "--include",
    multiple=True,
    metavar="PATTERN",
    help="Also collect these files from folders, e.g. '*.srt' (--source srt or vtt does too).",
)
@negatable_conversion_options
def convert_command(
    *,
    inputs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: str,
    jobs: int | None,
    force: bool,
    verify: bool,
    report: str | None,
    max_input_size: int,
    **options: Any,
) -> None:
    """Convert saved JSON (ElevenLabs dubbing resources and transcripts, text to speech or
    dialogue with timestamps and their streams, forced alignments and speech-to-text
    transcripts; Resemble clips; subsync JSON) or SRT/WebVTT files into subtitles:
    OUTPUT_DIR/<input name>.<language>.<format>. INPUT may be a file, - for stdin, a folder
    (its *.json and *.jsonl files, and those --include names, at any depth, the folder
    structure mirrored under OUTPUT_DIR) or a glob pattern such as 'in/**/*.json'. Outputs
    whose input and options have not changed since they were written are skipped (see
    --force)."""
    run_conversion(
        inputs=inputs,
        formats=formats,
        output_dir=output_dir,
        jobs=jobs,
        force=force,
        verify=verify,
        report=report,
        options=options,
        max_input_size=max_input_size,
    )


def run_conversion(
    *,
    inputs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: str,
    jobs: int | None,
    force: bool,
    verify: bool,
    report: str | None,
    options: dict[str, Any],
    media: str | None = None,
    max_input_size: int = DEFAULT_MAX_INPUT,
) -> NoReturn:
    """Convert every input as ``convert`` does (``review`` too); ``media`` is the file the
    review page plays, as a path relative to the output folder."""
    to_stdout = output_dir == "-"
    if to_stdout and (len(inputs) > 1 or len(formats) > 1):
        raise click.UsageError("-o - writes one output: give one input and one format")
    if to_stdout and verify:
        raise click.UsageError("--check compares the files in an output folder: give -o DIR")
    request = build_request(formats, options)
    if media is not None:
        write = dataclasses.replace(request.write, media=media)
        request = dataclasses.replace(request, write=write)
    console = Console(quiet=options["quiet"])
    target = Target(None if to_stdout else Path(output_dir), verify=verify, force=force)
    pipeline = Pipeline(
        request,
        target,
        console,
        linter=linter_for(options),
        version=__version__,
        max_input_size=max_input_size,
    )
    labels, names = request.write.speaker_labels, request.parse.speaker_names
    for problem in unused(request.formats, labels=labels, names=names):
        console.say("warning", problem)  # once for the run, not once per input
    # Every input is found before the first output is written, so that no output of this
    # run is taken for an input.
    # --source srt (or vtt) names the kind of every input: a folder collects those files too.
    source = options["source"]
    by_source = [f"*.{source}"] if source in SUBTITLE_KINDS else []
    include = (*options.get("include", ()), *by_source)
    out = None if to_stdout else output_dir
    items = list(expand(inputs, out, pipeline.manifest_outputs(), include))
    if to_stdout and len(items) > 1:
        raise click.UsageError("-o - writes one output: give one input and one format")
    if not console.quiet and len(items) > 1 and sys.stderr.isatty():
        console.bar = Bar("checking" if verify else "converting", len(items))
    pipeline.run(pipeline.plan(items), 1 if to_stdout else jobs or default_jobs())
    _finish(pipeline, console, report)


def _finish(pipeline: Pipeline, console: Console, report: str | None) -> NoReturn:
    """Save the manifest, print the summary, write the report, and exit."""
    if console.bar is not None:
        console.bar.clear()
    summary = pipeline.finish()
    _summarize(pipeline, console)
    lint_failed = console.lint_failed(pipeline.linter)
    if report is not None:
        try:
            data = json.dumps(summary, indent=1, ensure_ascii=False) + "\n"
            write_atomic(Path(report), data.encode("utf-8"))
        except SubsyncError as error:
            console.fail(error)
    outdated = pipeline.tally.outdated
    sys.exit(1 if console.failed or outdated or lint_failed else 0)


def _summarize(pipeline: Pipeline, console: Console) -> None:
    """The summary line: always for --check, for a batch of more than one input else."""
    converted, skipped, failed = pipeline.tally.counts.values()
    counts = f"{converted} converted, {skipped} skipped, {failed} failed"
    total, verify = pipeline.total, pipeline.target.verify
    if verify:
        outdated, outputs = len(pipeline.tally.outdated), pipeline.tally.outputs
        if outdated:
            console.say(
                "error", f"{outdated} of {outputs} outputs are missing or out of date; {counts}"
            )
        elif not failed:
            console.say("summary", f"all {outputs} outputs are up to date; {counts}")
    if failed and total > 1:
        console.say("error", f"{failed} of {total} inputs failed ({counts})")
    elif total > 1 and not verify:
        console.say("summary", counts)
