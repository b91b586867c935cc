"""When an attempt is worth another, and how long to wait before it."""

from __future__ import annotations

import random

# 408 and 429 ask to come back later; 5xx are the server's trouble. Other 4xx never heal.
_RETRY_STATUSES = frozenset({408, 429})


class Retry(Exception):
    """A failed attempt worth another try, after ``delay`` seconds if the server said so."""

    def __init__(self, reason: str, delay: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delay = delay


def retried(status: int) -> bool:
    """Whether a response of this status is worth another attempt.

    >>> [s for s in (400, 401, 404, 408, 425, 429, 500, 503) if retried(s)]
    [408, 429, 500, 503]
    """
    return status in _RETRY_STATUSES or status >= 500


def backoff(attempt: int, base: float, cap: float, server_delay: float | None) -> float:
    """Seconds to wait after failed attempt ``attempt`` (0 first): what the server asked
    for, else exponential backoff from ``base``; never more than ``cap``."""
    if server_delay is not None:
        return min(server_delay, cap)
    # Jitter, so that parallel clients do not retry in step.
    return min(cap, base * 2.0**attempt * random.uniform(0.9, 1.1))
