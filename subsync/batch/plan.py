"""Many inputs at once: skip what the manifest vouches for, convert the rest across processes,
and hand every outcome back in input order (so a run reads the same at any ``--jobs``)."""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from subsync.convert import STDIN, Request, convert, encoded
from subsync.errors import OutputError, SubsyncError
from subsync.inputs import STDIN_ARG, Input
from subsync.manifest import Manifest, Stamp, sha256
from subsync.sources import Notice

Status = Literal["converted", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class Job:
    """One input to convert in a worker. ``data`` holds standard input (read by the parent);
    with ``check_in`` set, the worker compares the outputs with the files in that folder
    instead of returning their bytes."""

    input: Input
    request: Request
    data: bytes | None = None
    check_in: str | None = None


@dataclass(frozen=True, slots=True)
class Rendered:
    """One output: its path under the output folder (``a/x.en.srt``), its bytes (empty when
    checked in the worker), their hash, and whether the file there already holds them."""

    key: str
    data: bytes
    sha256: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
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


def read_input(path: str) -> bytes:
    """The bytes of an input file, or of standard input for ``-``."""
    try:
        return sys.stdin.buffer.read() if path == STDIN_ARG else Path(path).read_bytes()
    except OSError as exc:
        raise SubsyncError(f"cannot read: {exc.strerror}", input=path) from None


def run_job(job: Job) -> Outcome:
    """Convert one input (in a worker or in this process): pure but for reading the input
    and, when checking, the current outputs."""
    name = input_name(job.input)
    try:
        data = job.data if job.data is not None else read_input(job.input.path)
        converted = convert(data, name, job.request)
        outputs = tuple(
            _rendered(job, output_key(job.input.folder, o.name), encoded(o, name))
            for o in converted.outputs
        )
    except SubsyncError as error:
        return Outcome(job.input, "failed", error=error)
    return Outcome(job.input, "converted", outputs, converted.notices, None, sha256(data))


def output_key(folder: str, file_name: str) -> str:
    """An output's path under the output folder, as the manifest keys it.

    >>> output_key("a/b", "x.en.srt"), output_key("", "x.srt")
    ('a/b/x.en.srt', 'x.srt')
    """
    return str(PurePosixPath(folder, file_name)) if folder else file_name


def _rendered(job: Job, key: str, data: bytes) -> Rendered:
    digest = sha256(data)
    if job.check_in is None:
        return Rendered(key, data, digest)
    try:
        current = (Path(job.check_in) / key).read_bytes() == data
    except OSError:
        current = False
    return Rendered(key, b"", digest, current)


def plan(
    items: Iterable[Input | SubsyncError],
    request: Request,
    manifest: Manifest | None,
    stamp_options: str,
    version: str,
    check_in: str | None = None,
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
                yield Job(item, request, read_input(STDIN_ARG), check_in)
            except SubsyncError as error:
                yield Outcome(item, "failed", error=error)
            continue
        skipped = _skipped(item, manifest, stamp_options, version) if manifest else None
        yield skipped or Job(item, request, None, check_in)


def stamp_of(manifest: Manifest, item: Input, options: str, version: str) -> Stamp:
    """What the manifest checks an input's outputs against."""
    return Stamp(manifest.input_key(item.path), options, version)


def _skipped(item: Input, manifest: Manifest, options: str, version: str) -> Outcome | None:
    stamp = stamp_of(manifest, item, options, version)
    if not manifest.may_be_fresh(stamp, item.folder):
        return None
    try:
        digest = sha256(Path(item.path).read_bytes())
    except OSError:
        return None  # the worker reports it
    if not manifest.is_fresh(stamp, item.folder, digest):
        return None
    keys = manifest.outputs_of(stamp.input, item.folder)
    outputs = tuple(Rendered(k, b"", manifest.entries[k].sha256, True) for k in keys)
    return Outcome(item, "skipped", outputs, input_sha256=digest)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def outcomes(plans: Iterable[Job | Outcome], jobs: int) -> Iterator[Outcome]:
    """Every plan's outcome, in order. The first job runs in this process and a pool of
    ``jobs`` processes starts only for a second one, so that a run that converts one input
    (the usual incremental run) pays for no pool; at most ``4 * jobs`` outcomes wait at once,
    so memory does not grow with the number of inputs."""
    window: deque[Future[Outcome]] = deque()
    pool: Executor | None = None
    seen_job = False
    try:
        for item in plans:
            if isinstance(item, Outcome):
                window.append(_done(item))
            elif jobs > 1 and seen_job:
                pool = pool or _process_pool(jobs)
                window.append(pool.submit(run_job, item))
            else:
                window.append(_done(run_job(item)))
            seen_job = seen_job or isinstance(item, Job)
            while window and (window[0].done() or len(window) >= 4 * jobs):
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _done(outcome: Outcome) -> Future[Outcome]:
    future: Future[Outcome] = Future()
    future.set_result(outcome)
    return future


class Ledger:
    """The outputs written in this run and from which input, so that a second input with
    the same output name fails instead of overwriting the first one's."""

    def __init__(self) -> None:
        self.written: dict[Path, str] = {}
        self.inputs: set[Path] = set()

    def protect(self, paths: Iterable[str]) -> None:
        """Note input files of this run: no output may replace one (``x.json --to json -o
        .`` would otherwise overwrite its own input with subsync's JSON)."""
        self.inputs.update(_resolved(Path(p)) for p in paths if p != STDIN_ARG)

    def check(self, paths: Iterable[Path], name: str) -> None:
        """Raise if input ``name`` would overwrite an input of this run, or an output of
        another input of this run."""
        for path in paths:
            if _resolved(path) in self.inputs:
                raise OutputError(
                    f"would overwrite the input file {path} with an output; write the "
                    "outputs to another folder with -o (or name a language with --lang)",
                    input=name,
                )
            if path in self.written:
                raise OutputError(
                    f"would overwrite {path}, written from {self.written[path]} in this run; "
                    "convert inputs with the same name into different folders",
                    input=name,
                )

    def add(self, path: Path, name: str) -> None:
        """Note that ``path`` now holds an output of input ``name``."""
        self.written[path] = name


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _process_pool(jobs: int) -> Executor:
    # Imported on first use: multiprocessing costs start-up time a one-file run never needs.
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs)
