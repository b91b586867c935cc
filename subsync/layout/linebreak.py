"""Breaking a cue's words into lines at the best places (Subtitle Edit's TextSplit order)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from subsync.layout.presets import DEFAULT_LAYOUT, Layout
from subsync.layout.text import display_width, ends_clause, ends_sentence, is_spaceless
from subsync.layout.words import Piece, join, prefix_widths

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

    >>> from subsync.layout.words import words_from_text
    >>> words = words_from_text("Resemble increases productivity through an easy to use API.", 0, 9)
    >>> [join(line) for line in break_lines(words)]
    ['Resemble increases productivity', 'through an easy to use API.']
    """
    return _break(list(chunk), layout.max_line_width, layout.max_lines, layout.label_width)


def _break(chunk: list[Piece], width: int, lines: int, label: int = 0) -> list[list[Piece]]:
    """``label``: columns a speaker label takes at the start of the first line."""
    total = display_width(join(chunk)) + label
    if lines <= 1 or len(chunk) <= 1 or total <= width:
        return [chunk]
    needed = min(lines, math.ceil(total / width))
    cost = _break_cost(chunk, width, needed, label)
    cut = min(range(1, len(chunk)), key=cost)
    return [chunk[:cut], *_break(chunk[cut:], width, lines - 1)]


def _break_cost(
    chunk: list[Piece], width: int, lines: int, label: int
) -> Callable[[int], tuple[int, int, int, int, float]]:
    widths = [label + w for w in prefix_widths(chunk)]
    total = widths[-1]

    def cost(cut: int) -> tuple[int, int, int, int, float]:
        head = widths[cut]
        tail = total - head - (1 if chunk[cut].space_before else 0)
        overflow = max(0, head - width) + max(0, tail - width * (lines - 1))
        lone = 0 if cut == 1 else len(chunk) - 1 if lines == 2 and cut == len(chunk) - 1 else -1
        # A CJK phrase is a line's worth of meaning: only a lone spaced word is avoided.
        alone = int(lone >= 0 and not is_spaceless(chunk[lone].word.text[:1]))
        last = chunk[cut - 1].word.text
        weak = int(last.lower() in _WEAK_ENDINGS)
        tier = 0 if ends_sentence(last) else 1 if ends_clause(last) else 2
        return (overflow, alone, weak, tier, abs(head - total / lines))

    return cost
