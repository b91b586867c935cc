"""Speaker names (--speaker-names FILE, --speaker-name ID=NAME) in every format carrying
speakers; labels counted in the line width; a speaker option without effect warns once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import subsync
from subsync.cli import main
from subsync.layout.presets import PRESETS
from subsync.lint import check_file
from subsync.sources import ParseOptions
from tests.support.helpers import INPUTS

INTERVIEW = "elevenlabs_stt_interview.json"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(INPUTS / INTERVIEW, tmp_path / INTERVIEW)
    Path("names.toml").write_text('speaker_0 = "Sherlock Holmes"\n', encoding="utf-8")
    Path("names.json").write_text('{"speaker_0": "Mycroft"}', encoding="utf-8")


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, ["convert", INTERVIEW, *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}")
    return result


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        ("vtt", "<v Sherlock Holmes>"),
        ("ttml", 'ttm:agent="speaker1"'),
        ("itt", "Sherlock Holmes"),
        ("ass", ",Sherlock Holmes,"),
        ("json", '"speaker": "Sherlock Holmes"'),
    ],
)
def test_a_names_file_names_the_speakers_in_every_format(fmt: str, shown: str) -> None:
    result = run("--to", fmt, "--speaker-names", "names.toml", "-o", "-", "-q")
    assert result.exit_code == 0, result.stderr
    assert shown in result.stdout
    assert "speaker_0" not in result.stdout


def test_srt_labels_use_the_names_and_a_repeated_flag_wins_over_the_file() -> None:
    result = run(
        "--to", "srt", "--speaker-labels", "--speaker-names", "names.json",
        "--speaker-name", "speaker_0=Irene", "-o", "-", "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Irene: " in result.stdout and "Mycroft" not in result.stdout


def test_labels_count_toward_the_line_width() -> None:
    layout = PRESETS["default"]
    options = ParseOptions(
        layout=layout, speaker_labels=True, speaker_names=(("speaker_0", "A" * 20),)
    )
    (document,) = subsync.load(INPUTS / INTERVIEW, options=options).documents
    srt = subsync.render(document, "srt", subsync.WriteOptions(speaker_labels=True))
    assert [v.rule for v in check_file(srt.encode(), "x.srt", layout) if v.level == "error"] == []
    assert "A" * 20 + ": " in srt


def test_a_speaker_option_without_effect_warns_once() -> None:
    result = run("--to", "vtt,textgrid", "--speaker-labels", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("--speaker-labels changes only SRT outputs") == 1
    result = run("--to", "textgrid,labels", "--speaker-name", "speaker_0=X", "-o", "out2")
    assert result.stderr.count("--speaker-name(s) has no effect on textgrid, labels") == 1


def test_a_bad_names_file_is_a_usage_error_naming_it() -> None:
    Path("bad.json").write_text("[1, 2]", encoding="utf-8")
    result = run("--speaker-names", "bad.json", "-o", "out")
    assert result.exit_code == 2 and "bad.json" in result.stderr
    result = run("--speaker-name", "speaker_0", "-o", "out")
    assert result.exit_code == 2 and "ID=NAME" in result.stderr
