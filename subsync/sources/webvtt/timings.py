"""WebVTT timestamps and cue timing lines, read step by step as the W3C parser reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from subsync.sources.linepatterns import MAX_HOUR_DIGITS, digits_value

_DIGITS = re.compile(r"[0-9]*")
# "Skip whitespace" in the spec: ASCII whitespace, not every Unicode space.
_WHITESPACE = re.compile(r"[\t\n\f\r ]*")


@dataclass(frozen=True, slots=True)
class Timing:
    """A timing line's times in milliseconds and the settings after them, unparsed."""

    start: int
    end: int
    settings: str


def _digits(line: str, at: int) -> tuple[str, int]:
    found = _DIGITS.match(line, at)
    assert found is not None  # [0-9]* matches everywhere
    return found.group(), found.end()


def timestamp(line: str, at: int) -> tuple[int, int] | None:
    """The timestamp at ``at`` in milliseconds and the position after it, or None where the
    spec's "collect a WebVTT timestamp" fails.

    >>> timestamp("01:02.003", 0), timestamp("100:00:00.000", 0), timestamp("61:00.000", 0)
    ((62003, 9), (360000000, 13), None)
    >>> timestamp("1:02.003", 0), timestamp("00:60.000", 0), timestamp("00:01.5", 0)
    (None, None, None)
    """
    first, at = _digits(line, at)
    if not first or len(first.lstrip("0")) > MAX_HOUR_DIGITS:
        return None  # no media is that long, and int() refuses thousands of digits
    hours_first = len(first) != 2 or digits_value(first) > 59
    if not line.startswith(":", at):
        return None
    second, at = _digits(line, at + 1)
    if len(second) != 2:
        return None
    if hours_first or line.startswith(":", at):
        if not line.startswith(":", at):
            return None
        third, at = _digits(line, at + 1)
        if len(third) != 2:
            return None
        hours, minutes, seconds = digits_value(first), int(second), int(third)
    else:
        hours, minutes, seconds = 0, int(first), int(second)
    if not line.startswith(".", at):
        return None
    millis, at = _digits(line, at + 1)
    if len(millis) != 3 or minutes > 59 or seconds > 59:
        return None
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(millis), at


def timing(line: str) -> Timing | None:
    """A cue timing line as "collect WebVTT cue timings and settings" reads it, or None.

    >>> timing("00:01.000-->00:02.500 align:start")
    Timing(start=1000, end=2500, settings='align:start')
    >>> timing(" 00:01.000 \\t--> 00:00:02.500line:0"), timing("00:01.000 -> 00:02.000")
    (Timing(start=1000, end=2500, settings='line:0'), None)
    """
    at = _WHITESPACE.match(line).end()  # type: ignore[union-attr]
    start = timestamp(line, at)
    if start is None:
        return None
    at = _WHITESPACE.match(line, start[1]).end()  # type: ignore[union-attr]
    if not line.startswith("-->", at):
        return None
    at = _WHITESPACE.match(line, at + 3).end()  # type: ignore[union-attr]
    end = timestamp(line, at)
    if end is None:
        return None
    return Timing(start[0], end[0], line[end[1] :].lstrip("\t\n\f\r "))
