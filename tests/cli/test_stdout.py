"""Standard output closed, full, or a pipe nobody reads: one line and exit 1, or a quiet
exit 1 for the pipe (as SIGPIPE would end it), never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

from tests.support.helpers import INPUTS

CLIP = str(INPUTS / "resemble_v1_docs_clip.json")
COMMANDS = {
    "convert": ["convert", CLIP, "-o", "-"],
    "lint": ["lint", "--format", "json", "-"],
}
SRT = b"1\n00:00:01,000 --> 00:00:02,000\nHello\n"


def _run(command: str, stdout: int | IO[bytes], *, close_stdout: bool = False) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "subsync", *COMMANDS[command]],
        input=SRT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
    )
    return done.returncode, done.stderr.decode()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_full_standard_output_is_one_line_and_exit_1(command: str) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        code, stderr = _run(command, full)
    assert code == 1
    assert stderr.splitlines()[-1:] == [
        "subsync: error: cannot write to standard output: No space left on device"
    ]
    assert "Traceback" not in stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_closed_standard_output_is_one_line_and_exit_1(command: str) -> None:
    code, stderr = _run(command, subprocess.DEVNULL, close_stdout=True)
    assert code == 1
    assert "cannot write to standard output: standard output is closed" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_pipe_nobody_reads_ends_the_run_quietly(command: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte, as after head -c1
    try:
        code, stderr = _run(command, write_end)
    finally:
        os.close(write_end)
    assert code == 1
    assert stderr == ""
