"""The HTTP client: one pooled session, deadlines, retries with backoff, concurrent fetches.

Only subsync.remote imports requests, and only when a client is made, so converting saved files
never pays for it.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from urllib.parse import urljoin

import requests
import urllib3.exceptions

from subsync.errors import FetchError
from subsync.remote.body import ACCEPTED_ENCODINGS, BadEncoding, BodyTooLarge, read_limited
from subsync.remote.deadline import Watch, WatchedAdapter
from subsync.remote.environment import ca_bundle, proxies_for
from subsync.remote.origins import (
    host_label,
    mask_userinfo,
    origin,
    origin_label,
    without_userinfo,
)
from subsync.remote.replies import causes, describe, join_status, json_or_text, masked
from subsync.remote.request import ApiRequest
from subsync.remote.retry import Retry, RetryPolicy
from subsync.remote.workers import run_all

__all__ = ["Client", "HttpPolicy", "join_status", "origin", "origin_label"]

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Same-origin redirects are followed (an API may move a path); more hops than this are a loop.
_MAX_REDIRECTS = 5


@dataclass(frozen=True, slots=True)
class HttpPolicy:
    """Deadlines, limits and retry rules for every request.

    ``timeout`` bounds each whole request (connecting, the headers and the body);
    ``connect_timeout`` bounds connecting alone; ``total_timeout`` bounds one id, every
    retry and wait included; ``max_body_size`` bounds a body as sent and as decompressed.
    """

    connect_timeout: float = 10.0
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5
    retry_after_cap: float = 60.0
    total_timeout: float = 300.0
    max_body_size: int = 256 << 20

    @property
    def retry(self) -> RetryPolicy:
        """The retry decision these settings make."""
        return RetryPolicy(self.retries, self.backoff, self.retry_after_cap)


class Client:
    """Fetches API responses over one pooled session; safe to share between threads.

    ``cancel()`` (called on leaving a ``with`` block by Ctrl-C or a signal) starts no more
    requests and ends those in flight at once. ``cancel``, when given, is the signal it
    shares with the conversion pipeline: set by either side, no request starts after it.
    """

    def __init__(
        self,
        policy: HttpPolicy = HttpPolicy(),
        jobs: int = 4,
        sleep: Callable[[float], object] | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.policy = policy
        self.jobs = max(1, jobs)
        self._stop = cancel or threading.Event()
        self._sleep = sleep or self._stop.wait
        self._watches: set[Watch] = set()
        self._lock = threading.Lock()
        self._session = requests.Session()
        # No trust_env: it would read ~/.netrc (whose credentials replace or join the key);
        # proxies and a CA bundle are taken from the environment explicitly instead.
        self._session.trust_env = False
        adapter = WatchedAdapter(pool_connections=4, pool_maxsize=self.jobs, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    def __repr__(self) -> str:
        return f"Client(policy={self.policy!r}, jobs={self.jobs})"

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def cancel(self) -> None:
        """Start no more requests or retries, and end those in flight now."""
        self._stop.set()
        with self._lock:
            watches = list(self._watches)
        for watch in watches:
            watch.expire()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None and not issubclass(kind, Exception):
            # Ctrl-C, a signal, an exit: nothing more goes out, nothing keeps the exit waiting.
            self.cancel()
        self.close()

    def fetch(self, request: ApiRequest) -> bytes:
        """The body of a successful response, checked to be JSON, after up to
        ``policy.retries`` retries within ``policy.total_timeout``; any failure is a
        FetchError naming the id."""
        ends = time.monotonic() + self.policy.total_timeout
        retry = self.policy.retry
        attempts = retry.attempts
        for attempt in range(1, attempts + 1):
            self._check_running(request)
            seconds = min(self.policy.timeout, ends - time.monotonic())
            try:
                return self._attempt(request, seconds)
            except Retry as failed:
                tries = f" (after {attempt} attempts)" if attempt > 1 else ""
                if retry.gives_up(attempt - 1):
                    raise self._error(request, failed.reason + tries) from None
                delay = retry.wait(attempt - 1, failed.retry_after)
                if time.monotonic() + delay >= ends:
                    total = f"{self.policy.total_timeout:g}"
                    raise self._error(
                        request, f"{failed.reason}{tries}; no time left to retry in {total} s"
                    ) from None
                self._sleep(delay)
        raise AssertionError("unreachable")

    def fetch_all(
        self, requests_: Sequence[ApiRequest]
    ) -> Iterator[tuple[ApiRequest, bytes | FetchError]]:
        """Fetch many requests, ``jobs`` at a time, yielding each as it completes."""
        if self.jobs == 1 or len(requests_) <= 1:
            for request in requests_:
                yield request, self._fetch_or_error(request)
            return
        yield from run_all(requests_, self._fetch_or_error, self.jobs)

    def _fetch_or_error(self, request: ApiRequest) -> bytes | FetchError:
        try:
            return self.fetch(request)
        except FetchError as error:
            return error

    def _check_running(self, request: ApiRequest) -> None:
        if self._stop.is_set():
            raise self._error(request, "not fetched: interrupted")

    @contextmanager
    def _watching(self, seconds: float) -> Iterator[Watch]:
        watch = Watch(seconds)
        with self._lock:
            self._watches.add(watch)
        try:
            with watch.running():
                yield watch
        finally:
            with self._lock:
                self._watches.discard(watch)

    def _attempt(self, request: ApiRequest, seconds: float) -> bytes:
        with self._watching(seconds) as watch:
            if self._stop.is_set():
                watch.expire()
            try:
                return self._follow(request, watch)
            except Retry:
                self._check_running(request)
                raise

    def _follow(self, request: ApiRequest, watch: Watch) -> bytes:
        url = request.url
        for _ in range(_MAX_REDIRECTS + 1):
            response = self._get(request, url, watch)
            if response.status_code not in _REDIRECT_STATUSES:
                return self._read(request, response, watch)
            location = response.headers.get("Location")
            response.close()
            if not location:
                raise self._error(
                    request, f"HTTP {response.status_code}: a redirect with no target"
                )
            target = urljoin(url, location)
            if origin(target) != origin(request.url):
                # requests keeps custom headers (xi-api-key) across origins, so redirects are
                # followed here, and only where the key was meant to go.
                raise self._error(
                    request,
                    f"HTTP {response.status_code}: refused a redirect to another origin "
                    f"({origin_label(target)}); the API key is sent only to "
                    f"{origin_label(request.url)}",
                )
            url = target
        raise self._error(request, f"more than {_MAX_REDIRECTS} redirects")

    def _get(self, request: ApiRequest, url: str, watch: Watch) -> requests.Response:
        # The per-read timeout is the time left; the watch ends a request that trickles.
        left = max(0.001, watch.remaining())
        timeout = (min(self.policy.connect_timeout, left), left)
        headers = {**request.headers(), "Accept-Encoding": ACCEPTED_ENCODINGS}
        try:
            # stream=True: the body is read below, so that its failures are told apart
            # from those of connecting and of waiting for the headers.
            # Only the key subsync was given is sent: no user:password@ as Basic auth.
            response: requests.Response | None = self._session.get(
                without_userinfo(url),
                headers=headers,
                timeout=timeout,
                stream=True,
                allow_redirects=False,
                proxies=proxies_for(url),
                verify=ca_bundle(),
            )
        except UnicodeError:
            # A header value (the key, say) outside Latin-1. The exception holds the whole
            # header, so it is dropped here and the error is raised outside this block,
            # with nothing chained to it.
            response = None
        except requests.exceptions.RequestException as exc:
            raise self._request_failure(request, exc, watch) from None
        if response is None:
            raise self._error(
                request,
                "the request cannot be sent: a header has a character HTTP cannot carry "
                "(check the API key)",
            )
        return response

    def _request_failure(
        self, request: ApiRequest, exc: requests.exceptions.RequestException, watch: Watch
    ) -> Retry | FetchError:
        """What went wrong before the headers of a response had arrived."""
        host = host_label(request.url)
        if isinstance(exc, requests.exceptions.ConnectTimeout) and not watch.expired:
            return Retry(f"connecting to {host} timed out")
        # The time left is also the timeout of each read, so either way the deadline passed.
        if watch.expired or isinstance(exc, requests.exceptions.Timeout):
            return self._past_deadline(request, f"no answer from {host} within", watch)
        if isinstance(exc, requests.exceptions.ChunkedEncodingError):
            return Retry("the response was cut off before its end")
        if isinstance(exc, requests.exceptions.ConnectionError):
            return Retry(f"cannot connect to {host}")
        return self._error(request, f"the request failed ({type(exc).__name__})")

    def _read(self, request: ApiRequest, response: requests.Response, watch: Watch) -> bytes:
        headers = response.headers
        try:
            body = read_limited(
                response.raw,
                headers.get("Content-Encoding"),
                headers.get("Content-Length"),
                self.policy.max_body_size,
            )
        except BodyTooLarge as exc:
            raise self._error(request, f"{exc} (see --max-body-size)") from None
        except BadEncoding as exc:
            raise self._error(request, str(exc)) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise self._body_failure(request, exc, watch) from None
        finally:
            response.close()
        return self._check(request, response, body)

    def _check(self, request: ApiRequest, response: requests.Response, body: bytes) -> bytes:
        """``body`` if the response is a success, else the failure to raise or retry; the
        secrets are masked in the API's reason before anything shortens it."""
        redact = partial(self._redact, request)
        parsed = json_or_text(body, redact)
        status = response.status_code
        if 200 <= status < 300:
            if not isinstance(parsed, dict | list):
                raise self._error(request, "the API answered with a body that is not JSON")
            if describe(request.refusal, parsed):
                refusal = describe(request.refusal, masked(parsed, redact))
                raise self._error(request, f"HTTP {status}: {refusal}")
            return body
        reason = join_status(
            status,
            describe(partial(request.describe_failure, status), masked(parsed, redact)) or "",
        )
        if self.policy.retry.retries_status(status):
            raise Retry(reason, response.headers.get("Retry-After"))
        raise self._error(request, reason)

    def _past_deadline(self, request: ApiRequest, what: str, watch: Watch) -> Retry:
        self._check_running(request)
        return Retry(f"{what} {round(watch.seconds, 2):g} s")

    def _body_failure(
        self, request: ApiRequest, exc: Exception, watch: Watch
    ) -> Retry | FetchError:
        """What went wrong while reading a body whose headers had arrived."""
        found = causes(exc)
        if watch.expired or any(
            isinstance(c, urllib3.exceptions.TimeoutError | TimeoutError) for c in found
        ):
            return self._past_deadline(request, "the response body was not complete within", watch)
        if any(isinstance(c, http.client.IncompleteRead) for c in found):
            return Retry("the response was cut off before its end")
        if isinstance(exc, urllib3.exceptions.ProtocolError | OSError):
            return Retry("the connection dropped while reading the body")
        return self._error(request, f"the response body could not be read ({type(exc).__name__})")

    @staticmethod
    def _redact(request: ApiRequest, text: str) -> str:
        """``text`` with the key and any password of the URL masked."""
        return mask_userinfo(request.key.redact(text), request.url)

    @classmethod
    def _error(cls, request: ApiRequest, reason: str) -> FetchError:
        return FetchError(cls._redact(request, reason), input=request.label)
