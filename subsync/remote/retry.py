"""The retry decision in one object, as urllib3's ``Retry``: which failures are worth another
try, how many tries, and how long to wait (backoff with jitter, or the server's Retry-After);
and the failed attempt the client raises to ask for it."""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

#: 408 and 429 ask to come back later; 5xx are the server's trouble. Other 4xx never heal.
RETRY_STATUSES = frozenset({408, 429})


class Retry(Exception):
    """A failed attempt worth another try; ``retry_after`` is the server's header, if any."""

    def __init__(self, reason: str, retry_after: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _jitter() -> float:
    return random.uniform(0.9, 1.1)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How a failed request is retried: ``retries`` more tries after the first, waiting
    ``backoff * 2**attempt`` seconds (with +-10% jitter, so parallel clients do not retry in
    step) or what the server's Retry-After says, never more than ``cap`` seconds.

    >>> retry = RetryPolicy(retries=2, backoff=0.5, cap=60.0)
    >>> retry.attempts, retry.retries_status(429), retry.retries_status(404)
    (3, True, False)
    >>> [retry.wait(n, None, jitter=lambda: 1.0) for n in range(3)]
    [0.5, 1.0, 2.0]
    >>> retry.wait(0, "120"), retry.wait(0, "7"), retry.wait(0, "soon", jitter=lambda: 1.0)
    (60.0, 7.0, 0.5)
    """

    retries: int = 3
    backoff: float = 0.5
    cap: float = 60.0

    @property
    def attempts(self) -> int:
        """Tries in all, the first included."""
        return self.retries + 1

    def retries_status(self, status: int) -> bool:
        """Whether a response with this status is worth another try.

        >>> [s for s in (400, 401, 404, 408, 425, 429, 500, 503) if RetryPolicy().retries_status(s)]
        [408, 429, 500, 503]
        """
        return status in RETRY_STATUSES or status >= 500

    def gives_up(self, attempt: int) -> bool:
        """Whether the try numbered ``attempt`` (from 0) was the last one allowed."""
        return attempt + 1 >= self.attempts

    def wait(
        self,
        attempt: int,
        retry_after: str | None,
        *,
        now: Callable[[], float] = time.time,
        jitter: Callable[[], float] = _jitter,
    ) -> float:
        """Seconds to wait before the try after ``attempt`` (from 0): the server's
        Retry-After header when it is valid, else exponential backoff; capped."""
        asked = seconds_until(retry_after, now=now)
        if asked is not None:
            return min(asked, self.cap)
        return min(self.cap, self.backoff * 2.0**attempt * jitter())


def seconds_until(retry_after: str | None, *, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), if valid.

    >>> seconds_until("7"), seconds_until("soon"), seconds_until(None)
    (7.0, None, None)
    >>> seconds_until("Thu, 01 Jan 1970 00:01:00 GMT", now=lambda: 30.0)
    30.0
    """
    if retry_after is None:
        return None
    try:
        return max(0.0, float(retry_after))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(retry_after)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())
