"""Cue timing: reading-time repair (minimum duration, reading speed, chaining, gaps),
frame rates, frame snapping and SMPTE timecodes."""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from subsync.errors import SubsyncError
from subsync.model import US_PER_SECOND, Cue, Document, Mark, Word
from subsync.presets import Layout
from subsync.text import reading_chars

#: A cue is never made shorter than this by a repair (it must stay visible).
MIN_VISIBLE_US = 1_000


def reading_time_us(cue: Cue, layout: Layout) -> int:
    """How long the cue must show for its text to be read under the layout's speed rules.

    >>> from subsync.presets import PRESETS
    >>> reading_time_us(Cue(0, 1, ("Twenty characters!!",)), PRESETS["default"])
    950000
    """
    words = sum(len(line.split()) for line in cue.lines)
    return time_to_read(reading_chars(cue.lines), words, layout)


def time_to_read(chars: int, words: int, layout: Layout) -> int:
    """How long ``chars`` characters in ``words`` words take to read under the layout's
    speed rules (``max_cps``, ``max_wpm``), in microseconds rounded up.

    >>> from subsync.presets import PRESETS
    >>> time_to_read(19, 2, PRESETS["default"]), time_to_read(19, 6, PRESETS["bbc"])
    (950000, 2000000)
    """
    needed = 0.0
    if layout.max_cps:
        needed = chars / layout.max_cps
    if layout.max_wpm:
        needed = max(needed, words * 60 / layout.max_wpm)
    return math.ceil(needed * US_PER_SECOND)


def repair(cues: list[Cue], layout: Layout) -> list[Cue]:
    """Fix timing the way subtitlers do: lengthen cues that are too short to read, close
    short gaps (chaining), then keep the minimum gap, trimming ends, never starts."""
    gap = layout.min_gap_us
    lengthened = []
    for index, cue in enumerate(cues):
        limit = cues[index + 1].start - gap if index + 1 < len(cues) else None
        lengthened.append(_lengthen(cue, layout, limit))
    chained = _chain(lengthened, layout)
    led = _lead_in(chained, layout) if layout.max_lead_us else chained
    return keep_gaps(led, gap)


def _lead_in(cues: list[Cue], layout: Layout) -> list[Cue]:
    """Start cues too fast to read earlier than their speech, by up to ``max_lead_us``.

    A forward pass finds how early each cue could start if every cue before it also led
    as far as allowed and kept the time it needs; a backward pass then starts each cue
    just early enough to be read before the next one starts (never later than it starts
    now, never before that earliest time), so a cue leads only when it must, and a cue
    before it is shortened only to what it can make up by leading in turn.
    """
    gap = layout.min_gap_us
    needs = [_needed(cue, layout) for cue in cues]
    earliest: list[int] = []
    for index, cue in enumerate(cues):
        floor = max(cue.start - layout.max_lead_us, 0)
        if index:
            floor = max(floor, earliest[index - 1] + needs[index - 1] + gap)
        earliest.append(min(floor, cue.start))
    led = list(cues)
    for index in range(len(led) - 1, -1, -1):
        cue = led[index]
        end = cue.end
        if index + 1 < len(led):
            end = min(end, led[index + 1].start - gap)
        start = min(cue.start, max(end - needs[index], earliest[index]))
        if layout.max_duration_us:
            start = max(start, end - layout.max_duration_us)
        if (start, end) != (cue.start, cue.end) and end > start:
            led[index] = dataclasses.replace(cue, start=start, end=end)
    return led


def _needed(cue: Cue, layout: Layout) -> int:
    """How long a cue should show: its reading time, at least the minimum duration."""
    return max(layout.min_duration_us, reading_time_us(cue, layout))


def _lengthen(cue: Cue, layout: Layout, limit: int | None) -> Cue:
    wanted = max(cue.start + layout.min_duration_us, cue.start + reading_time_us(cue, layout))
    if layout.max_duration_us:
        wanted = min(wanted, cue.start + layout.max_duration_us)
    if limit is not None:
        wanted = min(wanted, limit)
    return dataclasses.replace(cue, end=wanted) if wanted > cue.end else cue


def _chain(cues: list[Cue], layout: Layout) -> list[Cue]:
    """Close gaps shorter than ``chain_gap_us`` down to the minimum gap by moving the
    earlier end, as far as the maximum duration allows."""
    chained = list(cues)
    gap = layout.min_gap_us
    for index in range(len(chained) - 1):
        cue, following = chained[index], chained[index + 1]
        end = following.start - gap
        if layout.max_duration_us:
            end = min(end, max(cue.end, cue.start + layout.max_duration_us))
        if 0 < following.start - cue.end < layout.chain_gap_us and end > cue.end:
            chained[index] = dataclasses.replace(cue, end=end)
    return chained


def keep_gaps(cues: list[Cue], gap: int, unit: int = MIN_VISIBLE_US) -> list[Cue]:
    """Make every cue end ``gap`` before the next starts, by trimming its end; a cue that
    would vanish keeps ``unit`` and pushes the next start instead (cues must be in order).

    >>> cues = [Cue(0, 500_000, ()), Cue(400_000, 900_000, ())]
    >>> [(c.start, c.end) for c in keep_gaps(cues, 100_000)]
    [(0, 300000), (400000, 900000)]
    """
    kept: list[Cue] = []
    for cue in cues:
        if kept:
            previous = kept[-1]
            if previous.end > cue.start - gap:
                end = max(cue.start - gap, previous.start + unit)
                kept[-1] = previous = dataclasses.replace(previous, end=end)
            if cue.start < previous.end + gap:
                start = previous.end + gap
                cue = dataclasses.replace(cue, start=start, end=max(cue.end, start + unit))
        kept.append(cue)
    return kept


def spoken(cue: Cue) -> tuple[int, int]:
    """When a cue's words are spoken (its own span when it has no timed words)."""
    if not cue.words:
        return cue.start, cue.end
    return min(w.start for w in cue.words), max(w.end for w in cue.words)


def settle(cues: list[Cue], gap: int) -> list[Cue]:
    """Cues built piece by piece (one segment at a time) are lengthened, and led in, without
    knowing the neighbouring pieces: where a cue now runs into the next, pull its end back
    (never before its last word ends), then the next one's start forward (never after its
    first word starts); where the two nearly touch, trim the end to keep the gap. Cues must
    be sorted by when their speech starts (``spoken``).

    >>> words = (Word("Hi", 0, 400_000),)
    >>> cues = [Cue(0, 900_000, ("Hi",), words=words), Cue(600_000, 1_000_000, ("Yo",))]
    >>> [(c.start, c.end) for c in settle(cues, 100_000)]
    [(0, 500000), (600000, 1000000)]
    """
    settled = list(cues)
    for index in range(len(settled) - 1):
        cue, following = settled[index], settled[index + 1]
        if cue.end <= following.start - gap:
            continue
        spoken_end = spoken(cue)[1]
        if cue.end > spoken_end:
            cue = settled[index] = dataclasses.replace(
                cue, end=max(spoken_end, following.start - gap)
            )
        spoken_start = spoken(following)[0]
        if cue.end > following.start - gap and following.start < spoken_start:
            start = min(spoken_start, cue.end + gap)
            following = settled[index + 1] = dataclasses.replace(
                following, start=start, end=max(following.end, start)
            )
        if cue.words and following.start - gap < cue.end <= following.start:
            # Pieces that nearly touch (dub segments 50 ms apart) still keep the gap;
            # overlapping speech (two speakers at once) is left as it is.
            end = max(following.start - gap, cue.start + MIN_VISIBLE_US)
            settled[index] = dataclasses.replace(cue, end=end)
    return settled


# --- frames and timecodes ----------------------------------------------------------------

#: The frame rates ``--fps`` takes, as exact fractions.
FRAME_RATES = {
    "23.976": Fraction(24000, 1001),
    "24": Fraction(24),
    "25": Fraction(25),
    "29.97": Fraction(30000, 1001),
    "30": Fraction(30),
    "50": Fraction(50),
    "59.94": Fraction(60000, 1001),
    "60": Fraction(60),
}


@dataclass(frozen=True, slots=True)
class FrameRate:
    """A video frame rate; 29.97 and 59.94 count timecodes drop-frame."""

    name: str

    @property
    def fps(self) -> Fraction:
        """Frames per second, exactly."""
        return FRAME_RATES[self.name]

    @property
    def drop_frame(self) -> bool:
        """Whether SMPTE timecodes at this rate skip frame numbers (29.97, 59.94)."""
        return self.name in ("29.97", "59.94")

    def frame_of(self, us: int) -> int:
        """The nearest frame boundary to a time (half a frame rounds up)."""
        return math.floor(Fraction(us, US_PER_SECOND) * self.fps + Fraction(1, 2))

    def frame_at(self, us: int) -> int:
        """The frame that is showing at a time (the boundary at or before it)."""
        return math.floor(Fraction(us, US_PER_SECOND) * self.fps)

    def frame_after(self, us: int) -> int:
        """The first frame boundary at or after a time."""
        return math.ceil(Fraction(us, US_PER_SECOND) * self.fps)

    def time_of(self, frame: int) -> int:
        """The time of a frame boundary, in microseconds (rounded to the nearest)."""
        return round(Fraction(frame) / self.fps * US_PER_SECOND)

    def frames(self, count: int) -> int:
        """The length of ``count`` frames in microseconds (rounded up)."""
        return math.ceil(Fraction(count) / self.fps * US_PER_SECOND)


def frame_rate(name: str) -> FrameRate:
    """The frame rate named ``name`` (one of FRAME_RATES), or a SubsyncError."""
    if name not in FRAME_RATES:
        raise SubsyncError(f"unknown frame rate {name!r}; choose from {', '.join(FRAME_RATES)}")
    return FrameRate(name)


def parse_timecode(timecode: str, rate: FrameRate) -> int:
    """A SMPTE timecode ``HH:MM:SS:FF`` (``;`` before FF for drop-frame) in microseconds.

    >>> parse_timecode("01:00:00:00", frame_rate("25"))
    3600000000
    >>> parse_timecode("01:00:00;00", frame_rate("29.97"))  # 107892 frames
    3599996400
    """
    parts = timecode.replace(";", ":").split(":")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        raise SubsyncError(f"timecode {timecode!r} is not HH:MM:SS:FF")
    hours, minutes, seconds, frames = (int(p) for p in parts)
    nominal = round(rate.fps)
    if minutes > 59 or seconds > 59 or frames >= nominal:
        raise SubsyncError(f"timecode {timecode!r} is out of range at {rate.name} fps")
    total_minutes = hours * 60 + minutes
    count = (total_minutes * 60 + seconds) * nominal + frames
    if rate.drop_frame:
        dropped = nominal // 15  # 2 frame numbers at 29.97, 4 at 59.94
        count -= dropped * (total_minutes - total_minutes // 10)
    return rate.time_of(count)


def format_timecode(us: int, rate: FrameRate) -> str:
    """A time as a SMPTE timecode at this rate (``;`` before the frames when drop-frame).

    >>> format_timecode(3_599_996_400, frame_rate("29.97"))
    '01:00:00;00'
    >>> format_timecode(60_060_000, frame_rate("29.97"))  # frame 1800 is 00:01:00;02
    '00:01:00;02'
    """
    frame = rate.frame_of(us)
    nominal = round(rate.fps)
    if rate.drop_frame:
        dropped = nominal // 15
        per_ten = nominal * 600 - dropped * 9
        per_minute = nominal * 60 - dropped
        tens, rest = divmod(frame, per_ten)
        extra = 0 if rest < dropped else dropped * ((rest - dropped) // per_minute)
        frame += dropped * 9 * tens + extra
    frames = frame % nominal
    seconds = frame // nominal
    separator = ";" if rate.drop_frame else ":"
    hh, mm, ss = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{hh:02d}:{mm:02d}:{ss:02d}{separator}{frames:02d}"


def snap(
    document: Document, rate: FrameRate, min_gap_frames: int = 0, max_duration_us: int = 0
) -> Document:
    """Move every cue edge to a frame boundary, outwards (a start to the boundary at or
    before it, an end to the one at or after it), never making a cue longer than
    ``max_duration_us``; every cue keeps at least one frame, and cues that did not overlap
    before keep ``min_gap_frames`` frames between them (and do not overlap) after."""
    snapped = [_snapped(cue, rate, max_duration_us) for cue in document.cues]
    apart = [a.end <= b.start and a.start < b.start for a, b in itertools.pairwise(document.cues)]
    return dataclasses.replace(
        document, cues=tuple(_frame_gaps(snapped, apart, rate, min_gap_frames))
    )


def _snapped(cue: Cue, rate: FrameRate, max_duration_us: int) -> Cue:
    # Outwards: in on the frame where the speech starts, out after the frame where it
    # ends, so snapping never shortens a cue's reading time.
    first = rate.frame_at(cue.start)
    last = rate.frame_after(cue.end)
    if max_duration_us and rate.time_of(last) - rate.time_of(first) > max_duration_us:
        last = rate.frame_at(rate.time_of(first) + max_duration_us)
    last = max(last, first + 1)
    return dataclasses.replace(cue, start=rate.time_of(first), end=rate.time_of(last))


def _frame_gaps(cues: list[Cue], apart: list[bool], rate: FrameRate, gap: int) -> list[Cue]:
    """Where a cue and the one before were apart (``apart[i - 1]``) but are now closer than
    ``gap`` frames, trim the earlier end; a cue that would vanish keeps one frame and
    pushes the next start instead (as keep_gaps does in time). Overlaps that were there
    before (two speakers at once) stay."""
    kept: list[Cue] = []
    for index, cue in enumerate(cues):
        if kept and apart[index - 1]:
            previous = kept[-1]
            start_frame = rate.frame_of(cue.start)
            if rate.frame_of(previous.end) > start_frame - gap:
                end_frame = max(start_frame - gap, rate.frame_of(previous.start) + 1)
                kept[-1] = dataclasses.replace(previous, end=rate.time_of(end_frame))
                if start_frame < end_frame + gap:
                    start_frame = end_frame + gap
                    last = max(rate.frame_of(cue.end), start_frame + 1)
                    cue = dataclasses.replace(
                        cue, start=rate.time_of(start_frame), end=rate.time_of(last)
                    )
        kept.append(cue)
    return kept


@dataclass(frozen=True, slots=True)
class Timeline:
    """Where the cues go on a video timeline: ``offset_us`` moves every time, ``start_tc``
    (a SMPTE timecode at ``fps``) says where the timeline starts, and ``fps`` (a name from
    FRAME_RATES) snaps every cue edge to a frame boundary."""

    fps: str | None = None
    start_tc: str | None = None
    offset_us: int = 0

    def __post_init__(self) -> None:
        if self.start_tc is not None and self.fps is None:
            raise SubsyncError("a start timecode needs a frame rate: give --fps as well")
        if self.fps is not None:
            rate = frame_rate(self.fps)
            if self.start_tc is not None:
                parse_timecode(self.start_tc, rate)

    @property
    def rate(self) -> FrameRate | None:
        """The frame rate, if one is set."""
        return frame_rate(self.fps) if self.fps is not None else None

    @property
    def shift_us(self) -> int:
        """How far every time moves: the offset plus the start timecode."""
        rate = self.rate
        start = parse_timecode(self.start_tc, rate) if self.start_tc and rate else 0
        return self.offset_us + start


def place(document: Document, timeline: Timeline, layout: Layout | None = None) -> Document:
    """The document moved onto the timeline: shifted first, then snapped to frames (so the
    edges sit on the timeline's frames), keeping the layout's minimum gap, in whole frames,
    between near misses.

    >>> doc = Document("x", None, (Cue(1_000_000, 2_000_000, ("Hi",)),))
    >>> placed = place(doc, Timeline(fps="25", start_tc="01:00:00:00", offset_us=10_000))
    >>> [(c.start, c.end) for c in placed.cues]  # 1.01 s and 2.01 s snap outwards
    [(3601000000, 3602040000)]
    """
    moved = shift(document, timeline.shift_us)
    rate = timeline.rate
    if rate is None:
        return moved
    if layout is None:
        return snap(moved, rate)
    return snap(moved, rate, gap_in_frames(layout, rate), layout.max_duration_us or 0)


def gap_in_frames(layout: Layout, rate: FrameRate) -> int:
    """The layout's minimum gap in whole frames: its frame count, or its time rounded up
    (83 ms is 2 frames at 24 fps but 3 at 25, where 2 frames are only 80 ms).

    >>> from subsync.presets import PRESETS
    >>> [gap_in_frames(PRESETS["default"], frame_rate(r)) for r in ("23.976", "25", "60")]
    [2, 3, 5]
    """
    if layout.min_gap_frames:
        return layout.min_gap_frames
    return math.ceil(Fraction(layout.min_gap_us, US_PER_SECOND) * rate.fps)


def shift(document: Document, by_us: int) -> Document:
    """Every time moved by ``by_us`` (negative moves earlier); times may not go below 0."""
    if not by_us:
        return document
    earliest = min((c.start for c in document.cues), default=0)
    if earliest + by_us < 0:
        raise SubsyncError(
            f"shifting by {by_us / US_PER_SECOND:+.3f} s would move the first cue "
            f"({earliest / US_PER_SECOND:.3f} s) before 0"
        )
    cues = tuple(
        dataclasses.replace(
            cue, start=cue.start + by_us, end=cue.end + by_us, words=_moved(cue.words, by_us)
        )
        for cue in document.cues
    )
    return dataclasses.replace(
        document,
        cues=cues,
        graphemes=_moved(document.graphemes, by_us),
        phonemes=_moved(document.phonemes, by_us),
    )


Timed = TypeVar("Timed", Mark, Word)


def _moved(items: tuple[Timed, ...], by_us: int) -> tuple[Timed, ...]:
    return tuple(dataclasses.replace(i, start=i.start + by_us, end=i.end + by_us) for i in items)
