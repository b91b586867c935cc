"""Formats that cannot hold every time: a document past a format's last time fails that one
output, with what put it there and what to do."""

from __future__ import annotations

from subsync.errors import OutputError
from subsync.model import US_PER_SECOND, Document
from subsync.timeline import Timeline, format_timecode, frame_rate
from subsync.times import message_clock

#: Each limited format: the first time it cannot hold, and its last time as it writes it.
LIMITS = {
    "ass": (10 * 3600 * US_PER_SECOND, "9:59:59.99"),
    "srt": (100 * 3600 * US_PER_SECOND, "99:59:59,999"),
}


def beyond_limit(format_name: str, document: Document, timeline: Timeline) -> OutputError | None:
    """Why ``document`` (placed on ``timeline``) does not fit the format, or None.

    >>> from subsync.model import Cue
    >>> placed = Document("x", None, (Cue(36_000_320_000, 36_002_000_000, ("Hi",)),))
    >>> beyond_limit("ass", placed, Timeline("25", "10:00:00:00")).message.split("; ")
    ['ASS stops at 9:59:59.99', '--start-tc 10:00:00:00 puts the first cue at 10:00:00:08', \
'drop --start-tc for ASS or use another format']
    >>> beyond_limit("srt", placed, Timeline("25", "10:00:00:00")) is None
    True
    """
    limit = LIMITS.get(format_name)
    ends = [cue.end for cue in document.cues if cue.lines]
    if limit is None or not ends or max(ends) < limit[0]:
        return None
    first_us, last = limit
    fmt = format_name.upper()
    late = next(i for i, cue in enumerate(document.cues, 1) if cue.lines and cue.end >= first_us)
    if timeline.start_tc is not None and timeline.fps is not None:
        first = format_timecode(document.cues[0].start, frame_rate(timeline.fps))
        cause = f"--start-tc {timeline.start_tc} puts the first cue at {first}"
        fix = f"drop --start-tc for {fmt} or use another format"
    elif timeline.offset_us:
        cause = f"--offset {message_clock(timeline.offset_us)} moves cue {late} past it"
        fix = f"use a smaller --offset for {fmt} or another format"
    else:
        cause = f"cue {late} ends at {message_clock(document.cues[late - 1].end)}"
        fix = "use another format (WebVTT holds any time)"
    return OutputError(f"{fmt} stops at {last}; {cause}; {fix}")
