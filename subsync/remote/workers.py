"""Daemon worker threads for concurrent fetches: threads left in a call never hold the exit."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Sequence
from typing import TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")


def run_all(
    items: Sequence[T], work: Callable[[T], R], jobs: int
) -> Generator[tuple[T, R], None, None]:
    """``work`` over ``items``, ``jobs`` at a time, each result as it comes.

    Once the caller stops listening, no item starts; a thread still in ``work`` is left
    to end on its own (a daemon: a process exiting on Ctrl-C does not wait for a connect
    to time out). An exception in ``work`` is raised here, in the caller's thread.

    >>> sorted(run_all([3, 1, 2], lambda n: n * 10, jobs=2))
    [(1, 10), (2, 20), (3, 30)]
    """
    pending: queue.SimpleQueue[T] = queue.SimpleQueue()
    for item in items:
        pending.put(item)
    # (item, result, None) or (item, None, the exception work raised)
    results: queue.SimpleQueue[tuple[T, R | None, BaseException | None]] = queue.SimpleQueue()
    abandoned = threading.Event()

    def worker() -> None:
        while not abandoned.is_set():
            try:
                item = pending.get_nowait()
            except queue.Empty:
                return
            try:
                results.put((item, work(item), None))
            except BaseException as exc:
                # Raised again by the caller, as a future's result() would.
                results.put((item, None, exc))

    for number in range(min(jobs, len(items))):
        name = f"subsync-worker-{number}"
        threading.Thread(target=worker, name=name, daemon=True).start()
    try:
        for _ in items:
            item, result, error = results.get()
            if error is not None:
                raise error
            yield item, cast(R, result)
    finally:
        abandoned.set()
