"""The ElevenLabs speech sources from the command line: streamed NDJSON files, --alignment,
--keep-tags and --audio-events (also from subsync.toml), and one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subsync.cli import main
from tests.support.helpers import INPUTS

TAGS = "elevenlabs_tts_v3_tags.json"
STREAM = "elevenlabs_tts_stream.jsonl"
INTERVIEW = "elevenlabs_stt_interview.json"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in (TAGS, STREAM, INTERVIEW):
        shutil.copy(INPUTS / name, tmp_path / name)


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, ["convert", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}")
    return result


def test_a_saved_stream_converts_to_files_named_without_jsonl() -> None:
    result = run(STREAM, "--to", "srt,vtt", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in Path("out").glob("[!.]*")) == [
        "elevenlabs_tts_stream.srt",
        "elevenlabs_tts_stream.vtt",
    ]


def test_keep_tags_and_alignment_change_the_text() -> None:
    plain = run(TAGS, "-o", "-", "-q").stdout
    kept = run(TAGS, "-o", "-", "--keep-tags").stdout
    normalized = run(TAGS, "-o", "-", "-q", "--alignment", "normalized").stdout
    assert "[excited]" not in plain
    assert "[excited] Welcome" in kept
    assert "fifty dollars" in normalized.replace("\n", " ")
    assert "$50" in plain


def test_dropped_tags_and_events_are_warned_about() -> None:
    tags = run(TAGS, "-o", "-")
    assert tags.stderr.splitlines() == [
        f"subsync: warning: {TAGS}: $.alignment: 3 audio tags or markup left out of the "
        """subtitles ([excited], [whispers], <break time="1.0s" />); --keep-tags keeps them"""
    ]
    events = run(INTERVIEW, "-o", "-", "--audio-events", "drop")
    assert "(laughter)" not in events.stdout
    assert events.stderr.splitlines() == [
        f"subsync: warning: {INTERVIEW}: $: 1 audio events left out (--audio-events drop)"
    ]


def test_the_options_can_be_set_in_subsync_toml() -> None:
    Path("subsync.toml").write_text('keep-tags = true\naudio-events = "drop"\nto = "vtt"\n')
    assert "[whispers] Don't" in run(TAGS, "-o", "-").stdout.replace("\n", " ")
    assert "(laughter)" not in run(INTERVIEW, "-o", "-", "-q").stdout
    assert "[whispers]" not in run(TAGS, "-o", "-", "-q", "--no-keep-tags").stdout


def test_a_bad_line_of_a_stream_is_one_error_line() -> None:
    lines = Path(STREAM).read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('_start_times_seconds": [1.665', '_start_times_seconds": [-1')
    Path("bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("bad.jsonl", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "subsync: error: bad.jsonl: line 2: $.alignment.character_start_times_seconds[0]: "
        "expected a time of 0 or more, got the number -1"
    ]


def test_an_unknown_choice_is_a_usage_error() -> None:
    result = run(TAGS, "--alignment", "spoken")
    assert result.exit_code == 2
    assert "'spoken' is not one of 'original', 'normalized'" in result.stderr
