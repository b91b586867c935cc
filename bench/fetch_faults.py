"""Hostile-server figures for `subsync fetch`: peak memory of a gzip bomb, seconds to give up
on a trickle, seconds to exit after Ctrl-C or SIGTERM (and requests started after it).

Each case runs `python -m subsync fetch elevenlabs ...` in a child process against a raw
socket server on 127.0.0.1, with a kill timeout so that no case runs away. Peak memory is
the child's ru_maxrss, measured by a small launcher (a child forked from this process would
count this process's pages).

Run by hand: python bench/fetch_faults.py [--cases bomb,trickle,sigint,...] (all by default)
Against another checkout (python -m subsync takes the package of the current folder):
    cd /path/to/checkout && python /path/to/this/bench/fetch_faults.py
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.rawserver import RawServer, unanswered_port

KILL_AFTER = 120.0
BOMB = Path(tempfile.gettempdir()) / "subsync-bomb-1GiB.gz"
LAUNCHER = r"""
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(code.stderr[-2000:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
sys.exit(code.returncode)
"""


def bomb() -> bytes:
    """1 GiB of zeros, gzipped once (about 1 MB) and kept in the temp folder."""
    if not BOMB.exists():
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = bytes(1 << 20)
        parts = [packer.compress(block) for _ in range(1024)]
        BOMB.write_bytes(b"".join(parts) + packer.flush())
    return BOMB.read_bytes()


class Server(RawServer):
    """tests/support/rawserver.py's server, counting requests and when they came."""

    def __init__(self, answer: Callable[[socket.socket], None]) -> None:
        self.times: list[float] = []

        def timed(conn: socket.socket, head: bytes) -> None:
            self.times.append(time.monotonic())
            answer(conn)

        super().__init__(timed)

    @property
    def requests(self) -> int:
        return len(self.heads)


def fetch_args(url: str, ids: list[str], *extra: str) -> list[str]:
    out = tempfile.mkdtemp(prefix="subsync-faults-")
    command = [sys.executable, "-m", "subsync", "fetch", "elevenlabs", *ids]
    return [*command, "--base-url", url, "-o", out, *extra]


def case_bomb(_: argparse.Namespace) -> str:
    data = bomb()
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        + f"Content-Length: {len(data)}\r\n\r\n".encode()
    )
    server = Server(lambda conn: conn.sendall(head + data))
    try:
        command = [
            sys.executable,
            "-c",
            LAUNCHER,
            *fetch_args(server.url, ["bomb"], "--retries", "0"),
        ]
        started = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, timeout=KILL_AFTER)
        seconds = time.monotonic() - started
    finally:
        server.close()
    peak = int(done.stdout.split()[-1])
    message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return (
        f"gzip bomb ({len(data) / 1e6:.1f} MB -> 1 GiB): peak {peak} MB, exit "
        f"{done.returncode}, {seconds:.1f} s; {message}"
    )


def trickle(with_headers: bool) -> Callable[[socket.socket], None]:
    """One byte every 2 s, in the body (after full headers) or already in the headers."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"

    def answer(conn: socket.socket) -> None:
        if with_headers:
            data = head
        else:
            conn.sendall(head)
            data = b" " * 100_000
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(2)

    return answer


def timed(command: list[str]) -> tuple[float, str]:
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=KILL_AFTER)
    except subprocess.TimeoutExpired:
        return KILL_AFTER, f"killed after {KILL_AFTER:g} s"
    lines = done.stderr.strip().splitlines()
    return time.monotonic() - started, f"exit {done.returncode}; {lines[-1] if lines else ''}"


def case_trickle(args: argparse.Namespace, with_headers: bool = False, *extra: str) -> str:
    server = Server(trickle(with_headers))
    try:
        seconds, outcome = timed(fetch_args(server.url, ["slow"], "--timeout", "5", *extra))
    finally:
        server.close()
    where = "headers" if with_headers else "body"
    given = " ".join(["--timeout 5", *extra])
    return f"trickle in the {where}, {given}: gave up after {seconds:.1f} s; {outcome}"


def wait_or_kill(child: subprocess.Popen[str]) -> int:
    """The child's exit code, or that of its killing if it runs past KILL_AFTER."""
    try:
        return child.wait(timeout=KILL_AFTER)
    except subprocess.TimeoutExpired:
        child.kill()
        return child.wait()


def default_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


def case_signal(args: argparse.Namespace, signum: int) -> str:
    def stall(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{")
        server.stopping.wait(60)

    server = Server(stall)
    ids = [f"id{n}" for n in range(40)]
    child = subprocess.Popen(
        fetch_args(server.url, ids, "-j", "4", "--timeout", "30"),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        # A shell starting this in the background may have left SIGINT ignored.
        preexec_fn=default_signals,
    )
    try:
        while server.requests < 4 and child.poll() is None:
            time.sleep(0.05)
        time.sleep(0.5)
        before = server.requests
        sent = time.monotonic()
        child.send_signal(signum)
        code = wait_or_kill(child)
        seconds = time.monotonic() - sent
        after = sum(1 for t in server.times if t > sent)
        assert child.stderr is not None
        lines = child.stderr.read().strip().splitlines()
    finally:
        server.close()
    name = signal.Signals(signum).name
    return (
        f"{name} with {before} requests in flight of 40: exit {code} after {seconds:.1f} s, "
        f"{after} requests started after the signal; {lines[-1] if lines else ''}"
    )


def case_signal_connecting(args: argparse.Namespace) -> str:
    """SIGINT while every request waits to connect to a listener whose queue is full."""
    with unanswered_port() as port:
        url = f"http://127.0.0.1:{port}"
        child = subprocess.Popen(
            fetch_args(url, ["a", "b", "c", "d"], "--connect-timeout", "10"),
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            preexec_fn=default_signals,
        )
        time.sleep(3)  # start-up, then the connects (no server answers to tell when)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        code = wait_or_kill(child)
        seconds = time.monotonic() - sent
    return f"SIGINT while connecting (--connect-timeout 10): exit {code} after {seconds:.1f} s"


CASES: dict[str, Callable[[argparse.Namespace], str]] = {
    "bomb": case_bomb,
    "trickle": case_trickle,
    "header-trickle": lambda args: case_trickle(args, with_headers=True),
    "trickle-once": lambda args: case_trickle(args, False, "--retries", "0"),
    "sigint": lambda args: case_signal(args, signal.SIGINT),
    "sigterm": lambda args: case_signal(args, signal.SIGTERM),
    "sigint-connecting": case_signal_connecting,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()
    os.environ.setdefault("ELEVENLABS_API_KEY", "sk_bench_not_a_key")
    for name in args.cases.split(","):
        print(CASES[name](args), flush=True)


if __name__ == "__main__":
    main()
