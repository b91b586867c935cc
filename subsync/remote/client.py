"""The HTTP client: one pooled session, timeouts, retries with backoff, concurrent fetches.

Only this module imports requests, so converting saved files never pays for it.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import partial
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from subsync.errors import FetchError
from subsync.remote.failures import one_line
from subsync.remote.request import ApiRequest
from subsync.remote.retry import Retry
from subsync.remote.secrets import Secret

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Same-origin redirects are followed (an API may move a path); more hops than this are a loop.
_MAX_REDIRECTS = 5
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class HttpPolicy:
    """Timeouts and retry rules for every request."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5
    retry_after_cap: float = 60.0

    @property
    def retry(self) -> Retry:
        """The retry decision these settings make."""
        return Retry(self.retries, self.backoff, self.retry_after_cap)


class _Retry(Exception):
    """A failed attempt worth another try; ``retry_after`` is the server's header, if any."""

    def __init__(self, reason: str, retry_after: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class Client:
    """Fetches API responses over one pooled session; safe to share between threads."""

    def __init__(
        self,
        policy: HttpPolicy = HttpPolicy(),
        jobs: int = 4,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy
        self.jobs = max(1, jobs)
        self._sleep = sleep
        self._session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=self.jobs, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    def __repr__(self) -> str:
        return f"Client(policy={self.policy!r}, jobs={self.jobs})"

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, request: ApiRequest) -> bytes:
        """The body of a successful response, checked to be JSON, after up to
        ``policy.retries`` retries; any failure is a FetchError naming the id."""
        retry = self.policy.retry
        for attempt in range(retry.attempts):
            try:
                return self._attempt(request)
            except _Retry as failed:
                if retry.gives_up(attempt):
                    tries = f" (after {retry.attempts} attempts)" if retry.attempts > 1 else ""
                    raise self._error(request, failed.reason + tries) from None
                self._sleep(retry.wait(attempt, failed.retry_after))
        raise AssertionError("unreachable")

    def fetch_all(
        self, requests_: Sequence[ApiRequest], cancel: threading.Event | None = None
    ) -> Iterator[tuple[ApiRequest, bytes | FetchError]]:
        """Fetch many requests, ``jobs`` at a time, yielding each as it completes. Once
        ``cancel`` is set no request starts and nothing more is yielded."""
        cancel = cancel or threading.Event()
        if self.jobs == 1 or len(requests_) <= 1:
            for request in requests_:
                if cancel.is_set():
                    return
                yield request, self._fetch_or_error(request)
            return
        pool = ThreadPoolExecutor(max_workers=self.jobs)
        try:
            futures = {pool.submit(self._unless, cancel, r): r for r in requests_}
            for future in as_completed(futures):
                result = future.result()
                if cancel.is_set() or result is None:
                    return
                yield futures[future], result
        finally:
            pool.shutdown(wait=not cancel.is_set(), cancel_futures=True)

    def _unless(self, cancel: threading.Event, request: ApiRequest) -> bytes | FetchError | None:
        # A queued request checks the signal as it starts, so none starts after it.
        return None if cancel.is_set() else self._fetch_or_error(request)

    def _fetch_or_error(self, request: ApiRequest) -> bytes | FetchError:
        try:
            return self.fetch(request)
        except FetchError as error:
            return error

    def _attempt(self, request: ApiRequest) -> bytes:
        url = request.url
        for _ in range(_MAX_REDIRECTS + 1):
            response = self._get(request, url)
            if response.status_code not in _REDIRECT_STATUSES:
                return self._read(request, response)
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

    def _get(self, request: ApiRequest, url: str) -> requests.Response:
        timeout = (self.policy.connect_timeout, self.policy.read_timeout)
        try:
            # stream=True: the body is read below, so that its failures are told apart
            # from those of connecting and of waiting for the headers.
            response: requests.Response | None = self._session.get(
                url,
                headers=request.headers(),
                timeout=timeout,
                stream=True,
                allow_redirects=False,
            )
        except UnicodeError:
            # A header value (the key, say) outside Latin-1. The exception holds the whole
            # header, so it is dropped here and the error is raised outside this block,
            # with nothing chained to it.
            response = None
        except requests.exceptions.ConnectTimeout:
            raise _Retry(f"connecting to {_host(request.url)} timed out") from None
        except requests.exceptions.ReadTimeout:
            raise _Retry(f"no answer from {_host(request.url)} in time (read timeout)") from None
        except requests.exceptions.ChunkedEncodingError:
            raise _Retry("the response was cut off before its end") from None
        except requests.exceptions.ConnectionError:
            raise _Retry(f"cannot connect to {_host(request.url)}") from None
        except requests.exceptions.RequestException as exc:
            raise self._error(request, f"the request failed ({type(exc).__name__})") from None
        if response is None:
            raise self._error(
                request,
                "the request cannot be sent: a header has a character HTTP cannot carry "
                "(check the API key)",
            )
        return response

    def _read(self, request: ApiRequest, response: requests.Response) -> bytes:
        try:
            body = response.content
        except requests.exceptions.RequestException as exc:
            response.close()
            raise self._body_failure(request, exc) from None
        return self._check(request, response, body)

    def _check(self, request: ApiRequest, response: requests.Response, body: bytes) -> bytes:
        """``body`` if the response is a success, else the failure to raise or retry; the
        key is masked in the API's reason before anything shortens it."""
        key = request.key
        parsed = _json_or_text(body, key)
        status = response.status_code
        if 200 <= status < 300:
            if not isinstance(parsed, dict | list):
                raise self._error(request, "the API answered with a body that is not JSON")
            if _describe(request.refusal, parsed):
                refusal = _describe(request.refusal, _masked(parsed, key))
                raise self._error(request, f"HTTP {status}: {refusal}")
            return body
        masked = _masked(parsed, key)
        reason = join_status(
            status, _describe(partial(request.describe_failure, status), masked) or ""
        )
        if self.policy.retry.retries_status(status):
            raise _Retry(reason, response.headers.get("Retry-After"))
        raise self._error(request, reason)

    def _body_failure(self, request: ApiRequest, exc: Exception) -> _Retry | FetchError:
        """What went wrong while reading a body whose headers had arrived."""
        causes = _causes(exc)
        if any(isinstance(c, urllib3.exceptions.TimeoutError | TimeoutError) for c in causes):
            seconds = f"{self.policy.read_timeout:g}"
            return _Retry(f"timed out reading the response body after {seconds} s")
        if any(isinstance(c, http.client.IncompleteRead) for c in causes):
            return _Retry("the response was cut off before its end")
        if isinstance(
            exc, requests.exceptions.ConnectionError | requests.exceptions.ChunkedEncodingError
        ):
            return _Retry("the connection dropped while reading the body")
        return self._error(request, f"the response body could not be read ({type(exc).__name__})")

    @staticmethod
    def _error(request: ApiRequest, reason: str) -> FetchError:
        return FetchError(request.key.redact(reason), input=request.label)


def join_status(status: int, reason: str) -> str:
    """``HTTP <status>``, then the reason when there is one.

    >>> join_status(425, "not yet"), join_status(500, "")
    ('HTTP 425: not yet', 'HTTP 500')
    """
    return f"HTTP {status}: {reason}" if reason else f"HTTP {status}"


def _json_or_text(body: bytes, key: Secret) -> object:
    """The body parsed as JSON, or else as one line of text with the key masked (before
    the line is shortened, so that a key across the cut cannot show its first half)."""
    try:
        parsed: object = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return one_line(key.redact(body.decode("utf-8", "replace")))
    return parsed


def _masked(parsed: object, key: Secret) -> object:
    """Parsed JSON with the key masked in every string, names included, so that reasons
    read from it can be shortened safely; None if it is nested too deeply to walk."""
    try:
        return _mask(parsed, key)
    except RecursionError:
        return None


def _mask(value: object, key: Secret) -> object:
    if isinstance(value, str):
        return key.redact(value)
    if isinstance(value, list):
        return [_mask(item, key) for item in value]
    if isinstance(value, dict):
        return {_mask(name, key): _mask(item, key) for name, item in value.items()}
    return value


def _describe(read: Callable[[object], str | None], body: object) -> str | None:
    """A source's reading of an error body; a body of a shape it does not expect gives
    no reason rather than an exception that would stop every other fetch."""
    try:
        return read(body)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError):
        return None


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it wraps (as arguments, causes or contexts)."""
    found: list[BaseException] = []
    pending = [exc]
    while pending and len(found) < 20:
        current = pending.pop()
        if any(current is seen for seen in found):
            continue
        found.append(current)
        pending += [arg for arg in current.args if isinstance(arg, BaseException)]
        pending += [c for c in (current.__cause__, current.__context__) if c is not None]
    return found


def origin(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of a URL, the default port filled in: what "the same place" means.

    >>> origin("https://API.example.com/v1") == origin("https://api.example.com:443/x")
    True
    >>> origin("http://api.example.com/v1") == origin("https://api.example.com/v1")
    False
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme, -1)


def origin_label(url: str) -> str:
    """The origin of a URL for messages, without any ``user:password@`` it carries.

    >>> origin_label("http://user:pw@evil.example:8080/steal?k=1")
    'http://evil.example:8080'
    """
    scheme, host, port = origin(url)
    shown = f"[{host}]" if ":" in host else host
    if port != _DEFAULT_PORTS.get(scheme):
        shown += f":{port}"
    return f"{scheme}://{shown}"


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url
