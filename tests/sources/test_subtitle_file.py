"""SRT and WebVTT as inputs: detection by content, lines kept, speakers, errors by line,
round trips, --relayout, and batch rules (folders take only JSON; inputs never overwritten)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import srt
from click.testing import CliRunner, Result
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from subsync.cli import main
from subsync.errors import InputError
from subsync.layout.presets import Layout
from subsync.layout.relayout import joined_lines
from subsync.model import Cue, Document
from subsync.sources import SOURCES, ParseOptions, detect, read, read_raw
from subsync.sources.tags import SRT_TAGS
from subsync.writers import WriteOptions
from subsync.writers.srt import write_srt
from subsync.writers.vtt import write_vtt
from tests.support.helpers import INPUTS, parse_fixture
from tests.support.source_checks import assert_fails_at

SRT_FIXTURE = "elevenlabs_transcript_legacy_fr.srt"
VTT_FIXTURE = "panel_two_speakers.vtt"
_slow = settings(max_examples=150)


def convert(*args: str) -> Result:
    return CliRunner().invoke(main, ["convert", *args])


def test_srt_and_vtt_inputs_are_detected_by_content_not_by_name() -> None:
    srt_data = (INPUTS / SRT_FIXTURE).read_bytes()
    vtt_data = (INPUTS / VTT_FIXTURE).read_bytes()
    assert read(srt_data, "export.txt").documents[0].source == "srt"
    assert read(vtt_data, "captions.json").documents[0].source == "vtt"
    # A byte-order mark, blank lines before the first cue and CRLF line ends still read.
    crlf = b"\xef\xbb\xbf\r\n\r\n" + srt_data.replace(b"\n", b"\r\n")
    assert read(crlf, "crlf.srt").documents == read(srt_data, "lf.srt").documents
    assert detect(srt_data.decode()) is SOURCES["srt"]
    assert detect(vtt_data.decode()) is SOURCES["vtt"]


def test_srt_lines_are_kept_as_laid_out() -> None:
    (document,) = parse_fixture(SRT_FIXTURE).documents
    assert document.language is None
    assert [cue.lines for cue in document.cues[:2]] == [
        ("Bienvenue dans ce nouvel épisode", "de « Cuisine sans stress »."),
        ("Aujourd'hui : une tarte aux pommes", "prête en 45 minutes, four compris."),
    ]
    assert (document.cues[0].start, document.cues[0].end) == (640_000, 3_180_000)


def test_vtt_cues_match_the_w3c_parser_text_and_voices(vtt_validator) -> None:  # type: ignore[no-untyped-def]
    text = (INPUTS / VTT_FIXTURE).read_text(encoding="utf-8")
    parsed = parse_fixture(VTT_FIXTURE)
    (document,) = parsed.documents
    want = [
        (round(c.start * 1000_000), round(c.end * 1000_000), c.plain, c.voices[0])
        for c in vtt_validator.parse(text).cues
    ]
    got = [(c.start, c.end, c.text, c.speaker) for c in document.cues]
    assert got == want
    assert document.cues[2].lines[1] == 'mishears "Nguyễn" as <unknown>, you can see why.'
    assert {c.speaker for c in document.cues} == {"Moderator", "Dr. Okafor", "Lena Fischer"}


def test_dropped_styling_and_overlaps_are_reported() -> None:
    notices = parse_fixture(VTT_FIXTURE).notices
    assert [(n.where, n.message) for n in notices] == [
        ("line 11", "2 styling tags dropped (the text is kept), first at line 11: '<i>'"),
        ("cue 5, line 20", "cue 14.700 s-16.100 s overlaps an earlier cue that ends at 14.900 s"),
    ]
    assert parse_fixture(SRT_FIXTURE).notices == ()


def test_srt_input_converts_to_srt_byte_for_byte(tmp_path: Path) -> None:
    result = convert(str(INPUTS / SRT_FIXTURE), "--to", "srt", "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    written = tmp_path / SRT_FIXTURE
    assert written.read_bytes() == (INPUTS / SRT_FIXTURE).read_bytes()


def test_an_output_never_overwrites_its_input(tmp_path: Path) -> None:
    source = tmp_path / "talk.srt"
    shutil.copy(INPUTS / SRT_FIXTURE, source)
    before = source.read_bytes()
    result = convert(str(source), "--to", "srt,vtt", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert f"would overwrite the input file {source}" in result.stderr
    assert source.read_bytes() == before


def test_folders_take_only_json_but_files_and_globs_take_subtitles(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(INPUTS / SRT_FIXTURE, folder / "a.srt")
    shutil.copy(INPUTS / VTT_FIXTURE, folder / "b.vtt")
    shutil.copy(INPUTS / "resemble_v1_docs_clip.json", folder / "c.json")
    out = tmp_path / "out"
    assert convert(str(folder), "-o", str(out), "-q").exit_code == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["c.srt"]
    glob_out = tmp_path / "glob"
    result = convert(f"{folder}/*.srt", f"{folder}/*.vtt", "--to", "vtt", "-o", str(glob_out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in glob_out.iterdir() if not p.name.startswith(".")) == [
        "a.vtt",
        "b.vtt",
    ]


@pytest.mark.parametrize(
    ("data", "source", "where", "fragment"),
    [
        pytest.param(
            b"1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:03,000 --> 00:00:02,000\nYo\n",
            None,
            "cue 2, line 6",
            "ends (00:00:02,000) before it starts (00:00:03,000)",
            id="srt-end-before-start",
        ),
        pytest.param(
            b"1\n00:00:01,000 --> 00:00:02,000\nHi\n2\n00:00:03,000 --> 00:00:04,000\nYo\n",
            None,
            "cue 1, line 5",
            "a timing line inside the cue's text",
            id="srt-missing-blank-line",
        ),
        pytest.param(
            b"1\n00:00:01.5 --> 00:00:02,000\nHi\n",
            None,
            "cue 1, line 2",
            "expected a timing line like 00:00:01,000 --> 00:00:02,500",
            id="srt-broken-first-timing",
        ),
        pytest.param(
            b"1\n00:00:01,000 --> 00:00:02,000\nCaf\xe9\n",
            None,
            "line 3",
            "not UTF-8 text (byte 35 is 0xe9)",
            id="srt-latin-1",
        ),
        pytest.param(
            b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\n00:03.000 -> 00:04.000\nYo\n",
            None,
            "line 6",
            "a block without a timing line (is its '-->' mistyped?)",
            id="vtt-bad-arrow",
        ),
        pytest.param(
            b"1\n00:00:01,000 --> 00:00:02,000\nHi\n",
            "vtt",
            "line 1",
            "expected 'WEBVTT'",
            id="srt-forced-as-vtt",
        ),
        pytest.param(
            b'{"graph_chars": []}',
            "srt",
            "cue 1, line 1",
            "expected a cue number or a timing line",
            id="json-forced-as-srt",
        ),
    ],
)
def test_strict_keeps_the_refusals_with_one_line_naming_the_line(
    tmp_path: Path, data: bytes, source: str | None, where: str, fragment: str
) -> None:
    path = tmp_path / "bad.srt"
    path.write_bytes(data)
    assert_fails_at(path, where, fragment, "--strict", *(["--source", source] if source else []))


def test_relayout_rebuilds_cues_from_the_text_under_the_preset() -> None:
    long_line = "This caption was typed as one very long line that no player can show in full."
    data = f"1\n00:00:01,000 --> 00:00:06,000\n{long_line}\n\n".encode()
    data += "2\n00:00:07,000 --> 00:00:09,000\n日本語の\n字幕です。\n".encode()
    layout = Layout(max_line_width=30)
    (kept,) = read(data, "x.srt", options=ParseOptions(layout=layout)).documents
    assert kept.cues[0].lines == (long_line,)
    (document,) = read(data, "x.srt", options=ParseOptions(layout=layout, relayout=True)).documents
    assert all(len(line) <= 30 for cue in document.cues for line in cue.lines)
    shown = " ".join(joined_lines(cue.lines) for cue in document.cues[:-1])
    assert shown == long_line
    assert document.cues[-1].lines == ("日本語の字幕です。",)
    assert all(cue.words for cue in document.cues)


def test_relayout_keeps_each_speaker_apart() -> None:
    options = ParseOptions(relayout=True)
    (document,) = read((INPUTS / VTT_FIXTURE).read_bytes(), "v.vtt", options=options).documents
    (original,) = parse_fixture(VTT_FIXTURE).documents
    for speaker in ("Moderator", "Dr. Okafor", "Lena Fischer"):
        before = " ".join(joined_lines(c.lines) for c in original.cues if c.speaker == speaker)
        after = " ".join(joined_lines(c.lines) for c in document.cues if c.speaker == speaker)
        assert after.split() == before.split(), speaker


# --- Hypothesis: what subsync writes reads back and writes again byte for byte ---------------

_line = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
_cue = st.builds(
    lambda start, length, lines, speaker: Cue(start, start + length, tuple(lines), speaker),
    start=st.integers(0, 99 * 3600 * 1000).map(lambda ms: ms * 1000),
    length=st.integers(0, 20_000).map(lambda ms: ms * 1000),
    lines=st.lists(_line, min_size=1, max_size=3),
    speaker=st.none() | st.sampled_from(["Ana", "Dr. Bo & Co", "李", "a <b>"]),
)
_documents = st.lists(_cue, min_size=1, max_size=6).map(
    lambda cues: Document("test", None, tuple(sorted(cues, key=lambda c: (c.start, c.end))))
)


@_slow
@given(_documents)
def test_an_srt_subsync_wrote_converts_to_the_same_bytes(document: Document) -> None:
    options = WriteOptions()
    first = write_srt(document, options)
    assume(first.strip() and not SRT_TAGS.search(first))  # SRT styling is dropped, by design
    (again,) = read(first.encode(), "x.srt").documents
    assert write_srt(again, options) == first


@_slow
@given(_documents)
def test_a_vtt_subsync_wrote_converts_to_the_same_bytes(document: Document) -> None:
    first = write_vtt(document, WriteOptions())
    (again,) = read(first.encode(), "x.vtt").documents
    assert write_vtt(again, WriteOptions()) == first


_plain_line = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: s.strip() == s and s and "-->" not in s and not SRT_TAGS.search(s))


@_slow
@given(st.lists(st.lists(_plain_line, min_size=1, max_size=3), min_size=1, max_size=6))
def test_srt_composed_by_cdown_srt_reads_back_line_for_line(texts: list[list[str]]) -> None:
    subtitles = [
        srt.Subtitle(
            index,
            datetime.timedelta(seconds=index * 2),
            datetime.timedelta(seconds=index * 2 + 1),
            "\n".join(lines),
        )
        for index, lines in enumerate(texts, 1)
    ]
    (document,) = read(srt.compose(subtitles).encode(), "x.srt").documents
    assert [cue.lines for cue in document.cues] == [tuple(lines) for lines in texts]


def test_forcing_a_subtitle_source_on_parsed_json_names_the_field() -> None:
    with pytest.raises(InputError, match="expected a string") as caught:
        read_raw({"a": 1}, "x.json", "srt")
    assert caught.value.where == "$"


def test_presets_frames_and_lint_work_on_a_subtitle_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["--preset", "netflix", "--fps", "25", "--lint", "--to", "vtt", "-o", str(out), "-q"]
    result = convert(str(INPUTS / SRT_FIXTURE), *args)
    assert result.exit_code == 0, result.stderr
    (document,) = read((out / "elevenlabs_transcript_legacy_fr.vtt").read_bytes(), "x").documents
    frame = 40_000  # 25 fps
    assert all(cue.start % frame == 0 and cue.end % frame == 0 for cue in document.cues)
    (original,) = parse_fixture(SRT_FIXTURE).documents
    assert [cue.lines for cue in document.cues] == [cue.lines for cue in original.cues]


def test_subtitles_on_standard_input() -> None:
    data = (INPUTS / VTT_FIXTURE).read_bytes()
    result = CliRunner().invoke(main, ["convert", "-", "--to", "vtt", "-o", "-", "-q"], input=data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == write_vtt(parse_fixture(VTT_FIXTURE).documents[0], WriteOptions())
