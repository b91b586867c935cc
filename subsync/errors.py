"""The package's exceptions: one base class, each error naming its input and the place in it."""

from __future__ import annotations


class SubsyncError(Exception):
    """Base class: ``input`` names the file (or ``-``), ``where`` the JSON path or cue, if known.

    >>> str(SubsyncError("expected a number, got 'x'", input="a.json", where="$.items[0].start"))
    "a.json: $.items[0].start: expected a number, got 'x'"
    """

    def __init__(self, message: str, *, input: str | None = None, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.input = input
        self.where = where

    def __str__(self) -> str:
        parts = [p for p in (self.input, self.where) if p]
        return ": ".join([*parts, self.message])

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments are lost by the default pickling; keep them for process pools.
        return (_rebuild, (type(self), self.message, self.input, self.where))

    def located(self, input: str) -> SubsyncError:
        """Return this error with its input name set (parsers often know it only later)."""
        return type(self)(self.message, input=input, where=self.where)


def _rebuild(
    cls: type[SubsyncError], message: str, input: str | None, where: str | None
) -> SubsyncError:
    return cls(message, input=input, where=where)


class InputError(SubsyncError):
    """The input is not valid JSON, not of a known kind, or a field has the wrong shape or value."""


class OutputError(SubsyncError):
    """A document cannot be written in the requested format, or the file cannot be written."""


class FetchError(SubsyncError):
    """An API request failed: ``input`` is the id asked for; the message has the HTTP status
    and the API's own reason, and never the API key."""


class InternalError(SubsyncError):
    """A fault in subsync itself met while converting one input; the batch goes on."""


#: What an internal error asks of the user.
REPORT_HINT = "this is a bug in subsync: please report it, with the input if you can share it"


def internal(exc: BaseException, name: str) -> InternalError:
    """An unexpected exception met with one input, as that input's error.

    >>> internal(OverflowError("too big"), "a.json").message.split(";")[0]
    'internal error (OverflowError: too big)'
    """
    reason = " ".join(str(exc).split())[:200]
    what = f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
    return InternalError(f"internal error ({what}); {REPORT_HINT}", input=name)
