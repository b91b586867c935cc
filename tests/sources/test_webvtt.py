"""WebVTT read as browsers read it: hand-written cases for each step of the W3C parser
against headless Chromium, the warnings that count what was dropped or ignored, lint, the
real-world shapes, and a property against webvtt-parser (the W3C validator's parser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from subsync.cli import main
from subsync.errors import InputError
from subsync.layout.presets import PRESETS
from subsync.lint import check_file
from subsync.sources import ParseOptions, read
from subsync.sources.webvtt.cuetext import shown_lines
from tests.support.conformance import Readers
from tests.support.helpers import ROOT
from tests.support.readers import WebVTTValidator
from tests.support.webvtt_agreement import compare
from tests.support.webvtt_cases import CASES, DEVIATIONS

SUBTITLES = ROOT / "fixtures" / "subtitles"


def _case(name: str) -> bytes:
    return next(c.data for c in CASES if c.name == name)


def _messages(data: bytes, name: str = "x.vtt") -> list[tuple[str, str]]:
    return [(n.where, n.message) for n in read(data, name).notices]


def test_every_case_reads_as_chromium_reads_it(readers: Readers) -> None:
    readers.require("chromium")
    agreement = compare(readers.browser())
    assert agreement.different == []
    assert sorted(agreement.deviations) == sorted(DEVIATIONS)
    # Both outcomes are exercised: files the browser loads and files it refuses.
    assert agreement.loaded >= 100
    assert len(CASES) - agreement.loaded >= 10


def test_the_cases_cover_every_step_that_keeps_drops_or_ignores() -> None:
    steps = {c.step for c in CASES}
    assert steps == {
        "signature",
        "header",
        "blocks",
        "timings",
        "settings",
        "cue text",
        "real-world shapes",
    }
    assert len({c.name for c in CASES}) == len(CASES)


def test_the_deviations_do_what_they_say() -> None:
    (document,) = read(_case("no-signature-srt-shaped"), "x.vtt").documents
    assert [c.lines for c in document.cues] == [("A",), ("B",)]
    assert _messages(_case("no-signature-srt-shaped"))[0] == (
        "line 1",
        "1 SRT-shaped text without a WEBVTT line read as SRT",
    )
    with pytest.raises(InputError, match="--input-encoding"):
        read(_case("latin-1-text"), "x.vtt")
    (document,) = read(_case("end-before-start"), "x.vtt").documents
    assert (document.cues[0].start, document.cues[0].end) == (2_000_000, 2_000_000)
    assert ("line 3", "1 cue ending before its start given zero length") in _messages(
        _case("end-before-start")
    )


def test_spec_refusals_are_errors_naming_the_line() -> None:
    for name, fragment in [
        ("two-utf8-boms", "two byte-order marks"),
        ("lowercase", "expected 'WEBVTT'"),
        ("form-feed-after", "expected 'WEBVTT'"),
        ("no-signature-vtt-times", "expected 'WEBVTT'"),
    ]:
        with pytest.raises(InputError, match=fragment):
            read(_case(name), "x.vtt")


def test_each_kind_of_drop_is_one_warning_counting_the_rest() -> None:
    settings = " ".join(f"bad{n}:x" for n in range(3))
    cues = "".join(f"00:0{n}.000 --> 00:0{n}.500 {settings}\nHi\n\n" for n in range(4))
    data = f"WEBVTT\n\n{cues}00:09.000 --> later\nlost\n\nstray\n".encode()
    assert _messages(data) == [
        ("line 3", "12 invalid cue settings ignored, first at line 3: 'bad0:x'"),
        ("line 15", "1 cue with an invalid timing line dropped: '00:09.000 --> later'"),
        ("line 18", "1 block without a timing line dropped: 'stray'"),
    ]


def test_region_settings_styling_nul_and_late_blocks_are_reported() -> None:
    data = (
        b"WEBVTT\n\nREGION\nid:r width:50 scroll:down\n\n"
        b"00:01.000 --> 00:02.000 region:r\n<b>A\x00</b>\n\nSTYLE\n::cue {}\n"
    )
    (document,) = read(data, "x.vtt").documents
    assert document.cues[0].lines == ("A\ufffd",)
    assert [m for _, m in _messages(data)] == [
        "2 invalid region settings ignored, first at line 4: 'width:50'",
        "1 NUL character replaced by U+FFFD",
        "1 styling tag dropped (the text is kept): '<b>'",
        "1 STYLE or REGION block after a cue ignored: 'STYLE'",
    ]


def test_strict_refuses_what_the_forgiving_reader_reports() -> None:
    data = (SUBTITLES / "netflix_style.vtt").read_bytes()
    assert read(data, "n.vtt").documents[0].cues
    with pytest.raises(InputError):
        read(data, "n.vtt", options=ParseOptions(strict=True))


def test_lint_reports_dropped_text_as_errors_and_ignored_settings_as_warnings() -> None:
    data = (
        b"WEBVTT\n\n00:01.000 --> 00:03.000 align:middle\nHi there\n\n00:04.000 -> 00:05.000\nX\n"
    )
    found = check_file(data, "x.vtt", PRESETS["default"])
    assert [(v.rule, v.level, v.cue, v.message) for v in found] == [
        ("input-ignored", "warning", 1, "line 3: invalid cue setting ignored: 'align:middle'"),
        (
            "input-dropped",
            "error",
            1,
            "line 6: block without a timing line dropped: '00:04.000 -> 00:05.000'",
        ),
    ]


# --- real-world shapes, written for these tests ------------------------------------------


def _cues(path: Path) -> list[tuple[int, int, tuple[str, ...]]]:
    (document,) = read(path.read_bytes(), path.name).documents
    return [(c.start // 1000, c.end // 1000, c.lines) for c in document.cues]


def test_netflix_style_settings_and_a_line_of_spaces() -> None:
    path = SUBTITLES / "netflix_style.vtt"
    assert _cues(path) == [
        (2000, 4500, ("Previously, on the lighthouse...",)),
        # As in every browser: a line of spaces does not end a cue, so "3" is shown in it.
        (5100, 7400, ("-Keep the lamp lit.", "-All night?", "3")),
        (8000, 10250, ("Every night.",)),
    ]
    assert [m for _, m in _messages(path.read_bytes())] == [
        "6 invalid cue settings ignored, first at line 4: 'position:50.00%,middle'",
        "1 styling tag dropped (the text is kept): '<i>'",
        "1 line of only spaces inside a cue kept, and the text after it stays in the cue "
        "(as browsers show it): '3'",
    ]


def test_youtube_dl_layout_without_blank_lines() -> None:
    assert _cues(SUBTITLES / "youtube_dl_layout.vtt") == [
        (0, 1800, ("welcome back to the workshop",)),
        (1800, 1810, ("welcome back to the workshop",)),
        (1810, 4000, ("welcome back to the workshop", "today we sand oak")),
    ]


def test_lines_of_spaces_after_the_last_cue_are_no_problem() -> None:
    path = SUBTITLES / "trailing_space_lines.vtt"
    assert _cues(path) == [
        (62500, 64000, ("The tide is turning.",)),
        (65000, 67250, ("Then we sail at dawn.",)),
    ]
    assert read(path.read_bytes(), path.name).notices == ()


def test_the_real_world_fixtures_read_as_chromium_reads_them(readers: Readers) -> None:
    readers.require("chromium")
    paths = sorted(SUBTITLES.glob("*.vtt"))
    tracks = readers.browser().read([p.read_bytes() for p in paths])
    for path, track in zip(paths, tracks, strict=True):
        want = [
            (round(c.start * 1000), round(c.end * 1000), shown_lines(c.plain)) for c in track.cues
        ]
        assert _cues(path) == want, path.name


# --- property: what the W3C validator's parser accepts, subsync reads the same -------------

_word = st.sampled_from(
    [
        "Hi",
        "there",
        "&amp;",
        "&lt;3",
        "<b>bold</b>",
        "<i>it</i>",
        "<v Ana>Ana</v>",
        "é",
        "字幕",
        "<c.x>c</c>",
        "<00:00:00.500>",
        "a&nbsp;b",
        "-",
        "x --&gt; y",
        "<ruby>r<rt>t</rt></ruby>",
    ]
)
_text_line = st.lists(_word, min_size=1, max_size=5).map(" ".join)
_setting = st.sampled_from(
    [
        "align:start",
        "align:end",
        "line:0",
        "line:-1",
        "line:50%",
        "position:10%",
        "size:80%",
        "vertical:rl",
        "position:50%,center",
        "line:10%,end",
    ]
)


@st.composite
def _vtt_files(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from(["WEBVTT", "WEBVTT - title", "WEBVTT\nKind: captions"]))
    blocks = []
    start = 0
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 5)) == 0:
            blocks.append(draw(st.sampled_from(["NOTE a note", "NOTE\nline\nline"])))
            continue
        start += draw(st.integers(0, 5000))
        end = start + draw(st.integers(0, 5000))
        ident = draw(st.sampled_from(["", "id\n", "12\n"]))
        settings = " ".join(draw(st.lists(_setting, max_size=3, unique_by=lambda s: s[:4])))
        lines = "\n".join(draw(st.lists(_text_line, max_size=3)))
        blocks.append(
            f"{ident}{_stamp(start)} --> {_stamp(end)} {settings}".rstrip() + "\n" + lines
        )
    separator = draw(st.sampled_from(["\n\n", "\n\n\n"]))
    ending = draw(st.sampled_from(["", "\n", "\n\n"]))
    return header + "\n\n" + separator.join(blocks) + ending


def _stamp(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{millis:03d}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_vtt_files())
def test_what_webvtt_parser_accepts_reads_with_the_same_cues(
    vtt_validator: WebVTTValidator, text: str
) -> None:
    result = vtt_validator.parse(text)
    assume(not result.errors)
    want = sorted(
        (round(c.start * 1000), round(c.end * 1000), shown_lines(c.plain)) for c in result.cues
    )
    (document,) = read(text.encode(), "p.vtt").documents
    assert sorted((c.start // 1000, c.end // 1000, c.lines) for c in document.cues) == want


def test_subsync_lint_fails_on_dropped_text_and_warns_of_ignored_settings(tmp_path: Path) -> None:
    path = tmp_path / "x.vtt"
    path.write_bytes(b"WEBVTT\n\n00:01.000 --> 00:03.000 align:middle\nHi there\n\nstray\n")
    result = CliRunner().invoke(main, ["lint", str(path)])
    assert result.exit_code == 1
    assert "warning: input-ignored: line 3: invalid cue setting ignored" in result.stdout
    assert "error: input-dropped: line 6: block without a timing line dropped" in result.stdout


_quirky = st.text(
    st.sampled_from(
        list("WEBVT \t\r\n\x00\ufeff0123456789:.,->-<>/&;#vcib%NOTESTYLREGIONlinealgposz")
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["WEBVTT\n", "", "1\n", "WEBVTT\n\n00:01.000 --> 00:02.000\n"]), _quirky)
def test_any_text_reads_or_is_refused_with_an_input_error(start: str, text: str) -> None:
    for name in ("x.vtt", "x.srt", "x"):
        try:
            parsed = read((start + text).encode(), name)
        except InputError:
            continue
        for document in parsed.documents:
            assert all(c.start <= c.end for c in document.cues)


def test_a_timestamp_of_thousands_of_digits_of_hours_drops_its_cue_with_a_warning() -> None:
    # int() refuses strings of over 4,300 digits; no media is that long.
    hours = "9" * 5000
    text = f"WEBVTT\n\n{hours}:00:00.000 --> {hours}:00:01.000\nHi\n\n00:01.000 --> 00:02.000\nYo\n"
    parsed = read(text.encode(), "x.vtt")
    assert [c.lines for c in parsed.documents[0].cues] == [("Yo",)]
    assert any("invalid timing line dropped" in n.message for n in parsed.notices)
    with pytest.raises(InputError, match="line 3: invalid timestamp") as refused:
        read(text.encode(), "x.vtt", options=ParseOptions(strict=True))
    assert len(str(refused.value)) < 300
