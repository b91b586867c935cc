"""Timing: repair under presets, frame snapping, timecodes, shifting."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.errors import SubsyncError
from subsync.layout.presets import PRESETS, Layout
from subsync.layout.repair import keep_gaps, repair, settle
from subsync.model import Cue, Document, Word
from subsync.timeline import (
    FRAME_RATES,
    Timeline,
    format_timecode,
    frame_rate,
    parse_timecode,
    place,
    shift,
    snap,
)

NETFLIX = PRESETS["netflix"]


def _cue(start_ms: int, end_ms: int, text: str = "Hi.") -> Cue:
    return Cue(start_ms * 1000, end_ms * 1000, (text,))


def _spans(cues: list[Cue]) -> list[tuple[int, int]]:
    return [(c.start // 1000, c.end // 1000) for c in cues]


def test_short_cue_is_lengthened_to_the_minimum_duration() -> None:
    assert _spans(repair([_cue(0, 300)], NETFLIX)) == [(0, 833)]


def test_fast_cue_is_lengthened_for_reading_speed_but_not_into_the_next() -> None:
    text = "A" * 40  # 40 characters at 20 per second need 2 s
    assert _spans(repair([_cue(0, 1000, text)], NETFLIX)) == [(0, 2000)]
    assert _spans(repair([_cue(0, 1000, text), _cue(1500, 3000)], PRESETS["default"])) == [
        (0, 1417),
        (1500, 3000),
    ]


def test_lengthening_stops_at_the_maximum_duration() -> None:
    assert _spans(repair([_cue(0, 1000, "A" * 400)], NETFLIX)) == [(0, 7000)]


def test_netflix_closes_gaps_under_half_a_second_to_the_minimum_gap() -> None:
    cues = [_cue(0, 1000), _cue(1300, 2500), _cue(3500, 4500)]
    assert _spans(repair(cues, NETFLIX)) == [(0, 1217), (1300, 2500), (3500, 4500)]


def test_bbc_closes_pauses_under_a_second() -> None:
    cues = [_cue(0, 1500), _cue(2400, 3500)]
    assert _spans(repair(cues, PRESETS["bbc"])) == [(0, 2320), (2400, 3500)]


def test_overlap_is_trimmed_to_the_minimum_gap() -> None:
    cues = [_cue(0, 2000), _cue(1500, 3000)]
    assert _spans(repair(cues, NETFLIX)) == [(0, 1417), (1500, 3000)]


def test_keep_gaps_pushes_a_start_when_an_earlier_cue_would_vanish() -> None:
    cues = keep_gaps([_cue(1000, 1500), _cue(1000, 1800)], 83_000)
    assert _spans(cues) == [(1000, 1001), (1084, 1800)]


def test_timecodes_round_trip_at_every_rate() -> None:
    for name in FRAME_RATES:
        rate = frame_rate(name)
        for code in ("00:00:00:00", "00:00:59:01", "00:10:00:00", "01:00:00:00", "09:59:59:10"):
            separator = ";" if rate.drop_frame else ":"
            label = code[:8] + separator + code[9:]
            assert format_timecode(parse_timecode(label, rate), rate) == label, (name, label)


def test_drop_frame_skips_frame_numbers_except_every_tenth_minute() -> None:
    rate = frame_rate("29.97")
    one_minute = parse_timecode("00:01:00;02", rate)
    assert rate.frame_of(one_minute) == 1800
    assert rate.frame_of(parse_timecode("00:10:00;00", rate)) == 17982
    with pytest.raises(SubsyncError, match="out of range"):
        parse_timecode("00:00:00;30", rate)
    with pytest.raises(SubsyncError, match="unknown frame rate"):
        frame_rate("31")


@settings(max_examples=200)
@given(
    st.sampled_from(sorted(FRAME_RATES)),
    st.lists(st.tuples(st.integers(0, 10**10), st.integers(0, 10**7)), max_size=20),
)
def test_snapped_edges_sit_on_frame_boundaries(name: str, spans: list[tuple[int, int]]) -> None:
    rate = frame_rate(name)
    cues = sorted((Cue(s, s + d, ("x",)) for s, d in spans), key=lambda c: c.start)
    snapped = snap(Document("t", None, tuple(cues)), rate, min_gap_frames=2)
    for cue in snapped.cues:
        for edge in (cue.start, cue.end):
            assert rate.time_of(rate.frame_of(edge)) == edge
        assert rate.frame_of(cue.end) > rate.frame_of(cue.start)


def test_snapping_keeps_two_frame_gaps_between_near_misses() -> None:
    rate = frame_rate("25")
    cues = (_cue(0, 990), _cue(1000, 2000))
    snapped = snap(Document("t", None, cues), rate, min_gap_frames=2)
    assert _spans(list(snapped.cues)) == [(0, 920), (1000, 2000)]


def test_shift_moves_every_time_and_refuses_negative() -> None:
    word = Word("Hi.", 100_000, 400_000)
    document = Document("t", None, (Cue(100_000, 400_000, ("Hi.",), words=(word,)),))
    moved = shift(document, 3_600_000_000)
    assert moved.cues[0].start == 3_600_100_000
    assert moved.cues[0].words[0].end == 3_600_400_000
    with pytest.raises(SubsyncError, match="before 0"):
        shift(document, -200_000)


def test_custom_layout_changes_only_what_it_names() -> None:
    narrow = NETFLIX.with_changes(max_line_width=30)
    assert narrow.name == "custom"
    assert (narrow.max_line_width, narrow.min_gap_us) == (30, NETFLIX.min_gap_us)
    assert Layout().min_duration_us == 0


def test_chaining_never_makes_a_cue_longer_than_the_maximum() -> None:
    # The gap of 0.3 s would be closed, but the first cue may show 7 s at most.
    cues = repair([_cue(0, 6_900, "A long line of text."), _cue(7_200, 9_000)], NETFLIX)
    assert cues[0].end - cues[0].start <= 7_000_000


def test_snapping_moves_edges_outwards_and_keeps_the_maximum_duration() -> None:
    rate = frame_rate("25")
    doc = Document("x", None, (_cue(1_010, 2_010), _cue(3_000, 10_010)))
    snapped = snap(doc, rate, max_duration_us=7_000_000).cues
    assert _spans(list(snapped)) == [(1_000, 2_040), (3_000, 10_000)]


def test_place_keeps_the_minimum_gap_in_whole_frames_rounded_up() -> None:
    # 83 ms is more than 2 frames at 25 fps (80 ms): near misses get 3 frames.
    doc = Document("x", None, (_cue(0, 1_000), _cue(1_083, 2_000)))
    placed = place(doc, Timeline(fps="25"), PRESETS["default"]).cues
    assert placed[1].start - placed[0].end == 120_000


def test_timeline_rejects_a_timecode_without_a_frame_rate() -> None:
    with pytest.raises(SubsyncError, match="frame rate"):
        Timeline(start_tc="01:00:00:00")


def test_settle_pulls_back_only_what_was_lengthened() -> None:
    spoken = (Word("Hi", 0, 800_000),)
    cues = [Cue(0, 1_500_000, ("Hi",), words=spoken), Cue(600_000, 2_000_000, ("Yo",))]
    # The speech itself overlaps the next cue: the cue keeps all of it.
    assert settle(cues, 83_000)[0].end == 800_000


def test_settle_moves_a_led_start_back_towards_its_speech() -> None:
    before = Cue(0, 2_000_000, ("Hi",), words=(Word("Hi", 0, 2_000_000),))
    led = Cue(1_500_000, 4_000_000, ("Yo",), words=(Word("Yo", 2_500_000, 4_000_000),))
    assert [(c.start, c.end) for c in settle([before, led], 100_000)] == [
        (0, 2_000_000),
        (2_100_000, 4_000_000),
    ]
