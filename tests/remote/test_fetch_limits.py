"""Body size limits against real servers on 127.0.0.1: gzip and deflate bombs, bodies too
large as declared, as sent in chunks or as decompressed, and lying Content-Lengths."""

from __future__ import annotations

import gzip
import itertools
import json
import socket
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.cli import main
from subsync.errors import FetchError
from subsync.remote.body import BadEncoding, BodyTooLarge, read_limited
from subsync.remote.client import Client, HttpPolicy
from subsync.remote.elevenlabs import resource_request
from subsync.remote.secrets import Secret
from tests.support.helpers import INPUTS
from tests.support.rawserver import Answer, RawServer

KEY = "sk_test_LIMITS_91c0d2e4"
DUB = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()
MIB = 1 << 20


def run(*args: str) -> Result:
    return CliRunner().invoke(
        main, list(args), env={"ELEVENLABS_API_KEY": KEY}, catch_exceptions=False
    )


def reply(body: bytes, *headers: str, length: int | None = None) -> Answer:
    """An answer sending ``body`` whole, with Content-Length (the true one by default)."""
    lines = ["HTTP/1.1 200 OK", "Content-Type: application/json", *headers]
    lines.append(f"Content-Length: {len(body) if length is None else length}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode()

    def answer(conn: socket.socket, request: bytes) -> None:
        conn.sendall(head + body)

    return answer


def gzip_bomb(mebibytes: int) -> bytes:
    """``mebibytes`` MiB of zeros as a multi-member gzip body of about 1 KiB per MiB."""
    return gzip.compress(bytes(MIB), 9) * mebibytes


def fetch(url: str, tmp_path: Path, *extra: str) -> tuple[Result, Path]:
    out = tmp_path / "out"
    result = run("fetch", "elevenlabs", "dub1", "--base-url", url, "-o", str(out), *extra)
    return result, out


def assert_nothing_saved(out: Path) -> None:
    assert not out.exists() or not any(out.iterdir())


# --- bombs ------------------------------------------------------------------------------


def test_a_gzip_bomb_past_the_default_limit_is_refused(
    raw_server: Callable[[Answer], RawServer], tmp_path: Path
) -> None:
    bomb = gzip_bomb(300)
    server = raw_server(reply(bomb, "Content-Encoding: gzip"))
    result, out = fetch(server.url, tmp_path, "--retries", "3")
    assert result.exit_code == 1
    assert result.stderr == (
        "subsync: error: dub1: the response body is larger than the limit of 256 MiB "
        "(see --max-body-size)\n"
    )
    assert len(server.heads) == 1, "a body too large is not retried"
    assert_nothing_saved(out)


@pytest.mark.parametrize("wrapped", [True, False], ids=["zlib-deflate", "raw-deflate"])
def test_a_deflate_bomb_is_refused_at_the_given_limit(
    raw_server: Callable[[Answer], RawServer], tmp_path: Path, wrapped: bool
) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
    bomb = packer.compress(bytes(64 * MIB)) + packer.flush()
    server = raw_server(reply(bomb, "Content-Encoding: deflate"))
    result, out = fetch(server.url, tmp_path, "--max-body-size", "1M")
    assert result.exit_code == 1
    assert "larger than the limit of 1 MiB" in result.stderr
    assert_nothing_saved(out)


def test_the_bomb_peaks_far_below_its_size(
    raw_server: Callable[[Answer], RawServer], tmp_path: Path
) -> None:
    # A child process, so that its peak memory is its own: 1 GiB of zeros in a 1 MB body.
    server = raw_server(reply(gzip_bomb(1024), "Content-Encoding: gzip"))
    # VmHWM is this process's own peak: ru_maxrss would also count the pre-exec peak of the
    # forking test process, which is large once other tests have loaded Dask.
    code = (
        "import re, sys\n"
        "from subsync.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "finally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    print(re.search(r'VmHWM:\\s*(\\d+)', status).group(1), file=sys.stderr)\n"
    )
    args = ["fetch", "elevenlabs", "bomb", "--base-url", server.url, "-o", str(tmp_path)]
    env = {"ELEVENLABS_API_KEY": KEY, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 1
    assert "larger than the limit of 256 MiB" in done.stderr
    peak_kib = int(done.stderr.split()[-1])
    # The limit, one decompressed step and the interpreter; main took 3 GB for this.
    assert peak_kib < 400 * 1024, f"peak {peak_kib // 1024} MiB"


# --- sizes as declared and as sent ------------------------------------------------------


def test_a_declared_length_past_the_limit_is_refused_before_reading(
    raw_server: Callable[[Answer], RawServer], tmp_path: Path
) -> None:
    def promise(conn: socket.socket, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2147483648\r\n\r\n{")
        server.stopping.wait(30)

    server = raw_server(promise)
    result, out = fetch(server.url, tmp_path, "--timeout", "30", "--retries", "0")
    assert result.exit_code == 1
    assert "larger than the limit of 256 MiB" in result.stderr
    assert_nothing_saved(out)


def test_a_chunked_body_past_the_limit_is_refused_while_streaming(
    raw_server: Callable[[Answer], RawServer], tmp_path: Path
) -> None:
    def chunked(conn: socket.socket, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (64 * 1024, b" " * 64 * 1024)
        for _ in range(64):  # 4 MiB at most: the client hangs up after 1 MiB
            conn.sendall(chunk)
        conn.sendall(b"0\r\n\r\n")

    server = raw_server(chunked)
    result, out = fetch(server.url, tmp_path, "--max-body-size", "1M")
    assert result.exit_code == 1
    assert "larger than the limit of 1 MiB" in result.stderr
    assert_nothing_saved(out)


def test_a_body_longer_than_its_content_length_is_read_to_that_length_only(
    raw_server: Callable[[Answer], RawServer], tmp_path: Path
) -> None:
    extra = b'"more than was declared"'
    server = raw_server(reply(DUB + extra, length=len(DUB)))
    result, out = fetch(server.url, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (out / "dub1.json").read_bytes() == DUB


def test_a_body_shorter_than_its_content_length_is_cut_off(
    raw_server: Callable[[Answer], RawServer], tmp_path: Path
) -> None:
    server = raw_server(reply(DUB[:100], length=len(DUB)))
    result, out = fetch(server.url, tmp_path, "--retries", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        "subsync: error: dub1: the response was cut off before its end (after 2 attempts)\n"
    )
    assert_nothing_saved(out)


# --- encodings that are fine, and one that was not asked for ----------------------------


def _raw_deflate(data: bytes) -> bytes:
    """Deflate without the zlib header, as some servers send it."""
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "pack"),
    [
        ("gzip", lambda data: gzip.compress(data[:1000]) + gzip.compress(data[1000:])),
        ("deflate", zlib.compress),
        ("deflate", _raw_deflate),
        ("identity", lambda data: data),
    ],
    ids=["gzip-two-members", "zlib-deflate", "raw-deflate", "identity"],
)
def test_a_compressed_body_within_the_limit_is_saved_as_decoded(
    raw_server: Callable[[Answer], RawServer],
    tmp_path: Path,
    encoding: str,
    pack: Callable[[bytes], bytes],
) -> None:
    server = raw_server(reply(pack(DUB), f"Content-Encoding: {encoding}"))
    result, out = fetch(server.url, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (out / "dub1.json").read_bytes() == DUB
    assert b"Accept-Encoding: gzip, deflate" in server.heads[0]


@pytest.mark.parametrize(
    ("headers", "body", "message"),
    [
        (("Content-Encoding: br",), DUB, "a Content-Encoding that was not asked for ('br')"),
        (("Content-Encoding: gzip",), b"not gzip at all", "not valid gzip"),
    ],
    ids=["brotli", "corrupt-gzip"],
)
def test_a_body_in_a_bad_encoding_is_a_clear_error(
    raw_server: Callable[[Answer], RawServer],
    tmp_path: Path,
    headers: tuple[str, ...],
    body: bytes,
    message: str,
) -> None:
    server = raw_server(reply(body, *headers))
    result, out = fetch(server.url, tmp_path)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert_nothing_saved(out)


def test_the_client_enforces_its_policy_limit(raw_server: Callable[[Answer], RawServer]) -> None:
    body = json.dumps({"text": "x" * 5000}).encode()
    server = raw_server(reply(body))
    request = resource_request("big", Secret(KEY), server.url)
    policy = HttpPolicy(max_body_size=4096, retries=0)
    with (
        Client(policy) as client,
        pytest.raises(FetchError, match="larger than the limit of 4 KiB"),
    ):
        client.fetch(request)
    with Client(HttpPolicy(max_body_size=len(body))) as client:
        assert client.fetch(request) == body


@pytest.mark.parametrize(
    ("given", "expected"),
    [("1048576", 1 << 20), ("512k", 512 << 10), ("1G", 1 << 30), ("300MiB", 300 << 20)],
)
def test_max_body_size_takes_binary_units(
    raw_server: Callable[[Answer], RawServer], tmp_path: Path, given: str, expected: int
) -> None:
    body = b" " * (expected + 1) if expected < MIB * 2 else b"{}"
    server = raw_server(reply(body, length=expected + 1))
    result, _ = fetch(server.url, tmp_path, "--max-body-size", given, "--retries", "0")
    assert result.exit_code == 1
    assert "larger than the limit" in result.stderr


@pytest.mark.parametrize("given", ["0", "ten", "1T", "-5", "1.5M"])
def test_a_bad_max_body_size_is_a_usage_error(given: str) -> None:
    result = run("fetch", "elevenlabs", "dub1", "--max-body-size", given)
    assert result.exit_code == 2
    assert "is not a size" in result.stderr


# --- the reader itself, over the ways a body arrives ------------------------------------


class Pieces:
    """A raw body that arrives in the given pieces."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = list(pieces)

    def read(self, amt: int | None = None, decode_content: bool | None = None) -> bytes:
        assert decode_content is False
        return self.pieces.pop(0) if self.pieces else b""


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points) if b > a]


@settings(max_examples=150, deadline=None)
@given(
    data=st.binary(max_size=3000) | st.builds(bytes, st.integers(0, 3_000_000)),
    cuts=st.lists(st.integers(0, 4_000_000), max_size=6),
    limit=st.integers(1, 3_000_000),
    encoding=st.sampled_from(["gzip", "deflate", "identity"]),
)
def test_a_body_is_returned_whole_exactly_when_it_fits(
    data: bytes, cuts: list[int], limit: int, encoding: str
) -> None:
    packers: dict[str, Callable[[bytes], bytes]] = {
        "gzip": gzip.compress,
        "deflate": zlib.compress,
        "identity": bytes,
    }
    sent = packers[encoding](data)
    raw = Pieces(split(sent, cuts))
    if len(data) <= limit and len(sent) <= limit:
        assert read_limited(raw, encoding, None, limit) == data
    else:
        with pytest.raises(BodyTooLarge):
            read_limited(raw, encoding, None, limit)


def test_trailing_bytes_after_a_deflate_stream_are_ignored_and_garbage_is_refused() -> None:
    assert read_limited(Pieces([zlib.compress(b"{}") + b"junk"]), "deflate", None, 100) == b"{}"
    with pytest.raises(BadEncoding):
        read_limited(Pieces([gzip.compress(b"{}")[:-9] + b"\xff" * 9]), "gzip", None, 100)
