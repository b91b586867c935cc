"""Spans of measured words: the line breaker and the fit test over them decide exactly as
the text-joining versions they replaced (kept here as the reference), for words in any
script, spacing, speaker label and layout."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.layout.cues import fits
from subsync.layout.linebreak import _WEAK_ENDINGS, break_lines
from subsync.layout.measure import Measured
from subsync.layout.presets import Layout
from subsync.layout.text import display_width, ends_clause, ends_sentence, is_spaceless
from subsync.layout.words import Piece, join, prefix_widths
from subsync.model import Word


def _reference_break(chunk: list[Piece], width: int, lines: int, label: int) -> list[list[Piece]]:
    """The line breaker as it was: every cut's cost from the joined text."""
    total = display_width(join(chunk)) + label
    if lines <= 1 or len(chunk) <= 1 or total <= width:
        return [chunk]
    needed = min(lines, math.ceil(total / width))
    widths = [label + w for w in prefix_widths(chunk)]

    def cost(cut: int) -> tuple[int, int, int, int, float]:
        head = widths[cut]
        tail = widths[-1] - head - (1 if chunk[cut].space_before else 0)
        overflow = max(0, head - width) + max(0, tail - width * (needed - 1))
        end = len(chunk) - 1
        lone = 0 if cut == 1 else end if needed == 2 and cut == end else -1
        alone = int(lone >= 0 and not is_spaceless(chunk[lone].word.text[:1]))
        last = chunk[cut - 1].word.text
        weak = int(last.lower() in _WEAK_ENDINGS)
        tier = 0 if ends_sentence(last) else 1 if ends_clause(last) else 2
        return (overflow, alone, weak, tier, abs(head - widths[-1] / needed))

    cut = min(range(1, len(chunk)), key=cost)
    return [chunk[:cut], *_reference_break(chunk[cut:], width, lines - 1, 0)]


def _reference_fits(group: list[Piece], layout: Layout) -> bool:
    label = layout.label_width
    if len(group) > 1:
        if layout.max_cue_chars and prefix_widths(group)[-1] + label > layout.max_cue_chars:
            return False
        duration = max(p.word.end for p in group) - min(p.word.start for p in group)
        if layout.max_duration_us and duration > layout.max_duration_us:
            return False
    lines = _reference_break(group, layout.max_line_width, layout.max_lines, label)
    if len(lines) > layout.max_lines:
        return False
    for index, line in enumerate(lines):
        extra = label if index == 0 else 0
        alone = len(line) == 1 and (not extra or len(group) == 1)
        if not alone and display_width(join(line)) + extra > layout.max_line_width:
            return False
    return True


_WORD_TEXT = st.one_of(
    st.sampled_from(["the", "a", "of", "Dr.", "end.", "so,", "why?", "日", "本。", "「はい。」"]),
    st.sampled_from(["e\u0301", "ｶﾀ", "\u200b", "x\x00y", "—", "ok:", "Über"]),
    st.text(min_size=1, max_size=9).filter(lambda t: not t.isspace()),
)
_PIECES = st.lists(
    st.builds(
        lambda text, start, length, spaced: Piece(Word(text, start, start + length), spaced),
        _WORD_TEXT,
        st.integers(0, 9_000_000),
        st.integers(0, 3_000_000),
        st.booleans(),
    ),
    max_size=24,
)
_LAYOUTS = st.builds(
    Layout,
    max_line_width=st.integers(1, 50),
    max_lines=st.integers(1, 4),
    max_cue_chars=st.one_of(st.none(), st.integers(1, 120)),
    max_duration_us=st.one_of(st.none(), st.integers(1, 9_000_000)),
    label_width=st.integers(0, 12),
)


@settings(max_examples=400)
@given(_PIECES, _LAYOUTS)
def test_lines_and_fit_are_the_joined_texts(pieces: list[Piece], layout: Layout) -> None:
    width, lines, label = layout.max_line_width, layout.max_lines, layout.label_width
    assert break_lines(pieces, layout) == _reference_break(pieces, width, lines, label)
    assert fits(pieces, layout) == _reference_fits(pieces, layout)


@given(_PIECES)
def test_a_span_is_as_wide_as_its_words_joined(pieces: list[Piece]) -> None:
    measured = Measured(pieces)
    for first in range(len(pieces) + 1):
        for stop in range(first, len(pieces) + 1):
            assert measured.width(first, stop) == display_width(join(pieces[first:stop]))
