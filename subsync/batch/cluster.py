"""Running a plan's jobs on a Dask cluster: this process reads each input and ships its bytes,
the workers run the same pure conversion (``run_job``), and the outcomes come back in input
order, as from the local pool, to be written and recorded here."""

from __future__ import annotations

import dataclasses
import importlib
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from subsync.batch.plan import Job, Outcome, input_name, run_job
from subsync.batch.pool import outcomes
from subsync.batch.reading import read_input
from subsync.errors import SubsyncError

# Dask's objects, typed loosely: Dask is optional and only partly typed.
Client = Any
Future = Any

#: ``--cluster local:N`` starts a cluster of N worker processes on this machine.
LOCAL = "local:"
# How long to wait for a scheduler to answer before giving up on it.
_CONNECT_SECONDS = 10


class ClusterError(SubsyncError):
    """The cluster cannot be used: Dask missing, no scheduler, or workers that differ."""


def outcomes_on(
    plans: Iterable[Job | Outcome],
    address: str | None,
    version: str,
    cancel: threading.Event | None = None,
    *,
    jobs: int = 1,
) -> Iterator[Outcome]:
    """Every plan's outcome, in order, the jobs run on the Dask cluster at ``address``
    (``tcp://host:8786``, ``tls://...``, or ``local:N``), or without one (None) ``jobs``
    processes at a time here. At most ``4`` jobs per worker thread wait at once, so the
    memory of this process does not grow with the number of inputs."""
    if address is None:
        yield from outcomes(plans, jobs, cancel)
        return
    cancel = cancel or threading.Event()
    with connect(address) as client:
        check_versions(client, version)
        threads = sum(client.nthreads().values())
        window: deque[_Pending] = deque()
        for item in plans:
            if cancel.is_set():
                return
            window.append(_Pending(item) if isinstance(item, Outcome) else _submit(client, item))
            while (
                window and not cancel.is_set() and (window[0].ready() or len(window) > 4 * threads)
            ):
                yield window.popleft().outcome()
        while window and not cancel.is_set():
            yield window.popleft().outcome()


def connect(address: str) -> AbstractContextManager[Client]:
    """A client of the scheduler at ``address``, or of a new local cluster for ``local:N``."""
    try:
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise ClusterError(
            "--cluster needs Dask: pip install 'subsync[dask]' (on every worker too)"
        ) from None
    workers = local_workers(address)
    try:
        if workers:
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            return _Owned(distributed.Client(cluster), cluster)
        client: AbstractContextManager[Client] = distributed.Client(
            address, timeout=_CONNECT_SECONDS
        )
        return client
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def local_workers(address: str) -> int:
    """The worker count of ``local:N`` (0 for a scheduler's address).

    >>> local_workers("local:2"), local_workers("tcp://10.0.0.5:8786")
    (2, 0)
    """
    if not address.startswith(LOCAL):
        return 0
    count = address[len(LOCAL) :]
    if not count.isdigit() or not 1 <= int(count) <= 512:
        raise ClusterError(f"--cluster {address}: expected local:N with N from 1 to 512")
    return int(count)


class _Owned:
    """A client and the local cluster it owns: closing one closes both."""

    def __init__(self, client: Client, cluster: Any) -> None:
        self.client, self.cluster = client, cluster

    def __enter__(self) -> Client:
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.cluster.close()


def check_versions(client: Client, version: str) -> None:
    """Refuse a cluster with no workers, or one whose workers run another subsync (an
    output would depend on the worker it was made on)."""
    found = client.run(worker_version, on_error="return")
    if not found:
        raise ClusterError("the Dask cluster has no workers")
    differ = {worker: v for worker, v in found.items() if v != version}
    if differ:
        worker, seen = sorted(differ.items())[0]
        what = f"subsync {seen}" if isinstance(seen, str) else f"no usable subsync ({seen!r})"
        raise ClusterError(
            f"Dask worker {worker} has {what}, this is subsync {version}: every worker must "
            f"run the same subsync ({len(differ)} of {len(found)} differ)"
        )


@dataclasses.dataclass(frozen=True, slots=True)
class _Pending:
    """A plan's outcome, known (skipped, unreadable) or to come from a worker; with
    ``verify_in`` the worker sends the outputs' bytes and they are compared here."""

    done: Outcome | None = None
    job: Job | None = None
    future: Future | None = None

    def ready(self) -> bool:
        return self.future is None or bool(self.future.done())

    def outcome(self) -> Outcome:
        if self.done is not None:
            return self.done
        assert self.job is not None and self.future is not None
        try:
            outcome = self.future.result()
        except Exception as exc:  # a worker died or lost the task: this input fails
            error = SubsyncError(
                f"the Dask worker converting it failed: {type(exc).__name__}: {exc}",
                input=input_name(self.job.input),
            )
            return Outcome(self.job.input, "failed", error=error)
        assert isinstance(outcome, Outcome)
        folder = self.job.verify_in
        return outcome if folder is None or outcome.error else checked_in(outcome, folder)


def worker_version() -> str:
    """The subsync version of the process this runs in (run on each worker)."""
    from subsync import __version__

    return __version__


def _submit(client: Client, job: Job) -> _Pending:
    """Ship the input's bytes (read here: the workers need not see this machine's files)."""
    try:
        data = job.data if job.data is not None else read_input(job.input.path, job.limit)
    except SubsyncError as error:
        return _Pending(Outcome(job.input, "failed", error=error))
    shipped = job._replace(data=data, verify_in=None)
    return _Pending(None, job, client.submit(run_job, shipped, pure=False))


def checked_in(outcome: Outcome, folder: str) -> Outcome:
    """An outcome of a check: each output compared with the file in ``folder``."""
    outputs = []
    for rendered in outcome.outputs:
        try:
            current = (Path(folder) / rendered.key).read_bytes() == rendered.data
        except OSError:
            current = False
        outputs.append(rendered._replace(data=b"", current=current))
    return outcome._replace(outputs=tuple(outputs))
