"""Plain text (one character a unit, no script written without spaces) is split into words
by one regular expression: the same words, spans and spacing as the unit-by-unit tokenizer,
which every other text still takes."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.layout.text import is_punctuation, is_spaceless, reading_chars
from subsync.layout.word_repair import plausible_us
from subsync.layout.words import Piece, tokenize, units_tokenized, words_from_marks
from subsync.model import Mark, Word
from subsync.sources.resemble import _phoneme_words, phoneme_runs

# Characters of every kind below U+0E00 and a few above it: spaces of all sorts (including
# the separators str.isspace takes, \x1c to \x1f), punctuation, combining marks, controls.
_CHARS = st.one_of(
    st.characters(max_codepoint=0x0DFF),
    st.sampled_from([" ", "\t", "\n", "\x1c", "\x1f", "\xa0", "\u2003", "\u3000", "日", "。"]),
)
_UNITS = st.lists(st.one_of(_CHARS, st.sampled_from(["", "e\u0301", "ab"])), max_size=40)


@settings(max_examples=400)
@given(_UNITS)
def test_tokenize_is_the_unit_by_unit_tokenizer(units: list[str]) -> None:
    assert tokenize(units) == units_tokenized(units)


def _reference_words(marks: list[Mark]) -> list[Piece]:
    pieces = []
    for token in units_tokenized([m.text for m in marks]):
        spoken = [m for m in marks[token.first : token.stop] if m.text and not m.text.isspace()]
        start, end = min(m.start for m in spoken), max(m.end for m in spoken)
        word = Word(token.text, start, end, graphemes=(token.first, token.stop))
        pieces.append(Piece(word, token.space_before))
    return pieces


@settings(max_examples=300)
@given(st.lists(st.tuples(_CHARS, st.integers(0, 10**7), st.integers(0, 10**6)), max_size=40))
def test_words_from_marks_are_the_unit_by_unit_words(rows: list[tuple[str, int, int]]) -> None:
    marks = [Mark(text, start, start + length) for text, start, length in rows]
    assert words_from_marks(marks) == _reference_words(marks)


def _reference_plausible(text: str) -> int:
    letters = [ch for ch in text if not ch.isspace() and not is_punctuation(ch)]
    return 500_000 + sum(400_000 if is_spaceless(ch) else 150_000 for ch in letters)


@given(st.text(st.characters(max_codepoint=0x7F)) | st.text())
def test_a_word_s_plausible_length_counts_its_letters(text: str) -> None:
    assert plausible_us(text) == _reference_plausible(text)


def _reference_reading_chars(lines: list[str]) -> int:
    invisible = (
        "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
    )
    return sum(
        1
        for line in lines
        for ch in line
        if ch not in invisible and ch not in "\r\n" and not unicodedata.combining(ch)
    )


@given(st.lists(st.text(st.characters(max_codepoint=0x7F)) | st.text(), max_size=4))
def test_reading_chars_counts_what_is_read(lines: list[str]) -> None:
    assert reading_chars(lines) == _reference_reading_chars(lines)


@given(_UNITS)
def test_phoneme_words_are_the_runs_between_spaces(units: list[str]) -> None:
    phonemes = tuple(Mark(text, 0, 0) for text in units)
    assert _phoneme_words(phonemes) == phoneme_runs(units)
