"""Reading SRT and WebVTT: anyone's files (BOM, CRLF, tags, entities, voices), errors that name
the file, cue and line, and every golden file read back to the model it was written from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.errors import InputError, SubsyncError
from subsync.model import Cue, Document
from subsync.sources import read
from subsync.sources.subtitles import read_subtitles
from subsync.writers.common import speaker_name
from subsync.writers.srt import write_srt
from subsync.writers.vtt import write_vtt
from tests.support.helpers import GOLDEN, intended_cues

ZWSP = "\u200b"
Read = tuple[int, int, tuple[str, ...], "str | None"]


def _read(text: str, name: str = "test.sub", kind: str | None = None) -> list[Read]:
    """Cues as (start ms, end ms, lines, speaker); times must be whole milliseconds."""
    document = read_subtitles(text.encode("utf-8"), name, kind)
    assert all(c.start % 1000 == 0 and c.end % 1000 == 0 for c in document.cues)
    return [(c.start // 1000, c.end // 1000, c.lines, c.speaker) for c in document.cues]


def _error(data: str | bytes, name: str = "movie.srt", kind: str | None = None) -> InputError:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(InputError) as caught:
        read_subtitles(raw, name, kind)
    assert caught.value.input == name
    assert str(caught.value).startswith(f"{name}: ")
    return caught.value


# --- SRT ---------------------------------------------------------------------------------------

SRT = """1
00:00:01,000 --> 00:00:02,500
First line
second line

2
00:01:02,003 --> 01:00:00,000
Another
"""


def test_srt_cues_have_times_in_microseconds_and_their_lines() -> None:
    document = read_subtitles(SRT.encode(), "a.srt")
    assert document == Document(
        "srt",
        None,
        (
            Cue(1_000_000, 2_500_000, ("First line", "second line")),
            Cue(62_003_000, 3_600_000_000, ("Another",)),
        ),
    )


def test_srt_with_bom_and_crlf_or_cr_reads_the_same() -> None:
    want = _read(SRT)
    assert _read("\ufeff" + SRT.replace("\n", "\r\n")) == want
    assert _read(SRT.replace("\n", "\r")) == want
    assert read_subtitles(b"\xef\xbb\xbf" + SRT.encode(), "a.srt").source == "srt"


def test_srt_formatting_tags_and_ass_overrides_are_removed_and_other_text_kept() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n"
        '{\\an8}<i>Up</i> <B>here</B>, <font color="#ffff00">yellow</font> <u>u</u> <s>s</s>\n'
        "1 < 2 > 0 & &amp; {not a tag} <3\n"
        "<i></i>\n"
    )
    assert _read(text)[0][2] == ("Up here, yellow u s", "1 < 2 > 0 & &amp; {not a tag} <3")


def test_srt_cues_are_numbered_by_their_order_not_by_the_numbers_written() -> None:
    text = (
        "7\n00:00:05,000 --> 00:00:06,000\nlater first\n\n"
        "00:00:01,000 --> 00:00:02,000\nno number\n\n\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nthird\n"
    )
    assert [r[2] for r in _read(text)] == [("later first",), ("no number",), ("third",)]


def test_srt_period_separators_coordinates_spaces_and_empty_text() -> None:
    text = (
        "1  \n 00:00:01.000-->00:00:02.000  X1:100 X2:200 Y1:10 Y2:20\n  padded  \n \t \n"
        "2\n00:00:03,000 --> 00:00:04,000\n"
    )
    assert _read(text) == [(1000, 2000, ("padded",), None), (3000, 4000, (), None)]


def test_srt_text_keeps_unicode_line_separators_and_zero_width_spaces() -> None:
    # Only CR and LF break lines; U+2028 and the writer's zero-width spaces are text.
    text = "1\n00:00:01,000 --> 00:00:02,000\na\u2028b -\u200b-> c\n12\u200b\n"
    assert _read(text)[0][2] == ("a\u2028b -\u200b-> c", "12\u200b")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("garbage\n", "cue 1, line 1", "expected a cue number or a timing line, got 'garbage'"),
        ("Lorem ipsum dolor sit amet,\nconsectetur.\n", "cue 1, line 1", "got 'Lorem ipsum"),
        ("1\naa:bb:cc,ddd --> 00:00:02,000\nx\n", "cue 1, line 2", "expected a timing line"),
        ("1\n00:00:-1,000 --> 00:00:02,000\nx\n", "cue 1, line 2", "expected a timing line"),
        ("1\n00:00:01,50 --> 00:00:02,000\nx\n", "cue 1, line 2", "expected a timing line"),
        ("1\n00:60:01,000 --> 00:00:02,000\nx\n", "cue 1, line 2", "under 60, got 00:60:01"),
        ("1\n00:00:03,000 --> 00:00:02,000\nx\n", "cue 1, line 2", "before it starts"),
        ("1\n", "cue 1, line 2", "got nothing"),
        (SRT.replace("First line\n", "First line\n\n"), "cue 2, line 5", "blank line inside"),
        (SRT.replace("\n\n2\n", "\n2\n"), "cue 1, line 6", "is the blank line before it missing"),
    ],
)
def test_bad_srt_is_an_input_error_naming_file_cue_and_line(
    text: str, where: str | None, message: str
) -> None:
    error = _error(text)
    assert error.where == where
    assert message in error.message


def test_an_empty_srt_has_no_cues_as_the_writer_makes_it() -> None:
    assert _read("") == _read("\ufeff \r\n\r\n") == []
    assert read_subtitles(write_srt(Document("test", None, ())).encode(), "e.srt").cues == ()


def test_webvtt_read_as_srt_says_so() -> None:
    error = _error("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n", kind="srt")
    assert "looks like WebVTT" in error.message


def test_text_that_is_not_utf8_is_refused_with_the_line_and_never_guessed() -> None:
    error = _error(SRT.replace("second", "séc").encode("latin-1"))
    assert error.where == "line 4"
    assert "not UTF-8 text (byte 44 is 0xe9)" in error.message
    assert "UTF-16 byte-order mark" in _error(SRT.encode("utf-16")).message


def test_a_binary_file_is_an_input_error_naming_it() -> None:
    assert "not UTF-8" in _error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "cover.png").message
    assert _error(b"\x00\x01\x02 binary but UTF-8\n", "x.bin").where == "cue 1, line 1"


# --- WebVTT ------------------------------------------------------------------------------------

VTT = """WEBVTT - a title
Kind: captions
Language: en

NOTE a comment
over two lines

STYLE
::cue { color: yellow }

intro
00:01.000 --> 00:02.500 align:start line:0
<v Ana>Hello <i>there</i></v>

2
00:00:03.000 --> 00:00:04.000
<v.loud Bob   Smith>Fish &amp; chips &lt;3</v>
<c.yellow>in</c> <b>bold</b>&nbsp;x&gt;y

00:00:05.000 --> 00:00:06.000
<v Ana>Karaoke <00:00:05.500>word <00:00:05.800>by word
<lang fr>oui</lang> <u>ok</u> <ruby>漢<rt>かん</rt></ruby>
"""

VTT_CUES = [
    (1000, 2500, ("Hello there",), "Ana"),
    (3000, 4000, ("Fish & chips <3", "in bold\u00a0x>y"), "Bob Smith"),
    (5000, 6000, ("Karaoke word by word", "oui ok 漢かん"), "Ana"),
]


def test_vtt_tags_go_entities_are_decoded_and_voices_become_speakers() -> None:
    document = read_subtitles(VTT.encode(), "a.vtt")
    assert (document.source, document.language) == ("vtt", None)
    assert _read(VTT) == VTT_CUES


def test_vtt_with_bom_and_crlf_reads_the_same() -> None:
    assert _read("\ufeff" + VTT.replace("\n", "\r\n")) == VTT_CUES


@pytest.mark.parametrize(
    ("payload", "lines", "speaker"),
    [
        ("<v Ana>Hi</v>\n<v  Bo >Yo\n<v Ana>Ok", ("Hi", "Yo", "Ok"), "Ana, Bo"),
        ("<v Tom &amp; Jerry>chase", ("chase",), "Tom & Jerry"),
        ("<v>no name</v>", ("no name",), None),
        ("plain <i>text", ("plain text",), None),
        ("a <b>b\n\n", ("a b",), None),
        ("&amp;lt; &#38; &#x26; &copy; &bogus; a&b", ("&lt; & & © &bogus; a&b",), None),
        ("<c>\n</c>x <unclosed", ("x",), None),
    ],
)
def test_vtt_cue_text(payload: str, lines: tuple[str, ...], speaker: str | None) -> None:
    assert _read(f"WEBVTT\n\n00:01.000 --> 00:02.000\n{payload}\n") == [
        (1000, 2000, lines, speaker)
    ]


def test_vtt_cues_keep_file_order_and_ids_stay_out_of_the_text() -> None:
    text = "WEBVTT\n\nb\n00:05.000 --> 00:06.000\nlate\n\na\n00:01.000 --> 00:02.000\nearly\n"
    assert [r[2] for r in _read(text)] == [("late",), ("early",)]


def test_vtt_comments_may_hold_an_arrow_and_cues_are_still_located() -> None:
    text = "WEBVTT\n\nNOTE\nfrom --> to\n\n00:03.000 --> 00:01.000\nx\n"
    assert _error(text, "a.vtt").where == "cue 1, line 6"


def test_header_only_vtt_has_no_cues() -> None:
    assert _read("WEBVTT\n") == []


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n", "line 1", "got 'WEBVTTX'"),
        (VTT.replace("00:00:04.000", "00:00:61.000"), "cue 2, line 15", "invalid timestamp"),
        (VTT.replace("00:00:03.000", "00:00:03.00"), "cue 2, line 15", "expected a cue"),
        (VTT.replace("line:0", "foo:bar"), "cue 1, line 11", "invalid cue setting 'foo:bar'"),
        (VTT.replace("</i></v>\n\n2", "</i></v>\n2"), "cue 1, line 11", "blank line missing"),
        (VTT.replace("00:00:05.000 -->", "00:00:07.000 -->"), "cue 3, line 20", "before it"),
        (VTT + "\nREGION\nid:x\n", "line 24", "region block after a cue"),
    ],
)
def test_bad_vtt_is_an_input_error_naming_file_cue_and_line(
    text: str, where: str, message: str
) -> None:
    error = _error(text, "movie.vtt")
    assert error.where == where
    assert message in error.message


def test_srt_read_as_vtt_says_the_header_is_missing() -> None:
    error = _error(SRT, kind="vtt")
    assert (error.where, error.message) == (
        "line 1",
        "expected 'WEBVTT' alone or followed by a space and text, got '1'",
    )


# --- detection ----------------------------------------------------------------------------------


def test_kind_is_detected_from_the_header() -> None:
    assert read_subtitles(VTT.encode(), "no-extension").source == "vtt"
    assert read_subtitles(("\ufeff" + VTT).encode(), "x").source == "vtt"
    assert read_subtitles(SRT.encode(), "subs.vtt").source == "srt"  # the name does not count


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(SubsyncError, match="unknown subtitle kind 'ass'"):
        read_subtitles(SRT.encode(), "a.ass", "ass")


# --- golden files: every cue comes back as the writers meant it ----------------------------------


def _golden_files() -> list[Path]:
    return sorted(p for p in GOLDEN.iterdir() if p.suffix in (".srt", ".vtt"))


# SRT has no escapes, so text the writer copies in such as "<b>" is markup to every reader.
SRT_MARKUP = re.compile(r"</?(?:[ibus]|font)(?:[ \t][^>]*)?>|\{\\[^}]*\}", re.IGNORECASE)


@pytest.mark.parametrize("path", _golden_files(), ids=lambda p: p.name)
def test_golden_files_read_back_to_their_json_model(path: Path) -> None:
    model_path = GOLDEN / (path.name.removesuffix(".words.vtt").removesuffix(path.suffix) + ".json")
    (model,) = read(model_path.read_bytes(), model_path.name).documents
    want = [(s, e, t.replace(ZWSP, "")) for s, e, t in intended_cues(model)]
    document = read_subtitles(path.read_bytes(), path.name)
    got = [
        (c.start // 1000, c.end // 1000, "\n".join(c.lines).replace(ZWSP, ""))
        for c in document.cues
    ]
    assert document.source == path.suffix[1:]
    if path.suffix == ".srt":
        assert got == [(s, e, _shown(SRT_MARKUP.sub("", t))) for s, e, t in want]
        return
    # The VTT writer orders cues by start, then longest first, as players do.
    speakers = [speaker_name(c) or None for c in _with_text(model)]
    order = sorted(range(len(want)), key=lambda i: (want[i][0], -want[i][1]))
    assert got == [want[i] for i in order]
    assert [c.speaker for c in document.cues] == [speakers[i] for i in order]


def _shown(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _alone(cue: Cue) -> Document:
    return Document("test", None, (cue,))


def test_there_are_golden_files_of_both_kinds() -> None:
    assert {p.suffix for p in _golden_files()} == {".srt", ".vtt"}


# --- Hypothesis: our writers' output reads back; nothing raises anything but InputError ---------

_text = st.lists(
    st.one_of(
        st.sampled_from(["&", "&amp;", "<", ">", "-->", "\n\n", " ", "12", "日本語", "e\u0301"]),
        st.sampled_from(["00:00:01,000 00:00:02,000", "\r\n", "\u2028", "\u200f", "{x}"]),
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=10),
    ),
    min_size=1,
    max_size=5,
).map("".join)
_cues = st.lists(
    st.builds(
        lambda start, length, lines, speaker: Cue(start, start + length, tuple(lines), speaker),
        start=st.integers(0, 99 * 3600 * 1_000_000),
        length=st.integers(0, 20_000_000),
        lines=st.lists(_text, min_size=1, max_size=3),
        speaker=st.none() | st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1),
    ),
    max_size=6,
)
_slow = settings(max_examples=150)


def _with_text(document: Document) -> list[Cue]:
    return [c for c in document.cues if intended_cues(_alone(c))]


@_slow
@given(_cues)
def test_written_srt_reads_back(cues: list[Cue]) -> None:
    model = Document("test", None, tuple(cues))
    want = [(s, e, t.replace(ZWSP, "")) for s, e, t in intended_cues(model)]
    document = read_subtitles(write_srt(model).encode(), "w.srt")
    got = [
        (c.start // 1000, c.end // 1000, "\n".join(c.lines).replace(ZWSP, ""))
        for c in document.cues
    ]
    # SRT has no escapes: text that looks like a tag is a tag to every reader.
    plain = [i for i, (_, _, text) in enumerate(want) if "<" not in text and "{" not in text]
    assert len(got) == len(want)
    assert [got[i] for i in plain] == [want[i] for i in plain]


@_slow
@given(_cues)
def test_written_vtt_reads_back_with_speakers(cues: list[Cue]) -> None:
    model = Document("test", None, tuple(cues))
    want = [(*intended_cues(_alone(c))[0], speaker_name(c) or None) for c in _with_text(model)]
    document = read_subtitles(write_vtt(model).encode(), "w.vtt")
    got = [(c.start // 1000, c.end // 1000, "\n".join(c.lines), c.speaker) for c in document.cues]
    assert got == sorted(want, key=lambda c: (c[0], -c[1]))


_fragments = st.sampled_from(
    [
        "WEBVTT",
        "",
        "",
        "1",
        "00:00:01,000 --> 00:00:02,000",
        "00:01.000 --> 00:02.000 align:start",
        "00:00:03.000 --> 00:00:01.000",
        "-->",
        "<v Ana>hi &amp;",
        "NOTE x",
        "STYLE",
        "REGION",
        "id:r",
        "\ufeff",
        "\r",
        "<i>x</i>",
    ]
)


@_slow
@given(
    st.lists(_fragments | st.text(max_size=8), max_size=12), st.sampled_from(["srt", "vtt", None])
)
def test_any_text_reads_or_is_an_input_error(lines: list[str], kind: str | None) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        document = read_subtitles(data, "fuzz", kind)
    except InputError as error:
        assert error.input == "fuzz"
    else:
        assert all(c.start <= c.end for c in document.cues)


@_slow
@given(st.binary(max_size=64))
def test_any_bytes_read_or_are_an_input_error(data: bytes) -> None:
    try:
        read_subtitles(data, "fuzz")
    except InputError as error:
        assert error.input == "fuzz"
