"""The forms people type options in, through the CLI: repeated --to, formats in any case,
frame rates as editors name them, offsets as durations, times and frames."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subsync.cli import main
from tests.support.helpers import INPUTS

CLIP = str(INPUTS / "resemble_v1_docs_clip.json")


def convert(*args: str) -> Result:
    return CliRunner().invoke(main, ["convert", CLIP, *args])


def srt(*args: str) -> str:
    result = convert("--to", "srt", "-o", "-", "-q", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_repeated_to_accumulates_in_any_case(tmp_path: Path) -> None:
    result = convert("--to", "SRT", "--to", "vtt,Json", "-o", str(tmp_path), "-q")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert names == [
        "resemble_v1_docs_clip.json",
        "resemble_v1_docs_clip.srt",
        "resemble_v1_docs_clip.vtt",
    ]


@pytest.mark.parametrize(
    ("given", "same_as"),
    [("23.98", "23.976"), ("29.97DF", "29.97"), ("25.0", "25"), ("59.94df", "59.94")],
)
def test_frame_rates_as_editors_write_them(given: str, same_as: str) -> None:
    assert srt("--fps", given) == srt("--fps", same_as)


def test_ndf_rates_give_non_drop_timecodes() -> None:
    start = ["--start-tc", "00:10:00:00", "--to", "itt", "-o", "-", "-q"]
    drop = convert("--fps", "29.97", *start)
    non_drop = convert("--fps", "29.97ndf", *start)
    assert drop.exit_code == non_drop.exit_code == 0, drop.stderr + non_drop.stderr
    assert "dropNTSC" in drop.stdout
    assert "nonDrop" in non_drop.stdout
    # The same timecode names another time when frames are not dropped.
    assert srt("--fps", "29.97", "--start-tc", "00:10:00;00") != srt(
        "--fps", "29.97ndf", "--start-tc", "00:10:00:00"
    )


def test_an_unknown_rate_names_the_choices() -> None:
    result = convert("--fps", "26")
    assert result.exit_code == 2
    assert "23.976" in result.stderr and "ndf" in result.stderr


@pytest.mark.parametrize(
    ("offset", "seconds"),
    [
        ("1m30s", "90"),
        ("00:01:30.000", "90"),
        ("1:30", "90"),
        ("1h2m", "3720"),
        ("-20ms", "-0.02"),
        ("25f", "1"),
    ],
)
def test_offsets_as_durations_times_and_frames(offset: str, seconds: str) -> None:
    shifted = srt("--offset", offset, "--fps", "25")
    assert shifted == srt("--offset", seconds, "--fps", "25")
    assert shifted != srt("--fps", "25")


@pytest.mark.parametrize(
    ("offset", "fragment"),
    [("12f", "needs --fps"), ("soon", "is not an offset"), ("200h", "more than 100 hours")],
)
def test_bad_offsets_are_usage_errors(offset: str, fragment: str) -> None:
    result = convert("--offset", offset, "-o", "-")
    assert result.exit_code == 2
    assert fragment in result.stderr
