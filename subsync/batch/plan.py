"""The plan of a batch: for each input, skip what the manifest vouches for, or a job that
converts it (run in this process or in a pool) into an outcome."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Literal

from subsync.batch.convert import STDIN, Request, convert, encoded
from subsync.batch.digest import sha256
from subsync.batch.inputs import STDIN_ARG, Input
from subsync.batch.manifest import Manifest, Stamp
from subsync.batch.reading import DEFAULT_MAX_INPUT, read_input
from subsync.errors import SubsyncError, internal
from subsync.frozen import NamedTuple
from subsync.sources import Notice

Status = Literal["converted", "skipped", "failed"]


class Job(NamedTuple):
    """One input to convert in a worker. ``data`` holds standard input (read by the parent);
    with ``verify_in`` set, the worker compares the outputs with the files in that folder
    instead of returning their bytes."""

    input: Input
    request: Request
    data: bytes | None = None
    verify_in: str | None = None
    limit: int = DEFAULT_MAX_INPUT


class Rendered(NamedTuple):
    """One output: its path under the output folder (``a/x.en.srt``), its bytes (empty when
    checked in the worker), their hash, whether the file there already holds them (checked:
    or is ``missing``), or the error that kept this one output from being made."""

    key: str
    data: bytes
    sha256: str
    current: bool = False
    missing: bool = False
    error: SubsyncError | None = None


class Outcome(NamedTuple):
    """What became of one input; everything here pickles, to come back from a worker."""

    input: Input
    status: Status
    outputs: tuple[Rendered, ...] = ()
    notices: tuple[Notice, ...] = ()
    error: SubsyncError | None = None
    input_sha256: str = ""

    @property
    def name(self) -> str:
        """How messages name the input."""
        return input_name(self.input)


def input_name(item: Input) -> str:
    """How messages name an input: its path, or ``<stdin>``."""
    return STDIN if item.path == STDIN_ARG else item.path


def run_job(job: Job) -> Outcome:
    """Convert one input (in a worker or in this process): pure but for reading the input
    and, when checking, the current outputs."""
    name = input_name(job.input)
    try:
        data = job.data if job.data is not None else read_input(job.input.path, job.limit)
        converted = convert(data, name, job.request)
        outputs = tuple(
            _rendered(job, output_key(job.input.folder, o.name), encoded(o, name))
            if o.error is None
            else Rendered(output_key(job.input.folder, o.name), b"", "", error=o.error)
            for o in converted.outputs
        )
    except SubsyncError as error:
        return Outcome(job.input, "failed", error=error)
    except Exception as exc:  # a bug met with one input must never stop the others
        return Outcome(job.input, "failed", error=internal(exc, name))
    return Outcome(job.input, "converted", outputs, converted.notices, None, sha256(data))


def output_key(folder: str, file_name: str) -> str:
    """An output's path under the output folder, as the manifest keys it.

    >>> output_key("a/b", "x.en.srt"), output_key("", "x.srt")
    ('a/b/x.en.srt', 'x.srt')
    """
    return str(PurePosixPath(folder, file_name)) if folder else file_name


def _rendered(job: Job, key: str, data: bytes) -> Rendered:
    digest = sha256(data)
    if job.verify_in is None:
        return Rendered(key, data, digest)
    try:
        current = (Path(job.verify_in) / key).read_bytes() == data
    except FileNotFoundError:
        return Rendered(key, b"", digest, missing=True)
    except OSError:
        current = False
    return Rendered(key, b"", digest, current=current)


def plan(
    items: Iterable[Input | SubsyncError],
    request: Request,
    manifest: Manifest | None,
    stamp_options: str,
    version: str,
    verify_in: str | None = None,
    limit: int = DEFAULT_MAX_INPUT,
) -> Iterator[Job | Outcome]:
    """A job for every input that needs converting; an outcome for the others: skipped
    when the manifest vouches for every output (only hashing, no parsing), failed when the
    argument found nothing. Standard input is read here, since workers cannot."""
    for item in items:
        if isinstance(item, SubsyncError):
            yield Outcome(Input(item.input or ""), "failed", error=item)
            continue
        if item.path == STDIN_ARG:
            try:
                yield Job(item, request, read_input(STDIN_ARG, limit), verify_in, limit)
            except SubsyncError as error:
                yield Outcome(item, "failed", error=error)
            continue
        skipped = _skipped(item, manifest, stamp_options, version, limit) if manifest else None
        yield skipped or Job(item, request, None, verify_in, limit)


def stamp_of(manifest: Manifest, item: Input, options: str, version: str) -> Stamp:
    """What the manifest checks an input's outputs against."""
    return Stamp(manifest.input_key(item.path), options, version)


def _skipped(
    item: Input, manifest: Manifest, options: str, version: str, limit: int
) -> Outcome | None:
    # The outputs recorded under these options, looked up before the input's bytes are read,
    # so that a change of options costs no hashing.
    stamped = manifest.stamped(stamp_of(manifest, item, options, version), item.folder)
    if not stamped:
        return None
    try:
        digest = sha256(read_input(item.path, limit))
    except SubsyncError:
        return None  # the worker reports it
    if not manifest.is_fresh(stamped, digest):
        return None
    outputs = tuple(Rendered(key, b"", entry.sha256, current=True) for key, entry in stamped)
    return Outcome(item, "skipped", outputs, input_sha256=digest)
