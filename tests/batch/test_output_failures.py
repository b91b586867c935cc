"""One format that cannot hold an input fails that output alone, says what to do, and the
manifest does not vouch for the input; warnings counted by kind in the report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subsync.batch.manifest import MANIFEST_NAME
from subsync.cli import main
from tests.support.helpers import INPUTS


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def clip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(INPUTS / "resemble_v1_docs_clip.json", tmp_path / "clip.json")
    return tmp_path


def test_ass_past_ten_hours_fails_alone_with_what_to_do(clip: Path) -> None:
    args = ["convert", "clip.json", "--to", "srt,ass", "--fps", "25", "--start-tc", "10:00:00:00"]
    for _ in range(2):  # the manifest does not vouch: the second run tries again
        result = cli(*args, "-o", "out")
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == (
            "subsync: error: clip.json: clip.ass: ASS stops at 9:59:59.99; --start-tc "
            "10:00:00:00 puts the first cue at 10:00:00:00; drop --start-tc for ASS or use "
            "another format"
        )
        assert (clip / "out" / "clip.srt").read_text().startswith("1\n10:00:00,0")
        assert not (clip / "out" / "clip.ass").exists()
        manifest = clip / "out" / MANIFEST_NAME
        assert not manifest.exists() or json.loads(manifest.read_text())["outputs"] == {}
    report = cli(*args, "-o", "out", "--report", "r.json")
    data = json.loads((clip / "r.json").read_text())
    assert report.exit_code == 1
    assert (data["converted"], data["skipped"], data["failed"]) == (0, 0, 1)


def test_an_offset_past_what_ass_holds_names_the_offset(clip: Path) -> None:
    result = cli("convert", "clip.json", "--to", "ass,vtt", "--offset", "10h", "-o", "out")
    assert result.exit_code == 1
    assert "ASS stops at 9:59:59.99; --offset 10:00:00.000 moves cue 1 past it" in result.stderr
    assert (clip / "out" / "clip.vtt").exists()


def test_the_report_counts_warnings_by_kind(clip: Path) -> None:
    shutil.copy(INPUTS / "elevenlabs_dubbing_review.json", clip / "dub.json")
    shutil.copy(INPUTS / "elevenlabs_tts_v3_tags.json", clip / "tts.json")
    result = cli("convert", "dub.json", "tts.json", "clip.json", "-o", "out", "--report", "r.json")
    assert result.exit_code == 0, result.stderr
    data = json.loads((clip / "r.json").read_text())
    kinds = {item["kind"]: item for item in data["warning_counts"]}
    assert kinds["the de dub has no text yet"]["count"] == 3
    assert kinds["the de dub has no text yet"]["inputs"] == ["dub.json"]
    assert sum(item["count"] for item in data["warning_counts"]) == len(data["warnings"])
    first = data["warnings"][0]
    assert set(first) == {"input", "where", "message", "kind"}
    summary = result.stderr.splitlines()[-1]
    assert summary.startswith("subsync: summary: 3 converted, 0 skipped, 0 failed; ")
    assert f"{len(data['warnings'])} warnings: 3 x the de dub has no text yet" in summary
