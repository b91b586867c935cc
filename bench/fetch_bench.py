"""Fetch benchmark: 100 ids from a loopback server that delays each response, --jobs 8
against --jobs 1 in the same run; prints both times and their ratio.

The ratio is of whole commands, process start-up included. A second line splits each time
into start-up (until the server sees the first request), the span of the requests, and the
tail (last response to exit), to show where the fixed cost goes.

Run by hand: python bench/fetch_bench.py [--ids 100] [--delay 0.05]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BODY = (
    Path(__file__).resolve().parent.parent / "fixtures/inputs/elevenlabs_dubbing_review.json"
).read_bytes()


def serve(delay: float, log: list[tuple[float, float]]) -> ThreadingHTTPServer:
    """A threaded loopback server answering every GET with the fixture after ``delay`` s;
    each request's arrival and the end of its response go to ``log``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Buffer the response so headers and body leave in one write: separate small
        # writes meet the client's delayed ACK and add ~40 ms to every response.
        wbufsize = 1 << 16

        def do_GET(self) -> None:
            arrived = time.perf_counter()
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)
            self.wfile.flush()
            log.append((arrived, time.perf_counter()))

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@dataclass(frozen=True)
class Timing:
    total: float
    startup: float
    span: float
    tail: float

    def __str__(self) -> str:
        return f"start-up {self.startup:.2f} + requests {self.span:.2f} + tail {self.tail:.2f} s"


def timed_fetch(url: str, ids: list[str], jobs: int, log: list[tuple[float, float]]) -> Timing:
    log.clear()
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "subsync", "fetch", "elevenlabs", *ids]
        command += ["--base-url", url, "-o", out, "--jobs", str(jobs), "-q"]
        env = {**os.environ, "ELEVENLABS_API_KEY": "bench-key"}
        started = time.perf_counter()
        subprocess.run(command, check=True, env=env)
        ended = time.perf_counter()
        assert len(os.listdir(out)) == len(ids)
    first = min(arrived for arrived, _ in log)
    last = max(done for _, done in log)
    return Timing(ended - started, first - started, last - first, ended - last)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ids", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds per response")
    args = parser.parse_args()
    log: list[tuple[float, float]] = []
    server = serve(args.delay, log)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    ids = [f"dub_{n:04d}" for n in range(args.ids)]
    serial = timed_fetch(url, ids, 1, log)
    parallel = timed_fetch(url, ids, 8, log)
    server.shutdown()
    print(f"{args.ids} ids, {args.delay * 1000:.0f} ms per response")
    print(
        f"--jobs 1: {serial.total:.2f} s   --jobs 8: {parallel.total:.2f} s   "
        f"ratio: {serial.total / parallel.total:.1f}x"
    )
    print(f"  --jobs 1: {serial}\n  --jobs 8: {parallel}")


if __name__ == "__main__":
    main()
