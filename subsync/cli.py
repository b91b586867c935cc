"""The ``subsync`` command line (click); the only module that prints or exits."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from subsync import __version__
from subsync.convert import STDIN, Converted, Output, Request, convert
from subsync.errors import OutputError, SubsyncError
from subsync.files import write_atomic
from subsync.presets import PRESETS
from subsync.secrets import Secret
from subsync.sources import SOURCES, ParseOptions
from subsync.sources.base import ApiRequest, TimeUnit
from subsync.writers import FORMATS, WriteOptions

if TYPE_CHECKING:
    from subsync.fetch import HttpPolicy

F = TypeVar("F", bound=Callable[..., Any])
# Ids become file names: no folders, no hidden files.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def _comma_list(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _formats(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    formats = _comma_list(value)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or repr(value)}; choose from {', '.join(FORMATS)}"
        )
    return tuple(dict.fromkeys(formats))


_FORMATS_HELP = f"Comma list of output formats: {', '.join(FORMATS)}."

_CONVERSION_OPTIONS = [
    click.option(
        "--lang", default=None, help="Comma list of language codes to convert (default: all)."
    ),
    click.option(
        "--source",
        type=click.Choice(list(SOURCES)),
        default=None,
        help="Read every input as this kind instead of detecting it.",
    ),
    click.option("--speaker-labels", is_flag=True, help="Prefix SRT cues with 'Speaker: '."),
    click.option(
        "--time-unit",
        type=click.Choice(["auto", "s", "ms"]),
        default="auto",
        show_default=True,
        help="Unit of Resemble times; auto refuses times that look like milliseconds.",
    ),
    click.option(
        "--preset",
        type=click.Choice(list(PRESETS)),
        default="default",
        show_default=True,
        help="Layout and timing rules for the cues subsync lays out: "
        + "; ".join(f"{p.name}: {p.description}" for p in PRESETS.values()),
    ),
    click.option(
        "--max-line-width",
        type=click.IntRange(min=8),
        default=None,
        help="Characters per line (overrides the preset).",
    ),
    click.option(
        "--max-lines",
        type=click.IntRange(min=1),
        default=None,
        help="Lines per cue (overrides the preset).",
    ),
    click.option("-q", "--quiet", is_flag=True, help="Print no warnings and no progress bar."),
]


def conversion_options(command: F) -> F:
    """The options that shape a conversion, shared by ``convert`` and ``fetch``."""
    for option in reversed(_CONVERSION_OPTIONS):
        command = option(command)
    return command


def _request(formats: tuple[str, ...], options: dict[str, Any]) -> Request:
    layout = PRESETS[options["preset"]]
    overrides = {
        name: options[name] for name in ("max_line_width", "max_lines") if options[name] is not None
    }
    if overrides:
        layout = layout.with_changes(**overrides)
    return Request(
        formats=formats,
        languages=_comma_list(options["lang"]),
        source=options["source"],
        parse=ParseOptions(time_unit=cast(TimeUnit, options["time_unit"]), layout=layout),
        write=WriteOptions(speaker_labels=options["speaker_labels"]),
    )


class _Run:
    """One command's bookkeeping: what it wrote, what failed, and what it says."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.failed = 0
        self.written: dict[Path, str] = {}

    def say(self, kind: str, message: str) -> None:
        if kind == "error" or not self.quiet:
            click.echo(f"subsync: {kind}: {' '.join(message.split())}", err=True)

    def fail(self, error: SubsyncError) -> None:
        self.failed += 1
        self.say("error", str(error))

    def convert(self, data: bytes, name: str, request: Request, output_dir: str) -> None:
        """Convert one input and write its outputs (or print the one output for ``-``)."""
        result = convert(data, name, request)
        for notice in result.notices:
            self.say("warning", f"{name}: {notice.where}: {notice.message}")
        if output_dir == "-":
            _emit(result, name)
        else:
            self.save(result, name, Path(output_dir))

    def save(self, result: Converted, name: str, folder: Path) -> None:
        # Everything is encoded and checked before the first write, so a failing input
        # leaves no outputs at all.
        targets = [(folder / output.name, _encode(output, name)) for output in result.outputs]
        for path, _ in targets:
            if path in self.written:
                raise OutputError(
                    f"would overwrite {path}, written from {self.written[path]} in this run; "
                    "convert inputs with the same name into different folders",
                    input=name,
                )
        for path, data in targets:
            write_atomic(path, data)
            self.written[path] = name

    def finish(self, total: int, what: str) -> None:
        if total > 1 and self.failed:
            self.say("error", f"{self.failed} of {total} {what} failed; the others were done")
        sys.exit(1 if self.failed else 0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="subsync")
def main() -> None:
    """Subtitles from the timing data of ElevenLabs dubbing and Resemble AI clips."""


@main.command("convert")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--to", "formats", default="srt", show_default=True, callback=_formats, help=_FORMATS_HELP
)
@click.option(
    "-o",
    "--output-dir",
    default=".",
    show_default=True,
    metavar="DIR",
    help="Folder for the outputs, or - for standard output (one output only).",
)
@conversion_options
def convert_command(
    inputs: tuple[str, ...], formats: tuple[str, ...], output_dir: str, **options: Any
) -> None:
    """Convert saved JSON (ElevenLabs dubbing resources, Resemble clips, subsync JSON) into
    subtitles: OUTPUT_DIR/<input name>.<language>.<format>. INPUT may be - for stdin."""
    if output_dir == "-" and (len(inputs) > 1 or len(formats) > 1):
        raise click.UsageError("-o - writes one output: give one input and one format")
    request = _request(formats, options)
    run = _Run(options["quiet"])
    for path in inputs:
        name = STDIN if path == "-" else path
        try:
            run.convert(_read(path), name, request, output_dir)
        except SubsyncError as error:
            run.fail(error)
    run.finish(len(inputs), "inputs")


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


def _encode(output: Output, name: str) -> bytes:
    try:
        return output.text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise OutputError(
            f"{output.name} would hold a lone surrogate (U+{ord(exc.object[exc.start]):04X}), "
            "which UTF-8 cannot encode",
            input=name,
        ) from None


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
        "--to", "formats", default=None, callback=_formats, help="Also convert: " + _FORMATS_HELP
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
    click.option(
        "--connect-timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=10.0,
        show_default=True,
        help="Seconds to wait for a connection.",
    ),
    click.option(
        "--timeout",
        "read_timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=60.0,
        show_default=True,
        help="Seconds to wait for the server to answer.",
    ),
    click.option(
        "--retries",
        type=click.IntRange(0, 10),
        default=3,
        show_default=True,
        help="Retries on connection errors, timeouts, 408, 429 and 5xx (never other 4xx).",
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
@click.option(
    "--api-key",
    envvar="ELEVENLABS_API_KEY",
    show_envvar=True,
    metavar="KEY",
    help="ElevenLabs API key (sent as xi-api-key).",
)
@click.option(
    "--region",
    type=click.Choice(["default", "us", "eu", "in", "sg"]),
    default="default",
    show_default=True,
    help="Which ElevenLabs server: the default, or a data-residency one.",
)
@fetch_options
def fetch_elevenlabs(
    dubbing_ids: tuple[str, ...], api_key: str | None, region: str, **options: Any
) -> None:
    """Fetch dubbing resources (GET /v1/dubbing/resource/{dubbing_id}) as <id>.json."""
    from subsync.sources.elevenlabs import REGIONS, resource_request

    key = _key(api_key, "ELEVENLABS_API_KEY")
    base_url = options.pop("base_url") or REGIONS[region]
    ids = _ids(dubbing_ids)
    _fetch_all([resource_request(i, key, base_url) for i in ids], options)


@fetch.command("resemble")
@click.argument("project_uuid")
@click.argument("clip_uuids", nargs=-1, required=True, metavar="CLIP_UUID...")
@click.option(
    "--api-key",
    envvar="RESEMBLE_API_KEY",
    show_envvar=True,
    metavar="KEY",
    help="Resemble API key (sent as Authorization: Token token=KEY).",
)
@click.option(
    "--api-version",
    type=click.Choice(["v1", "v2"]),
    default="v1",
    show_default=True,
    help="v1 returns audio_timestamps; v2 wraps the clip in {success, item}.",
)
@fetch_options
def fetch_resemble(
    project_uuid: str,
    clip_uuids: tuple[str, ...],
    api_key: str | None,
    api_version: str,
    **options: Any,
) -> None:
    """Fetch Resemble clips (GET /api/v1/projects/{project}/clips/{clip}) as <clip>.json."""
    from subsync.sources.resemble import BASE_URL, clip_request

    key = _key(api_key, "RESEMBLE_API_KEY")
    base_url = options.pop("base_url") or BASE_URL
    ids = _ids(clip_uuids)
    _fetch_all([clip_request(project_uuid, c, key, base_url, api_version) for c in ids], options)


def _key(value: str | None, variable: str) -> Secret:
    if not value:
        raise click.UsageError(f"no API key: set {variable} or pass --api-key")
    return Secret(value)


def _ids(ids: tuple[str, ...]) -> list[str]:
    for value in ids:
        if not _ID.fullmatch(value) or ".." in value:
            raise click.BadParameter(
                f"{value!r} is not an id: expected letters, digits, '.', '-' or '_'",
                param_hint="ID",
            )
    return list(dict.fromkeys(ids))


def _fetch_all(requests: list[ApiRequest], options: dict[str, Any]) -> None:
    """Fetch every request concurrently, save each body as <id>.json, convert if asked."""
    from subsync.fetch import Client

    formats: tuple[str, ...] = options.pop("formats")
    output_dir: str | None = options.pop("output_dir")
    to_stdout = output_dir is None and len(requests) == 1 and not formats
    folder = Path(output_dir or ".")
    request = _request(formats, options)
    run = _Run(options["quiet"])
    with Client(_policy(options), jobs=options["jobs"]) as client:
        for api_request, result in _progress(client.fetch_all(requests), len(requests), run):
            try:
                if isinstance(result, SubsyncError):
                    raise result
                if to_stdout:
                    sys.stdout.buffer.write(result)
                    sys.stdout.flush()
                    continue
                saved = folder / f"{api_request.label}.json"
                write_atomic(saved, result)
                if formats:
                    run.convert(result, str(saved), request, str(folder))
            except SubsyncError as error:
                run.fail(error)
    run.finish(len(requests), "ids")


def _policy(options: dict[str, Any]) -> HttpPolicy:
    from subsync.fetch import HttpPolicy

    return HttpPolicy(
        connect_timeout=options["connect_timeout"],
        read_timeout=options["read_timeout"],
        retries=options["retries"],
    )


T = TypeVar("T")


def _progress(items: Iterable[T], total: int, run: _Run) -> Iterator[T]:
    """Items as they come, with a progress bar on a terminal only."""
    if run.quiet or total < 2 or not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(length=total, label="fetching", file=sys.stderr) as bar:
        for item in items:
            yield item
            bar.update(1)
