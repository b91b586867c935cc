"""Phrases for scripts written without spaces: Scribe gives one entry per kana or kanji, and
a subtitle must not break a word between two of them, on a line or between cues.

BudouX (the phrase model Chrome uses to wrap Japanese, Chinese and Thai) finds the phrase
boundaries; the characters of one phrase become one word. It is imported on first use.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence

from subsync.layout.text import display_width, is_spaceless
from subsync.layout.words import Piece, join
from subsync.model import Word

#: A phrase: its piece, and the index of the first word it was made of.
Phrase = tuple[Piece, int]


def phrases(pieces: Sequence[Piece], width: int) -> list[Phrase]:
    """The words with each unspaced run of CJK or Thai words joined into its phrases; a
    phrase wider than ``width`` columns is cut between its words (into lines that fit).

    >>> words = [Piece(Word(ch, i, i + 1), False) for i, ch in enumerate("今日はいい天気")]
    >>> [p.word.text for p, _ in phrases(words, 26)]
    ['今日は', 'いい', '天気']
    """
    result: list[Phrase] = []
    index = 0
    while index < len(pieces):
        stop = index + 1
        while stop < len(pieces) and _continues(pieces[stop - 1], pieces[stop]):
            stop += 1
        if stop - index == 1:
            result.append((pieces[index], index))
        else:
            result.extend(_phrased(pieces, index, stop, width))
        index = stop
    return result


def _continues(before: Piece, piece: Piece) -> bool:
    """Whether ``piece`` goes on an unspaced CJK run (no space, a spaceless letter on one
    side at least)."""
    if piece.space_before:
        return False
    return any(is_spaceless(ch) for ch in before.word.text[-1:] + piece.word.text[:1])


def _phrased(pieces: Sequence[Piece], first: int, stop: int, width: int) -> list[Phrase]:
    texts = [pieces[i].word.text for i in range(first, stop)]
    ends = set(
        itertools.accumulate(len(chunk) for chunk in _parser("".join(texts))("".join(texts)))
    )
    result: list[Phrase] = []
    start, offset = first, 0
    for index in range(first, stop):
        offset += len(pieces[index].word.text)
        if offset in ends or index + 1 == stop:
            result.extend(_fitted(pieces, start, index + 1, width))
            start = index + 1
    return result


def _fitted(pieces: Sequence[Piece], first: int, stop: int, width: int) -> list[Phrase]:
    """One phrase of ``pieces[first:stop]``, or several when it is wider than a line."""
    result: list[Phrase] = []
    start = first
    for index in range(first + 1, stop + 1):
        wider = index < stop and display_width(join(pieces[start : index + 1])) > width
        if index == stop or wider:
            result.append((_joined(pieces[start:index]), start))
            start = index
    return result


def _joined(pieces: Sequence[Piece]) -> Piece:
    if len(pieces) == 1:
        return pieces[0]
    words = [piece.word for piece in pieces]
    word = Word(
        "".join(w.text for w in words),
        min(w.start for w in words),
        max(w.end for w in words),
        _span([w.graphemes for w in words]),
        _span([w.phonemes for w in words]),
    )
    return Piece(word, pieces[0].space_before)


def _span(spans: list[tuple[int, int] | None]) -> tuple[int, int] | None:
    present = [s for s in spans if s is not None]
    if len(present) != len(spans) or not present:
        return None
    return present[0][0], present[-1][1]


def _parser(text: str) -> Callable[[str], list[str]]:
    """The BudouX parser for the script of ``text``: Japanese when it has kana, Thai when
    it has Thai letters, else Simplified Chinese."""
    if any("\u3040" <= ch <= "\u30ff" for ch in text):
        return _load("ja")
    if any("\u0e00" <= ch <= "\u0e7f" for ch in text):
        return _load("th")
    return _load("zh-hans")


@functools.cache
def _load(script: str) -> Callable[[str], list[str]]:
    import budoux  # imported here: only CJK and Thai text needs it

    loaders = {
        "ja": budoux.load_default_japanese_parser,
        "th": budoux.load_default_thai_parser,
        "zh-hans": budoux.load_default_simplified_chinese_parser,
    }
    parser = loaders[script]()
    return lambda text: list(parser.parse(text))
