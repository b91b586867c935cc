"""Cue timing repair: minimum duration, reading speed, lead-in, chaining, gaps, and settling
cues built piece by piece."""

from __future__ import annotations

import dataclasses
import math

from subsync.layout.presets import Layout
from subsync.layout.text import reading_chars
from subsync.model import US_PER_SECOND, Cue

#: A cue is never made shorter than this by a repair (it must stay visible).
MIN_VISIBLE_US = 1_000


def reading_time_us(cue: Cue, layout: Layout) -> int:
    """How long the cue must show for its text to be read under the layout's speed rules.

    >>> from subsync.layout.presets import PRESETS
    >>> reading_time_us(Cue(0, 1, ("Twenty characters!!",)), PRESETS["default"])
    950000
    """
    words = sum(len(line.split()) for line in cue.lines)
    return time_to_read(reading_chars(cue.lines), words, layout)


def time_to_read(chars: int, words: int, layout: Layout) -> int:
    """How long ``chars`` characters in ``words`` words take to read under the layout's
    speed rules (``max_cps``, ``max_wpm``), in microseconds rounded up.

    >>> from subsync.layout.presets import PRESETS
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

    >>> from subsync.model import Word
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
