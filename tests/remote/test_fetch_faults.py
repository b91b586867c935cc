"""Faults found by an audit, each against a real server on 127.0.0.1: a key cut in half by
message shortening, a key HTTP cannot carry, and a read that stalls or drops mid-body."""

from __future__ import annotations

import dataclasses
import socket
import struct
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

import subsync
from subsync.cli import main
from subsync.errors import FetchError, SubsyncError
from subsync.remote.client import Client, HttpPolicy
from subsync.remote.elevenlabs import resource_request
from subsync.remote.secrets import Secret
from subsync.remote.workers import run_all
from tests.support.helpers import INPUTS
from tests.support.rawserver import Answer, RawServer

KEY = "sk_test_SENTINEL_7f3a9c1e"
DUB = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()
EL_PATH = "/v1/dubbing/resource/"


def run(*args: str) -> Result:
    env = {"ELEVENLABS_API_KEY": KEY, "RESEMBLE_API_KEY": KEY}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def shown_texts(error: BaseException) -> list[str]:
    """str and repr of an exception and of every exception chained to it."""
    texts: list[str] = []
    seen: BaseException | None = error
    while seen is not None:
        texts += [str(seen), repr(seen), *map(repr, seen.args)]
        seen = seen.__cause__ or seen.__context__
    return texts


def assert_no_key_prefix(text: str, key: str = KEY) -> None:
    # Every prefix of 4 or more characters contains the first 4.
    assert key[:4] not in text, text


# --- 1. the key is masked before any shortening -----------------------------------------

PADDING = "x" * 270


@pytest.mark.parametrize(
    ("args", "path", "status", "body"),
    [
        (
            ["elevenlabs", "dubX"],
            EL_PATH + "dubX",
            401,
            {"detail": {"code": "invalid_api_key", "message": f"{PADDING} {KEY} is invalid"}},
        ),
        (["elevenlabs", "dubX"], EL_PATH + "dubX", 401, f"{PADDING}{'y' * 10} {KEY} rejected"),
        (
            ["resemble", "p", "c1", "--api-version", "v2"],
            "/api/v2/projects/p/clips/c1",
            200,
            {"success": False, "message": f"{PADDING}{'z' * 10} {KEY} rejected"},
        ),
        (
            ["resemble", "p", "c1"],
            "/api/v1/projects/p/clips/c1",
            401,
            {"success": False, "message": f"{PADDING}{'z' * 5} {KEY} rejected"},
        ),
    ],
    ids=["elevenlabs-detail", "non-json-text", "resemble-success-false", "resemble-401"],
)
def test_a_key_straddling_the_message_cut_is_masked_not_half_shown(
    httpserver: HTTPServer, tmp_path: Path, args: list[str], path: str, status: int, body: object
) -> None:
    handler = httpserver.expect_request(path)
    if isinstance(body, str):
        handler.respond_with_data(body, status=status)
    else:
        handler.respond_with_json(body, status=status)
    out = tmp_path / "out"
    result = run("fetch", *args, "--base-url", httpserver.url_for("/"), "-o", str(out))
    assert result.exit_code == 1
    assert "HTTP" in result.stderr
    assert_no_key_prefix(result.stdout + result.stderr)
    assert not out.exists() or not any(out.iterdir())


def test_the_client_masks_the_key_before_shortening(httpserver: HTTPServer) -> None:
    message = f"{PADDING} {KEY} is invalid"
    httpserver.expect_request(EL_PATH + "dubX").respond_with_json(
        {"detail": {"code": "invalid_api_key", "message": message}}, status=401
    )
    request = resource_request("dubX", Secret(KEY), httpserver.url_for("/"))
    with Client(HttpPolicy(retries=0)) as client, pytest.raises(FetchError) as caught:
        client.fetch(request)
    assert f"{'x' * 10} *** is inva…" in str(caught.value)
    for text in shown_texts(caught.value):
        assert_no_key_prefix(text)


# --- 2. a key HTTP cannot carry ---------------------------------------------------------

BAD_KEYS = {
    "curly-quote": ("sk_FAKE_5e1d\u2019", 13),
    "non-latin-1": ("sk_FAKE_\u043a\u043b\u044e\u0447", 9),
    "latin-1-accent": ("sk_FAKE_cl\u00e9", 11),
    "inner-space": ("sk_FAKE 5e1d", 8),
    "control-char": ("sk_FAKE\x005e1d", 8),
}


@pytest.mark.parametrize("key", [k for k, _ in BAD_KEYS.values()], ids=list(BAD_KEYS))
def test_a_key_with_a_character_http_cannot_carry_is_a_clean_error(
    httpserver: HTTPServer, key: str
) -> None:
    with pytest.raises(SubsyncError) as caught:
        subsync.fetch_elevenlabs("dubA", api_key=key, base_url=httpserver.url_for("/"))
    position = dict(BAD_KEYS.values())[key]
    assert f"position {position}" in str(caught.value)
    assert "API key" in str(caught.value)
    for text in shown_texts(caught.value):
        assert key not in text and key[:7] not in text
    assert len(httpserver.log) == 0


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(SubsyncError, match="empty"):
        Secret(" \n")


def test_a_key_with_surrounding_whitespace_is_stripped_and_works(httpserver: HTTPServer) -> None:
    httpserver.expect_request(EL_PATH + "dubA", headers={"xi-api-key": KEY}).respond_with_data(DUB)
    assert subsync.fetch_elevenlabs("dubA", api_key=f" {KEY}\n", base_url=httpserver.url_for("/"))
    assert Secret(f"\t{KEY}\r\n").reveal() == KEY


def test_a_header_that_cannot_be_encoded_fails_its_id_only(httpserver: HTTPServer) -> None:
    # Secret refuses such keys; this checks the client's own guard, for any header value.
    httpserver.expect_request(EL_PATH + "good").respond_with_data(DUB)
    base = httpserver.url_for("/")
    bad = dataclasses.replace(resource_request("bad", Secret(KEY), base), auth_prefix="T\u2019 ")
    good = resource_request("good", Secret(KEY), base)
    with Client(HttpPolicy(retries=2), jobs=2) as client:
        results = dict((request.label, result) for request, result in client.fetch_all([bad, good]))
    assert results["good"] == DUB
    error = results["bad"]
    assert isinstance(error, FetchError)
    assert "cannot be sent" in str(error)
    for text in shown_texts(error):
        assert KEY not in text
    assert [entry[0].path for entry in httpserver.log] == [EL_PATH + "good"]


# --- 3. a body that stalls or drops after the headers ------------------------------------

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"


def test_a_body_that_stalls_is_a_read_timeout_not_a_connect_error(
    raw_server: Callable[[Answer], RawServer], tmp_path: Path
) -> None:
    def stall(conn: socket.socket, head: bytes) -> None:
        conn.sendall(HEAD + b'{"spe')
        threading.Event().wait(0.6)

    url = raw_server(stall).url
    out = tmp_path / "out"
    args = ["fetch", "elevenlabs", "slow", "--base-url", url, "-o", str(out)]
    result = run(*args, "--timeout", "0.3", "--retries", "1", "--connect-timeout", "2")
    assert result.exit_code == 1
    assert result.stderr == (
        "subsync: error: slow: the response body was not complete within 0.3 s (after 2 attempts)\n"
    )
    assert not out.exists() or not any(out.iterdir())


def test_a_connection_reset_mid_body_is_retried_and_reported(
    raw_server: Callable[[Answer], RawServer],
) -> None:
    def reset(conn: socket.socket, head: bytes) -> None:
        conn.sendall(HEAD + b'{"spe')
        threading.Event().wait(0.2)
        # Linger 0: close sends RST, not FIN.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    url = raw_server(reset).url
    delays: list[float] = []
    policy = HttpPolicy(connect_timeout=2, timeout=2, retries=1)
    with Client(policy, sleep=delays.append) as client, pytest.raises(FetchError) as caught:
        client.fetch(resource_request("dubA", Secret(KEY), url))
    assert str(caught.value) == (
        "dubA: the connection dropped while reading the body (after 2 attempts)"
    )
    assert len(delays) == 1


# --- error bodies no source expects ------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (500, "[" * 100_000 + "]" * 100_000, "HTTP 500"),
        (422, '{"detail": [{"loc": 5, "msg": "bad"}]}', "HTTP 422"),
    ],
    ids=["nested-too-deep", "detail-of-an-odd-shape"],
)
def test_an_unreadable_error_body_fails_its_id_only(
    httpserver: HTTPServer, status: int, body: str, expected: str
) -> None:
    httpserver.expect_request(EL_PATH + "odd").respond_with_data(body, status=status)
    httpserver.expect_request(EL_PATH + "good").respond_with_data(DUB)
    base = httpserver.url_for("/")
    requests_ = [resource_request(name, Secret(KEY), base) for name in ("odd", "good")]
    with Client(HttpPolicy(retries=0), jobs=2) as client:
        results = {request.label: result for request, result in client.fetch_all(requests_)}
    assert results["good"] == DUB
    assert isinstance(results["odd"], FetchError)
    assert str(results["odd"]).startswith(f"odd: {expected}")


# --- the worker threads -----------------------------------------------------------------


def test_a_worker_that_raises_raises_in_the_caller() -> None:
    def work(n: int) -> int:
        if n == 2:
            raise ValueError("boom")
        return n

    with pytest.raises(ValueError, match="boom"):
        list(run_all([1, 2, 3], work, jobs=2))


def test_no_item_starts_once_the_caller_stops_listening() -> None:
    started: list[int] = []
    release = threading.Event()

    def work(n: int) -> int:
        started.append(n)
        if n:
            release.wait(10)
        return n

    results = run_all(list(range(10)), work, jobs=2)
    assert next(results) == (0, 0)
    results.close()
    release.set()
    for thread in threading.enumerate():
        if thread.name.startswith("subsync-worker-"):
            thread.join(timeout=10)
    # Item 0, and at most one more for each of the two workers, held when the caller left.
    assert 0 in started
    assert len(started) <= 3
