"""Redirects against real servers on 127.0.0.1: the key goes only to the origin the user named.

A second server on another port is "another origin" (scheme, host and port all count), so
every cross-origin case here is a real listener that records whether the key reached it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from subsync.cli import main
from subsync.errors import FetchError
from subsync.remote.client import Client, HttpPolicy
from subsync.remote.elevenlabs import resource_request
from subsync.remote.secrets import Secret
from tests.support.helpers import INPUTS

KEY = "sk_test_REDIRECT_5b2d8e0a"
DUB = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()
EL_PATH = "/v1/dubbing/resource/"


@pytest.fixture
def other() -> Iterator[HTTPServer]:
    """A second server: another port on 127.0.0.1 is another origin."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def keys_seen(server: HTTPServer) -> list[str | None]:
    return [request.headers.get("xi-api-key") for request, _ in server.log]


def run(*args: str) -> Result:
    return CliRunner().invoke(
        main, list(args), env={"ELEVENLABS_API_KEY": KEY}, catch_exceptions=False
    )


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_port_is_refused_and_the_key_never_reaches_it(
    httpserver: HTTPServer, other: HTTPServer, tmp_path: Path, status: int
) -> None:
    other.expect_request(EL_PATH + "dub1").respond_with_data(DUB)
    target = other.url_for(EL_PATH + "dub1").replace("http://", "http://user:hunter2@")
    httpserver.expect_request(EL_PATH + "dub1").respond_with_data(
        "", status=status, headers={"Location": target}
    )
    out = tmp_path / "out"
    result = run(
        "fetch", "elevenlabs", "dub1", "--base-url", httpserver.url_for("/"), "-o", str(out)
    )
    assert result.exit_code == 1
    assert keys_seen(other) == []  # the other origin was never even asked
    assert f"HTTP {status}: refused a redirect to another origin" in result.output
    assert f"http://127.0.0.1:{other.port}" in result.output
    assert "hunter2" not in result.output and "user:" not in result.output
    assert KEY not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_same_origin_redirect_is_followed_with_the_key(httpserver: HTTPServer) -> None:
    httpserver.expect_request(EL_PATH + "old").respond_with_data(
        "", status=308, headers={"Location": EL_PATH + "new"}
    )
    httpserver.expect_request(EL_PATH + "new", headers={"xi-api-key": KEY}).respond_with_data(DUB)
    request = resource_request("old", Secret(KEY), httpserver.url_for("/"))
    with Client(HttpPolicy(retries=0)) as client:
        assert client.fetch(request) == DUB


def test_a_redirect_with_a_host_alias_is_another_origin(
    httpserver: HTTPServer, other: HTTPServer
) -> None:
    # localhost and 127.0.0.1 are one machine, but the user named only one of them.
    del other
    httpserver.expect_request(EL_PATH + "x").respond_with_data(
        "", status=302, headers={"Location": f"http://localhost:{httpserver.port}{EL_PATH}x"}
    )
    named = f"http://127.0.0.1:{httpserver.port}/"
    request = resource_request("x", Secret(KEY), named)
    with Client(HttpPolicy(retries=0)) as client, pytest.raises(FetchError, match="localhost"):
        client.fetch(request)
    assert len(httpserver.log) == 1


def test_an_https_to_http_downgrade_is_refused() -> None:
    # No TLS server is needed: the scheme alone makes the target another origin, so the
    # refusal happens before any connection to it.
    from subsync.remote.client import origin

    assert origin("https://127.0.0.1:8443/a") != origin("http://127.0.0.1:8443/a")


def test_a_redirect_loop_ends_with_an_error(httpserver: HTTPServer) -> None:
    def loop(request: Request) -> Response:
        return Response("", status=302, headers={"Location": request.path})

    httpserver.expect_request(EL_PATH + "loop").respond_with_handler(loop)
    request = resource_request("loop", Secret(KEY), httpserver.url_for("/"))
    with Client(HttpPolicy(retries=0)) as client, pytest.raises(FetchError, match="redirects"):
        client.fetch(request)
    assert len(httpserver.log) == 6


def test_a_redirect_without_a_location_is_an_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request(EL_PATH + "x").respond_with_data("", status=302)
    request = resource_request("x", Secret(KEY), httpserver.url_for("/"))
    with Client(HttpPolicy(retries=0)) as client, pytest.raises(FetchError, match="no target"):
        client.fetch(request)
