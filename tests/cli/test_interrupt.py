"""Stopping a conversion: Ctrl-C and SIGTERM save what landed and exit 130 and 143, the
manifest is saved as outputs land (a killed run keeps its work), and pool workers die with
their parent. Subprocesses with kill timeouts; no timing assertions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from subsync.batch.digest import sha256
from subsync.batch.manifest import MANIFEST_NAME
from tests.support.helpers import ROOT

LONG = ROOT / "fixtures" / "long" / "resemble_long_clip.json"
# Enough inputs that a run is still going when the first manifest save is seen.
COUNT = 300
BOUND = 60.0  # seconds any wait here may take before the test fails


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    for number in range(COUNT):
        shutil.copy(LONG, tmp_path / "in" / f"c{number:03d}.json")
    return tmp_path


def start(folder: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "subsync", "convert", "in", "-o", "out", "--jobs", "2"]
    return subprocess.Popen(command, cwd=folder, stderr=subprocess.PIPE, text=True)


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"no {what} within {BOUND} s"
        time.sleep(0.05)


def manifest_seen(folder: Path) -> None:
    wait_for(lambda: (folder / "out" / MANIFEST_NAME).exists(), "manifest")


def recorded(folder: Path) -> dict[str, dict[str, str]]:
    """The manifest's entries, each checked against the file it vouches for."""
    outputs: dict[str, dict[str, str]] = json.loads((folder / "out" / MANIFEST_NAME).read_text())[
        "outputs"
    ]
    for key, entry in outputs.items():
        assert sha256((folder / "out" / key).read_bytes()) == entry["sha256"]
    return outputs


def rerun_skips(folder: Path, count: int) -> None:
    again = subprocess.run(
        [sys.executable, "-m", "subsync", "convert", "in", "-o", "out", "--jobs", "2"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr
    assert f", {count} skipped, 0 failed" in again.stderr.splitlines()[-1]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_saves_what_landed_and_exits(batch: Path, signum: int, code: int) -> None:
    process = start(batch)
    manifest_seen(batch)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=BOUND)
    assert process.returncode == code, stderr
    assert "subsync: stopping: saving what is done" in stderr
    assert "inputs done, kept in the manifest (run again to go on)" in stderr
    assert "Traceback" not in stderr
    done = recorded(batch)
    assert 0 < len(done) < COUNT
    rerun_skips(batch, len(done))


def test_a_second_signal_exits_at_once(batch: Path) -> None:
    process = start(batch)
    manifest_seen(batch)
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=BOUND)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(child) for child in text.split())
    return found


def gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")  # dead, awaiting its reaper


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_a_killed_run_keeps_its_work_and_its_workers_die(batch: Path) -> None:
    process = start(batch)
    manifest_seen(batch)
    wait_for(lambda: len(children(process.pid)) >= 2, "pool workers")
    workers = children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=BOUND)
    for worker in workers:
        wait_for(lambda worker=worker: gone(worker), f"end of worker {worker}")
    done = recorded(batch)
    assert len(done) < COUNT
    rerun_skips(batch, len(done))
