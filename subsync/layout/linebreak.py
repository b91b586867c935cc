"""Breaking a cue's words into lines at the best places (Subtitle Edit's TextSplit order)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from subsync.layout.measure import Measured
from subsync.layout.presets import DEFAULT_LAYOUT, Layout
from subsync.layout.text import ends_clause, ends_sentence, is_spaceless
from subsync.layout.words import Piece

# Words a line should not end on when a better break exists (Netflix and BBC line treatment).
_WEAK_ENDINGS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "into",
        "onto",
        "about",
        "as",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "that",
        "my",
        "your",
        "his",
        "her",
        "its",
        "our",
        "their",
        "this",
        "these",
        "those",
    ]
)


def break_lines(chunk: Sequence[Piece], layout: Layout = DEFAULT_LAYOUT) -> list[list[Piece]]:
    """Break a cue's words into at most ``max_lines`` lines at the best places: where both
    lines fit, no word is left alone, no line ends on an article or preposition, after a
    sentence end or comma, and otherwise where the lines are most balanced.

    >>> from subsync.layout.words import join, words_from_text
    >>> words = words_from_text("Resemble increases productivity through an easy to use API.", 0, 9)
    >>> [join(line) for line in break_lines(words)]
    ['Resemble increases productivity', 'through an easy to use API.']
    """
    bounds = line_bounds(Measured(chunk), 0, len(chunk), layout)
    return [list(chunk[first:stop]) for first, stop in itertools.pairwise(bounds)]


def line_bounds(measured: Measured, first: int, stop: int, layout: Layout) -> list[int]:
    """Where the lines of words ``first`` to ``stop`` start, and ``stop``: the first line
    takes its best cut, the rest is broken again into one line fewer, without the label."""
    bounds = [first]
    width, lines, label = layout.max_line_width, layout.max_lines, layout.label_width
    while True:
        total = measured.width(first, stop) + label
        if lines <= 1 or stop - first <= 1 or total <= width:
            break
        needed = min(lines, math.ceil(total / width))
        first = _best_cut(measured, first, stop, width, needed, label)
        bounds.append(first)
        lines, label = lines - 1, 0
    bounds.append(stop)
    return bounds


def _best_cut(measured: Measured, first: int, stop: int, width: int, lines: int, label: int) -> int:
    """The cut with the least cost: overflow, a word left alone, a weak line end, how the
    line ends (sentence, clause, other), then how unbalanced the lines are; the first of
    equals."""
    ranks = measured.ranks or _ranks(measured)
    prefix, gaps = measured.prefix, measured.gaps
    base = prefix[first] + gaps[first] - label  # head = prefix[cut] - base
    total = prefix[stop] - base
    share = total / lines
    rest = width * (lines - 1)
    best: tuple[int, int, int, int, float] | None = None
    chosen = first + 1
    for cut in range(first + 1, stop):
        head = prefix[cut] - base
        overflow = max(0, head - width) + max(0, total - head - gaps[cut] - rest)
        lone = first if cut == first + 1 else stop - 1 if lines == 2 and cut == stop - 1 else -1
        # A CJK phrase is a line's worth of meaning: only a lone spaced word is avoided.
        alone = int(lone >= 0 and ranks[lone][2] == 1)
        weak, tier, _ = ranks[cut - 1]
        cost = (overflow, alone, weak, tier, abs(head - share))
        if best is None or cost < best:
            best, chosen = cost, cut
    return chosen


def _ranks(measured: Measured) -> list[tuple[int, int, int]]:
    """Each word as a line end (weak, tier), and whether it is a spaced word (1) or starts
    with a character of a script written without spaces (0); kept on ``measured``."""
    ranks = []
    for piece in measured.pieces:
        text = piece.word.text
        weak = int(text.lower() in _WEAK_ENDINGS)
        tier = 0 if ends_sentence(text) else 1 if ends_clause(text) else 2
        ranks.append((weak, tier, 0 if is_spaceless(text[:1]) else 1))
    measured.ranks = ranks
    return ranks
