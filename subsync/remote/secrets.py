"""API keys wrapped so that no repr, str, log line or message can show them."""

from __future__ import annotations

from subsync.errors import SubsyncError


class Secret:
    """An API key: ``reveal()`` is the only way to its value.

    Surrounding whitespace (a pasted newline) is dropped; what remains must be visible ASCII,
    the only characters an HTTP header carries safely. A bad key is a SubsyncError that
    says what is wrong and where, never what the key is.

    >>> key = Secret("sk_live_123\\n")
    >>> key, str(key), f"{key}", key.reveal()
    (Secret('***'), '***', '***', 'sk_live_123')
    >>> Secret("sk_live_123").redact("echo sk_live_123")
    'echo ***'
    >>> Secret("sk_live\u2019")
    Traceback (most recent call last):
    ...
    subsync.errors.SubsyncError: the API key has a non-ASCII character (U+2019) at position 8: \
API keys are visible ASCII only (was a quote or dash changed by a word processor?)
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        value = value.strip()
        _check(value)
        self._value = value

    def reveal(self) -> str:
        """The key itself, for the request header and nothing else."""
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the key masked."""
        return text.replace(self._value, "***")

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("an API key is not pickled, so it can never reach a file")


def _check(value: str) -> None:
    """Refuse an empty key or one with a character outside visible ASCII (``!`` to ``~``),
    naming the character's kind and 1-based position but never the key."""
    if not value:
        raise SubsyncError("the API key is empty")
    for position, char in enumerate(value, start=1):
        if "!" <= char <= "~":
            continue
        if char == " ":
            kind = "a space"
            advice = "API keys have no spaces (was more than the key copied?)"
        elif ord(char) > 0x7F:
            kind = f"a non-ASCII character (U+{ord(char):04X})"
            advice = (
                "API keys are visible ASCII only (was a quote or dash changed by a word processor?)"
            )
        else:
            kind = f"a control character (U+{ord(char):04X})"
            advice = "API keys are visible ASCII only"
        raise SubsyncError(f"the API key has {kind} at position {position}: {advice}")
