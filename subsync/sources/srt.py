"""SubRip (.srt) read as players read it: any line ending, numbers optional or wrong, ``,``
or ``.`` before the milliseconds, blank lines missing between cues, spaces anywhere.

A cue is a timing line and the lines after it up to the next timing line; a line of digits
just before a timing line is that cue's number (kept nowhere: numbers are often wrong), even
without a blank line before it. Lines are shown trimmed, blank ones left out. Where ffmpeg,
pysubs2 and the ``srt`` library disagree (tests/support/srt_cases.py measures each case):

- CR-only line ends: ffmpeg reads them; ``srt`` refuses the file, pysubs2 finds no cue.
  Read, as ffmpeg does.
- No cue numbers, no blank lines, spaces around numbers and times: pysubs2 reads them all;
  ffmpeg refuses a file that starts with a timing line or with spaces, ``srt`` keeps a
  timing line not after a blank line as text. Read, as pysubs2 does.
- Hours past 99: pysubs2 drops the excess, ffmpeg and ``srt`` keep it. Kept.
- Cues without text: ffmpeg drops them, pysubs2 and ``srt`` keep them. Kept, with a warning
  (SRT and WebVTT outputs leave them out).
- Fractions of one or two digits (``00:00:01,5``): ffmpeg and ``srt`` read 5 ms, pysubs2
  500 ms. Refused (the line is named), since either reading can be wrong.
- Minutes or seconds of 60 and more: all three carry them over, and so does this reader,
  with a warning.
- Text after the end time: every reader ignores it. Position coordinates (``X1:40 ...``)
  are ignored with a warning; anything else is reported as dropped text.
- Text before the first timing line: ignored by all three; reported here as dropped text.
"""

from __future__ import annotations

import itertools
import re

from subsync.errors import InputError
from subsync.model import Cue
from subsync.sources.findings import DROPPED, Finding, preview
from subsync.sources.linepatterns import (
    LINE_BREAK,
    MAX_HOUR_DIGITS,
    SRT_NUMBER,
    SRT_TIME,
    digits_value,
)
from subsync.sources.srt_plain import NotPlain, read_plain_srt, untagged
from subsync.sources.timed import TimedCue, timed_cue_findings

_TIMING = re.compile(rf"[ \t]*{SRT_TIME}[ \t]*-->[ \t]*{SRT_TIME}(.*)")
# A line meant as a timing line: it starts with a digit and has an arrow.
_MEANT_AS_TIMING = re.compile(r"[ \t]*[0-9][^\n]*-->")
_NUMBER = re.compile(SRT_NUMBER)
_COORDINATES = re.compile(r"(?:[ \t]+[XY][12]:[0-9]+)+[ \t]*")
_COORDINATES_FOUND = ("set of position coordinates", "sets of position coordinates")
_AFTER_END = ("text after an end time", "texts after end times")
_BEFORE_FIRST = ("line before the first cue", "lines before the first cue")
_BLANK_INSIDE = ("blank line inside a cue", "blank lines inside cues")
_BLANK_FATE = "kept, with the text after it in the same cue"
_OVERFLOW = ("time with 60 or more minutes or seconds", "times with 60 or more minutes or seconds")


def read_srt(text: str) -> tuple[list[TimedCue], list[Finding]]:
    """The cues of SRT text in file order, and what was dropped or ignored.

    >>> text = "00:00:01.000 --> 00:00:02,000 X1:1\\rHi\\r7\\r00:00:03,000 --> 00:00:04,000\\rYo"
    >>> cues, found = read_srt(text)
    >>> [(c.cue.start, c.cue.end, c.cue.lines, c.line) for c in cues]
    [(1000000, 2000000, ('Hi',), 1), (3000000, 4000000, ('Yo',), 4)]
    >>> [(f.line, f.fate, f.detail) for f in found]
    [(1, 'ignored', ' X1:1')]
    """
    try:
        return read_plain_srt(text, read_block)
    except NotPlain:
        pass  # read line by line below
    lines = LINE_BREAK.split(text)
    timings = _timing_lines(lines)
    findings: list[Finding] = []
    if not timings:
        _refuse_untimed(lines)
        return [], findings
    ends = [*timings[1:], len(lines)]
    _before_first(lines[: _text_end(lines, timings[0])], findings)
    cues = []
    for at, stop in zip(timings, ends, strict=True):
        cue_lines = lines[at + 1 : _text_end(lines, stop) if stop < len(lines) else stop]
        cues.append(read_block(lines[at], at + 1, cue_lines, findings))
    return cues, findings


def read_block(timing_line: str, line: int, text: list[str], findings: list[Finding]) -> TimedCue:
    """One cue: its timing line (line number ``line``) and the text lines after it."""
    cue = _cue(timing_line, line, text, findings)
    return TimedCue(timed_cue_findings(cue, line, findings), line)


def _timing_lines(lines: list[str]) -> list[int]:
    """The indexes of the timing lines; a line meant as one that is not is an InputError."""
    found = []
    for index, line in enumerate(lines):
        if _TIMING.fullmatch(line):
            found.append(index)
        elif _MEANT_AS_TIMING.match(line):
            raise InputError(
                "expected a timing line like 00:00:01,000 --> 00:00:02,500 (three digits of "
                f"milliseconds), got {preview(line)}",
                where=f"line {index + 1}",
            )
    return found


def _text_end(lines: list[str], timing: int) -> int:
    """Where the text before a timing line ends: before its number, if it has one."""
    return timing - 1 if timing > 0 and _NUMBER.fullmatch(lines[timing - 1]) else timing


def _refuse_untimed(lines: list[str]) -> None:
    first = next((n for n, line in enumerate(lines, 1) if line.strip()), None)
    if first is not None:
        raise InputError(
            "no timing line like 00:00:01,000 --> 00:00:02,500 in the file", where=f"line {first}"
        )


def _before_first(lines: list[str], findings: list[Finding]) -> None:
    findings.extend(
        Finding(_BEFORE_FIRST, DROPPED, number, line)
        for number, line in enumerate(lines, 1)
        if line.strip()
    )


def _cue(timing_line: str, line: int, text: list[str], findings: list[Finding]) -> Cue:
    timing = _TIMING.fullmatch(timing_line)
    assert timing is not None  # found by _timing_lines
    start, end = (_ms(timing.groups()[i : i + 4], line, findings) for i in (0, 4))
    rest = timing.group(9)
    if _COORDINATES.fullmatch(rest):
        findings.append(Finding(_COORDINATES_FOUND, "ignored", line, rest))
    elif rest.strip():
        findings.append(Finding(_AFTER_END, DROPPED, line, rest.strip()))
    _blank_lines_inside(text, line, findings)
    return Cue(start * 1000, end * 1000, untagged(text, line + 1, findings))


def _blank_lines_inside(text: list[str], line: int, findings: list[Finding]) -> None:
    """Find each blank line with text after it in the same cue (no timing line follows):
    the text stays in the cue, as pysubs2 and ``srt`` keep it, but the blank line may mark
    a cue whose timing line is missing."""
    shown = [n for n, t in enumerate(text) if t.strip()]
    for before, after in itertools.pairwise(shown):
        if after > before + 1:
            where = line + 1 + before + 1
            findings.append(Finding(_BLANK_INSIDE, _BLANK_FATE, where, text[after]))


def _ms(fields: tuple[str | None, ...], line: int, findings: list[Finding]) -> int:
    try:
        hours, minutes, seconds, millis = (digits_value(field or "") for field in fields)
    except ValueError:
        raise InputError(
            f"a time of {preview(fields[0] or '')} hours: no media is that long (at most "
            f"{MAX_HOUR_DIGITS} digits of hours)",
            where=f"line {line}",
        ) from None
    if minutes > 59 or seconds > 59:
        shown = ":".join(f or "" for f in fields[:3])
        findings.append(Finding(_OVERFLOW, "read as the time they add up to", line, shown))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
