"""The command line's layout and timing options, `subsync lint`, `convert --lint`, and the
edges of fetch and convert output naming (stdout, inputs never overwritten)."""

from __future__ import annotations

import itertools
import json
import shutil
from fractions import Fraction
from pathlib import Path

import pysubs2
import pytest
import srt
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from subsync.cli import main
from subsync.timeline import FRAME_RATES
from tests.support.helpers import INPUTS, ROOT

LONG = ROOT / "fixtures" / "long" / "resemble_long_clip.json"
CLIP = str(INPUTS / "resemble_v1_docs_clip.json")
DUB = str(INPUTS / "elevenlabs_dubbing_review.json")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def cli(*args: str, stdin: bytes | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}")
    return result


def _srt_ms(text: str) -> list[tuple[int, int, str]]:
    return [
        (round(s.start.total_seconds() * 1000), round(s.end.total_seconds() * 1000), s.content)
        for s in srt.parse(text)
    ]


# --- timeline --------------------------------------------------------------------------------


@pytest.mark.parametrize("fps", sorted(FRAME_RATES))
def test_fps_and_start_tc_put_every_edge_on_a_frame_of_the_timeline(fps: str) -> None:
    result = cli("convert", str(LONG), "-o", "-", "--fps", fps, "--start-tc", "01:00:00:00")
    assert result.exit_code == 0, result.stderr
    cues = _srt_ms(result.stdout)
    plain = _srt_ms(cli("convert", str(LONG), "-o", "-").stdout)
    assert [c[2] for c in cues] == [c[2] for c in plain]
    rate = FRAME_RATES[fps]
    for start, end, _ in cues:
        assert start >= 3_599_000  # 01:00:00;00 at 29.97 drop-frame is 3599.9964 s
        for ms in (start, end):
            frames = Fraction(ms, 1000) * rate
            assert abs(frames - round(frames)) / rate <= Fraction(1, 2000)  # within 0.5 ms


def test_drop_frame_start_timecode_is_almost_exactly_an_hour() -> None:
    first = _srt_ms(cli("convert", CLIP, "-o", "-").stdout)[0]
    result = cli("convert", CLIP, "-o", "-", "--fps", "29.97", "--start-tc", "01:00:00;00")
    placed = _srt_ms(result.stdout)[0]
    # 107892 frames at 30000/1001 fps: 3599.9964 s, plus the first cue snapped to a frame.
    assert abs(placed[0] - (3_599_996 + first[0])) <= 34


def test_offset_shifts_every_time() -> None:
    plain = _srt_ms(cli("convert", CLIP, "-o", "-").stdout)
    later = _srt_ms(cli("convert", CLIP, "-o", "-", "--offset", "2.5").stdout)
    assert [(s + 2500, e + 2500, t) for s, e, t in plain] == later


def test_offset_before_zero_fails_that_input_with_its_name(tmp_path: Path) -> None:
    result = cli("convert", CLIP, "-o", "out", "--offset", "-1")
    assert result.exit_code == 1
    assert "resemble_v1_docs_clip.json" in result.stderr
    assert "before 0" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.srt"))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--start-tc", "01:00:00:00"], "--start-tc needs --fps"),
        (["--fps", "25", "--start-tc", "01:00:00:25"], "out of range"),
        (["--fps", "25", "--start-tc", "1h"], "HH:MM:SS:FF"),
        (["--fps", "24.5"], "24.5"),
        (["--min-gap", "2f"], "needs --fps"),
        (["--min-gap", "soon"], "not a gap"),
        (["--min-duration", "8", "--max-duration", "7"], "longer than"),
        (["--offset", "nan"], "--offset"),
    ],
)
def test_bad_timing_options_are_usage_errors(args: list[str], said: str) -> None:
    result = cli("convert", CLIP, "-o", "-", *args)
    assert result.exit_code == 2
    assert said in result.stderr


def test_rule_overrides_change_the_layout() -> None:
    result = cli("convert", str(LONG), "-o", "-", "--max-line-width", "20", "--max-lines", "1")
    lines = [line for _, _, text in _srt_ms(result.stdout) for line in text.split("\n")]
    assert all(len(line) <= 20 or " " not in line for line in lines)
    assert all("\n" not in text for _, _, text in _srt_ms(result.stdout))


def test_split_gap_override_splits_at_shorter_silences() -> None:
    default = _srt_ms(cli("convert", str(LONG), "-o", "-").stdout)
    eager = _srt_ms(cli("convert", str(LONG), "-o", "-", "--split-gap", "0.1").stdout)
    assert len(eager) > len(default)


def test_relayout_rebuilds_elevenlabs_frames_under_the_layout() -> None:
    kept = _srt_ms(cli("convert", DUB, "--lang", "en", "-o", "-", "-q").stdout)
    rebuilt = cli("convert", DUB, "--lang", "en", "-o", "-", "-q", "--relayout")
    narrow = cli(
        "convert", DUB, "--lang", "en", "-o", "-", "-q", "--relayout", "--max-line-width", "16"
    )
    assert rebuilt.exit_code == narrow.exit_code == 0
    words = " ".join(t for _, _, t in kept).split()
    for result in (rebuilt, narrow):
        assert " ".join(t for _, _, t in _srt_ms(result.stdout)).split() == words
    # The writer puts a zero-width space inside "-->" (in the fixture's text): not a column.
    shown = _srt_ms(narrow.stdout.replace("\u200b", ""))
    narrow_lines = [line for _, _, t in shown for line in t.split("\n")]
    assert all(len(line) <= 16 or " " not in line for line in narrow_lines)
    assert narrow.stdout != rebuilt.stdout


def test_bbc_relayout_of_dubs_makes_no_overlaps() -> None:
    # Dubs laid out one segment at a time used to run into the next segment's cues.
    for lang in ("es", "fr"):
        cues = _srt_ms(
            cli(
                "convert", DUB, "--lang", lang, "-o", "-", "-q", "--relayout", "--preset", "bbc"
            ).stdout
        )
        for before, after in itertools.pairwise(cues):
            assert before[1] <= after[0], lang


def test_options_come_from_a_config_file_too(tmp_path: Path) -> None:
    (tmp_path / "subsync.toml").write_text('fps = "25"\nstart-tc = "10:00:00:00"\n')
    cues = _srt_ms(cli("convert", CLIP, "-o", "-").stdout)
    assert cues[0][0] >= 36_000_000 and cues[0][0] % 40 == 0


# --- lint ------------------------------------------------------------------------------------

BAD_SRT = (
    "1\n00:00:01,000 --> 00:00:03,000\n"
    "This line is far too long to be a subtitle line at all\n\n"
    "2\n00:00:02,500 --> 00:00:04,000\nOverlapping\n\n"
    "3\n00:00:04,010 --> 00:00:04,200\nQuick\n"
)


def test_lint_reports_each_violation_with_file_cue_and_time(tmp_path: Path) -> None:
    (tmp_path / "bad.srt").write_text(BAD_SRT)
    result = cli("lint", "bad.srt")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "bad.srt:cue 1 [00:00:01.000]: error: line-too-long: line 1 is 54 characters" in (lines[0])
    )
    rules = [line.split(": ")[2] for line in lines]
    assert "overlap" in rules and "gap-below-minimum" in rules and "too-short" in rules
    assert "1 files" in result.stderr


def test_lint_json_and_github_formats(tmp_path: Path) -> None:
    (tmp_path / "bad.srt").write_text(BAD_SRT)
    items = json.loads(cli("lint", "bad.srt", "--format", "json").stdout)
    assert {i["rule"] for i in items} >= {"line-too-long", "overlap"}
    assert all(i["file"] == "bad.srt" for i in items)
    github = cli("lint", "bad.srt", "--format", "github", "-q").stdout.splitlines()
    assert github and all(line.startswith("::error file=bad.srt,line=") for line in github)
    assert all(",col=1,title=" in line for line in github)


def test_lint_passes_clean_files_and_reads_stdin() -> None:
    clean = cli("convert", CLIP, "-o", "-", "--to", "vtt").stdout.encode()
    result = cli("lint", "-", stdin=clean)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_lint_of_an_unreadable_file_says_why_and_fails(tmp_path: Path) -> None:
    # Not b"\xff\xfe...": that is a UTF-16 byte-order mark, which is read as one.
    (tmp_path / "bad.vtt").write_bytes(b"\x80\x81\x00garbage")
    (tmp_path / "ok.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nFine.\n")
    result = cli("lint", "bad.vtt", "ok.srt")
    assert result.exit_code == 1
    assert "subsync: error: bad.vtt: line 1: not UTF-8" in result.stderr
    assert "1 could not be read" in result.stderr


def test_lint_agrees_with_independent_readers_on_cue_numbers(tmp_path: Path) -> None:
    (tmp_path / "bad.srt").write_text(BAD_SRT)
    items = json.loads(cli("lint", "bad.srt", "--format", "json").stdout)
    events = pysubs2.SSAFile.from_string(BAD_SRT, format_="srt").events
    for item in items:
        assert round(item["start"] * 1000) == events[item["cue"] - 1].start


def test_convert_lint_checks_what_it_writes_and_exits_1_on_errors(tmp_path: Path) -> None:
    # The review fixture has overlapping frames on purpose: a hard rule broken, kept as
    # edited, written all the same.
    result = cli("convert", DUB, "-o", "out", "--lint", "-q", "--to", "srt,vtt")
    assert result.exit_code == 1
    assert "subsync: lint: out/elevenlabs_dubbing_review.en.srt:cue 5" in result.stderr
    assert "error: overlap" in result.stderr
    assert (tmp_path / "out" / "elevenlabs_dubbing_review.en.srt").exists()
    again = cli("convert", DUB, "-o", "out", "--lint", "-q", "--to", "srt,vtt")
    assert again.exit_code == 1  # skipped outputs are linted as they are on disk
    assert "error: overlap" in again.stderr


def test_convert_lint_passes_what_subsync_lays_out() -> None:
    for preset in ("default", "netflix", "bbc", "elevenlabs"):
        result = cli(
            "convert", str(LONG), "-o", preset, "--preset", preset, "--lint", "-q", "--to", "vtt"
        )
        assert result.exit_code == 0, (preset, result.stderr)


# --- outputs that must not be written ---------------------------------------------------------


def test_an_output_never_overwrites_its_input(tmp_path: Path) -> None:
    shutil.copy(CLIP, tmp_path / "clip.json")
    before = (tmp_path / "clip.json").read_bytes()
    result = cli("convert", "clip.json", "--to", "json")
    assert result.exit_code == 1
    assert "would overwrite the input file clip.json" in result.stderr
    assert (tmp_path / "clip.json").read_bytes() == before


def test_fetch_to_stdout_with_to_prints_the_conversion_and_saves_nothing(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    raw = Path(CLIP).read_bytes()
    httpserver.expect_request("/api/v1/projects/p/clips/c1").respond_with_data(raw)
    base = httpserver.url_for("/")
    args = ["fetch", "resemble", "p", "c1", "--base-url", base, "-o", "-", "--to", "srt"]
    result = CliRunner(env={"RESEMBLE_API_KEY": "k-123"}).invoke(main, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1\n00:00:00,023 --> ")
    assert list(tmp_path.iterdir()) == []


def test_fetch_to_json_next_to_the_raw_file_needs_a_language(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    raw = Path(CLIP).read_bytes()
    httpserver.expect_request("/api/v1/projects/p/clips/c1").respond_with_data(raw)
    args = ["fetch", "resemble", "p", "c1", "--base-url", httpserver.url_for("/"), "-o", "d"]
    runner = CliRunner(env={"RESEMBLE_API_KEY": "k-123"})
    clash = runner.invoke(main, [*args, "--to", "json"])
    assert clash.exit_code == 1
    assert "would overwrite the input file" in clash.stderr
    assert (tmp_path / "d" / "c1.json").read_bytes() == raw
    named = runner.invoke(main, [*args, "--to", "json", "--lang", "en"])
    assert named.exit_code == 0, named.stderr
    assert (tmp_path / "d" / "c1.json").read_bytes() == raw
    assert json.loads((tmp_path / "d" / "c1.en.json").read_bytes())["language"] == "en"
