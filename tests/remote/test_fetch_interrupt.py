"""Ctrl-C and SIGTERM during `subsync fetch`, against a real server on 127.0.0.1 that holds
every request: no request starts after the signal, in-flight ones are cut, and the exit code
says which signal. A kill timeout bounds each run; no times are asserted."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.rawserver import Answer, RawServer, unanswered_port

KEY = "sk_test_SIGNALS_6d1f0a2b"
# Far beyond the exit the issue asks for (about a second): reaching it fails the test.
KILL_AFTER = 30


def held(server: Callable[[], RawServer], arrived: threading.Semaphore) -> Answer:
    """Send the headers and the first byte of the body, then hold the request."""

    def answer(conn: socket.socket, head: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{")
        arrived.release()
        server().stopping.wait(KILL_AFTER)

    return answer


@pytest.mark.parametrize(
    ("signum", "code", "word", "jobs"),
    [
        (signal.SIGINT, 130, "interrupted", 4),
        (signal.SIGTERM, 143, "terminated", 4),
        (signal.SIGINT, 130, "interrupted", 1),
    ],
    ids=["sigint", "sigterm", "sigint-one-job"],
)
def test_a_signal_stops_the_fetch_at_once_and_starts_nothing_more(
    raw_server: Callable[[Answer], RawServer],
    tmp_path: Path,
    signum: int,
    code: int,
    word: str,
    jobs: int,
) -> None:
    arrived = threading.Semaphore(0)
    servers: list[RawServer] = []
    servers.append(raw_server(held(lambda: servers[0], arrived)))
    ids = [f"id{n}" for n in range(40)]
    args = ["elevenlabs", *ids, "--base-url", servers[0].url, "-o", str(tmp_path / "out")]
    process = subprocess.Popen(
        [sys.executable, "-m", "subsync", "fetch", *args, "-j", str(jobs), "--timeout", "600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "ELEVENLABS_API_KEY": KEY},
    )
    try:
        for _ in range(jobs):
            assert arrived.acquire(timeout=KILL_AFTER), "the fetch never reached the server"
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=KILL_AFTER)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == code
    assert stderr.decode().endswith(f"subsync: {word}\n")
    assert b"Traceback" not in stderr
    assert len(servers[0].heads) == jobs, "requests started after the signal"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def connecting(pid: int, port: int) -> bool:
    """Whether process ``pid`` has a socket waiting for its SYN to ``port`` to be answered."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    # Fields: sl local_address rem_address st ... inode; SYN_SENT is state 02.
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return any(
        row[2].endswith(f":{port:04X}") and row[3] == "02" and row[9] in inodes for row in rows
    )


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_ctrl_c_does_not_wait_for_a_connect_in_flight(tmp_path: Path) -> None:
    # A listener that never accepts, its queue filled: further connects wait for an answer
    # that never comes, until their connect timeout (far past the kill timeout here).
    with unanswered_port() as port:
        args = ["elevenlabs", "a", "b", "c", "--base-url", f"http://127.0.0.1:{port}",
                "-o", str(tmp_path), "--connect-timeout", "600", "--timeout", "600"]  # fmt: skip
        process = subprocess.Popen(
            [sys.executable, "-m", "subsync", "fetch", *args],
            stderr=subprocess.PIPE,
            env={**os.environ, "ELEVENLABS_API_KEY": KEY},
        )
        try:
            for _ in range(KILL_AFTER * 20):
                if connecting(process.pid, port):
                    break
                threading.Event().wait(0.05)
            else:
                pytest.fail("the fetch never started connecting")
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=KILL_AFTER)
        finally:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert stderr.decode().endswith("subsync: interrupted\n")
