"""A preset is a promise: the last pass over the cues subsync laid out on one timeline.

No overlaps, no cue over the maximum duration, none under ``FLOOR_US`` ever, and as few as
possible under the preset's minimum: a short cue borrows the silence after it, then the
silence before it, then joins a neighbour of the same speaker when the two still fit one
cue. What cannot be met without dropping text is kept and said, with the cue's time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from subsync.layout.cues import fits
from subsync.layout.linebreak import break_lines
from subsync.layout.presets import Layout
from subsync.layout.text import display_width, is_spaceless
from subsync.layout.words import Piece, join, words_from_text
from subsync.model import Cue

#: No laid-out cue is ever shorter than this, whatever the preset (it cannot be read).
FLOOR_US = 300_000
#: The share of cues that may stay under the preset's minimum duration.
SHORT_SHARE = 0.02


def guarantee(cues: Sequence[Cue], layout: Layout, warnings: list[str]) -> list[Cue]:
    """The cues of one timeline (in time order, apart) made to keep the layout's hard
    rules; what could not be met is appended to ``warnings``."""
    gap = layout.min_gap_us
    fixed = [_capped(cue, layout) for cue in cues]
    index = 0
    while index < len(fixed):
        fixed[index] = _borrowed(fixed, index, max(layout.min_duration_us, FLOOR_US), layout)
        if _duration(fixed[index]) < layout.min_duration_us and _merge(fixed, index, layout):
            index = max(index - 1, 0)
            continue
        index += 1
    for wanted in (layout.min_duration_us, FLOOR_US):
        for index in range(len(fixed)):
            if _duration(fixed[index]) < wanted:
                _make_room(fixed, index, wanted, layout)
    for index in range(len(fixed)):
        if _duration(fixed[index]) < FLOOR_US:
            _take_from_neighbours(fixed, index, gap)
    warnings.extend(_unmet(fixed, layout))
    return fixed


def pieces_of(cue: Cue) -> list[Piece]:
    """A cue's words with their spacing read back from its lines (CJK words have none; a
    cue's first word is spaced from the cue before); a cue without words gives its text's
    words, spread over its time."""
    if not cue.words:
        return words_from_text(" ".join(cue.lines), cue.start, cue.end)
    text = " ".join(cue.lines)
    pieces, position = [], 0
    for word in cue.words:
        found = text.find(word.text, position)
        space = found != 0 and (found < 0 or text[found - 1].isspace())
        pieces.append(Piece(word, space_before=space))
        position = max(position, found + len(word.text))
    return pieces


def _duration(cue: Cue) -> int:
    return cue.end - cue.start


def _capped(cue: Cue, layout: Layout) -> Cue:
    """A cue over the maximum duration ends at the maximum (a long audio event, a word that
    ran on): its text is still all there."""
    if layout.max_duration_us and _duration(cue) > layout.max_duration_us:
        return dataclasses.replace(cue, end=cue.start + layout.max_duration_us)
    return cue


def _borrowed(cues: list[Cue], index: int, wanted: int, layout: Layout) -> Cue:
    """A cue lengthened towards ``wanted``: into the silence after it, then before it."""
    cue, gap = cues[index], layout.min_gap_us
    if _duration(cue) >= wanted:
        return cue
    longest = layout.max_duration_us or wanted
    after = cues[index + 1].start - gap if index + 1 < len(cues) else cue.start + wanted
    end = max(cue.end, min(cue.start + wanted, after, cue.start + longest))
    before = cues[index - 1].end + gap if index else 0
    start = min(cue.start, max(end - wanted, before, 0))
    return dataclasses.replace(cue, start=start, end=end)


def _merge(cues: list[Cue], index: int, layout: Layout) -> bool:
    """Join a short cue to the nearer neighbour of the same speaker that it still fits one
    cue with (speech with speech, sounds with sounds); False when there is none."""
    cue = cues[index]
    choices = []
    for other in (index - 1, index + 1):
        if 0 <= other < len(cues) and _joinable(cue, cues[other]):
            first, second = sorted((index, other))
            merged = _joined(cues[first], cues[second], layout)
            if merged is not None:
                distance = cues[second].start - cues[first].end
                choices.append((distance, first, merged))
    if not choices:
        return False
    _, first, merged = min(choices, key=lambda choice: choice[0])
    cues[first : first + 2] = [merged]
    return True


def _joinable(cue: Cue, other: Cue) -> bool:
    return cue.speaker == other.speaker and bool(cue.words) == bool(other.words)


def _joined(first: Cue, second: Cue, layout: Layout) -> Cue | None:
    """The two cues as one, lines broken again, or None when that breaks a rule."""
    end = max(first.end, second.end)
    if layout.max_duration_us and end - first.start > layout.max_duration_us:
        return None
    head, tail = pieces_of(first), pieces_of(second)
    if tail:
        spaced = not (_spaceless_edge(join(head)[-1:]) and _spaceless_edge(tail[0].word.text[:1]))
        tail[0] = Piece(tail[0].word, spaced)
    pieces = head + tail
    untimed = [Piece(dataclasses.replace(p.word, start=0, end=0), p.space_before) for p in pieces]
    if not fits(untimed, layout):
        return None
    lines = tuple(join(line) for line in break_lines(pieces, layout))
    return dataclasses.replace(
        first, end=end, lines=lines, words=first.words + second.words, segment=first.segment
    )


def _spaceless_edge(ch: str) -> bool:
    return bool(ch) and (is_spaceless(ch) or not ch.isascii())


def _make_room(cues: list[Cue], index: int, wanted: int, layout: Layout) -> None:
    """Where cues are packed too tight to show (three speakers and a sound within half a
    second), move the packed cues apart into the silence around them: the cluster grows,
    nearer side first, until the silence on both sides holds every cue for ``wanted`` (or
    as long as it was), then its cues are laid end to end from as near their own starts as
    that allows. After the last cue there is always room, so this always succeeds."""
    gap = layout.min_gap_us
    longest = layout.max_duration_us or None
    first = stop = index
    need = _wanted_length(cues[index], wanted, longest)
    while True:
        low = cues[first - 1].end + gap if first else 0
        if stop + 1 == len(cues) or cues[stop + 1].start - gap - low >= need:
            # After the last cue the cues may stay where they are (room without end).
            last = stop + 1 == len(cues)
            high = cues[stop].start + need if last else cues[stop + 1].start - gap
            high = max(high, low + need)
            lengths = [_wanted_length(c, wanted, longest) for c in cues[first : stop + 1]]
            _lay_end_to_end(cues, first, lengths, low, high, gap)
            return
        if first > 0 and (stop - index) >= (index - first):
            first -= 1
            need += _wanted_length(cues[first], wanted, longest) + gap
        else:
            stop += 1
            need += _wanted_length(cues[stop], wanted, longest) + gap


def _wanted_length(cue: Cue, wanted: int, longest: int | None) -> int:
    length = max(wanted, _duration(cue))
    return min(length, longest) if longest else length


def _lay_end_to_end(
    cues: list[Cue], first: int, lengths: list[int], low: int, high: int, gap: int
) -> None:
    remaining = sum(lengths) + gap * (len(lengths) - 1)
    time = low
    for offset, length in enumerate(lengths):
        cue = cues[first + offset]
        start = min(max(time, cue.start), high - remaining)
        cues[first + offset] = dataclasses.replace(cue, start=start, end=start + length)
        remaining -= length + gap
        time = start + length + gap


def _take_from_neighbours(cues: list[Cue], index: int, gap: int) -> None:
    """A cue still under the floor takes time from the cues around it, each of which keeps
    at least the floor: after it first, then before it."""
    cue = cues[index]
    if index + 1 < len(cues):
        following = cues[index + 1]
        end = min(cue.start + FLOOR_US, following.end - FLOOR_US - gap)
        if end > cue.end:
            cue = dataclasses.replace(cue, end=end)
            if following.start < end + gap:
                cues[index + 1] = dataclasses.replace(following, start=end + gap)
    else:
        cue = dataclasses.replace(cue, end=max(cue.end, cue.start + FLOOR_US))
    if _duration(cue) < FLOOR_US:
        earliest = cues[index - 1].start + FLOOR_US + gap if index else 0
        start = max(cue.end - FLOOR_US, earliest, 0)
        if start < cue.start:
            cue = dataclasses.replace(cue, start=start)
            if index and cues[index - 1].end > start - gap:
                cues[index - 1] = dataclasses.replace(cues[index - 1], end=start - gap)
    cues[index] = cue


def _unmet(cues: list[Cue], layout: Layout) -> list[str]:
    """What the cues still break: said, never hidden (the text is all kept)."""
    said = []
    short = [c for c in cues if _duration(c) < layout.min_duration_us]
    if short:
        share = len(short) / len(cues)
        said.append(
            f"{len(short)} of {len(cues)} cues ({share:.1%}) are shorter than the minimum "
            f"{layout.min_duration_us / 1e6:g} s: no silence around them to borrow and no "
            f"neighbour of the same speaker to join (first at {_at(short[0])})"
        )
    for cue in cues:
        if _duration(cue) < FLOOR_US:
            said.append(f"cue at {_at(cue)} lasts under {FLOOR_US / 1e6:g} s: no room around it")
        shown = [display_width(line) for line in cue.lines]
        if shown and cue.speaker:
            shown[0] += layout.label_width
        wide = [width for width in shown if width > layout.max_line_width]
        if wide:
            said.append(
                f"cue at {_at(cue)} has a line {wide[0]} columns wide, over "
                f"{layout.max_line_width}: one word longer than a line, kept whole"
            )
    return said


def _at(cue: Cue) -> str:
    return f"{cue.start / 1e6:.3f} s-{cue.end / 1e6:.3f} s"
