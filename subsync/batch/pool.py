"""Running a plan's jobs across processes, every outcome handed back in input order (so a run
reads the same at any ``--jobs``)."""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, wait

from subsync.batch.plan import Job, Outcome, run_job


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
    window: deque[Future[Outcome]] = deque()
    pool: Executor | None = None
    seen_job = False
    try:
        for item in plans:
            if cancel.is_set():
                return
            if isinstance(item, Outcome):
                window.append(_done(item))
            elif jobs > 1 and seen_job:
                pool = pool or _process_pool(jobs)
                window.append(pool.submit(run_job, item))
            else:
                window.append(_done(run_job(item)))
            seen_job = seen_job or isinstance(item, Job)
            while window and not cancel.is_set() and (window[0].done() or len(window) >= 4 * jobs):
                if (outcome := _result(window.popleft(), cancel)) is not None:
                    yield outcome
        while window and not cancel.is_set():
            if (outcome := _result(window.popleft(), cancel)) is not None:
                yield outcome
    finally:
        if pool is not None:
            if cancel.is_set():
                _stop_workers(pool)
            pool.shutdown(wait=not cancel.is_set(), cancel_futures=True)


def _result(future: Future[Outcome], cancel: threading.Event) -> Outcome | None:
    """The future's outcome, or None once ``cancel`` is set while waiting (checked a few
    times a second, so a signal handler that sets it is answered at once)."""
    while not cancel.is_set():
        done, _ = wait([future], timeout=0.2)
        if done:
            return future.result()
    return None


def _stop_workers(pool: Executor) -> None:
    """End the pool's workers on a cancel: their jobs are pure (the parent writes every
    output), so nothing is lost, and the exit does not wait for them."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()


def _done(outcome: Outcome) -> Future[Outcome]:
    future: Future[Outcome] = Future()
    future.set_result(outcome)
    return future


def _process_pool(jobs: int) -> Executor:
    # Imported on first use: multiprocessing costs start-up time a one-file run never needs.
    from concurrent.futures import ProcessPoolExecutor

    from subsync.batch.lifeline import init_worker

    return ProcessPoolExecutor(max_workers=jobs, initializer=init_worker, initargs=(os.getpid(),))
