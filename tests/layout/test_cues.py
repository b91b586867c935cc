"""The cue builder: worked examples and Hypothesis properties (nothing lost, limits kept)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.layout.cues import Layout, Piece, build_cues, words_from_text
from subsync.layout.linebreak import break_lines
from subsync.layout.presets import PRESETS
from subsync.layout.text import display_width
from subsync.layout.words import join, tokenize
from subsync.model import Document, Word
from subsync.timeline import FRAME_RATES, Timeline, frame_rate, gap_in_frames, place


def _pieces(text: str) -> list[Piece]:
    return words_from_text(text, 0, 10_000_000)


def _lines(text: str, width: int = 42) -> list[str]:
    return [join(line) for line in break_lines(_pieces(text), Layout(max_line_width=width))]


def test_short_text_stays_on_one_line() -> None:
    assert _lines("It fits on one line.") == ["It fits on one line."]


def test_break_prefers_a_sentence_end_then_a_comma() -> None:
    assert _lines("We're done. Now the next part begins over here") == [
        "We're done.",
        "Now the next part begins over here",
    ]
    assert _lines("If it rains tomorrow, we will stay at home all day") == [
        "If it rains tomorrow,",
        "we will stay at home all day",
    ]


def test_line_does_not_end_on_an_article_or_preposition() -> None:
    lines = _lines("She put the heavy box on the table in the kitchen")
    assert lines[0].split()[-1] not in {"the", "on", "in", "a"}
    assert all(display_width(line) <= 42 for line in lines)


def test_no_single_word_line_when_a_better_break_exists() -> None:
    lines = _lines("Absolutely everything we planned went according to plan today")
    assert all(len(line.split()) > 1 for line in lines)


def test_cjk_breaks_between_characters_and_counts_double_width() -> None:
    text = "今日はとても良い天気なので公園まで散歩に行きましょう"
    cues = build_cues(_pieces(text), Layout(max_line_width=20))
    lines = [line for cue in cues for line in cue.lines]
    assert "".join(lines) == text
    assert all(display_width(line) <= 20 for line in lines)
    assert len(cues) == 2


def test_tokenize_keeps_every_non_space_character_in_order() -> None:
    text = "  Hello,  世界！ (quoted) «x» -- ok\n\tdone. "
    assert "".join(t.text for t in tokenize(list(text))) == "".join(text.split())


_word = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=14
)


@st.composite
def _timed_words(draw: st.DrawFn) -> list[Piece]:
    texts = draw(st.lists(_word, min_size=1, max_size=40))
    pieces, clock = [], 0
    for text in texts:
        clock += draw(st.integers(0, 900_000))
        length = draw(st.integers(0, 600_000))
        pieces.append(Piece(Word(text, clock, clock + length), space_before=True))
        clock += length - draw(st.integers(0, min(length, 100_000)))  # spans may overlap
    return pieces


@settings(max_examples=300)
@given(_timed_words(), st.integers(10, 60), st.integers(1, 3))
def test_builder_loses_nothing_and_keeps_the_limits(
    pieces: list[Piece], width: int, max_lines: int
) -> None:
    layout = Layout(max_line_width=width, max_lines=max_lines)
    cues = build_cues(pieces, layout)
    assert [w for cue in cues for w in cue.words] == [p.word for p in pieces]
    for cue in cues:
        assert 1 <= len(cue.lines) <= max_lines
        for line, count in zip(cue.lines, _words_per_line(cue.lines), strict=True):
            assert display_width(line) <= width or count == 1
        assert cue.start <= cue.end
    for before, after in itertools.pairwise(cues):
        assert before.start <= after.start
        assert before.end <= after.start or after.start == before.start


def _words_per_line(lines: tuple[str, ...]) -> list[int]:
    return [len(line.split(" ")) for line in lines]


@settings(max_examples=200)
@given(_timed_words(), st.sampled_from(sorted(PRESETS)))
def test_builder_under_each_preset_keeps_its_hard_rules(pieces: list[Piece], name: str) -> None:
    layout = PRESETS[name]
    cues = build_cues(pieces, layout)
    assert [w for cue in cues for w in cue.words] == [p.word for p in pieces]
    for cue in cues:
        assert 1 <= len(cue.lines) <= layout.max_lines
        for line, count in zip(cue.lines, _words_per_line(cue.lines), strict=True):
            assert display_width(line) <= layout.max_line_width or count == 1
        if layout.max_cue_chars and len(cue.words) > 1:
            assert sum(display_width(line) for line in cue.lines) < layout.max_cue_chars + 2
        assert cue.end > cue.start or cue.end == cue.start == cue.words[0].end
    for before, after in itertools.pairwise(cues):
        assert before.start <= after.start
        assert after.start - before.end >= layout.min_gap_us


def test_merge_joins_a_fragment_too_short_to_read() -> None:
    # "Yes." alone would last 0.2 s: it joins the next sentence, which follows closely.
    pieces = words_from_text("Yes. I think we should go now.", 0, 2_000_000)
    cues = build_cues(pieces, PRESETS["netflix"])
    assert [c.lines for c in cues] == [("Yes. I think we should go now.",)]


def test_pause_keeps_a_short_fragment_apart() -> None:
    first = words_from_text("Yes.", 0, 200_000)
    rest = words_from_text("I think we should go now.", 1_500_000, 3_000_000)
    cues = build_cues([*first, *rest], PRESETS["netflix"])
    assert [c.lines for c in cues] == [("Yes.",), ("I think we should go now.",)]
    assert cues[0].end == 833_000  # lengthened to the minimum duration


def test_long_sentence_splits_at_a_comma_before_splitting_by_length() -> None:
    text = (
        "When the package finally arrived at the office on Friday afternoon, "
        "everyone gathered around to see what was inside"
    )
    cues = build_cues(words_from_text(text, 0, 9_000_000), PRESETS["netflix"])
    assert cues[0].lines[-1].endswith("afternoon,")


def test_elevenlabs_preset_limits_characters_per_cue_and_duration() -> None:
    text = " ".join(["word"] * 60)  # 299 characters over 20 s
    cues = build_cues(words_from_text(text, 0, 20_000_000), PRESETS["elevenlabs"])
    assert all(sum(len(line) for line in c.lines) + len(c.lines) - 1 <= 84 for c in cues)
    assert all(c.end - c.start <= 4_000_000 for c in cues)


def test_short_sentence_with_room_after_it_keeps_its_own_cue() -> None:
    # "Yes." lasts 0.2 s but 1.2 s of silence follows: it is shown longer, not merged.
    first = words_from_text("Yes.", 0, 200_000)
    rest = words_from_text("I think we should go now.", 1_200_000, 2_700_000)
    cues = build_cues([*first, *rest], PRESETS["default"])
    assert [c.lines for c in cues] == [("Yes.",), ("I think we should go now.",)]
    assert cues[0].end == 833_000


@settings(max_examples=200)
@given(_timed_words())
def test_bbc_cues_start_at_most_one_and_a_half_seconds_before_their_speech(
    pieces: list[Piece],
) -> None:
    layout = PRESETS["bbc"]
    for cue in build_cues(pieces, layout):
        spoken = min(w.start for w in cue.words)
        assert spoken - layout.max_lead_us <= cue.start


def test_bbc_fast_cue_takes_the_silence_before_it() -> None:
    # 10 words in 3 s is 200 words/min; BBC wants 3.33 s, and the next sentence follows
    # at once. The second cue starts earlier, in the 2 s of silence before it, which the
    # first cue (read in time) does not need.
    first = words_from_text("Hello there.", 0, 1_000_000)
    fast = words_from_text(" ".join(["word"] * 10) + ".", 3_000_000, 6_000_000)
    after = words_from_text("Then we stopped and went home again.", 6_100_000, 9_000_000)
    cues = build_cues([*first, *fast, *after], PRESETS["bbc"])
    assert len(cues) == 3
    bbc = PRESETS["bbc"]
    assert 3_000_000 - bbc.max_lead_us <= cues[1].start < 3_000_000
    assert cues[1].end - cues[1].start >= 10 * 60 * 1_000_000 // 180
    assert cues[1].start - cues[0].end >= bbc.min_gap_us
    assert cues[2].start == 6_100_000


@settings(max_examples=150)
@given(_timed_words(), st.sampled_from(sorted(PRESETS)), st.sampled_from(sorted(FRAME_RATES)))
def test_built_cues_placed_at_a_frame_rate_sit_on_frames_and_keep_their_gaps(
    pieces: list[Piece], name: str, fps: str
) -> None:
    layout = PRESETS[name]
    document = Document("test", None, tuple(build_cues(pieces, layout)))
    placed = place(document, Timeline(fps=fps), layout).cues
    rate = frame_rate(fps)
    gap = gap_in_frames(layout, rate)
    assert [c.words for c in placed] == [c.words for c in document.cues]
    for cue in placed:
        for edge in (cue.start, cue.end):
            assert rate.time_of(rate.frame_of(edge)) == edge
        assert cue.end > cue.start
    pairs = zip(itertools.pairwise(document.cues), itertools.pairwise(placed), strict=True)
    for (built_before, built_after), (before, after) in pairs:
        assert before.start <= after.start
        # Cues built apart stay apart by the gap; zero-length cues of zero-length words
        # that start together (only made-up data has them) may share a frame.
        if built_before.start < built_after.start:
            assert rate.frame_of(after.start) - rate.frame_of(before.end) >= gap
