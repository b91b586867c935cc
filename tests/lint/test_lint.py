"""Lint: a worked example per rule (just over the limit, and just at it), every preset, the
three output formats, and the golden files read back and checked under the default preset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from subsync.errors import SubsyncError
from subsync.layout.presets import PRESETS, Layout
from subsync.lint import (
    RULES,
    Violation,
    check,
    format_github,
    format_json,
    format_text,
    has_errors,
)
from subsync.model import Cue, Document
from subsync.sources.subtitles import read_subtitles
from tests.support.helpers import GOLDEN

#: Every rule with a limit off, so each example below turns on only the rule it is about.
OFF = Layout(max_line_width=0, max_lines=0)


def _cue(start_ms: int, end_ms: int, *lines: str) -> Cue:
    return Cue(start_ms * 1000, end_ms * 1000, lines)


def _doc(*cues: Cue) -> Document:
    return Document("test", None, cues)


def _found(document: Document, layout: Layout, fps: float | None = None) -> list[tuple[int, str]]:
    return [(v.cue, v.rule) for v in check(document, layout, fps)]


def _messages(document: Document, layout: Layout, fps: float | None = None) -> list[str]:
    return [v.message for v in check(document, layout, fps)]


# --- one worked example per rule ----------------------------------------------------------------


def test_line_too_long_counts_display_width() -> None:
    layout = OFF.with_changes(max_line_width=42)
    over = _doc(_cue(0, 5000, "A short first line", "x" * 47))
    assert _messages(over, layout) == ["line 2 is 47 characters; the limit is 42"]
    assert check(over, layout)[0].level == "error"
    assert _found(_doc(_cue(0, 5000, "x" * 42, "y" * 42)), layout) == []
    # CJK characters take two columns; combining marks and zero-width spaces none.
    assert _messages(_doc(_cue(0, 5000, "日" * 22)), layout) == [
        "line 1 is 44 columns wide (wide characters count 2); the limit is 42"
    ]
    assert (
        _found(_doc(_cue(0, 5000, "日" * 21, "e\u0301" * 42, "-\u200b->" + "x" * 39)), layout) == []
    )


def test_too_many_lines_counts_the_lines_shown() -> None:
    layout = OFF.with_changes(max_lines=2)
    assert _messages(_doc(_cue(0, 5000, "one", "two", "three")), layout) == [
        "3 lines; the limit is 2"
    ]
    # A line break inside a line makes two; a blank line is not shown.
    assert _found(_doc(_cue(0, 5000, "one\ntwo", "three")), layout) == [(1, "too-many-lines")]
    assert _found(_doc(_cue(0, 5000, "one", "", "  ", "two")), layout) == []


def test_cue_too_long_text_counts_the_text_without_line_breaks() -> None:
    layout = OFF.with_changes(max_cue_chars=84)
    assert _messages(_doc(_cue(0, 5000, "x" * 42, "y" * 43)), layout) == [
        "the text is 85 characters; the limit is 84"
    ]
    assert _found(_doc(_cue(0, 5000, "x" * 42, "y" * 42)), layout) == []


def test_overlap_is_found_in_time_order_whatever_the_document_order() -> None:
    overlapping = _doc(_cue(0, 2000, "a"), _cue(1500, 3000, "b"))
    assert _messages(overlapping, OFF) == [
        "starts 0.5 s before cue 1 ends (at 00:00:02.000); cues must not overlap"
    ]
    assert check(overlapping, OFF)[0].level == "error"
    assert _found(_doc(_cue(0, 2000, "a"), _cue(2000, 3000, "b")), OFF) == []
    # Cue 1 comes later in time; a long cue overlaps every cue inside it.
    assert _found(_doc(_cue(5000, 6000, "late"), _cue(0, 5500, "early")), OFF) == [(1, "overlap")]
    nested = _doc(_cue(0, 10_000, "long"), _cue(1000, 2000, "b"), _cue(3000, 4000, "c"))
    assert _found(nested, OFF) == [(2, "overlap"), (3, "overlap")]


def test_gap_below_minimum_includes_touching_cues_but_not_overlapping_ones() -> None:
    layout = OFF.with_changes(min_gap_us=83_000)
    assert _messages(_doc(_cue(0, 1000, "a"), _cue(1082, 2000, "b")), layout) == [
        "starts 0.082 s after cue 1 ends; the minimum gap is 0.083 s"
    ]
    assert _found(_doc(_cue(0, 1000, "a"), _cue(1083, 2000, "b")), layout) == []
    assert _found(_doc(_cue(0, 1000, "a"), _cue(1000, 2000, "b")), layout) == [
        (2, "gap-below-minimum")
    ]
    assert _found(_doc(_cue(0, 1000, "a"), _cue(900, 2000, "b")), layout) == [(2, "overlap")]


def test_gap_in_frames_when_the_frame_rate_is_known() -> None:
    layout = OFF.with_changes(min_gap_us=83_000, min_gap_frames=2)
    eighty = _doc(_cue(0, 1000, "a"), _cue(1080, 2000, "b"))
    assert _found(eighty, layout, fps=25) == []  # 2 frames at 25 fps are 80 ms
    assert _found(eighty, layout) == [(2, "gap-below-minimum")]  # no frame rate: 83 ms
    assert _messages(_doc(_cue(0, 1000, "a"), _cue(1079, 2000, "b")), layout, fps=25) == [
        "starts 0.079 s after cue 1 ends; the minimum gap is 2 frames at 25 fps (0.08 s)"
    ]
    # 2 frames at 23.976 fps are 83.4 ms, written in whole milliseconds as 83 or more.
    assert _found(_doc(_cue(0, 1000, "a"), _cue(1083, 2000, "b")), layout, fps=23.976) == []
    assert _found(_doc(_cue(0, 1000, "a"), _cue(1082, 2000, "b")), layout, fps=23.976) == [
        (2, "gap-below-minimum")
    ]


@pytest.mark.parametrize("fps", [0.0, -25.0, float("nan"), float("inf")])
def test_a_frame_rate_must_be_positive(fps: float) -> None:
    with pytest.raises(SubsyncError, match="frame rate must be a positive number"):
        check(_doc(), PRESETS["netflix"], fps)


def test_empty_cue_is_reported_alone() -> None:
    layout = OFF.with_changes(min_duration_us=833_000, min_gap_us=83_000)
    document = _doc(_cue(0, 100, "a" * 3), _cue(100, 200), _cue(200, 300, " ", "\u200b\u200f"))
    found = check(document, layout)
    assert [(v.cue, v.rule) for v in found if v.rule == "empty-cue"] == [
        (2, "empty-cue"),
        (3, "empty-cue"),
    ]
    assert {v.cue for v in found if v.rule != "empty-cue"} == {1}
    assert found[1].message == "the cue has no visible text"
    assert _found(_doc(_cue(0, 100, ".")), OFF) == []


def test_reading_speed_counts_characters_as_subtitle_edit_does() -> None:
    layout = OFF.with_changes(max_cps=20)
    assert _messages(_doc(_cue(0, 1000, "x" * 21)), layout) == [
        "21 characters in 1 s, 21 per second; the limit is 20 per second"
    ]
    warning = check(_doc(_cue(0, 1000, "x" * 21)), layout)[0]
    assert (warning.rule, warning.level) == ("reading-speed", "warning")
    # Spaces and punctuation count; line breaks, combining marks and invisible controls do not.
    assert _found(_doc(_cue(0, 1000, "Hello, you", "there! Bye\u0301\u200b\u2066")), layout) == []
    assert _found(_doc(_cue(0, 1000, "Hello, you", "there! Bye!")), layout) == [
        (1, "reading-speed")
    ]
    assert _messages(_doc(_cue(1000, 1000, "abc")), layout) == [
        "3 characters in 0 s; the limit is 20 per second"
    ]


def test_reading_speed_in_words_per_minute() -> None:
    layout = OFF.with_changes(max_wpm=180)
    assert _messages(_doc(_cue(0, 1000, "one two", "three four")), layout) == [
        "4 words in 1 s, 240 per minute; the limit is 180 per minute"
    ]
    assert _found(_doc(_cue(0, 1000, "one two three")), layout) == []


def test_too_short_and_too_long() -> None:
    short = OFF.with_changes(min_duration_us=833_000)
    assert _messages(_doc(_cue(0, 832, "hi")), short) == [
        "the cue lasts 0.832 s; the minimum is 0.833 s"
    ]
    assert _found(_doc(_cue(0, 833, "hi")), short) == []
    long = OFF.with_changes(max_duration_us=7_000_000)
    assert _messages(_doc(_cue(0, 7001, "hi")), long) == [
        "the cue lasts 7.001 s; the maximum is 7 s"
    ]
    assert _found(_doc(_cue(0, 7000, "hi")), long) == []
    assert [v.level for v in check(_doc(_cue(0, 7001, "hi")), long)] == ["warning"]


def test_rules_whose_limit_is_off_find_nothing() -> None:
    bad = _doc(
        _cue(0, 10, "x" * 200, "日" * 100, "three", "four"),
        _cue(10, 99_000, "y"),
        _cue(99_000, 99_001, "z" * 500),
    )
    assert _found(bad, OFF) == []
    assert _found(bad, OFF, fps=25) == []


def test_violations_are_in_cue_order_then_rule_order() -> None:
    layout = PRESETS["default"]
    document = _doc(_cue(5000, 5100, "x" * 50, "y", "z"), _cue(0, 5050, "fine, for long enough"))
    assert _found(document, layout) == [
        (1, "line-too-long"),
        (1, "too-many-lines"),
        (1, "overlap"),
        (1, "reading-speed"),
        (1, "too-short"),
    ]
    assert list(RULES) == [
        "empty-cue",
        "line-too-long",
        "too-many-lines",
        "cue-too-long-text",
        "overlap",
        "gap-below-minimum",
        "reading-speed",
        "too-short",
        "too-long",
    ]


# --- every preset: one document that passes, one that breaks its own rules ----------------------

GOOD = _doc(_cue(0, 2000, "Hello there."), _cue(3000, 5000, "How are you", "this morning?"))
BAD: dict[str, tuple[Document, float | None, list[tuple[int, str]]]] = {
    # 43 characters, then 83 ms expected between cues but 50 ms given.
    "default": (
        _doc(_cue(0, 3000, "x" * 43), _cue(3050, 5000, "ok")),
        None,
        [(1, "line-too-long"), (2, "gap-below-minimum")],
    ),
    # 2 frames at 25 fps (80 ms), one cue over 7 s, and 20 characters per second.
    "netflix": (
        _doc(_cue(0, 7500, "a long cue"), _cue(7579, 8579, "x" * 21)),
        25.0,
        [(1, "too-long"), (2, "gap-below-minimum"), (2, "reading-speed")],
    ),
    # 37 characters per line and 180 words per minute (3 words per second).
    "bbc": (
        _doc(_cue(0, 2000, "x" * 38), _cue(3000, 4000, "one two three four")),
        None,
        [(1, "line-too-long"), (2, "reading-speed")],
    ),
    # 84 characters per cue (more needs a line over 42) and 4 s per cue.
    "elevenlabs": (
        _doc(_cue(0, 4001, "x" * 42, "y" * 43)),
        None,
        [(1, "line-too-long"), (1, "cue-too-long-text"), (1, "too-long")],
    ),
}
AT_LIMIT = {
    "default": _doc(_cue(0, 833, "x" * 16), _cue(916, 7916, "x" * 42, "y" * 42)),
    "netflix": _doc(_cue(0, 833, "x" * 16), _cue(913, 7913, "x" * 42, "y" * 42)),
    "bbc": _doc(_cue(0, 1000, "one two three"), _cue(1080, 8080, "x" * 37, "y" * 37)),
    "elevenlabs": _doc(_cue(0, 4000, "x" * 42, "y" * 42), _cue(4000, 4001, "z" * 42, "z" * 42)),
}


def test_every_preset_has_examples() -> None:
    assert set(BAD) == set(AT_LIMIT) == set(PRESETS)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_each_preset_passes_good_cues_and_cues_at_its_limits(name: str) -> None:
    assert check(GOOD, PRESETS[name], fps=25) == []
    assert check(AT_LIMIT[name], PRESETS[name], fps=25) == []


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_each_preset_finds_what_breaks_its_rules(name: str) -> None:
    document, fps, expected = BAD[name]
    assert _found(document, PRESETS[name], fps) == expected


# --- output -------------------------------------------------------------------------------------

VIOLATIONS = [
    Violation("line-too-long", "error", 3, 65_200_000, 67_000_000, "line 2 is 47 characters", 9),
    Violation("too-short", "warning", 4, 3_723_004_000, 3_723_500_000, "lasts 50%, a: b\r\nc"),
]


def test_text_format() -> None:
    assert format_text(VIOLATIONS, "out/a.srt") == (
        "out/a.srt:cue 3 [00:01:05.200]: error: line-too-long: line 2 is 47 characters\n"
        "out/a.srt:cue 4 [01:02:03.004]: warning: too-short: lasts 50%, a: b\r\nc\n"
    )
    assert format_text([], "a.srt") == ""


def test_json_format() -> None:
    assert json.loads(format_json(VIOLATIONS, "a.srt")) == [
        {
            "file": "a.srt",
            "cue": 3,
            "line": 9,
            "start": 65.2,
            "end": 67.0,
            "level": "error",
            "rule": "line-too-long",
            "message": "line 2 is 47 characters",
        },
        {
            "file": "a.srt",
            "cue": 4,
            "line": None,
            "start": 3723.004,
            "end": 3723.5,
            "level": "warning",
            "rule": "too-short",
            "message": "lasts 50%, a: b\r\nc",
        },
    ]
    assert format_json([], "a.srt") == "[]\n"


def test_github_format_escapes_data_and_properties() -> None:
    assert format_github(VIOLATIONS, "dir,x/a:b%.srt") == (
        "::error file=dir%2Cx/a%3Ab%25.srt,line=9,col=1,title=line-too-long::"
        "cue 3 at 00:01:05.200: line 2 is 47 characters\n"
        "::warning file=dir%2Cx/a%3Ab%25.srt,title=too-short::"
        "cue 4 at 01:02:03.004: lasts 50%25, a: b%0D%0Ac\n"
    )


def test_has_errors_ignores_warnings() -> None:
    assert has_errors(VIOLATIONS)
    assert not has_errors(VIOLATIONS[1:])
    assert not has_errors([])


# --- the golden files, read back and checked under the default preset ---------------------------


def _golden_subtitles() -> list[Path]:
    return sorted(p for p in GOLDEN.iterdir() if p.suffix in (".srt", ".vtt"))


@pytest.mark.parametrize("path", _golden_subtitles(), ids=lambda p: p.name)
def test_golden_files_lint_under_the_default_preset(path: Path) -> None:
    document = read_subtitles(path.read_bytes(), path.name)
    found = check(document, PRESETS["default"])
    assert all(1 <= v.cue <= len(document.cues) for v in found)
    assert format_text(found, path.name).count("\n") == len(found)
    # The SRT and the WebVTT (with or without word tags) of one document hold the same
    # cues, so they break the same rules.
    stem = path.name.removesuffix(".words.vtt").removesuffix(path.suffix)
    twin = GOLDEN / (stem + (".vtt" if path.suffix == ".srt" else ".srt"))
    twin_found = check(read_subtitles(twin.read_bytes(), twin.name), PRESETS["default"])
    assert sorted((v.start_us, v.rule) for v in found) == sorted(
        (v.start_us, v.rule) for v in twin_found
    )
    # Cues subsync lays out itself (Resemble) keep the default preset's hard rules; ElevenLabs
    # subtitle frames are kept as edited in Dubbing Studio, so they may not.
    if path.name.startswith("resemble_"):
        assert not has_errors(found), format_text(found, path.name)
