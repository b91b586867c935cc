"""WebVTT read as browsers read it: the spec's parser, then cue text, with every drop told."""

from __future__ import annotations

from dataclasses import dataclass

from subsync.model import Cue
from subsync.sources.findings import STYLING, STYLING_FATE, Finding
from subsync.sources.webvtt.cuetext import cue_text
from subsync.sources.webvtt.parser import SignatureError, parse

__all__ = ["SignatureError", "TimedCue", "read_webvtt", "timed_cue_findings"]

_EMPTY = ("cue without text", "cues without text")
_ZERO = ("zero-length cue", "zero-length cues")
_BACKWARDS = ("cue ending before its start", "cues ending before their start")


@dataclass(frozen=True, slots=True)
class TimedCue:
    """A cue of the model and the line of the file its timing line is on."""

    cue: Cue
    line: int


def read_webvtt(text: str) -> tuple[list[TimedCue], list[Finding]]:
    """The cues of WebVTT text in file order, and what was dropped, ignored or changed;
    SignatureError when the spec's parser refuses the whole file.

    >>> cues, found = read_webvtt("WEBVTT\\n\\n00:01.000 --> 00:02.000\\n<i>Hi</i> &amp; bye")
    >>> [(c.cue.start, c.cue.end, c.cue.lines, c.line) for c in cues]
    [(1000000, 2000000, ('Hi & bye',), 3)]
    >>> [(f.line, f.fate, f.detail) for f in found]
    [(4, 'dropped (the text is kept)', '<i>')]
    """
    parsed = parse(text)
    findings = list(parsed.findings)
    cues = []
    for raw in parsed.cues:
        shown = cue_text(raw.text)
        findings.extend(
            Finding(STYLING, STYLING_FATE, raw.line + 1 + index, tag)
            for index, tag in shown.styling
        )
        cue = Cue(raw.start * 1000, raw.end * 1000, shown.lines, shown.speaker)
        cues.append(TimedCue(cue, raw.line))
    return [_timed(c, findings) for c in cues], findings


def _timed(timed: TimedCue, findings: list[Finding]) -> TimedCue:
    return TimedCue(timed_cue_findings(timed.cue, timed.line, findings), timed.line)


def timed_cue_findings(cue: Cue, line: int, findings: list[Finding]) -> Cue:
    """The cue as the model keeps it, with a finding when it has no text, lasts no time, or
    ends before it starts (then it is made to end where it starts: the model and every
    output need the end at or after the start).

    >>> found: list[Finding] = []
    >>> timed_cue_findings(Cue(5, 2, ()), 7, found), [f.what[0] for f in found]
    (Cue(start=5, end=5, lines=(), speaker=None, words=(), segment=None), ['cue without text', \
'cue ending before its start'])
    """
    if not cue.lines:
        findings.append(Finding(_EMPTY, "kept (SRT and WebVTT outputs leave them out)", line))
    if cue.end < cue.start:
        findings.append(Finding(_BACKWARDS, "given zero length", line))
        return Cue(cue.start, cue.start, cue.lines, cue.speaker)
    if cue.end == cue.start:
        findings.append(Finding(_ZERO, "kept (SRT and WebVTT outputs give them 1 ms)", line))
    return cue
