"""The ``subsync`` command line (click); the only module that prints or exits."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from subsync import __version__
from subsync.batch import (
    Job,
    Ledger,
    Outcome,
    default_jobs,
    outcomes,
    plan,
    read_input,
    stamp_of,
)
from subsync.cli_options import (
    FORMATS_HELP,
    build_layout,
    build_request,
    choice,
    flag,
    layout_options,
    negatable_conversion_options,
    parse_formats,
)
from subsync.cli_options import conversion_options as conversion_options
from subsync.cli_remote import DEADLINE_OPTIONS, api_key_options, exit_on_signals, read_key
from subsync.config import Config, ConfigError, find_config, option_values
from subsync.convert import Converted, Request, convert, encoded, fingerprint
from subsync.errors import OutputError, SubsyncError
from subsync.files import write_atomic
from subsync.inputs import STDIN_ARG, Input, expand
from subsync.manifest import Manifest
from subsync.progress import Progress
from subsync.sources.base import ApiRequest
from subsync.sources.elevenlabs import REGIONS
from subsync.terminal import shown
from subsync.timing import FRAME_RATES

if TYPE_CHECKING:
    from subsync.fetch import HttpPolicy
    from subsync.lint import Linter, Violation

F = TypeVar("F", bound=Callable[..., Any])
# Ids become file names: no folders, no hidden files.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def _linter(options: dict[str, Any]) -> Linter | None:
    """A Linter for ``--lint``, under the same layout and frame rate as the conversion."""
    if not options.get("lint"):
        return None
    from subsync.lint import Linter  # only with --lint: it loads the subtitle readers

    return Linter(build_layout(options), _fps(options))


def _fps(options: dict[str, Any]) -> float | None:
    fps = options.get("fps")
    return float(FRAME_RATES[fps]) if fps else None


class _Run:
    """One command's bookkeeping: what it wrote, what failed, what broke the layout's rules
    (with ``--lint``), and what it says."""

    def __init__(self, quiet: bool, lint: Linter | None = None) -> None:
        self.quiet = quiet
        self.failed = 0
        self.ledger = Ledger()
        self.linter = lint
        self.bar: _Bar | None = None

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
            _only_one(len(result.outputs), name)
            data = encoded(result.outputs[0], name)
            _to_stdout(data)
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


class _ConfiguredCommand(click.Command):
    """A command whose option defaults come from the nearest ``subsync.toml`` or
    ``[tool.subsync]`` of ``pyproject.toml``; the command line overrides them."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        config = _config()
        if config is not None:
            defaults = _config_defaults(self, config)
            _check_defaults(ctx, self, config, defaults)
            ctx.default_map = {**defaults, **(ctx.default_map or {})}
        return super().parse_args(ctx, args)


def _check_defaults(
    ctx: click.Context, command: click.Command, config: Config, defaults: dict[str, object]
) -> None:
    """Check each value as if it were given on the command line, so that a bad one is
    reported with its file even when the command line overrides it."""
    for param in command.params:
        if param.name in defaults:
            try:
                param.process_value(ctx, defaults[param.name])
            except click.BadParameter as error:
                error.param = param
                raise click.UsageError(f"{config.path}: {error.format_message()}") from None


def _config() -> Config | None:
    try:
        return find_config(Path.cwd())
    except ConfigError as error:
        raise click.UsageError(str(error)) from None


def _config_defaults(command: click.Command, config: Config) -> dict[str, object]:
    names = {
        opt[2:]: param.name
        for param in command.params
        if isinstance(param, click.Option) and param.name and param.name != "help"
        for opt in param.opts
        if opt.startswith("--")
    }
    try:
        values = option_values(config, names)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    # Paths in a config file are relative to its folder, wherever subsync runs from.
    for name in ("output_dir", "report"):
        value = values.get(name)
        if isinstance(value, str) and value != "-":
            values[name] = os.path.relpath(config.path.parent / value)
    return values


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="subsync")
def main() -> None:
    """Subtitles from the timing data of ElevenLabs dubbing and Resemble AI clips."""


@main.command("convert", cls=_ConfiguredCommand)
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
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 512),
    default=None,
    help="Processes converting at once (default: one per core); 1 converts in this process.",
)
@flag("force", "Rebuild every output, even those the manifest says are up to date.", True)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing: list the outputs that are missing or differ from what would be "
    "written now, and exit 1 if there are any.",
)
@click.option("--report", metavar="FILE", default=None, help="Write the summary as JSON to FILE.")
@negatable_conversion_options
def convert_command(
    inputs: tuple[str, ...],
    formats: tuple[str, ...],
    output_dir: str,
    jobs: int | None,
    force: bool,
    check: bool,
    report: str | None,
    **options: Any,
) -> None:
    """Convert saved JSON (ElevenLabs dubbing resources and transcripts, text to speech or
    dialogue with timestamps and their streams, forced alignments and speech-to-text
    transcripts; Resemble clips; subsync JSON) or SRT/WebVTT files into subtitles:
    OUTPUT_DIR/<input name>.<language>.<format>. INPUT may be a file, - for stdin, a folder
    (its *.json and *.jsonl files at any depth, the folder structure mirrored under
    OUTPUT_DIR) or a glob pattern such as 'in/**/*.json'. Outputs whose input and options
    have not changed since they were written are skipped (see --force)."""
    to_stdout = output_dir == "-"
    if to_stdout and (len(inputs) > 1 or len(formats) > 1):
        raise click.UsageError("-o - writes one output: give one input and one format")
    if to_stdout and check:
        raise click.UsageError("--check compares the files in an output folder: give -o DIR")
    request = build_request(formats, options)
    folder = None if to_stdout else Path(output_dir)
    batch = _Batch(options["quiet"], check, folder, _linter(options))
    # Every input is found before the first output is written, so that no output of this
    # run is taken for an input.
    items = list(expand(inputs, None if to_stdout else output_dir, batch.manifest_outputs()))
    if to_stdout and len(items) > 1:
        raise click.UsageError("-o - writes one output: give one input and one format")
    batch.ledger.protect(item.path for item in items if isinstance(item, Input))
    plans = batch.jobs(items, request, force)
    for outcome in outcomes(plans, 1 if to_stdout else jobs or default_jobs()):
        batch.handle(outcome)
    batch.finish(report)


class _Batch(_Run):
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
            self.bar = _Bar("checking" if self.check else "converting", self.total)
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
                _only_one(len(outcome.outputs), outcome.name)
                _to_stdout(outcome.outputs[0].data)
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
        for path, rendered in zip(paths, outcome.outputs, strict=True):
            if self.check:
                if not rendered.current:
                    self.outdated.append(str(path))
                    click.echo(shown(str(path)))
            elif outcome.status == "converted":
                write_atomic(path, rendered.data)
                self.written += 1
            self.ledger.add(path, name)
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


class _Bar:
    """A progress line on standard error (a terminal), redrawn at most ten times a second."""

    def __init__(self, label: str, total: int) -> None:
        self.label = label
        self.total = total
        self.started = time.monotonic()
        self.drawn = 0.0
        self.shown = False

    def update(self, counts: dict[str, int]) -> None:
        now = time.monotonic()
        done = sum(counts.values())
        if now - self.drawn < 0.1 and done < self.total:
            return
        self.drawn = now
        progress = Progress(self.label, done, self.total, counts["failed"], now - self.started)
        width = shutil.get_terminal_size().columns - 1
        click.echo("\r" + progress.line()[:width] + "\x1b[K", err=True, nl=False)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.shown = False
            self.drawn = 0.0


def _only_one(count: int, name: str) -> None:
    if count != 1:
        raise OutputError(
            f"makes {count} outputs but -o - takes exactly one; pick one language with --lang",
            input=name,
        )


def _to_stdout(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


# --- fetch ------------------------------------------------------------------------------

_FETCH_OPTIONS = [
    click.option(
        "-o",
        "--output-dir",
        default=None,
        metavar="DIR",
        help="Folder for <id>.json (and converted files). Default: standard output for one "
        "id without --to, else the current folder.",
    ),
    click.option(
        "--to",
        "formats",
        default=None,
        callback=parse_formats,
        help="Also convert: " + FORMATS_HELP,
    ),
    click.option(
        "--base-url", default=None, metavar="URL", help="Use this server (a proxy, a test)."
    ),
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(1, 64),
        default=4,
        show_default=True,
        help="Requests in flight at once (ElevenLabs limits concurrency per plan).",
    ),
    *DEADLINE_OPTIONS,
    click.option(
        "--retries",
        type=click.IntRange(0, 10),
        default=3,
        show_default=True,
        help="Retries on connection errors, timeouts, 408, 429 and 5xx (never other 4xx), "
        "within --total-timeout.",
    ),
]


def fetch_options(command: F) -> F:
    """The options every ``fetch`` subcommand takes."""
    for option in reversed(_FETCH_OPTIONS):
        command = option(command)
    return conversion_options(command)


@main.group()
def fetch() -> None:
    """Download timing data from an API, save it as JSON, and optionally convert it."""


@fetch.command("elevenlabs")
@click.argument("dubbing_ids", nargs=-1, required=True, metavar="DUBBING_ID...")
@api_key_options("ELEVENLABS_API_KEY", "xi-api-key")
@choice("--region", REGIONS, "Which ElevenLabs server: the default, or a data-residency one.")
@fetch_options
def fetch_elevenlabs(
    dubbing_ids: tuple[str, ...],
    api_key: str | None,
    api_key_file: str | None,
    region: str,
    **options: Any,
) -> None:
    """Fetch dubbing resources (GET /v1/dubbing/resource/{dubbing_id}) as <id>.json."""
    from subsync.sources.elevenlabs import resource_request

    key = read_key(api_key, api_key_file, "ELEVENLABS_API_KEY")
    base_url = options.pop("base_url") or REGIONS[region]
    ids = _ids(dubbing_ids)
    _fetch_all([resource_request(i, key, base_url) for i in ids], options)


@fetch.command("resemble")
@click.argument("project_uuid")
@click.argument("clip_uuids", nargs=-1, required=True, metavar="CLIP_UUID...")
@api_key_options("RESEMBLE_API_KEY", "Authorization: Token token=KEY")
@choice(
    "--api-version",
    ["v1", "v2"],
    "v1 returns audio_timestamps; v2 wraps the clip in {success, item}.",
)
@fetch_options
def fetch_resemble(
    project_uuid: str,
    clip_uuids: tuple[str, ...],
    api_key: str | None,
    api_key_file: str | None,
    api_version: str,
    **options: Any,
) -> None:
    """Fetch Resemble clips (GET /api/v1/projects/{project}/clips/{clip}) as <clip>.json."""
    from subsync.sources.resemble import BASE_URL, clip_request

    key = read_key(api_key, api_key_file, "RESEMBLE_API_KEY")
    base_url = options.pop("base_url") or BASE_URL
    _ids((project_uuid,), "PROJECT_UUID")
    ids = _ids(clip_uuids)
    _fetch_all([clip_request(project_uuid, c, key, base_url, api_version) for c in ids], options)


def _ids(ids: tuple[str, ...], hint: str = "ID") -> list[str]:
    for value in ids:
        if not _ID.fullmatch(value) or ".." in value:
            raise click.BadParameter(
                f"{value!r} is not an id: expected letters, digits, '.', '-' or '_'",
                param_hint=hint,
            )
    return list(dict.fromkeys(ids))


def _fetch_all(requests: list[ApiRequest], options: dict[str, Any]) -> None:
    """Fetch every request concurrently, save each body as <id>.json, convert if asked."""
    from subsync.fetch import Client

    formats: tuple[str, ...] = options.pop("formats")
    output_dir: str | None = options.pop("output_dir")
    if output_dir == "-" and len(requests) > 1:
        raise click.UsageError("-o - writes one output: give one id")
    # One id without -o prints its JSON; -o - prints it, or with --to its one conversion.
    to_stdout = output_dir == "-" or (output_dir is None and len(requests) == 1 and not formats)
    folder = Path(output_dir or ".")
    request = build_request(formats, options)
    run = _Run(options["quiet"], _linter(options))
    with exit_on_signals(), Client(_policy(options), jobs=options["jobs"]) as client:
        for api_request, result in _progress(client.fetch_all(requests), len(requests), run):
            try:
                if isinstance(result, SubsyncError):
                    raise result
                if to_stdout and formats:
                    run.convert(result, f"{api_request.label}.json", request, "-")
                    continue
                if to_stdout:
                    _to_stdout(result)
                    continue
                saved = folder / f"{api_request.label}.json"
                run.ledger.check([saved], api_request.label)
                write_atomic(saved, result)
                run.ledger.protect([str(saved)])
                if formats:
                    run.convert(result, str(saved), request, str(folder))
            except SubsyncError as error:
                run.fail(error)
    run.finish(len(requests), "ids")


def _policy(options: dict[str, Any]) -> HttpPolicy:
    from subsync.fetch import HttpPolicy

    return HttpPolicy(
        connect_timeout=options["connect_timeout"],
        timeout=options["timeout"],
        retries=options["retries"],
        total_timeout=options["total_timeout"],
        max_body_size=options["max_body_size"],
    )


T = TypeVar("T")


def _progress(items: Iterable[T], total: int, run: _Run) -> Iterator[T]:
    """Items as they come, with a progress bar on a terminal only (cleared for messages)."""
    if run.quiet or total < 2 or not sys.stderr.isatty():
        yield from items
        return
    run.bar = _Bar("fetching", total)
    for done, item in enumerate(items, 1):
        yield item
        run.bar.update({"fetched": done - run.failed, "failed": run.failed})
    run.bar.clear()


# --- lint -------------------------------------------------------------------------------


@main.command("lint", cls=_ConfiguredCommand)
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@choice(
    "--format",
    ["text", "json", "github"],
    "text: a line per violation; json: one list; github: ::error/::warning annotations.",
    dest="output_format",
)
@layout_options
@flag("quiet", "Report errors only, not warnings.", True, ("-q",))
def lint_command(files: tuple[str, ...], output_format: str, quiet: bool, **options: Any) -> None:
    """Check SRT or WebVTT files (anyone's), or subsync JSON, against a preset's rules: line
    width, line count, text per cue, overlaps, gaps, empty cues (errors); reading speed,
    too short, too long (warnings). FILE may be - for standard input. Exit 1 when any error
    is found or a file cannot be read."""
    from subsync.lint import Linter, format_github, format_json_files, format_text

    # Formats written file by file; json is written once, as one list, at the end.
    per_file = {"text": format_text, "github": format_github}
    linter = Linter(build_layout(options), _fps(options))
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
            click.echo(shown(per_file[output_format](kept, name)), nl=False)
    if output_format == "json":
        click.echo(format_json_files(found), nl=False)
    summary = f"{linter.errors} errors, {linter.warnings} warnings in {linter.files} files"
    if unreadable:
        summary += f"; {unreadable} could not be read"
    click.echo(f"subsync: lint: {summary}", err=True)
    sys.exit(1 if linter.errors or unreadable else 0)
