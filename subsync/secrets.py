"""API keys wrapped so that no repr, str, log line or message can show them."""

from __future__ import annotations


class Secret:
    """An API key: ``reveal()`` is the only way to its value.

    >>> key = Secret("sk_live_123")
    >>> key, str(key), f"{key}"
    (Secret('***'), '***', '***')
    >>> Secret("sk_live_123").redact("echo sk_live_123")
    'echo ***'
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The key itself, for the request header and nothing else."""
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the key masked."""
        return text.replace(self._value, "***") if self._value else text

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("an API key is not pickled, so it can never reach a file")
