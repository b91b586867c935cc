"""Timed words -> cues: a chain of small named steps under a Layout (see subsync.layout.presets).

The steps, in order: split after sentence ends, split at pauses, split long phrases at
commas, split by length into even chunks, merge fragments too short to read; then lines
are broken and the timing repaired (minimum duration, reading speed, chaining, gaps).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence

from subsync.layout.linebreak import break_lines, line_bounds
from subsync.layout.measure import Measured
from subsync.layout.presets import DEFAULT_LAYOUT, Layout
from subsync.layout.repair import repair, time_to_read
from subsync.layout.text import ends_clause, ends_sentence, reading_chars
from subsync.layout.words import Piece, join, words_from_marks, words_from_text
from subsync.model import Cue

__all__ = [
    "DEFAULT_LAYOUT",
    "STEPS",
    "Layout",
    "Piece",
    "build_cues",
    "fits",
    "words_from_marks",
    "words_from_text",
]

Group = list[Piece]
Step = Callable[[list[Group], Layout], list[Group]]


def split_at_sentence_ends(groups: list[Group], layout: Layout) -> list[Group]:
    """A new group after every word that ends a sentence."""
    return _split_after(groups, lambda group, i: ends_sentence(group[i].word.text))


def split_at_pauses(groups: list[Group], layout: Layout) -> list[Group]:
    """A new group where the silence between two words reaches ``split_gap_us``."""

    def pause(group: Group, i: int) -> bool:
        return group[i + 1].word.start - group[i].word.end >= layout.split_gap_us

    return _split_after(groups, pause)


def split_long_at_commas(groups: list[Group], layout: Layout) -> list[Group]:
    """Split a group too long for one cue after its commas, where both sides make at least
    half a line (short clauses stay together)."""
    minimum = layout.max_line_width // 2
    result: list[Group] = []
    for group in groups:
        measured = Measured(group)
        if fits_span(measured, 0, len(group), layout):
            result.append(group)
            continue
        widths = measured.widths()

        def comma(g: Group, i: int, widths: list[int] = widths) -> bool:
            return (
                ends_clause(g[i].word.text)
                and widths[i + 1] >= minimum
                and widths[-1] - widths[i + 1] >= minimum
            )

        result.extend(_split_after([group], comma))
    return result


def split_by_length(groups: list[Group], layout: Layout) -> list[Group]:
    """Split each group that does not fit into the fewest chunks of about equal length
    that do (stable-ts' even split), preferring a cut after a comma when one is close."""
    result: list[Group] = []
    for group in groups:
        result.extend(_fewest_fitting_chunks(group, layout))
    return result


def merge_short(groups: list[Group], layout: Layout) -> list[Group]:
    """Join a group that cannot show long enough (the minimum duration, and its reading
    time) before the next one starts to a neighbour, when the two still fit one cue and no
    pause separates them, the closer neighbour first. A group that can simply be shown
    longer, the silence after it being long enough, stays: a short sentence keeps a cue
    of its own wherever it can."""
    merged = list(groups)
    index = 0
    while index < len(merged):
        if not _too_short_to_show(merged, index, layout) or len(merged) == 1:
            index += 1
            continue
        target = _merge_target(merged, index, layout)
        if target is None:
            index += 1
            continue
        low = min(index, target)
        merged[low : low + 2] = [merged[low] + merged[low + 1]]
        index = low
    return merged


#: The grouping steps, in the order they run.
STEPS: tuple[Step, ...] = (
    split_at_sentence_ends,
    split_at_pauses,
    split_long_at_commas,
    split_by_length,
    merge_short,
)


def build_cues(
    pieces: Sequence[Piece],
    layout: Layout = DEFAULT_LAYOUT,
    *,
    speaker: str | None = None,
    segment: str | None = None,
) -> list[Cue]:
    """Group timed words into cues under the layout, break their lines and fix timing.

    >>> words = words_from_text("One two. Three four five six seven.", 0, 3_600_000)
    >>> [c.lines for c in build_cues(words, Layout(max_line_width=10))]
    [('One two.',), ('Three', 'four five'), ('six seven.',)]
    """
    groups: list[Group] = [list(pieces)] if pieces else []
    for step in STEPS:
        groups = step(groups, layout)
    cues = [_cue(group, layout, speaker, segment) for group in groups]
    return repair(cues, layout)


def fits(group: Sequence[Piece], layout: Layout) -> bool:
    """Whether words make one cue within the layout: lines, line width (one word alone may
    be wider), characters per cue and duration (one word alone may be longer)."""
    return fits_span(Measured(group), 0, len(group), layout)


def fits_span(measured: Measured, first: int, stop: int, layout: Layout) -> bool:
    """:func:`fits` for words ``first`` to ``stop`` of words measured once."""
    # The cheap tests first: a group that grows a word at a time until it does not fit
    # (the greedy fill) mostly fails one of them, before any line is broken.
    label = layout.label_width  # a speaker label shown before the first line
    if stop - first > 1:
        text = measured.width(first, stop) + label
        if layout.max_cue_chars and text > layout.max_cue_chars:
            return False
        if layout.max_duration_us and measured.duration(first, stop) > layout.max_duration_us:
            return False
    bounds = line_bounds(measured, first, stop, layout)
    if len(bounds) - 1 > layout.max_lines:
        return False
    for index, (start, end) in enumerate(itertools.pairwise(bounds)):
        extra = label if index == 0 else 0
        alone = end - start == 1 and (not extra or stop - first == 1)
        if not alone and measured.width(start, end) + extra > layout.max_line_width:
            return False
    return True


def _split_after(groups: list[Group], cut_after: Callable[[Group, int], bool]) -> list[Group]:
    result: list[Group] = []
    for group in groups:
        start = 0
        for index in range(len(group) - 1):
            if cut_after(group, index):
                result.append(group[start : index + 1])
                start = index + 1
        result.append(group[start:])
    return result


#: How many chunk counts the even split tries, from the fewest any split can make.
_TRIES = 3


def _fewest_fitting_chunks(group: Group, layout: Layout) -> list[Group]:
    """The fewest chunks that fit, as even as can be: the greedy fill gives the fewest
    (each chunk as long as it can be), then even splits of that count and a little more
    are tried; when none fits, the greedy chunks stand. Linear in the group's length."""
    measured = Measured(group)
    greedy = _greedy_chunks(measured, layout)
    fewest = len(greedy) - 1
    widths = measured.widths()  # once for every split tried
    for count in range(fewest, min(fewest + _TRIES, len(group) + 1)):
        bounds = _even_split(group, count, widths)
        if all(fits_span(measured, a, b, layout) for a, b in itertools.pairwise(bounds)):
            return [group[a:b] for a, b in itertools.pairwise(bounds)]
    return [group[a:b] for a, b in itertools.pairwise(greedy)]


def _greedy_chunks(measured: Measured, layout: Layout) -> list[int]:
    """Where the chunks of the greedy fill start, and the end."""
    bounds = [0]
    start, count = 0, len(measured)
    while start < count:
        stop = start + 1
        while stop < count and fits_span(measured, start, stop + 1, layout):
            stop += 1
        bounds.append(stop)
        start = stop
    return bounds


def _even_split(group: Group, count: int, widths: list[int]) -> list[int]:
    """Cut into ``count`` chunks at the word boundaries nearest to equal lengths (a cut
    after a comma counts as a quarter of a chunk nearer), ``widths`` the group's
    :func:`prefix_widths`. Only the cuts that can win are looked at: those within that
    bonus of the nearest cut, found by bisection."""
    total = widths[-1]
    bonus = 0.25 * total / count
    bounds = [0]
    for part in range(1, count):
        target = total * part / count
        low, high = bounds[-1] + 1, len(group) - (count - part)

        def cost(cut: int, target: float = target) -> float:
            clause = bonus if ends_clause(group[cut - 1].word.text) else 0.0
            return abs(widths[cut] - target) - clause

        nearest = min(
            (
                c
                for c in (bisect.bisect_left(widths, target) + d for d in (-1, 0))
                if low <= c <= high
            ),
            key=lambda c: abs(widths[c] - target),
            default=low if widths[low] > target else high,
        )
        reach = abs(widths[nearest] - target) + bonus
        first = bisect.bisect_left(widths, target - reach, low, high + 1)
        stop = bisect.bisect_right(widths, target + reach, low, high + 1)
        window = range(max(first, low), max(min(stop, high + 1), first + 1))
        bounds.append(min(window, key=cost))
    bounds.append(len(group))
    return bounds


def _too_short_to_show(groups: list[Group], index: int, layout: Layout) -> bool:
    """Whether a group cannot show for as long as it must (the minimum duration, and the
    time to read it) before the next group starts, less the minimum gap."""
    if index + 1 == len(groups):
        return False
    room = _room(groups, index, layout)
    if room < layout.min_duration_us:
        return True
    # Too fast to read: joined to a neighbour it may share the time, but only within a
    # sentence (sentences keep cues of their own when they can be seen at all).
    within_sentence = not ends_sentence(groups[index][-1].word.text) or (
        index > 0 and not ends_sentence(groups[index - 1][-1].word.text)
    )
    return within_sentence and room < _needed_time(groups[index], layout)


def _room(groups: list[Group], index: int, layout: Layout) -> int:
    """The time a group may show: until the next group starts, less the minimum gap."""
    start = min(p.word.start for p in groups[index])
    return groups[index + 1][0].word.start - layout.min_gap_us - start


def _needed_time(group: Group, layout: Layout) -> int:
    """The time a group must show: the minimum duration, and the time to read it (its
    words counted as timed words, since CJK text has no spaces to count)."""
    reading = time_to_read(reading_chars([join(group)]), len(group), layout)
    return max(layout.min_duration_us, reading)


def _merge_target(groups: list[Group], index: int, layout: Layout) -> int | None:
    """The neighbour a short group can join, or None."""
    candidates = []
    for other in (index - 1, index + 1):
        if 0 <= other < len(groups):
            first, second = sorted((index, other))
            pause = groups[second][0].word.start - groups[first][-1].word.end
            if pause < layout.split_gap_us and fits(groups[first] + groups[second], layout):
                candidates.append((pause, other))
    return min(candidates)[1] if candidates else None


def _cue(group: Group, layout: Layout, speaker: str | None, segment: str | None) -> Cue:
    lines = tuple(join(line) for line in break_lines(group, layout))
    start = min(p.word.start for p in group)
    end = max(p.word.end for p in group)
    return Cue(start, end, lines, speaker, tuple(p.word for p in group), segment)
