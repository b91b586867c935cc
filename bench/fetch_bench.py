"""Fetch benchmark: 100 ids from a loopback server that delays each response, --jobs 8
against --jobs 1 in the same run; prints both times and their ratio.

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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BODY = (
    Path(__file__).resolve().parent.parent / "fixtures/inputs/elevenlabs_dubbing_review.json"
).read_bytes()


def serve(delay: float) -> ThreadingHTTPServer:
    """A threaded loopback server answering every GET with the fixture after ``delay`` s."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Buffer the response so headers and body leave in one write: separate small
        # writes meet the client's delayed ACK and add ~40 ms to every response.
        wbufsize = 1 << 16

        def do_GET(self) -> None:
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)
            self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def timed_fetch(url: str, ids: list[str], jobs: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "subsync", "fetch", "elevenlabs", *ids]
        command += ["--base-url", url, "-o", out, "--jobs", str(jobs), "-q"]
        env = {**os.environ, "ELEVENLABS_API_KEY": "bench-key"}
        started = time.perf_counter()
        subprocess.run(command, check=True, env=env)
        elapsed = time.perf_counter() - started
        assert len(os.listdir(out)) == len(ids)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ids", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds per response")
    args = parser.parse_args()
    server = serve(args.delay)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    ids = [f"dub_{n:04d}" for n in range(args.ids)]
    serial = timed_fetch(url, ids, 1)
    parallel = timed_fetch(url, ids, 8)
    server.shutdown()
    print(f"{args.ids} ids, {args.delay * 1000:.0f} ms per response")
    print(
        f"--jobs 1: {serial:.2f} s   --jobs 8: {parallel:.2f} s   ratio: {serial / parallel:.1f}x"
    )


if __name__ == "__main__":
    main()
