"""Graphemes -> words -> lines -> cues, under layout rules (line width, lines per cue, pauses)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from subsync.model import Cue, Mark, Word
from subsync.text import display_width, ends_clause, ends_sentence, is_punctuation, is_spaceless


@dataclass(frozen=True, slots=True)
class Layout:
    """The rules cues are built under; defaults follow Netflix English (42 x 2)."""

    max_line_width: int = 42
    max_lines: int = 2
    split_gap_us: int = 500_000


DEFAULT_LAYOUT = Layout()

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


@dataclass(frozen=True, slots=True)
class Token:
    """A word found in a run of text units: its text, the units it spans, and its spacing."""

    text: str
    first: int
    stop: int
    space_before: bool


@dataclass(frozen=True, slots=True)
class Piece:
    """A timed word and whether a space separates it from the word before."""

    word: Word
    space_before: bool


def tokenize(units: Sequence[str]) -> list[Token]:
    """Split text units (graphemes or characters) into words.

    Whitespace separates words; each character of a script written without spaces is a
    word of its own, with the punctuation that follows it attached.

    >>> [t.text for t in tokenize(list("Hi there,  you!"))]
    ['Hi', 'there,', 'you!']
    >>> [(t.text, t.space_before) for t in tokenize(list("日本語です。 OK"))]
    [('日', False), ('本', False), ('語', False), ('で', False), ('す。', False), ('OK', True)]
    """
    tokens: list[Token] = []
    start: int | None = None
    space = False

    def close(stop: int) -> None:
        nonlocal start, space
        if start is not None:
            text = "".join(units[start:stop])
            tokens.append(Token(text, start, stop, space and bool(tokens)))
            start, space = None, False

    for index, unit in enumerate(units):
        if not unit:
            continue
        if unit.isspace():
            close(index)
            space = True
        elif is_spaceless(unit):
            if start is None or not is_punctuation("".join(units[start:index])):
                close(index)
                start = index
            close(index + 1)
        elif start is None and tokens and not space and is_punctuation(unit):
            last = tokens[-1]
            tokens[-1] = Token(last.text + unit, last.first, index + 1, last.space_before)
        elif start is None:
            start = index
    close(len(units))
    return tokens


def words_from_marks(marks: Sequence[Mark]) -> list[Piece]:
    """Words from timed graphemes: a word spans its graphemes' earliest start to latest end."""
    pieces = []
    for token in tokenize([m.text for m in marks]):
        spoken = [m for m in marks[token.first : token.stop] if m.text and not m.text.isspace()]
        start = min(m.start for m in spoken)
        end = max(m.end for m in spoken)
        word = Word(token.text, start, end, graphemes=(token.first, token.stop))
        pieces.append(Piece(word, token.space_before))
    return pieces


def words_from_text(text: str, start: int, end: int) -> list[Piece]:
    """Words from untimed text spread over ``[start, end]`` in proportion to their length.

    >>> [(p.word.text, p.word.start, p.word.end) for p in words_from_text("ab cd", 0, 500)]
    [('ab', 0, 200), ('cd', 300, 500)]
    """
    length = max(len(text), 1)

    def at(position: int) -> int:
        return start + (end - start) * position // length

    return [
        Piece(Word(t.text, at(t.first), at(t.stop)), t.space_before) for t in tokenize(list(text))
    ]


def join(pieces: Sequence[Piece]) -> str:
    """The text of consecutive words, spaced as in the source."""
    if not pieces:
        return ""
    rest = "".join((" " if p.space_before else "") + p.word.text for p in pieces[1:])
    return pieces[0].word.text + rest


def build_cues(
    pieces: Sequence[Piece],
    layout: Layout = DEFAULT_LAYOUT,
    *,
    speaker: str | None = None,
    segment: str | None = None,
) -> list[Cue]:
    """Group timed words into cues: split at sentence ends and pauses, then by length.

    >>> words = words_from_text("One two. Three four five six seven.", 0, 3_600_000)
    >>> [c.lines for c in build_cues(words, Layout(max_line_width=10))]
    [('One two.',), ('Three', 'four five'), ('six seven.',)]
    """
    cues: list[Cue] = []
    for phrase in _phrases(pieces, layout):
        for chunk in _split_to_fit(phrase, layout):
            lines = tuple(join(line) for line in break_lines(chunk, layout))
            start = min(p.word.start for p in chunk)
            end = max(p.word.end for p in chunk)
            words = tuple(p.word for p in chunk)
            cues.append(Cue(start, end, lines, speaker, words, segment))
    return _trim_overlaps(cues)


def _phrases(pieces: Sequence[Piece], layout: Layout) -> list[list[Piece]]:
    """Split words after sentence ends and at pauses of ``split_gap_us`` or more."""
    phrases: list[list[Piece]] = []
    current: list[Piece] = []
    for index, piece in enumerate(pieces):
        current.append(piece)
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        pause = following is not None and (
            following.word.start - piece.word.end >= layout.split_gap_us
        )
        if following is None or pause or ends_sentence(piece.word.text):
            phrases.append(current)
            current = []
    return phrases


def _fits(chunk: Sequence[Piece], layout: Layout) -> bool:
    lines = break_lines(chunk, layout)
    return len(lines) <= layout.max_lines and all(
        len(line) == 1 or display_width(join(line)) <= layout.max_line_width for line in lines
    )


def _split_to_fit(phrase: list[Piece], layout: Layout) -> list[list[Piece]]:
    """Split a phrase into the fewest chunks of about equal length that each fit a cue."""
    capacity = layout.max_line_width * layout.max_lines
    first_try = max(1, math.ceil(display_width(join(phrase)) / capacity))
    for count in range(first_try, len(phrase) + 1):
        chunks = _even_split(phrase, count)
        if all(_fits(chunk, layout) for chunk in chunks):
            return chunks
    return [[piece] for piece in phrase]


def _even_split(phrase: list[Piece], count: int) -> list[list[Piece]]:
    """Cut a phrase into ``count`` chunks at the word boundaries nearest to equal lengths,
    preferring a boundary after a comma when one is close."""
    widths = _prefix_widths(phrase)
    total = widths[-1]
    bounds = [0]
    for part in range(1, count):
        target = total * part / count
        low, high = bounds[-1] + 1, len(phrase) - (count - part)

        def cost(cut: int, target: float = target) -> float:
            bonus = 0.25 * total / count if ends_clause(phrase[cut - 1].word.text) else 0.0
            return abs(widths[cut] - target) - bonus

        bounds.append(min(range(low, high + 1), key=cost))
    bounds.append(len(phrase))
    return [phrase[a:b] for a, b in itertools.pairwise(bounds)]


def _prefix_widths(pieces: Sequence[Piece]) -> list[int]:
    widths = [0]
    for index, piece in enumerate(pieces):
        gap = 1 if index and piece.space_before else 0
        widths.append(widths[-1] + gap + display_width(piece.word.text))
    return widths


def break_lines(chunk: Sequence[Piece], layout: Layout = DEFAULT_LAYOUT) -> list[list[Piece]]:
    """Break a cue's words into at most ``max_lines`` lines at the best places: where both
    lines fit, no word is left alone, no line ends on an article or preposition, after a
    sentence end or comma, and otherwise where the lines are most balanced.

    >>> words = words_from_text("Resemble increases productivity through an easy to use API.", 0, 9)
    >>> [join(line) for line in break_lines(words)]
    ['Resemble increases productivity', 'through an easy to use API.']
    """
    return _break(list(chunk), layout.max_line_width, layout.max_lines)


def _break(chunk: list[Piece], width: int, lines: int) -> list[list[Piece]]:
    if lines <= 1 or len(chunk) <= 1 or display_width(join(chunk)) <= width:
        return [chunk]
    needed = min(lines, math.ceil(display_width(join(chunk)) / width))
    cost = _break_cost(chunk, width, needed)
    cut = min(range(1, len(chunk)), key=cost)
    return [chunk[:cut], *_break(chunk[cut:], width, lines - 1)]


def _break_cost(
    chunk: list[Piece], width: int, lines: int
) -> Callable[[int], tuple[int, int, int, int, float]]:
    widths = _prefix_widths(chunk)
    total = widths[-1]

    def cost(cut: int) -> tuple[int, int, int, int, float]:
        head = widths[cut]
        tail = total - head - (1 if chunk[cut].space_before else 0)
        overflow = max(0, head - width) + max(0, tail - width * (lines - 1))
        alone = int(cut == 1 or (lines == 2 and cut == len(chunk) - 1))
        last = chunk[cut - 1].word.text
        weak = int(last.lower() in _WEAK_ENDINGS)
        tier = 0 if ends_sentence(last) else 1 if ends_clause(last) else 2
        return (overflow, alone, weak, tier, abs(head - total / lines))

    return cost


def _trim_overlaps(cues: list[Cue]) -> list[Cue]:
    """End each cue no later than the next starts (overlapping grapheme spans are common)."""
    trimmed = []
    for cue, following in zip(cues, [*cues[1:], None], strict=True):
        if following is not None and following.start < cue.end and following.start > cue.start:
            cue = Cue(cue.start, following.start, cue.lines, cue.speaker, cue.words, cue.segment)
        trimmed.append(cue)
    return trimmed
