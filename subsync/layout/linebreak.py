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
        over, tail_over = head - width, total - head - gaps[cut] - rest
        overflow = (over if over > 0 else 0) + (tail_over if tail_over > 0 else 0)
        lone = first if cut == first + 1 else stop - 1 if lines == 2 and cut == stop - 1 else -1
        # A CJK phrase is a line's worth of meaning: only a lone spaced word is avoided.
        alone = int(lone >= 0 and ranks[lone][2] == 1)
        weak, tier, _ = ranks[cut - 1]
        cost = (overflow, alone, weak, tier, abs(head - share))
        if best is None or cost < best:
            best, chosen = cost, cut
    return chosen


def _ranks(measured: Measured) -> list[tuple[int, int, int]]:
    """Each word's :func:`rank`, kept on ``measured``."""
    known = _known_ranks
    ranks = [known.get(p.word.text) or rank(p.word.text) for p in measured.pieces]
    measured.ranks = ranks
    return ranks


# The ranks of the words seen last (a text has a vocabulary: most words come again).
_known_ranks: dict[str, tuple[int, int, int]] = {}
_KNOWN_MOST = 8192


def rank(text: str) -> tuple[int, int, int]:
    """A word as a line end: weak (1) or not, a sentence end (0), a clause end (1) or
    other (2), and whether it is a spaced word (1) or starts with a character of a script
    written without spaces (0).

    >>> rank("the"), rank("done."), rank("well,"), rank("日本")
    ((1, 2, 1), (0, 0, 1), (0, 1, 1), (0, 2, 0))
    """
    weak = int(text.lower() in _WEAK_ENDINGS)
    tier = 0 if ends_sentence(text) else 1 if ends_clause(text) else 2
    found = (weak, tier, 0 if is_spaceless(text[:1]) else 1)
    if len(_known_ranks) >= _KNOWN_MOST:
        _known_ranks.clear()
    _known_ranks[text] = found
    return found
