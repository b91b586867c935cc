"""WebVTT read as browsers read it: the spec's parser, then cue text, with every drop told."""

from __future__ import annotations

from subsync.model import Cue
from subsync.sources.findings import STYLING, STYLING_FATE, Finding
from subsync.sources.timed import TimedCue, timed_cue_findings
from subsync.sources.webvtt.cuetext import cue_text
from subsync.sources.webvtt.parser import SignatureError, parse

__all__ = ["SignatureError", "TimedCue", "read_webvtt", "timed_cue_findings"]


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
