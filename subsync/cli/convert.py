"""``subsync convert``: inputs -> plan -> convert -> write -> manifest -> lint -> report."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from subsync import __version__
from subsync.batch.cluster import ClusterError
from subsync.batch.convert import Request, fingerprint
from subsync.batch.files import write_atomic, write_atomic_many
from subsync.batch.inputs import STDIN_ARG, Input, expand
from subsync.batch.manifest import Manifest
from subsync.batch.plan import Job, Outcome, plan, stamp_of
from subsync.batch.pool import default_jobs, outcomes
from subsync.cli.config import ConfiguredCommand
from subsync.cli.console import Run, linter_for, only_one, write_stdout
from subsync.cli.options import (
    FORMATS_HELP,
    build_request,
    flag,
    negatable_conversion_options,
    parse_formats,
)
from subsync.cli.progress import Bar
from subsync.cli.terminal import shown
from subsync.errors import OutputError, SubsyncError
from subsync.speakers import unused

if TYPE_CHECKING:
    from subsync.lint import Linter


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
@flag("force", "Rebuild every output, even those the manifest says are up to date.", True)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing: list the outputs that are missing or differ from what would be "
    "written now, and exit 1 if there are any.",
)
@click.option("--report", metavar="FILE", default=None, help="Write the summary as JSON to FILE.")
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
    inputs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: str,
    jobs: int | None,
    force: bool,
    check: bool,
    report: str | None,
    cluster: str | None,
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
        inputs, formats, output_dir, jobs, force, check, report, options, cluster=cluster
    )


def run_conversion(
    inputs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: str,
    jobs: int | None,
    force: bool,
    check: bool,
    report: str | None,
    options: dict[str, Any],
    media: str | None = None,
    cluster: str | None = None,
) -> NoReturn:
    """Convert every input as ``convert`` does (``review`` too); ``media`` is the file the
    review page plays, as a path relative to the output folder."""
    to_stdout = output_dir == "-"
    if to_stdout and (len(inputs) > 1 or len(formats) > 1):
        raise click.UsageError("-o - writes one output: give one input and one format")
    if to_stdout and check:
        raise click.UsageError("--check compares the files in an output folder: give -o DIR")
    request = build_request(formats, options)
    if media is not None:
        write = dataclasses.replace(request.write, media=media)
        request = dataclasses.replace(request, write=write)
    folder = None if to_stdout else Path(output_dir)
    batch = Batch(options["quiet"], check, folder, linter_for(options))
    labels, names = request.write.speaker_labels, request.parse.speaker_names
    for problem in unused(request.formats, labels=labels, names=names):
        batch.say("warning", problem)  # once for the run, not once per input
    # Every input is found before the first output is written, so that no output of this
    # run is taken for an input.
    source = options["source"]
    include = (*options.get("include", ()), *([f"*.{source}"] if source in ("srt", "vtt") else []))
    out = None if to_stdout else output_dir
    items = list(expand(inputs, out, batch.manifest_outputs(), include))
    if to_stdout and len(items) > 1:
        raise click.UsageError("-o - writes one output: give one input and one format")
    batch.ledger.protect(item.path for item in items if isinstance(item, Input))
    plans = batch.jobs(items, request, force)
    try:
        for outcome in _outcomes(plans, cluster, 1 if to_stdout else jobs or default_jobs()):
            batch.handle(outcome)
    except ClusterError as error:
        batch.fail(error)  # no cluster to convert on: the inputs not done are not started
    batch.finish(report)


def _outcomes(plans: Iterator[Job | Outcome], cluster: str | None, jobs: int) -> Iterator[Outcome]:
    if cluster is None:
        return outcomes(plans, jobs)
    # Dask loads only for --cluster.
    from subsync.batch.cluster import outcomes_on

    return outcomes_on(plans, cluster, __version__)


class Batch(Run):
    """``subsync convert``'s bookkeeping: the manifest, the counts, the progress bar, the
    summary and the report."""

    def __init__(
        self, quiet: bool, check: bool, folder: Path | None, lint: Linter | None = None
    ) -> None:
        super().__init__(quiet, None if check else lint)
        self.check = check
        self.folder = folder
        self.counts = {"converted": 0, "skipped": 0, "failed": 0}
        self.failures: list[dict[str, str | None]] = []
        self.outdated: list[str] = []
        self.outputs = 0
        self.written = 0
        self.total = 0
        self.options = ""
        self.started = time.monotonic()
        self.manifest: Manifest | None = None
        if folder is not None:
            self.manifest, problem = Manifest.load(folder)
            if problem:
                self.say("warning", problem)

    def manifest_outputs(self) -> set[str]:
        return self.manifest.output_paths() if self.manifest else set()

    def jobs(
        self, items: list[Input | SubsyncError], request: Request, force: bool
    ) -> Iterator[Job | Outcome]:
        self.total = len(items)
        if not self.quiet and self.total > 1 and sys.stderr.isatty():
            self.bar = Bar("checking" if self.check else "converting", self.total)
        self.options = fingerprint(request)
        manifest = None if force else self.manifest
        check_in = str(self.folder) if self.check else None
        return plan(items, request, manifest, self.options, __version__, check_in)

    def handle(self, outcome: Outcome) -> None:
        """Tell an outcome's warnings and error, then write its outputs (or check them)."""
        for notice in outcome.notices:
            self.say("warning", f"{outcome.name}: {notice.where}: {notice.message}")
        try:
            if outcome.error is not None:
                raise outcome.error
            if self.folder is None:
                only_one(len(outcome.outputs), outcome.name)
                write_stdout(outcome.outputs[0].data)
            else:
                self.save_outcome(outcome, self.folder)
            self.lint_outcome(outcome)
            self.counts[outcome.status] += 1
        except SubsyncError as error:
            self.fail(error)
            self.counts["failed"] += 1
            self.failures.append(
                {
                    "input": outcome.name,
                    "where": error.where,
                    "message": error.message,
                    "error": str(error),
                }
            )
            if self.manifest is not None and outcome.input.path != STDIN_ARG:
                self.manifest.forget(
                    self.manifest.input_key(outcome.input.path), outcome.input.folder
                )
        if self.bar is not None:
            self.bar.update(self.counts)

    def lint_outcome(self, outcome: Outcome) -> None:
        """Lint every output of an input; a skipped one as the file it left on disk."""
        if self.linter is None:
            return
        for rendered in outcome.outputs:
            path = Path(rendered.key) if self.folder is None else self.folder / rendered.key
            data = rendered.data
            if outcome.status == "skipped":
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    self.fail(OutputError(f"cannot read to lint: {exc.strerror}", input=str(path)))
                    continue
            self.lint(data, str(path))

    def save_outcome(self, outcome: Outcome, folder: Path) -> None:
        name = outcome.name
        paths = [folder / rendered.key for rendered in outcome.outputs]
        self.ledger.check(paths, name)
        self.outputs += len(paths)
        writes = []
        for path, rendered in zip(paths, outcome.outputs, strict=True):
            if self.check:
                if not rendered.current:
                    self.outdated.append(str(path))
                    click.echo(shown(str(path)))
            elif outcome.status == "converted":
                writes.append((path, rendered.data))
            self.ledger.add(path, name)
        errors = write_atomic_many(writes)
        self.written += errors.count(None)
        failed = [error for error in errors if error is not None]
        for error in failed[:-1]:
            self.fail(error)  # told here; the last one fails the input
        if failed:
            raise failed[-1]
        stdin = outcome.input.path == STDIN_ARG
        if self.manifest is not None and not self.check and not stdin:
            stamp = stamp_of(self.manifest, outcome.input, self.options, __version__)
            keys = [(r.key, r.sha256) for r in outcome.outputs]
            self.manifest.record(stamp, outcome.input.folder, outcome.input_sha256, keys)

    def finish(self, report: str | None) -> NoReturn:  # type: ignore[override]
        """Save the manifest, print the summary, write the report, and exit."""
        if self.bar is not None:
            self.bar.clear()
        if self.manifest is not None and self.manifest.changed and not self.check:
            try:
                self.manifest.save()
            except SubsyncError as error:
                self.fail(error)
        self.summarize()
        lint_failed = self.lint_failed()
        if report is not None:
            try:
                data = json.dumps(self.report(), indent=1, ensure_ascii=False) + "\n"
                write_atomic(Path(report), data.encode("utf-8"))
            except SubsyncError as error:
                self.fail(error)
        sys.exit(1 if self.failed or self.outdated or lint_failed else 0)

    def summarize(self) -> None:
        """The summary line: always for --check, for a batch of more than one input else."""
        converted, skipped, failed = self.counts.values()
        counts = f"{converted} converted, {skipped} skipped, {failed} failed"
        if self.check:
            if self.outdated:
                stale = f"{len(self.outdated)} of {self.outputs} outputs"
                self.say("error", f"{stale} are missing or out of date; {counts}")
            elif not failed:
                self.say("summary", f"all {self.outputs} outputs are up to date; {counts}")
        if failed and self.total > 1:
            self.say("error", f"{failed} of {self.total} inputs failed ({counts})")
        elif self.total > 1 and not self.check:
            self.say("summary", counts)

    def report(self) -> dict[str, object]:
        """The summary as JSON."""
        return {
            "subsync": __version__,
            "mode": "check" if self.check else "convert",
            "output_dir": str(self.folder) if self.folder is not None else "-",
            "inputs": self.total,
            **self.counts,
            "outputs": self.outputs,
            "written": self.written,
            "failures": self.failures,
            "outdated": self.outdated,
            "lint": self.lint_counts(),
            "seconds": round(time.monotonic() - self.started, 3),
        }
