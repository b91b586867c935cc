"""Reading the reasons APIs give in their error bodies, for one-line error messages."""

from __future__ import annotations

_MAX_REASON = 300


def one_line(text: str) -> str:
    """One line of at most a few hundred characters.

    >>> one_line("a\\n  b")
    'a b'
    """
    line = " ".join(text.split())
    return line if len(line) <= _MAX_REASON else line[: _MAX_REASON - 1] + "…"


def join_reason(*parts: object) -> str:
    """The non-empty parts joined with ': '.

    >>> join_reason("quota_exceeded", None, "No credits left")
    'quota_exceeded: No credits left'
    """
    return ": ".join(str(p) for p in parts if p not in (None, ""))


def generic_reason(body: object) -> str:
    """The reason in a body that follows no known shape: a message field, or the text."""
    if isinstance(body, dict):
        for key in ("message", "error", "detail"):
            if isinstance(body.get(key), str):
                return one_line(body[key])
        return ""
    return one_line(body) if isinstance(body, str) else ""
