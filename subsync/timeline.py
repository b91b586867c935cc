"""The video timeline: frame rates, SMPTE timecodes, frame snapping, and moving a document
onto a timeline that starts at a timecode."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from subsync.errors import SubsyncError
from subsync.frozen import Frozen, NamedTuple
from subsync.layout.presets import Layout
from subsync.times import US_PER_SECOND

if TYPE_CHECKING:
    from fractions import Fraction

    from subsync.model import Cue, Document, Mark, Word

# The frame rates as numerator and denominator of frames per second.
_EXACT = {
    "23.976": (24000, 1001),
    "24": (24, 1),
    "25": (25, 1),
    "29.97": (30000, 1001),
    "29.97ndf": (30000, 1001),
    "30": (30, 1),
    "50": (50, 1),
    "59.94": (60000, 1001),
    "59.94ndf": (60000, 1001),
    "60": (60, 1),
}


class _FrameRates(Mapping[str, "Fraction"]):
    """The rates by name, as exact fractions: made (and the fractions module, with the
    decimal module it loads, imported) when a rate is first looked up, since most runs
    have no --fps and a start should not pay for them."""

    def __init__(self) -> None:
        self._made: dict[str, Fraction] = {}

    def __getitem__(self, name: str) -> Fraction:
        if not self._made:
            from fractions import Fraction

            self._made.update((n, Fraction(*exact)) for n, exact in _EXACT.items())
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(_EXACT)

    def __len__(self) -> int:
        return len(_EXACT)


#: The frame rates ``--fps`` takes, as exact fractions.
FRAME_RATES: Mapping[str, Fraction] = _FrameRates()

#: Other names people give the rates (23.98 is how editors round 23.976).
FRAME_RATE_ALIASES = {
    "23.98": "23.976",
    "29.97df": "29.97",
    "59.94df": "59.94",
    "23.976ndf": "23.976",
    "23.98ndf": "23.976",
}


def rate_name(text: str) -> str | None:
    """The FRAME_RATES name a rate is given as (``23.98``, ``29.97NDF``), None if unknown.

    >>> rate_name("23.98"), rate_name("29.97NDF"), rate_name("25.0"), rate_name("26")
    ('23.976', '29.97ndf', '25', None)
    """
    name = text.strip().lower()
    name = FRAME_RATE_ALIASES.get(name, name)
    if name not in FRAME_RATES and name.endswith(".0"):
        name = name[:-2]
    return name if name in FRAME_RATES else None


class FrameRate(NamedTuple):
    """A video frame rate; 29.97 and 59.94 count timecodes drop-frame (``29.97ndf`` and
    ``59.94ndf`` do not)."""

    name: str

    @property
    def fps(self) -> Fraction:
        """Frames per second, exactly."""
        return FRAME_RATES[self.name]

    @property
    def drop_frame(self) -> bool:
        """Whether SMPTE timecodes at this rate skip frame numbers (29.97, 59.94)."""
        return self.name in ("29.97", "59.94")

    # Exact arithmetic: a Fraction times or over an int is a Fraction.

    def frame_of(self, us: int) -> int:
        """The nearest frame boundary to a time (half a frame rounds up)."""
        return math.floor((self.fps * (2 * us) + US_PER_SECOND) / (2 * US_PER_SECOND))

    def frame_at(self, us: int) -> int:
        """The frame that is showing at a time (the boundary at or before it)."""
        return math.floor(self.fps * us / US_PER_SECOND)

    def frame_after(self, us: int) -> int:
        """The first frame boundary at or after a time."""
        return math.ceil(self.fps * us / US_PER_SECOND)

    def time_of(self, frame: int) -> int:
        """The time of a frame boundary, in microseconds (rounded to the nearest)."""
        return round(frame * US_PER_SECOND / self.fps)

    def frames(self, count: int) -> int:
        """The length of ``count`` frames in microseconds (rounded up)."""
        return math.ceil(count * US_PER_SECOND / self.fps)


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
    return frame_timecode(rate.frame_of(us), rate)


def frame_timecode(frame: int, rate: FrameRate) -> str:
    """Frame number ``frame`` at this rate as a SMPTE timecode (drop-frame as above).

    >>> frame_timecode(1800, frame_rate("29.97")), frame_timecode(1800, frame_rate("25"))
    ('00:01:00;02', '00:01:12:00')
    """
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


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Timeline(Frozen):
    """Where the cues go on a video timeline: ``offset_us`` moves every time, ``start_tc``
    (a SMPTE timecode at ``fps``) says where the timeline starts, and ``fps`` (a name from
    FRAME_RATES) snaps every cue edge to a frame boundary."""

    fps: str | None = None
    start_tc: str | None = None
    offset_us: int = 0

    def __init__(  # as @dataclass writes it (see subsync/frozen.py)
        self,
        fps: str | None = None,
        start_tc: str | None = None,
        offset_us: int = 0,
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "fps", fps)
        set_field(self, "start_tc", start_tc)
        set_field(self, "offset_us", offset_us)
        self.__post_init__()

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

    >>> from subsync.model import Cue, Document
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

    >>> from subsync.layout.presets import PRESETS
    >>> [gap_in_frames(PRESETS["default"], frame_rate(r)) for r in ("23.976", "25", "60")]
    [2, 3, 5]
    """
    if layout.min_gap_frames:
        return layout.min_gap_frames
    return math.ceil(rate.fps * layout.min_gap_us / US_PER_SECOND)


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


Timed = TypeVar("Timed", "Mark", "Word")


def _moved(items: tuple[Timed, ...], by_us: int) -> tuple[Timed, ...]:
    return tuple(dataclasses.replace(i, start=i.start + by_us, end=i.end + by_us) for i in items)
