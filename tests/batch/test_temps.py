"""Temporary files: their names fit the file system's limit however long the output name
is, and a run removes those a killed run left (its own pattern, made before it started, by
a process that no longer runs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import subsync
from subsync.batch.files import remove_stale_temps, temp_prefix, write_atomic
from tests.support.helpers import INPUTS


@pytest.mark.parametrize("length", [242, 250, 255])
def test_an_output_name_up_to_the_limit_is_written(tmp_path: Path, length: int) -> None:
    path = tmp_path / ("x" * (length - 4) + ".srt")
    write_atomic(path, b"1\n")
    assert path.read_bytes() == b"1\n"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_convert_with_a_long_input_name_writes_its_output(tmp_path: Path) -> None:
    stem = "é" * 122  # 244 bytes, and ".srt" makes 248
    clip = tmp_path / f"{stem}.json"
    clip.write_bytes((INPUTS / "resemble_v1_docs_clip.json").read_bytes())
    result = subsync.convert_files([str(clip)], tmp_path / "out", ["srt"])
    assert result.ok, result.results
    assert (tmp_path / "out" / f"{stem}.srt").exists()


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return int(done.stdout)


def test_stale_temps_of_dead_runs_are_removed_and_no_others(tmp_path: Path) -> None:
    dead = _dead_pid()
    stale = tmp_path / f".a.srt.{dead}.abcd_123.tmp"
    live = tmp_path / f".b.srt.{os.getppid()}.abcd_123.tmp"  # pytest's parent still runs
    fresh = tmp_path / f".c.srt.{dead}.zzzz_999.tmp"
    other = tmp_path / ".notes.tmp"  # not subsync's pattern
    for path in (stale, live, fresh, other):
        path.write_bytes(b"half")
    hour_ago = time.time() - 3600
    for path in (stale, live, other):
        os.utime(path, (hour_ago, hour_ago))
    removed = remove_stale_temps(tmp_path, before=time.time() - 60)
    assert removed == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (live, fresh, other)
    )


def test_a_run_sweeps_the_folders_it_writes_to(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    left = out / f".clip.srt.{_dead_pid()}.q1w2e3r4.tmp"
    left.write_bytes(b"killed halfway")
    os.utime(left, (1_000_000_000, 1_000_000_000))
    clip = tmp_path / "clip.json"
    clip.write_text(json.dumps(json.loads((INPUTS / "resemble_v1_docs_clip.json").read_bytes())))
    assert subsync.convert_files([str(clip)], out, ["srt"]).ok
    assert not left.exists()
    assert temp_prefix(out / "clip.srt").endswith(f".{os.getpid()}.")


def test_a_temporary_name_already_taken_is_never_opened_and_another_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = iter([b"\x00" * 8, b"\x00" * 8, b"\x01" * 8])
    monkeypatch.setattr(os, "urandom", lambda size: next(draws))
    prefix = temp_prefix(tmp_path / "x.srt")
    taken = tmp_path / f"{prefix}aaaaaaaa.tmp"
    taken.write_bytes(b"someone else's")
    seen: list[str] = []
    real_replace = os.replace

    def replace(source: str, target: Path) -> None:
        seen.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    write_atomic(tmp_path / "x.srt", b"1\n")
    assert seen == [f"{prefix}bbbbbbbb.tmp"]
    assert taken.read_bytes() == b"someone else's"
    assert (tmp_path / "x.srt").read_bytes() == b"1\n"
