"""SRT read as players read it, against ffmpeg, pysubs2 and the srt library; encodings;
detection by content before JSON; and folders that collect subtitle files only when asked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subsync.cli import main
from subsync.errors import InputError
from subsync.sources import ParseOptions, read
from subsync.sources.webvtt.cuetext import shown_lines
from tests.support.conformance import Readers
from tests.support.helpers import ROOT
from tests.support.srt_cases import ALL_READERS, SRT_CASES, SRT_FOLLOWS

SUBTITLES = ROOT / "fixtures" / "subtitles"
Reading = list[tuple[int, int, tuple[str, ...]]]


def convert(*args: str) -> Result:
    return CliRunner().invoke(main, ["convert", *args])


def _ours(data: bytes, name: str = "x.srt") -> Reading:
    (document,) = read(data, name).documents
    return sorted((c.start // 1000, c.end // 1000, c.lines) for c in document.cues)


@pytest.mark.parametrize("name", list(SRT_CASES))
def test_srt_reads_as_the_players_it_follows(readers: Readers, name: str) -> None:
    data = SRT_CASES[name]
    followed = SRT_FOLLOWS.get(name, ALL_READERS)
    for reader in followed:
        readers.require(reader)
        got = readers.read(reader, "srt", data, "srt quirks")
        assert not got.problems, (reader, got.problems)
        want = sorted((start, end, shown_lines(text)) for start, end, text, _ in got.cues)
        assert _ours(data) == want, reader


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        (
            SRT_CASES["coordinates"],
            ["1 set of position coordinates ignored: ' X1:40 X2:600 Y1:20 Y2:50'"],
        ),
        (
            b"1\n00:00:01,000 --> 00:00:02,000 left\nA\n",
            ["1 text after an end time dropped: 'left'"],
        ),
        (
            b"Title\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n",
            ["1 line before the first cue dropped: 'Title'"],
        ),
        (
            SRT_CASES["minutes-60"],
            [
                "2 times with 60 or more minutes or seconds read as the time they add up to, "
                "first at line 2: '00:60:01'"
            ],
        ),
        (
            SRT_CASES["zero-length"],
            ["1 zero-length cue kept (SRT and WebVTT outputs give them 1 ms)"],
        ),
        (
            SRT_CASES["empty-cue"],
            ["1 cue without text kept (SRT and WebVTT outputs leave them out)"],
        ),
        (
            SRT_CASES["out-of-order"],
            ["the cues are not in time order in the file; they are sorted by time"],
        ),
        (
            b"1\n00:00:01,000 --> 00:00:02,000\n<i>A</i> {\\an8}B\n",
            ["2 styling tags dropped (the text is kept), first at line 3: '<i>'"],
        ),
    ],
)
def test_what_the_srt_reader_leaves_out_is_one_warning(data: bytes, messages: list[str]) -> None:
    assert [n.message for n in read(data, "x.srt").notices] == messages


def test_ambiguous_fractions_are_refused_naming_the_line() -> None:
    with pytest.raises(InputError, match="three digits of milliseconds") as caught:
        read(b"1\n00:00:01,5 --> 00:00:02,000\nA\n", "x.srt")
    assert caught.value.where == "line 2"


# --- encodings -------------------------------------------------------------------------------

_HARBOUR = [
    (1000, 2400, ("Good evening, harbour master.",)),
    (2900, 5100, ("The fog came in early", "tonight.")),
]


def test_cr_only_and_utf16_files_read_without_a_flag() -> None:
    for name in ("classic_mac_cr.srt", "notepad_utf16.srt"):
        data = (SUBTITLES / name).read_bytes()
        assert _ours(data, name) == _HARBOUR
        assert _ours(data, "-") == _HARBOUR  # by content alone, as from standard input
    utf32 = (SUBTITLES / "notepad_utf16.srt").read_bytes().decode("utf-16").encode("utf-32")
    assert _ours(utf32, "-") == _HARBOUR


@pytest.mark.parametrize(
    ("name", "encoding", "first"),
    [
        ("latin1.srt", "latin-1", "Ça commence à la fenêtre du phare."),
        ("shift_jis.srt", "shift_jis", "灯台の明かりを消さないで。"),
    ],
)
def test_legacy_encodings_are_refused_with_a_guess_and_read_when_named(
    tmp_path: Path, name: str, encoding: str, first: str
) -> None:
    path = SUBTITLES / name
    result = convert(str(path), "-o", str(tmp_path / "refused"))
    assert result.exit_code == 1
    assert "not UTF-8 text" in result.stderr and "charset-normalizer" in result.stderr
    assert "--input-encoding" in result.stderr and "JSON" not in result.stderr
    out = tmp_path / "read"
    result = convert(str(path), "--input-encoding", encoding, "--to", "srt", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert first in (out / name).read_text(encoding="utf-8")
    options = ParseOptions(input_encoding=encoding)
    (document,) = read(path.read_bytes(), name, options=options).documents
    assert document.cues[0].lines == (first,)


def test_an_unknown_encoding_name_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read(SRT_CASES["lf"], "x.srt", options=ParseOptions(input_encoding="klingon"))


# --- detection by content before JSON --------------------------------------------------------


def test_subtitle_files_are_never_reported_as_json_errors(tmp_path: Path) -> None:
    cases = {
        "cr.srt": SRT_CASES["cr-only"],
        "broken.srt": b"Hello\nthere\n",
        "broken.vtt": b"WEBVT\n\n00:01.000 --> 00:02.000\nA\n",
        "latin.vtt": "WEBVTT\n\n00:01.000 --> 00:02.000\nÉté\n".encode("latin-1"),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = convert(str(path), "-o", str(tmp_path / "out"))
        assert "JSON" not in result.stderr, result.stderr
    assert convert(str(tmp_path / "cr.srt"), "-o", str(tmp_path / "out")).exit_code == 0


def test_unknown_text_says_which_kinds_were_tried() -> None:
    with pytest.raises(InputError, match=r"not JSON, SRT or WebVTT \(tried all three\)"):
        read(b"Dear diary,\ntoday I wrote subtitles.\n", "notes.txt")
    with pytest.raises(InputError, match="invalid JSON"):
        read(b'{"a": ', "cut.json")  # JSON that is cut short is still a JSON error


# --- folders ---------------------------------------------------------------------------------


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_folders_collect_subtitles_only_when_asked(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SUBTITLES / "classic_mac_cr.srt", folder / "a.srt")
    shutil.copy(SUBTITLES / "netflix_style.vtt", folder / "b.vtt")
    shutil.copy(ROOT / "fixtures" / "inputs" / "resemble_v1_docs_clip.json", folder / "c.json")
    plain = tmp_path / "plain"
    assert convert(str(folder), "-o", str(plain), "-q").exit_code == 0
    assert _names(plain) == ["c.srt"]
    included = tmp_path / "included"
    result = convert(str(folder), "--include", "*.srt", "--to", "vtt", "-o", str(included), "-q")
    assert result.exit_code == 0, result.stderr
    assert _names(included) == ["a.vtt", "c.vtt"]
    sourced = tmp_path / "sourced"
    result = convert(str(folder), "--source", "vtt", "--to", "srt", "-o", str(sourced), "-q")
    # --source reads every input as WebVTT: c.json fails, alone, and b.vtt is converted.
    assert result.exit_code == 1
    assert "c.json" in result.stderr and "b.vtt" not in result.stderr
    assert _names(sourced) == ["b.srt"]


def test_lint_reads_legacy_encodings_when_named(tmp_path: Path) -> None:
    path = SUBTITLES / "latin1.srt"
    refused = CliRunner().invoke(main, ["lint", str(path)])
    assert refused.exit_code == 1 and "--input-encoding" in refused.stderr
    read_ok = CliRunner().invoke(main, ["lint", "--input-encoding", "latin-1", str(path)])
    assert read_ok.exit_code == 0, read_ok.stderr
    assert "0 errors, 0 warnings in 1 files" in read_ok.stderr


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("digits", [10, 5000])
def test_hours_of_thousands_of_digits_are_refused_by_line_not_by_a_traceback(
    strict: bool, digits: int
) -> None:
    # int() refuses strings of over 4,300 digits with a ValueError; no media is that long.
    hours = b"9" * digits
    data = b"1\n" + hours + b":00:00,000 --> " + hours + b":00:01,000\nHi\n"
    with pytest.raises(InputError) as refused:
        read(data, "x.srt", options=ParseOptions(strict=strict))
    assert "line 2" in str(refused.value) and "no media is that long" in str(refused.value)
    assert len(str(refused.value)) < 300


def test_hours_of_many_digits_that_are_leading_zeros_are_read() -> None:
    data = b"1\n" + b"0" * 5000 + b"1:00:00,000 --> 01:00:01,000\nHi\n"
    assert _ours(data) == [(3_600_000, 3_601_000, ("Hi",))]
