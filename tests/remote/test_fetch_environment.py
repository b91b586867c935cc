"""What fetch takes from the environment, against real servers on 127.0.0.1: never ~/.netrc
(its credentials would replace or join the key), but HTTP_PROXY and NO_PROXY as before."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from subsync.cli import main
from subsync.remote.environment import ca_bundle
from tests.support.helpers import INPUTS
from tests.support.rawserver import Answer, RawServer

KEY = "sk_test_ENVIRON_0b7c3d9e"
DUB = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()
CLIP = (INPUTS / "resemble_v1_docs_clip.json").read_bytes()
EL_PATH = "/v1/dubbing/resource/"
PROXY_VARIABLES = ["http_proxy", "https_proxy", "all_proxy", "no_proxy"]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No proxy settings of the machine running the tests, and a home of the test's own
    with a .netrc that has credentials for 127.0.0.1."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.delenv("NETRC", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    netrc = home / ".netrc"
    netrc.write_text("machine 127.0.0.1 login netrc-user password NETRC_PASSWORD_123\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(home))
    return home


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    env = {"ELEVENLABS_API_KEY": KEY, "RESEMBLE_API_KEY": KEY, **(env or {})}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def base_url(httpserver: HTTPServer) -> str:
    # The .netrc names 127.0.0.1, so the server is addressed by it (not "localhost").
    return f"http://127.0.0.1:{httpserver.port}/"


def test_netrc_never_replaces_the_resemble_token(httpserver: HTTPServer, tmp_path: Path) -> None:
    path = "/api/v1/projects/p1/clips/c1"
    httpserver.expect_request(path).respond_with_data(CLIP)
    out = tmp_path / "out"
    result = run(
        "fetch", "resemble", "p1", "c1", "--base-url", base_url(httpserver), "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    (request, _), *_ = httpserver.log
    assert request.headers.get("Authorization") == f"Token token={KEY}"
    assert (out / "c1.json").read_bytes() == CLIP


def test_netrc_is_never_sent_with_the_elevenlabs_key_nor_after_a_redirect(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(EL_PATH + "old").respond_with_data(
        "", status=301, headers={"Location": EL_PATH + "dub1"}
    )
    httpserver.expect_request(EL_PATH + "dub1").respond_with_data(DUB)
    out = tmp_path / "out"
    result = run("fetch", "elevenlabs", "old", "--base-url", base_url(httpserver), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert [request.path for request, _ in httpserver.log] == [EL_PATH + "old", EL_PATH + "dub1"]
    for request, _ in httpserver.log:
        assert request.headers.get("xi-api-key") == KEY
        assert "Authorization" not in request.headers
    assert (out / "old.json").read_bytes() == DUB


def test_a_netrc_named_by_the_netrc_variable_is_not_read_either(
    httpserver: HTTPServer, tmp_path: Path, clean_environment: Path
) -> None:
    httpserver.expect_request(EL_PATH + "dub1").respond_with_data(DUB)
    netrc = str(clean_environment / ".netrc")
    result = run("fetch", "elevenlabs", "dub1", "--base-url", base_url(httpserver),
                 env={"NETRC": netrc})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Authorization" not in httpserver.log[0][0].headers


def proxy(conn: socket.socket, head: bytes) -> None:
    """A forward proxy that answers for the origin itself (it only records it was asked)."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(DUB)}\r\n\r\n".encode()
        + DUB
    )


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_a_proxy_from_the_environment_is_used(
    raw_server: Callable[[Answer], RawServer],
    httpserver: HTTPServer,
    tmp_path: Path,
    variable: str,
) -> None:
    relay = raw_server(proxy)
    out = tmp_path / "out"
    origin = base_url(httpserver)
    result = run("fetch", "elevenlabs", "dub1", "--base-url", origin, "-o", str(out),
                 env={variable: relay.url})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    request_line = relay.heads[0].split(b"\r\n")[0].decode()
    assert request_line == f"GET {origin}v1/dubbing/resource/dub1 HTTP/1.1"
    assert len(httpserver.log) == 0
    assert (out / "dub1.json").read_bytes() == DUB


def test_no_proxy_sends_the_request_straight_to_the_server(
    raw_server: Callable[[Answer], RawServer], httpserver: HTTPServer, tmp_path: Path
) -> None:
    relay = raw_server(proxy)
    httpserver.expect_request(EL_PATH + "dub1").respond_with_data(DUB)
    out = tmp_path / "out"
    env = {"HTTP_PROXY": relay.url, "NO_PROXY": "127.0.0.1"}
    result = run("fetch", "elevenlabs", "dub1", "--base-url", base_url(httpserver),
                 "-o", str(out), env=env)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert relay.heads == []
    assert len(httpserver.log) == 1


def test_the_ca_bundle_of_the_environment_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    assert ca_bundle() is True
    monkeypatch.setenv("CURL_CA_BUNDLE", "/etc/curl.pem")
    assert ca_bundle() == "/etc/curl.pem"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/requests.pem")
    assert ca_bundle() == "/etc/requests.pem"
