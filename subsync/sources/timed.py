"""A read cue with the line it starts on, and the findings every subtitle reader shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from subsync.frozen import NamedTuple
from subsync.sources.findings import Finding

if TYPE_CHECKING:
    from subsync.model import Cue

_EMPTY = ("cue without text", "cues without text")
_ZERO = ("zero-length cue", "zero-length cues")
_BACKWARDS = ("cue ending before its start", "cues ending before their start")


class TimedCue(NamedTuple):
    """A cue of the model and the line of the file its timing line is on."""

    cue: Cue
    line: int


def timed_cue_findings(cue: Cue, line: int, findings: list[Finding]) -> Cue:
    """The cue as the model keeps it, with a finding when it has no text, lasts no time, or
    ends before it starts (then it is made to end where it starts: the model and every
    output need the end at or after the start).

    >>> from subsync.model import Cue
    >>> found: list[Finding] = []
    >>> timed_cue_findings(Cue(5, 2, ()), 7, found), [f.what[0] for f in found]
    (Cue(start=5, end=5, lines=(), speaker=None, words=(), segment=None), ['cue without text', \
'cue ending before its start'])
    """
    if not cue.lines:
        findings.append(Finding(_EMPTY, "kept (SRT and WebVTT outputs leave them out)", line))
    if cue.end < cue.start:
        findings.append(Finding(_BACKWARDS, "given zero length", line))
        from subsync.model import Cue  # the one-pass path builds no cue but this one

        return Cue(cue.start, cue.start, cue.lines, cue.speaker)
    if cue.end == cue.start:
        findings.append(Finding(_ZERO, "kept (SRT and WebVTT outputs give them 1 ms)", line))
    return cue
