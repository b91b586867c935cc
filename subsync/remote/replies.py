"""Reading an API's reply for messages: its JSON or text, the key masked."""

from __future__ import annotations

import json
from collections.abc import Callable

from subsync.remote.failures import one_line

#: Masks every secret (the key, a password in the URL) in a text.
Redact = Callable[[str], str]


def join_status(status: int, reason: str) -> str:
    """``HTTP <status>``, then the reason when there is one.

    >>> join_status(425, "not yet"), join_status(500, "")
    ('HTTP 425: not yet', 'HTTP 500')
    """
    return f"HTTP {status}: {reason}" if reason else f"HTTP {status}"


def json_or_text(body: bytes, redact: Redact) -> object:
    """The body parsed as JSON, or else as one line of text with the key masked (before
    the line is shortened, so that a secret across the cut cannot show its first half)."""
    try:
        parsed: object = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return one_line(redact(body.decode("utf-8", "replace")))
    return parsed


def masked(parsed: object, redact: Redact) -> object:
    """Parsed JSON with the key masked in every string, names included, so that reasons
    read from it can be shortened safely; None if it is nested too deeply to walk."""
    try:
        return _mask(parsed, redact)
    except RecursionError:
        return None


def _mask(value: object, redact: Redact) -> object:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_mask(item, redact) for item in value]
    if isinstance(value, dict):
        return {_mask(name, redact): _mask(item, redact) for name, item in value.items()}
    return value


def describe(read: Callable[[object], str | None], body: object) -> str | None:
    """A source's reading of an error body; a body of a shape it does not expect gives
    no reason rather than an exception that would stop every other fetch."""
    try:
        return read(body)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError):
        return None


def causes(exc: BaseException) -> list[BaseException]:
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
