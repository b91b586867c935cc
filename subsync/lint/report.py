"""Violations as text, JSON or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Iterable

from subsync.lint.rules import Violation
from subsync.model import US_PER_SECOND
from subsync.times import message_clock


def format_text(violations: Iterable[Violation], file: str) -> str:
    """One line per violation, each ending in a newline (``""`` when there are none).

    >>> v = Violation("too-long", "warning", 3, 5_200_000, 13_000_000, "the cue lasts 7.8 s")
    >>> print(format_text([v], "a.srt"), end="")
    a.srt:cue 3 [00:00:05.200]: warning: too-long: the cue lasts 7.8 s
    """
    return "".join(
        f"{file}:cue {v.cue} [{message_clock(v.start_us)}]: {v.level}: {v.rule}: {v.message}\n"
        for v in violations
    )


def format_json(violations: Iterable[Violation], file: str) -> str:
    """A JSON list of objects: file, cue, line (of its timing line; null in JSON), start and
    end (seconds), level, rule, message."""
    return format_json_files((file, v) for v in violations)


def format_json_files(found: Iterable[tuple[str, Violation]]) -> str:
    """``format_json`` for violations of several files, each with its file."""
    items = [
        {
            "file": file,
            "cue": v.cue,
            "line": v.line or None,
            "start": v.start_us / US_PER_SECOND,
            "end": v.end_us / US_PER_SECOND,
            "level": v.level,
            "rule": v.rule,
            "message": v.message,
        }
        for file, v in found
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def format_github(violations: Iterable[Violation], file: str) -> str:
    """GitHub Actions workflow commands, one line each, at the cue's timing line when known:
    ``::error file=...,line=...,col=1,title=<rule>::...``.

    >>> v = Violation("overlap", "error", 2, 1_000_000, 2_000_000, "50% off,\\nsee: x", 7)
    >>> print(format_github([v], "a,b:c.srt").replace("::", "::\\n"), end="")
    ::
    error file=a%2Cb%3Ac.srt,line=7,col=1,title=overlap::
    cue 2 at 00:00:01.000: 50%25 off,%0Asee: x
    """
    return "".join(
        f"::{v.level} file={_property(file)}{f',line={v.line},col=1' if v.line else ''},"
        f"title={_property(v.rule)}::"
        f"{_data(f'cue {v.cue} at {message_clock(v.start_us)}: {v.message}')}\n"
        for v in violations
    )


def _data(text: str) -> str:
    # As @actions/core's escapeData: "%" first, so the escapes it makes stay as they are.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    # Properties are also split at "," and end at "::", as in @actions/core's escapeProperty.
    return _data(text).replace(":", "%3A").replace(",", "%2C")
