"""One API request, described without I/O: what to ask for and how to read its failures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from subsync.errors import InputError
from subsync.remote.secrets import Secret


@dataclass(frozen=True, slots=True)
class ApiRequest:
    """One GET to an API: what to ask for and how to read its failures (no I/O here).

    ``describe_failure(status, body)`` turns an error response into the API's own reason;
    ``refusal(body)`` finds a failure inside a 200 response (None when there is none).
    """

    label: str
    url: str
    auth_header: str
    auth_prefix: str
    key: Secret
    describe_failure: Callable[[int, object], str]
    refusal: Callable[[object], str | None]

    def headers(self) -> dict[str, str]:
        """The request headers, key included: for the HTTP client only, never to print."""
        return {
            self.auth_header: self.auth_prefix + self.key.reveal(),
            "Accept": "application/json",
        }


def no_refusal(body: object) -> str | None:
    """For APIs whose 200 responses are always what was asked for."""
    del body
    return None


def segment(value: str, what: str) -> str:
    """``value`` as one segment of a URL path: quoted, so that ``/``, ``?`` and ``#`` stay
    inside it; empty or dots only refused, since the client would resolve ``..`` and ask
    for another path.

    >>> segment("a/b?c", "clip id")
    'a%2Fb%3Fc'
    >>> segment("..", "project")
    Traceback (most recent call last):
    ...
    subsync.errors.InputError: ..: not a project: empty or dots only, it would change the path
    """
    if not value.strip("."):
        raise InputError(f"not a {what}: empty or dots only, it would change the path", input=value)
    return quote(value, safe="")
