"""The Python API: read JSON into the model, lay out, place on a timeline, check, render,
save, fetch by id."""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from subsync.batch.files import write_atomic
from subsync.errors import InputError, OutputError, SubsyncError
from subsync.layout.cues import DEFAULT_LAYOUT, Layout
from subsync.layout.relayout import relayout_cues
from subsync.model import Document
from subsync.remote.request import ApiRequest
from subsync.remote.secrets import Secret
from subsync.sources import Parsed, ParseOptions, read, read_raw
from subsync.timeline import Timeline, frame_rate
from subsync.writers import FORMATS, WriteOptions

if TYPE_CHECKING:
    from subsync.batch.collect import BatchResult
    from subsync.lint import Violation
    from subsync.remote.client import HttpPolicy


def parse(
    data: bytes | str | Mapping[str, object],
    *,
    name: str = "<memory>",
    source: str | None = None,
    options: ParseOptions | None = None,
) -> Parsed:
    """Read JSON (bytes, text, or an already-parsed dict) into documents; no I/O.

    ``name`` is how errors and warnings name the input; ``source`` forces a kind
    (see ``SOURCES``), otherwise it is detected from the shape.

    >>> parsed = parse({"graph_chars": list("Hi."), "graph_times": [[0, 0.1]] * 3})
    >>> [cue.lines for cue in parsed.documents[0].cues]
    [('Hi.',)]
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if isinstance(data, bytes):
        return read(data, name, source, options)
    return read_raw(data, name, source, options)


def load(
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    options: ParseOptions | None = None,
) -> Parsed:
    """Read a saved JSON file; errors name the path."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", input=str(path)) from None
    return read(data, str(path), source, options)


def render(document: Document, format: str, options: WriteOptions | None = None) -> str:
    """The document as text in a registered format (``srt``, ``vtt``, ``json``); no I/O.

    >>> from subsync.model import Cue
    >>> doc = Document("example", "en", (Cue(0, 1_500_000, ("Fish & chips",)),))
    >>> print(render(doc, "vtt"))
    WEBVTT
    <BLANKLINE>
    00:00:00.000 --> 00:00:01.500
    Fish &amp; chips
    <BLANKLINE>
    """
    try:
        writer = FORMATS[format]
    except KeyError:
        known = ", ".join(FORMATS)
        raise OutputError(f"unknown format {format!r}; choose from {known}") from None
    return writer.write(document, options or WriteOptions())


def relayout(document: Document, layout: Layout = DEFAULT_LAYOUT) -> Document:
    """Rebuild the cues that have timed words under another layout; cues without words
    (ElevenLabs subtitle frames, kept as edited) stay as they are."""
    cues = relayout_cues(document.cues, layout, untimed="keep")
    return dataclasses.replace(document, cues=tuple(cues))


def check(
    document: Document, layout: Layout = DEFAULT_LAYOUT, fps: str | None = None
) -> list[Violation]:
    """What ``subsync lint`` reports for the document: each broken rule of the layout, by
    cue; ``fps`` (a name of ``timeline.FRAME_RATES``, such as ``"25"``) counts gaps in frames.
    No I/O.

    >>> from subsync.model import Cue
    >>> doc = Document("example", "en", (Cue(0, 400_000, ("Hi",)), Cue(400_000, 900_000, ("Yo",))))
    >>> [(v.cue, v.rule) for v in check(doc)]
    [(1, 'too-short'), (2, 'gap-below-minimum'), (2, 'too-short')]
    """
    # The rules load on first use, keeping them out of the start-up of every command.
    from subsync.lint import check as check_rules

    rate = float(frame_rate(fps).fps) if fps is not None else None
    return check_rules(document, layout, rate)


def convert_files(
    inputs: Sequence[str | os.PathLike[str]],
    output_dir: str | os.PathLike[str],
    formats: Sequence[str] = ("srt",),
    *,
    languages: Sequence[str] = (),
    source: str | None = None,
    options: ParseOptions | None = None,
    write_options: WriteOptions | None = None,
    timeline: Timeline | None = None,
    force: bool = False,
    verify: bool = False,
    jobs: int = 1,
    lint: Layout | None = None,
    cancel: threading.Event | None = None,
) -> BatchResult:
    """Convert files, folders or glob patterns into ``output_dir`` as ``subsync convert``
    does: the same pipeline, the same manifest (unchanged inputs are skipped), the same
    outputs, with warnings and failures kept per input instead of printed. ``lint`` checks
    every output under that layout; ``cancel`` stops the run between inputs."""
    from subsync import __version__
    from subsync.batch.collect import BatchResult, Collector
    from subsync.batch.convert import Request
    from subsync.batch.inputs import Found, expand
    from subsync.batch.pipeline import Pipeline, Target

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise SubsyncError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    request = Request(
        tuple(formats),
        tuple(languages),
        source,
        options or ParseOptions(),
        write_options or WriteOptions(),
        timeline or Timeline(),
    )
    linter = None
    if lint is not None:
        from subsync.lint import Linter

        linter = Linter(lint, float(timeline.rate.fps) if timeline and timeline.rate else None)
    collected = Collector()
    folder = Path(output_dir)
    target = Target(folder, verify=verify, force=force)
    pipeline = Pipeline(
        request, target, collected, linter=linter, version=__version__, cancel=cancel
    )
    paths = [os.fspath(p) for p in inputs]
    found = expand(paths, str(folder), pipeline.manifest_outputs(), scratch=pipeline.scratch)
    items = Found(found, pipeline.scratch)
    pipeline.run(pipeline.plan(items), jobs)
    report = pipeline.finish()
    return BatchResult(tuple(pipeline.results), tuple(collected.violations), report)


def save(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write text (as UTF-8, no BOM) or bytes to ``path`` atomically: a crash never leaves
    half a file."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    write_atomic(Path(path), data)


def fetch_elevenlabs(
    dubbing_id: str,
    *,
    api_key: str | None = None,
    region: str = "default",
    base_url: str | None = None,
    policy: HttpPolicy | None = None,
) -> bytes:
    """The raw JSON of a dubbing resource; the key defaults to ``ELEVENLABS_API_KEY``."""
    from subsync.remote.elevenlabs import REGIONS, resource_request

    if base_url is None and region not in REGIONS:
        raise SubsyncError(f"unknown region {region!r}; choose from {', '.join(REGIONS)}")
    key = _key(api_key, "ELEVENLABS_API_KEY")
    return _fetch(resource_request(dubbing_id, key, base_url or REGIONS[region]), policy)


def fetch_resemble(
    project_uuid: str,
    clip_uuid: str,
    *,
    api_key: str | None = None,
    api_version: str = "v1",
    base_url: str | None = None,
    policy: HttpPolicy | None = None,
) -> bytes:
    """The raw JSON of a Resemble clip; the key defaults to ``RESEMBLE_API_KEY``."""
    from subsync.remote.resemble import BASE_URL, clip_request

    if api_version not in ("v1", "v2"):
        raise SubsyncError(f"unknown API version {api_version!r}; choose v1 or v2")
    key = _key(api_key, "RESEMBLE_API_KEY")
    request = clip_request(project_uuid, clip_uuid, key, base_url or BASE_URL, api_version)
    return _fetch(request, policy)


def _key(value: str | None, variable: str) -> Secret:
    value = value or os.environ.get(variable)
    if not value:
        raise SubsyncError(f"no API key: pass api_key= or set {variable}")
    return Secret(value)


def _fetch(request: ApiRequest, policy: HttpPolicy | None) -> bytes:
    # Imported here so that importing subsync never loads requests.
    from subsync.remote.client import Client, HttpPolicy

    with Client(policy or HttpPolicy(), jobs=1) as client:
        return client.fetch(request)
