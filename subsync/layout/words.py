"""Words from timed graphemes or from untimed text, with how they are spaced."""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass

from subsync.layout.text import display_width, is_punctuation, is_spaceless
from subsync.model import Mark, Word


@dataclass(frozen=True, slots=True)
class Token:
    """A word found in a run of text units: its text, the units it spans, and its spacing."""

    text: str
    first: int
    stop: int
    space_before: bool


# A word of text with no script written without spaces: a run of non-space characters.
_WORD = re.compile(r"\S+")
# Below the first script written without spaces (Thai): no character from here on is one.
_SPACELESS_FROM = "\u0e00"


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
    plain = _plain_text(units)
    return units_tokenized(units) if plain is None else _plain_tokens(plain)


def units_tokenized(units: Sequence[str]) -> list[Token]:
    """:func:`tokenize` unit by unit, for any units."""
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


def _plain_text(units: Sequence[str]) -> str | None:
    """The units joined when each is one character and none is of a script written
    without spaces (most text): then a unit is a character of the text, and words are
    what lies between spaces. None otherwise."""
    text = "".join(units)
    if len(text) != len(units) or "" in units or (text and max(text) >= _SPACELESS_FROM):
        return None
    return text


def _plain_tokens(text: str) -> list[Token]:
    """The words of plain text: the runs between spaces, each spaced from the one before."""
    return [
        Token(found.group(), found.start(), found.end(), number > 0)
        for number, found in enumerate(_WORD.finditer(text))
    ]


def words_from_marks(
    marks: Sequence[Mark], phonemes: Sequence[tuple[int, int]] | None = None
) -> list[Piece]:
    """Words from timed graphemes: a word spans its graphemes' earliest start to latest end.
    ``phonemes``: each word's span of phonemes, given to the words when there is one per
    word (else to none)."""
    texts = list(map(_TEXT, marks))
    plain = _plain_text(texts)
    tokens = tokenize(texts) if plain is None else _plain_tokens(plain)
    spans = phonemes if phonemes is not None and len(phonemes) == len(tokens) else None
    if plain is not None:
        # Every grapheme of a plain word is spoken (none is empty or a space).
        starts, ends = list(map(_START, marks)), list(map(_END, marks))
        times = [(min(starts[t.first : t.stop]), max(ends[t.first : t.stop])) for t in tokens]
    else:
        times = [_spoken_times(marks[t.first : t.stop]) for t in tokens]
    return [
        Piece(
            Word(t.text, start, end, (t.first, t.stop), spans[n] if spans else None), t.space_before
        )
        for n, (t, (start, end)) in enumerate(zip(tokens, times, strict=True))
    ]


def _spoken_times(marks: Sequence[Mark]) -> tuple[int, int]:
    """The earliest start and latest end of the graphemes said (not empty, not a space)."""
    spoken = [m for m in marks if m.text and not m.text.isspace()]
    return min(m.start for m in spoken), max(m.end for m in spoken)


_TEXT, _START, _END = (operator.attrgetter(name) for name in ("text", "start", "end"))


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


def prefix_widths(pieces: Sequence[Piece]) -> list[int]:
    """Display width of the first n words joined, for every n (index 0 is 0).

    >>> prefix_widths(words_from_text("ab cd", 0, 1))
    [0, 2, 5]
    """
    widths = [0]
    for index, piece in enumerate(pieces):
        gap = 1 if index and piece.space_before else 0
        widths.append(widths[-1] + gap + display_width(piece.word.text))
    return widths
