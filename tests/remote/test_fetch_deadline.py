"""Deadlines against real servers on 127.0.0.1: a trickle in the body or the headers ends at
--timeout, retries end at --total-timeout. Each run is a child process with a kill timeout,
so a deadline that fails to hold fails the test instead of hanging it; no times are asserted."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from subsync.errors import FetchError
from subsync.remote.client import Client, HttpPolicy
from subsync.remote.elevenlabs import resource_request
from subsync.remote.secrets import Secret
from tests.support.rawserver import Answer, RawServer

KEY = "sk_test_DEADLINE_3e8a71f0"
EL_PATH = "/v1/dubbing/resource/"
# Far beyond every deadline below: reaching it means a deadline did not hold.
KILL_AFTER = 60
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"


def child(*args: str) -> subprocess.CompletedProcess[str]:
    """``subsync fetch ARGS`` in a child process, killed (failing the test) at KILL_AFTER."""
    env = {**os.environ, "ELEVENLABS_API_KEY": KEY}
    return subprocess.run(
        [sys.executable, "-m", "subsync", "fetch", *args],
        capture_output=True,
        text=True,
        timeout=KILL_AFTER,
        env=env,
    )


def trickle(server: Callable[[], RawServer], data: bytes, at_once: bytes = b"") -> Answer:
    """An answer sending ``at_once``, then ``data`` one byte every 0.2 s, until the client
    hangs up."""

    def answer(conn: socket.socket, head: bytes) -> None:
        conn.sendall(at_once)
        for byte in data:
            conn.sendall(bytes([byte]))
            if server().stopping.wait(0.2):
                return

    return answer


@pytest.mark.parametrize(
    ("at_once", "data", "message"),
    [
        (HEAD, b" " * 100_000, "the response body was not complete within 1.5 s"),
        (b"", HEAD, "no answer from 127.0.0.1:{port} within 1.5 s"),
    ],
    ids=["body", "headers"],
)
def test_a_trickle_ends_at_the_timeout(
    raw_server: Callable[[Answer], RawServer],
    tmp_path: Path,
    at_once: bytes,
    data: bytes,
    message: str,
) -> None:
    # Each byte comes well within any per-read timeout; only a whole-request deadline ends it.
    servers: list[RawServer] = []
    servers.append(raw_server(trickle(lambda: servers[0], data, at_once)))
    url = servers[0].url
    out = tmp_path / "out"
    done = child("elevenlabs", "slow", "--base-url", url, "-o", str(out), "--timeout", "1.5",
                 "--retries", "1")  # fmt: skip
    port = url.rsplit(":", 1)[1]
    assert done.returncode == 1
    assert done.stderr == (
        f"subsync: error: slow: {message.format(port=port)} (after 2 attempts)\n"
    )
    assert len(servers[0].heads) == 2
    assert not out.exists() or not any(out.iterdir())


def test_retries_end_at_the_total_timeout(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(EL_PATH + "busy").respond_with_data(
        "busy", status=503, headers={"Retry-After": "1"}
    )
    out = tmp_path / "out"
    done = child("elevenlabs", "busy", "--base-url", httpserver.url_for("/"), "-o", str(out),
                 "--retries", "10", "--total-timeout", "2.5")  # fmt: skip
    assert done.returncode == 1
    assert "busy: HTTP 503: busy" in done.stderr
    assert "no time left to retry in 2.5 s" in done.stderr
    # A second apart from the first at 0 s: at most 0, 1 and 2 s fit in 2.5 s.
    assert 2 <= len(httpserver.log) <= 3


def test_a_total_timeout_shorter_than_the_timeout_bounds_the_attempt(
    raw_server: Callable[[Answer], RawServer],
) -> None:
    servers: list[RawServer] = []
    servers.append(raw_server(trickle(lambda: servers[0], b" " * 1000, HEAD)))
    policy = HttpPolicy(timeout=30, total_timeout=1, retries=5)
    request = resource_request("slow", Secret(KEY), servers[0].url)
    with Client(policy) as client, pytest.raises(FetchError) as caught:
        client.fetch(request)
    assert str(caught.value) == (
        "slow: the response body was not complete within 1 s; no time left to retry in 1 s"
    )
    assert len(servers[0].heads) == 1


def test_a_deadline_that_passes_while_retrying_starts_no_new_attempt(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request(EL_PATH + "busy").respond_with_data("", status=500)
    waits: list[float] = []
    policy = HttpPolicy(retries=3, backoff=100, total_timeout=50)
    with Client(policy, sleep=waits.append) as client, pytest.raises(FetchError) as caught:
        client.fetch(resource_request("busy", Secret(KEY), httpserver.url_for("/")))
    assert str(caught.value) == "busy: HTTP 500; no time left to retry in 50 s"
    assert waits == []
    assert len(httpserver.log) == 1
