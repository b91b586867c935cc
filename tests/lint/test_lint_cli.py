"""subsync lint as CI runs it: folders and patterns, empty files, --max-warnings, and
annotations that land on the cue's line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subsync.cli import main
from tests.support.helpers import INPUTS

GOOD = "1\n00:00:01,000 --> 00:00:03,000\nHello there.\n\n2\n00:00:04,000 --> 00:00:06,000\nBye.\n"
# Cue 2 reads too fast (a warning); its timing line is line 6.
FAST = GOOD.replace("Bye.", "This second cue says far too\nmuch for two seconds.")


def lint(*args: str) -> Result:
    return CliRunner().invoke(main, ["lint", *args])


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """out/a.srt (clean), out/sub/b.vtt (a warning), out/sub/c.json (subsync JSON), and an
    API response, a mouth-cue file and a hidden file that a folder walk passes over."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out" / "sub").mkdir(parents=True)
    (tmp_path / "out" / "a.srt").write_text(GOOD)
    (tmp_path / "out" / "sub" / "b.vtt").write_text("WEBVTT\n\n" + FAST.replace(",", "."))
    converted = CliRunner().invoke(
        main, ["convert", str(INPUTS / "resemble_v1_docs_clip.json"), "--to", "json", "-o", "-"]
    )
    (tmp_path / "out" / "sub" / "c.json").write_text(converted.stdout)
    (tmp_path / "out" / "response.json").write_bytes(
        (INPUTS / "resemble_v1_docs_clip.json").read_bytes()
    )
    (tmp_path / "out" / "c.mouth.json").write_text("{}")
    (tmp_path / "out" / ".hidden.srt").write_text("")
    return tmp_path


def linted_files(result: Result) -> set[str]:
    return {item["file"] for item in json.loads(result.stdout)}


def test_a_folder_gives_its_subtitles_and_subsync_json(tree: Path) -> None:
    result = lint("out", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("in 3 files\n")
    assert linted_files(result) == {"out/sub/b.vtt"}


def test_a_quoted_glob_is_expanded(tree: Path) -> None:
    result = lint("out/**/*.vtt")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("0 errors, 1 warnings in 1 files\n")


def test_a_pattern_that_matches_nothing_is_an_error(tree: Path) -> None:
    result = lint("out/**/*.ttml")
    assert result.exit_code == 1
    assert "no file matches this pattern" in result.stderr


@pytest.mark.parametrize(
    ("text", "fragment"), [("", "the file is empty"), ("not subtitles at all\n", "no timing line")]
)
def test_an_empty_or_unreadable_subtitle_file_is_an_error(
    tree: Path, text: str, fragment: str
) -> None:
    (tree / "empty.srt").write_text(text)
    result = lint("empty.srt")
    assert result.exit_code == 1
    assert fragment in result.stderr
    assert "could not be read" in result.stderr


def test_max_warnings(tree: Path) -> None:
    assert lint("out").exit_code == 0
    assert lint("out", "--max-warnings", "1").exit_code == 0
    zero = lint("out", "--max-warnings", "0")
    assert zero.exit_code == 1
    assert "more than --max-warnings 0" in zero.stderr


def test_annotations_carry_the_timing_line_and_the_rule(tree: Path) -> None:
    result = lint("out/sub/b.vtt", "--format", "github")
    assert result.stdout.startswith(
        "::warning file=out/sub/b.vtt,line=8,col=1,title=reading-speed::cue 2 at 00:00:04.000: "
    )
    as_json = lint("out/sub/b.vtt", "--format", "json")
    (item,) = json.loads(as_json.stdout)
    assert (item["line"], item["cue"], item["rule"]) == (8, 2, "reading-speed")
    lines = (tree / "out/sub/b.vtt").read_text().splitlines()
    assert "-->" in lines[item["line"] - 1]


def test_lint_help_shows_only_what_changes_lint() -> None:
    shown = lint("--help").stdout
    for option in ("--preset", "--max-line-width", "--fps", "--max-warnings", "--format"):
        assert option in shown
    for option in ("--split-gap", "--to", "--lang", "--karaoke", "--offset", "--jobs"):
        assert option not in shown
