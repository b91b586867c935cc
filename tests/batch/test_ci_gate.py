"""convert --check as a CI gate: a repository with the README's config and committed
captions, then the ways captions go stale; --prune; a manifest edited to vouch for an edited
caption (issue 15's attack)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subsync.batch.digest import sha256
from subsync.batch.manifest import MANIFEST_NAME
from subsync.cli import main
from tests.support.helpers import INPUTS, ROOT


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the README's [tool.subsync] table, three inputs in in/, and their
    captions converted and committed (up to date, lint clean)."""
    (tmp_path / ".git").mkdir()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"^```toml\n(.*?)^```$", readme, re.DOTALL | re.MULTILINE)
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    (tmp_path / "in").mkdir()
    shutil.copy(INPUTS / "resemble_v1_docs_clip.json", tmp_path / "in" / "a.json")
    shutil.copy(INPUTS / "resemble_v2_item_timestamps.json", tmp_path / "in" / "b.json")
    shutil.copy(ROOT / "fixtures" / "long" / "resemble_long_clip.json", tmp_path / "in" / "c.json")
    monkeypatch.chdir(tmp_path)
    assert cli("convert", "in", "-q").exit_code == 0
    clean = cli("convert", "in", "--check", "--lint")
    assert clean.exit_code == 0, clean.stderr
    assert "subsync: summary: would write 0, up to date 6, orphaned 0" in clean.stderr
    assert cli("lint", "captions").exit_code == 0
    return tmp_path


def test_stale_captions_fail_check_and_lint_naming_each_problem(repo: Path) -> None:
    # An edited caption (a line too long for the netflix preset), a deleted input, a
    # dropped format.
    srt = repo / "captions" / "a.srt"
    srt.write_text(srt.read_text().replace("Resemble increases", "Resemble increases " * 4))
    (repo / "in" / "c.json").unlink()
    config = (repo / "pyproject.toml").read_text()
    (repo / "pyproject.toml").write_text(config.replace('["srt", "vtt"]', '["srt"]'))

    check = cli("convert", "in", "--check", "--lint")
    assert check.exit_code == 1
    assert sorted(check.stdout.splitlines()) == [
        "changed: captions/a.srt",
        "orphaned: captions/a.vtt",
        "orphaned: captions/b.vtt",
        "orphaned: captions/c.srt",
        "orphaned: captions/c.vtt",
    ]
    assert "captions/a.srt:cue 1 [" in check.stderr and "line-too-long" in check.stderr
    assert "subsync: error: would write 1, up to date 1, orphaned 4" in check.stderr
    assert "converted" not in check.stderr
    assert "subsync: error: lint: 1 errors in 1 outputs" in check.stderr

    linted = cli("lint", "captions")
    assert linted.exit_code == 1
    assert "captions/a.srt:cue 1 [" in linted.stdout and "line-too-long" in linted.stdout

    report = cli("convert", "in", "--check", "--report", "check.json", "-q")
    data = json.loads((repo / "check.json").read_text())
    assert report.exit_code == 1
    assert (data["mode"], data["current"], data["outdated"]) == ("check", 1, ["captions/a.srt"])
    assert len(data["orphaned"]) == 4


def test_an_edited_manifest_does_not_vouch_for_an_edited_caption(repo: Path) -> None:
    srt = repo / "captions" / "b.srt"
    edited = srt.read_text().replace("e", "3").encode()
    srt.write_bytes(edited)
    manifest_path = repo / "captions" / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text())
    manifest["outputs"]["b.srt"]["sha256"] = sha256(edited)
    manifest_path.write_text(json.dumps(manifest))
    check = cli("convert", "in", "--check")
    assert check.exit_code == 1
    assert check.stdout.splitlines() == ["changed: captions/b.srt"]


def test_prune_removes_only_subsync_s_own_unedited_orphans(repo: Path) -> None:
    (repo / "in" / "c.json").unlink()
    (repo / "captions" / "c.vtt").write_text("WEBVTT\n\nedited by hand\n")
    (repo / "captions" / "notes.srt").write_text("not subsync's")
    plain = cli("convert", "in")
    assert plain.exit_code == 0, plain.stderr
    assert "2 orphaned outputs (--prune removes them)" in plain.stderr
    assert (repo / "captions" / "c.srt").exists()
    pruned = cli("convert", "in", "--prune")
    assert pruned.exit_code == 0, pruned.stderr
    assert "pruned: captions/c.srt" in pruned.stdout
    assert "captions/c.vtt: not pruned: changed since subsync wrote it" in pruned.stderr
    assert not (repo / "captions" / "c.srt").exists()
    assert (repo / "captions" / "c.vtt").exists()
    assert (repo / "captions" / "notes.srt").exists()
    check = cli("convert", "in", "--check")
    assert check.stdout.splitlines() == ["orphaned: captions/c.vtt"]
