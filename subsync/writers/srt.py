"""SubRip (.srt) writer: protected lines, integer milliseconds, the blocks pysrt would write."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import count
from typing import TYPE_CHECKING

from subsync.errors import OutputError
from subsync.times import MAX_TIME_US, srt_time
from subsync.writers.common import DEFAULT_WRITE, WriteOptions, display_text, speaker_name

if TYPE_CHECKING:
    from subsync.model import Document

_ZWSP = "\u200b"
# Readers take `-->` (and cdown/srt also `- >`, `-- >`) as a timing arrow anywhere.
_ARROW = re.compile(r"-(?=[ -] *>)")
# pysubs2 takes any line holding two timestamps for a timing line.
_TIMESTAMP = re.compile(r"(\d{1,2}):(?=\d{1,2}:\d{1,2}[.,]\d{1,3})")
# A last line of digits looks like the next cue's number to pysubs2, which drops it.
_NUMBER = re.compile(r"\d+")
# SRT hours have two digits in every reader; pysubs2 reads 100:00:00,000 as 0.
_MAX_MS = MAX_TIME_US // 1000
# Text that protect() might change (a superset: an arrow, a timestamp, a last line of
# digits); text without any is written as it is, without splitting it into lines.
_RISKY = re.compile(r"-[ -] *>|\d:\d+:\d+[.,]\d|\n\d+\Z")


def safe_line(line: str) -> str:
    """Keep a text line from being read as a timing line, by putting a zero-width space
    inside each arrow and timestamp: every character stays, and nothing visible changes.

    >>> safe_line("a --> b") == "a -\\u200b-> b"
    True
    >>> safe_line("00:00:01,000 00:00:02,000").count("\\u200b")
    2
    """
    line = _ARROW.sub("-" + _ZWSP, line)
    if len(_TIMESTAMP.findall(line)) >= 2:
        line = _TIMESTAMP.sub(lambda m: m.group(1) + ":" + _ZWSP, line)
    return line


def srt_cues(
    document: Document, options: WriteOptions = DEFAULT_WRITE
) -> list[tuple[int, int, str]]:
    """The cues to write as (start ms, end ms, text), lines protected; speakers become
    ``Name: `` prefixes when asked for, and with ``karaoke`` each cue becomes one cue per
    word, the spoken word in ``<u>``.

    A speaker's name is written on one line: every run of whitespace in it (line breaks
    and blank lines included) becomes one space, so a name can never end the cue or start a
    line of its own. The prefix is added before the lines are protected (:func:`safe_line`),
    so a name holding ``-->`` or timestamps cannot make a timing line either.
    """
    if not (options.karaoke or options.speaker_labels):
        return _plain_cues(document)
    from subsync.writers.karaoke import shown  # a plain run never needs it

    timed = []
    for cue in document.cues:
        speaker = speaker_name(cue)
        for item in shown(cue, _as_is, karaoke=options.karaoke):
            lines = item.text.split("\n")
            if options.speaker_labels and speaker:
                lines[0] = f"{speaker}: {lines[0]}"
            timed.append((item.start, _end_ms(item.end), protect(lines)))
    return timed


def _plain_cues(document: Document) -> list[tuple[int, int, str]]:
    """``srt_cues`` without karaoke or speaker labels: one cue each, in one pass."""
    timed = []
    for cue in document.cues:
        text = display_text(cue)
        if not text:
            continue
        text = plain_text(text)
        start = (cue.start + 500) // 1000  # ms_span, inline
        end = (cue.end + 500) // 1000
        timed.append((start, _end_ms(end if end > start else start + 1), text))
    return timed


def plain_text(text: str) -> str:
    """A cue's shown text as written: protected (:func:`protect`) where it must be.

    >>> plain_text("a"), plain_text("a --> b") == "a -\u200b-> b"
    ('a', True)
    """
    return protect(text.split("\n")) if _RISKY.search(text) else text


def protect(lines: list[str]) -> str:
    """A cue's lines made safe (:func:`safe_line`, and a zero-width space after a last line
    of digits) and joined.

    >>> protect(["a", "12"]) == "a\\n12\\u200b"
    True
    """
    lines = [safe_line(line) for line in lines]
    if len(lines) > 1 and _NUMBER.fullmatch(lines[-1]):
        lines[-1] += _ZWSP
    return "\n".join(lines)


def _end_ms(end: int) -> int:
    if end >= _MAX_MS:
        raise OutputError(f"SRT cannot hold times from 100 hours on (cue ends at {end} ms)")
    return end


def _as_is(text: str) -> str:
    """SRT has no escapes: text is written as it is."""
    return text


def write_srt(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as SRT, numbered from 1, times in integer milliseconds.

    The text is byte for byte what pysrt writes for the same cues (a Hypothesis property
    in the tests holds it to that); it is formatted here because pysrt's item and time
    objects were most of the writer's time.
    """
    rows = srt_cues(document, options)
    if not rows:
        return ""
    starts, ends, texts = zip(*rows, strict=True)
    return srt_piece(1, map(srt_time, starts), map(srt_time, ends), texts)


def srt_piece(first: int, starts: Iterable[str], ends: Iterable[str], texts: Iterable[str]) -> str:
    """Cue blocks numbered from ``first`` (timestamps as written, text protected), joined;
    a file is its pieces joined.

    >>> srt_piece(7, ["00:00:01,000"], ["00:00:02,000"], ["Hi"])
    '7\\n00:00:01,000 --> 00:00:02,000\\nHi\\n\\n'
    """
    return "".join(map("{}\n{} --> {}\n{}\n\n".format, count(first), starts, ends, texts))
