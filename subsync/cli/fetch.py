"""``subsync fetch``: download timing data from an API, save it as JSON, optionally convert it."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from subsync import __version__
from subsync.batch.files import write_atomic
from subsync.batch.inputs import Input
from subsync.batch.pipeline import Pipeline, Target
from subsync.cli.config import ConfiguredCommand
from subsync.cli.console import Console, linter_for
from subsync.cli.fetch_options import (
    DEADLINE_OPTIONS,
    api_key_options,
    exit_on_signals,
    read_key,
)
from subsync.cli.forms import FORMATS_HELP, parse_formats
from subsync.cli.help import CONVERSION_SECTIONS, examples
from subsync.cli.options import (
    build_request,
    choice,
    negatable_conversion_options,
)
from subsync.cli.progress import Bar
from subsync.cli.stdout import write_stdout
from subsync.errors import SubsyncError
from subsync.remote.elevenlabs import REGIONS, resource_request
from subsync.remote.request import ApiRequest

if TYPE_CHECKING:
    from subsync.remote.client import HttpPolicy


F = TypeVar("F", bound=Callable[..., Any])
#: fetch's help: the conversion's sections, and one for the server.
FETCH_SECTIONS = {
    "Server": (
        "--api-key",
        "--api-key-file",
        "--region",
        "--api-version",
        "--base-url",
        "--connect-timeout",
        "--timeout",
        "--total-timeout",
        "--retries",
        "--max-body-size",
    ),
    **CONVERSION_SECTIONS,
}
# Ids become file names: no folders, no hidden files.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")

_FETCH_OPTIONS = [
    click.option(
        "--to",
        "formats",
        multiple=True,
        callback=parse_formats,
        help="Also convert: " + FORMATS_HELP + "  [default: save the JSON only]",
    ),
    click.option(
        "-o",
        "--output-dir",
        default=None,
        metavar="DIR",
        help="Folder for <id>.json (and converted files).  [default: standard output for "
        "one id without --to, else the current folder]",
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
    # Applied last, shown first: fetch's own options, then the conversion's, as in convert.
    command = negatable_conversion_options(command)
    for option in reversed(_FETCH_OPTIONS):
        command = option(command)
    return command


@click.group(
    epilog=examples(
        "subsync fetch elevenlabs DUBBING_ID --to srt,vtt -o captions",
        "subsync fetch resemble PROJECT_UUID CLIP_UUID --to srt -o captions",
        "subsync fetch elevenlabs DUBBING_ID > dub.json",
    )
)
def fetch() -> None:
    """Download timing data from an API, save it as JSON, and optionally convert it."""


@fetch.command(
    "elevenlabs",
    cls=ConfiguredCommand,
    config_table="fetch",
    sections=FETCH_SECTIONS,
    epilog=examples(
        "subsync fetch elevenlabs dub_8Kq2vN4xWz7TbR1m                 # the JSON on stdout",
        "subsync fetch elevenlabs ID1 ID2 ID3 --to srt,vtt -o captions",
        "subsync fetch elevenlabs ID --region eu --to vtt --lang es -o -",
        "subsync fetch elevenlabs ID --api-key-file ~/.elevenlabs-key -o raw",
    ),
)
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
    key = read_key(api_key, api_key_file, "ELEVENLABS_API_KEY")
    base_url = options.pop("base_url") or REGIONS[region]
    ids = _ids(dubbing_ids)
    _fetch_all([resource_request(i, key, base_url) for i in ids], options)


@fetch.command(
    "resemble",
    cls=ConfiguredCommand,
    config_table="fetch",
    sections=FETCH_SECTIONS,
    epilog=examples(
        "subsync fetch resemble PROJECT_UUID CLIP_UUID                 # the JSON on stdout",
        "subsync fetch resemble PROJECT_UUID CLIP1 CLIP2 --to srt -o captions",
        "subsync fetch resemble PROJECT_UUID CLIP --api-version v2 --to vtt -o -",
        'echo "$KEY" | subsync fetch resemble PROJECT CLIP --api-key-file - -o raw',
    ),
)
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
    from subsync.remote.resemble import BASE_URL, clip_request

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
    """Fetch every request concurrently and save each body as <id>.json; with --to, each
    saved body goes through the conversion pipeline as it lands (the manifest included, so
    a later ``convert`` of the saved files with the same options skips them)."""
    from subsync.remote.client import Client

    formats: tuple[str, ...] = options.pop("formats")
    output_dir: str | None = options.pop("output_dir")
    if output_dir == "-" and len(requests) > 1:
        raise click.UsageError("-o - writes one output: give one id")
    # One id without -o prints its JSON; -o - prints it, or with --to its one conversion.
    to_stdout = output_dir == "-" or (output_dir is None and len(requests) == 1 and not formats)
    folder = Path(output_dir or ".")
    console = _FetchConsole(quiet=options["quiet"])
    pipeline = Pipeline(
        build_request(formats, options),
        Target(None if to_stdout else folder),
        console,
        linter=linter_for(options),
        version=__version__,
        keep_results=False,
        keep_warnings=False,
    )
    policy = _policy(options)
    # One cancel signal: Ctrl-C cancels the client (no request starts, those in flight end)
    # and the pipeline (no conversion starts) at once.
    client = Client(policy, jobs=options["jobs"], cancel=pipeline.cancel)
    with exit_on_signals(), client:
        for api_request, result in _progress(client.fetch_all(requests), len(requests), console):
            try:
                if isinstance(result, SubsyncError):
                    raise result
                _land(api_request.label, result, pipeline, formats=formats)
            except SubsyncError as error:
                console.fail(error)
    pipeline.finish()
    _finish(console, pipeline, len(requests))


class _FetchConsole(Console):
    """The fetch command's voice: its progress bar counts ids fetched, so the conversions
    of the pipeline leave it alone."""

    def progressed(self, counts: dict[str, int]) -> None:
        del counts


def _land(label: str, body: bytes, pipeline: Pipeline, *, formats: tuple[str, ...]) -> None:
    """Print or save one fetched body, and convert it when asked."""
    folder = pipeline.target.folder
    if folder is None:
        if formats:
            pipeline.run(pipeline.plan_bytes(f"{label}.json", body), 1)
        else:
            write_stdout(body)
        return
    saved = folder / f"{label}.json"
    pipeline.ledger.refuse_outside(folder, [saved], label)
    pipeline.ledger.refuse_overwrites(folder, [saved.name], label)
    write_atomic(saved, body)
    pipeline.ledger.protect([str(saved)])
    if formats:
        pipeline.run(pipeline.plan([Input(str(saved))]), 1)


def _finish(console: Console, pipeline: Pipeline, total: int) -> NoReturn:
    if total > 1 and console.failed:
        console.say("error", f"{console.failed} of {total} ids failed; the others were done")
    lint_failed = console.lint_failed(pipeline.linter)
    sys.exit(1 if console.failed or lint_failed else 0)


def _policy(options: dict[str, Any]) -> HttpPolicy:
    from subsync.remote.client import HttpPolicy

    return HttpPolicy(
        connect_timeout=options["connect_timeout"],
        timeout=options["timeout"],
        retries=options["retries"],
        total_timeout=options["total_timeout"],
        max_body_size=options["max_body_size"],
    )


T = TypeVar("T")


def _progress(items: Iterable[T], total: int, run: Console) -> Iterator[T]:
    """Items as they come, with a progress bar on a terminal only (cleared for messages)."""
    if run.quiet or total < 2 or not sys.stderr.isatty():
        yield from items
        return
    run.bar = Bar("fetching", total)
    for done, item in enumerate(items, 1):
        yield item
        run.bar.update({"fetched": done - run.failed, "failed": run.failed})
    run.bar.clear()
