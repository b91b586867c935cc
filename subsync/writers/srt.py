"""SubRip (.srt) writer: protected lines, integer milliseconds, the blocks pysrt would write."""

from __future__ import annotations

import re

from subsync.errors import OutputError
from subsync.model import Document
from subsync.times import MAX_TIME_US, srt_time
from subsync.writers.common import DEFAULT_WRITE, WriteOptions, speaker_name
from subsync.writers.karaoke import shown

_ZWSP = "\u200b"
# Readers take `-->` (and cdown/srt also `- >`, `-- >`) as a timing arrow anywhere.
_ARROW = re.compile(r"-(?=[ -] *>)")
# pysubs2 takes any line holding two timestamps for a timing line.
_TIMESTAMP = re.compile(r"(\d{1,2}):(?=\d{1,2}:\d{1,2}[.,]\d{1,3})")
# A last line of digits looks like the next cue's number to pysubs2, which drops it.
_NUMBER = re.compile(r"\d+")
# SRT hours have two digits in every reader; pysubs2 reads 100:00:00,000 as 0.
_MAX_MS = MAX_TIME_US // 1000


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
    timed = []
    for cue in document.cues:
        speaker = speaker_name(cue)
        for item in shown(cue, _as_is, karaoke=options.karaoke):
            lines = item.text.split("\n")
            if options.speaker_labels and speaker:
                lines[0] = f"{speaker}: {lines[0]}"
            lines = [safe_line(line) for line in lines]
            if len(lines) > 1 and _NUMBER.fullmatch(lines[-1]):
                lines[-1] += _ZWSP
            if item.end >= _MAX_MS:
                raise OutputError(
                    f"SRT cannot hold times from 100 hours on (cue ends at {item.end} ms)"
                )
            timed.append((item.start, item.end, "\n".join(lines)))
    return timed


def _as_is(text: str) -> str:
    """SRT has no escapes: text is written as it is."""
    return text


def write_srt(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as SRT, numbered from 1, times in integer milliseconds.

    The text is byte for byte what pysrt writes for the same cues (a Hypothesis property
    in the tests holds it to that); it is formatted here because pysrt's item and time
    objects were most of the writer's time.
    """
    return "".join(
        f"{number}\n{srt_time(start)} --> {srt_time(end)}\n{text}\n\n"
        for number, (start, end, text) in enumerate(srt_cues(document, options), 1)
    )
