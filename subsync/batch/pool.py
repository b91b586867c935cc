"""Running a plan's jobs across processes, every outcome handed back in input order (so a run
reads the same at any ``--jobs``)."""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from subsync.batch.plan import Job, Outcome, input_name, run_job
from subsync.errors import REPORT_HINT, InternalError, internal

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

# concurrent.futures (and the logging it loads, ~4 ms) is imported only when a pool is
# made: a run that converts one input runs it here. Its BrokenExecutor is caught, not the
# subclass BrokenProcessPool, which would load multiprocessing too; every pool here is a
# process pool.


class _Ready:
    """An outcome known here (planned, or converted in this process): a future's
    ``done``/``result`` without concurrent.futures."""

    __slots__ = ("outcome",)

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome

    def done(self) -> bool:
        return True


# What a job's entry in the window holds: its job (None for a planned outcome) and future.
_Entry = tuple[Job | None, "Future[Outcome] | _Ready"]


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def outcomes(
    plans: Iterable[Job | Outcome], jobs: int, cancel: threading.Event | None = None
) -> Iterator[Outcome]:
    """Every plan's outcome, in order. The first job runs in this process and a pool of
    ``jobs`` processes starts only for a second one, so that a run that converts one input
    (the usual incremental run) pays for no pool; at most ``4 * jobs`` outcomes wait at once,
    so memory does not grow with the number of inputs. Once ``cancel`` is set no job starts
    and the outcomes stop (jobs already running in the pool are let finish, not waited for)."""
    cancel = cancel or threading.Event()
    window: deque[_Entry] = deque()
    pools = _Pools(jobs)
    seen_job = False
    try:
        for item in plans:
            if cancel.is_set():
                return
            if isinstance(item, Outcome):
                window.append((None, _Ready(item)))
            elif jobs > 1 and seen_job:
                window.append((item, pools.submit(item)))
            else:
                window.append((item, _Ready(run_job(item))))
            seen_job = seen_job or isinstance(item, Job)
            while (
                window and not cancel.is_set() and (window[0][1].done() or len(window) >= 4 * jobs)
            ):
                if (outcome := pools.result(*window.popleft(), cancel)) is not None:
                    yield outcome
        while window and not cancel.is_set():
            if (outcome := pools.result(*window.popleft(), cancel)) is not None:
                yield outcome
    finally:
        pools.shutdown(wait=not cancel.is_set())


class _Pools:
    """The worker pool, made on first use and made again when a worker dies (killed by the
    out-of-memory killer, say): then every job the dead pool held is run again alone, so
    that only the input that kills its worker fails."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: Executor | None = None

    def submit(self, job: Job) -> Future[Outcome]:
        from concurrent.futures import BrokenExecutor

        self.pool = self.pool or _process_pool(self.jobs)
        try:
            return self.pool.submit(run_job, job)
        except BrokenExecutor:
            self._drop()
            return self.submit(job)

    def result(
        self, job: Job | None, future: Future[Outcome] | _Ready, cancel: threading.Event
    ) -> Outcome | None:
        """The job's outcome; None once ``cancel`` is set while waiting (checked a few times
        a second, so that a signal handler that sets it is answered at once)."""
        if isinstance(future, _Ready):
            return future.outcome
        from concurrent.futures import BrokenExecutor, wait  # loaded with the pool

        while not wait([future], timeout=0.2).done:
            if cancel.is_set():
                return None
        try:
            return future.result()
        except BrokenExecutor:
            self._drop()
        except Exception as exc:  # an outcome that cannot come back (pickling, say)
            assert job is not None  # planned outcomes are done futures that never raise
            return Outcome(job.input, "failed", error=internal(exc, input_name(job.input)))
        assert job is not None
        return _alone(job)

    def _drop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None

    def shutdown(self, *, wait: bool) -> None:
        if self.pool is not None:
            if not wait:
                # A cancel: the jobs are pure (the parent writes every output), so their
                # workers are ended rather than waited for.
                for process in list(getattr(self.pool, "_processes", {}).values()):
                    process.kill()
            self.pool.shutdown(wait=wait, cancel_futures=True)


def _alone(job: Job) -> Outcome:
    """Run again a job whose worker died, in a pool of its own: its outcome, or its failure
    if this worker dies too."""
    from concurrent.futures import BrokenExecutor  # loaded with the pool

    pool = _process_pool(1)
    try:
        return pool.submit(run_job, job).result()
    except BrokenExecutor:
        message = (
            "the worker process converting this input died (killed by a signal, perhaps "
            f"for lack of memory; try --jobs 1 or a smaller input); if not, {REPORT_HINT}"
        )
        return Outcome(
            job.input, "failed", error=InternalError(message, input=input_name(job.input))
        )
    finally:
        pool.shutdown(wait=True)


def _process_pool(jobs: int) -> Executor:
    # Imported on first use: multiprocessing costs start-up time a one-file run never needs.
    from concurrent.futures import ProcessPoolExecutor

    from subsync.batch.lifeline import init_worker

    return ProcessPoolExecutor(max_workers=jobs, initializer=init_worker, initargs=(os.getpid(),))
