"""``subsync convert``: inputs -> plan -> convert -> write -> manifest -> lint -> report."""

from __future__ import annotations

import atexit
import dataclasses
import gc
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from subsync import __version__
from subsync.batch.files import write_atomic
from subsync.batch.inputs import Found, expand
from subsync.batch.pipeline import Pipeline, Target
from subsync.batch.pool import default_jobs
from subsync.batch.reading import DEFAULT_MAX_INPUT
from subsync.cli.config import ConfiguredCommand
from subsync.cli.console import Console, linter_for
from subsync.cli.forms import FORMATS_HELP, ByteSize, parse_formats
from subsync.cli.help import CONVERSION_SECTIONS, examples
from subsync.cli.interrupt import Stop, stop_on_signals
from subsync.cli.options import (
    build_request,
    flag,
    negatable_conversion_options,
)
from subsync.errors import SubsyncError
from subsync.sources.kinds import SUBTITLE_KINDS
from subsync.speakers import unused

jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 512),
    default=None,
    help="Processes converting at once; 1 converts in this process.  [default: one per core]",
)


CONVERT_EXAMPLES = examples(
    "subsync convert dub.json --to srt,vtt -o captions",
    "subsync convert 'in/**/*.json' --preset netflix --fps 23.976 -o out",
    "subsync convert talk.srt --to vtt --offset -500ms -o -",
    "subsync convert in/ --to srt,ass --fps 25 --start-tc 10:00:00:00 -o out",
    "subsync convert in/ -o captions --check --lint     # CI: fail on stale or bad captions",
    "subsync convert in/ -o captions --prune            # remove outputs no input makes now",
)


@click.command(
    "convert", cls=ConfiguredCommand, sections=CONVERSION_SECTIONS, epilog=CONVERT_EXAMPLES
)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--to",
    "formats",
    multiple=True,
    default=("srt",),
    show_default=True,
    callback=parse_formats,
    help=FORMATS_HELP,
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
    help="Write nothing: render every output in memory, compare it with the file on disk "
    "and list those missing, changed or orphaned (made before, but by no current input and "
    "format); with --lint, also lint the files on disk. Exit 1 if there are any.",
)
@flag(
    "prune",
    "Remove orphaned outputs: those the manifest records as subsync's that no current input "
    "and format make (never a file subsync did not write, nor one edited since).",
    negatable=True,
)
@click.option(
    "--report",
    metavar="FILE",
    default=None,
    help="Write the summary as JSON to FILE (counts, failures, outdated and orphaned outputs, "
    "each warning and their counts by kind).",
)
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
@click.option(
    "--cluster",
    metavar="ADDRESS",
    default=None,
    help="Convert on a Dask cluster: its scheduler (tcp://HOST:8786, tls://...), or local:N "
    "for N worker processes here. Needs subsync[dask], the same subsync on every worker.",
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
    cluster: str | None,
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
        cluster=cluster,
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
    cluster: str | None = None,
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
        request = request._replace(write=write)
    console = Console(quiet=options["quiet"], verbose=bool(options.get("verbose")))
    prune = bool(options.get("prune"))
    target = Target(
        None if to_stdout else Path(output_dir), verify=verify, force=force, prune=prune
    )
    pipeline = Pipeline(
        request,
        target,
        console,
        linter=linter_for(options),
        version=__version__,
        max_input_size=max_input_size,
        # Counts are what the summary says; each warning only for the report.
        keep_results=False,
        keep_warnings=report is not None,
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
    scratch = pipeline.scratch
    items = Found(expand(inputs, out, pipeline.manifest_outputs(), include, scratch), scratch)
    if to_stdout and len(items) > 1:
        raise click.UsageError("-o - writes one output: give one input and one format")
    if not console.quiet and len(items) > 1 and sys.stderr.isatty():
        from subsync.cli.progress import Bar  # only on a terminal

        console.bar = Bar("checking" if verify else "converting", len(items))
    with stop_on_signals(pipeline.cancel) as stop:
        jobs = 1 if to_stdout else jobs or default_jobs()
        pipeline.run(pipeline.plan(items), jobs, cluster)
        _finish(pipeline, console, report, stop)


def _finish(pipeline: Pipeline, console: Console, report: str | None, stop: Stop) -> NoReturn:
    """Save the manifest, print the warnings held back, the summary, write the report, and
    exit (130 or 143 after a signal, once what was done is saved and told)."""
    if console.bar is not None:
        console.bar.clear()
    summary = pipeline.finish()
    _freeze_at_exit()
    if stop.signum is not None:
        done = pipeline.done
        console.say(
            "error",
            f"interrupted: {done} of {pipeline.total} inputs done, kept in the manifest "
            "(run again to go on)",
        )
        sys.exit(stop.exit_code)
    console.grouped_warnings(pipeline.warnings)
    _summarize(pipeline, console)
    lint_failed = console.lint_failed(pipeline.linter)
    if report is not None:
        try:
            data = json.dumps(summary, indent=1, ensure_ascii=False) + "\n"
            write_atomic(Path(report), data.encode("utf-8"))
        except SubsyncError as error:
            console.fail(error)
    stale = pipeline.target.verify and (pipeline.tally.outdated or pipeline.tally.orphaned)
    sys.exit(1 if console.failed or stale or lint_failed else 0)


def _freeze_at_exit() -> None:
    """Spare the interpreter's last full garbage collection at exit, which walks every object
    the process made (~4 ms at every start): at exit they are frozen (gc.freeze), so it
    walks none. What the run made needs no finalizer by then: its files are closed, synced
    and saved, its pools shut down (and their threads joined before atexit runs)."""
    atexit.unregister(gc.freeze)  # once, however many runs one process makes
    atexit.register(gc.freeze)


def _summarize(pipeline: Pipeline, console: Console) -> None:
    """The summary line: always for --check, for a batch of more than one input else."""
    tally, total = pipeline.tally, pipeline.total
    failed = tally.counts["failed"]
    warned = "" if console.quiet else pipeline.warnings.summary()
    if pipeline.target.verify:
        would, orphaned = len(tally.outdated), len(tally.orphaned)
        parts = [f"would write {would}", f"up to date {tally.current}", f"orphaned {orphaned}"]
        parts += [f"{failed} of {total} inputs failed"] if failed else []
        kind = "error" if would or orphaned or failed else "summary"
        console.say(kind, "; ".join([", ".join(parts), *([warned] if warned else [])]))
        return
    counts = ", ".join(f"{n} {status}" for status, n in tally.counts.items())
    notes = [f"{len(tally.pruned)} orphaned outputs pruned"] if tally.pruned else []
    if tally.orphaned:
        notes.append(f"{len(tally.orphaned)} orphaned outputs (--prune removes them)")
    notes += [warned] if warned else []
    if failed and total > 1:
        console.say("error", "; ".join([f"{failed} of {total} inputs failed ({counts})", *notes]))
    elif total > 1 or tally.orphaned or tally.pruned:
        console.say("summary", "; ".join([counts, *notes]))
