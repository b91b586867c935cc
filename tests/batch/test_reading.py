"""Inputs are regular files of bounded size: a FIFO or a link to /dev/zero among them is
refused at once (not read until memory runs out, not waited on), the others converted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from subsync.batch.reading import read_input
from subsync.errors import SubsyncError
from tests.support.helpers import INPUTS

CLIP = INPUTS / "resemble_v1_docs_clip.json"


def convert(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "subsync", "convert", *args]
    # The kill timeout bounds the test: before, /dev/zero was read until memory ran out
    # and a FIFO waited for a writer for ever.
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_fifo_and_a_link_to_dev_zero_are_refused_and_the_others_converted(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(CLIP, folder / "a.json")
    os.mkfifo(folder / "b.json")
    (folder / "c.json").symlink_to("/dev/zero")
    shutil.copyfile(CLIP, folder / "d.json")
    done = convert(tmp_path, "in/a.json", "in/b.json", "in/c.json", "in/d.json", "-o", "out")
    assert done.returncode == 1
    assert "in/b.json: is not a regular file" in done.stderr
    assert "in/c.json: is not a regular file" in done.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.srt")) == ["a.srt", "d.srt"]


def test_an_input_over_the_limit_is_refused_and_the_option_raises_it(tmp_path: Path) -> None:
    shutil.copyfile(CLIP, tmp_path / "clip.json")
    size = (tmp_path / "clip.json").stat().st_size
    refused = convert(tmp_path, "clip.json", "-o", "out", "--max-input-size", "1K")
    assert size > 1024
    assert refused.returncode == 1
    assert "clip.json: holds more than 1,024 bytes, the limit on an input" in refused.stderr
    assert "--max-input-size" in refused.stderr
    raised = convert(tmp_path, "clip.json", "-o", "out", "--max-input-size", "1M")
    assert raised.returncode == 0, raised.stderr
    assert (tmp_path / "out" / "clip.srt").exists()


def test_an_input_is_read_up_to_the_limit_and_refused_past_it(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"[" + b" " * 100 + b"]")
    assert read_input(str(path), limit=200) == path.read_bytes()
    with pytest.raises(SubsyncError, match="more than 50 bytes"):
        read_input(str(path), limit=50)
