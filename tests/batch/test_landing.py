"""Outputs land under the output folder or not at all: a pattern's ``..`` after a wildcard,
or a symbolic link among the output folder's sub-folders, is a per-input error."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from subsync.batch.ledger import resolver
from tests.support.helpers import INPUTS

CLIP = INPUTS / "resemble_v1_docs_clip.json"


def convert(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "subsync", "convert", *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_dot_dot_after_a_wildcard_cannot_climb_out_of_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    shutil.copyfile(CLIP, tmp_path / "in" / "a" / "good.json")
    shutil.copyfile(CLIP, tmp_path / "other" / "escape.json")
    done = convert(tmp_path, "in/*/../../other/*.json", "in/*/*.json", "-o", "out")
    assert done.returncode == 1
    assert "would land outside the output folder out" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "other" / "escape.srt").exists()
    assert (tmp_path / "out" / "a" / "good.srt").exists()  # the other input still converts


def test_a_symlinked_sub_folder_of_the_output_folder_is_not_written_through(
    tmp_path: Path,
) -> None:
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "b").mkdir()
    shutil.copyfile(CLIP, tmp_path / "in" / "a" / "x.json")
    shutil.copyfile(CLIP, tmp_path / "in" / "b" / "y.json")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a").symlink_to(elsewhere, target_is_directory=True)
    done = convert(tmp_path, "in", "-o", "out")
    assert done.returncode == 1
    assert "in/a/x.json: the output out/a/x.srt would land outside" in done.stderr
    assert list(elsewhere.iterdir()) == []
    assert (tmp_path / "out" / "b" / "y.srt").exists()


def test_the_shared_folder_resolution_agrees_with_path_resolve(tmp_path: Path) -> None:
    """Folders resolved once and a name looked at alone give what Path.resolve gives:
    through linked folders, a linked name, a missing folder, '..' and a file as folder."""
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "file.srt").write_text("x")
    (tmp_path / "real" / "named.srt").symlink_to(tmp_path / "real" / "file.srt")
    (tmp_path / "real" / "loose.srt").symlink_to(tmp_path / "nowhere" / "x.srt")
    paths = [
        tmp_path / "link" / "file.srt",
        tmp_path / "link" / "named.srt",
        tmp_path / "link" / "loose.srt",
        tmp_path / "link" / "sub" / ".." / "file.srt",
        tmp_path / "link" / "sub" / "..",
        tmp_path / "missing" / "deeper" / "x.srt",
        tmp_path / "real" / "file.srt" / "x.srt",
        Path("relative.srt"),
    ]
    resolved = resolver()
    for path in paths * 2:  # the second time from the folders kept
        assert resolved(path) == path.resolve(), path
