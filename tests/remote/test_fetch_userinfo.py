"""A user:password@ in --base-url is never sent: requests would send it as Basic auth in
place of the Resemble token (and alongside the ElevenLabs key). Against 127.0.0.1."""

from __future__ import annotations

from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from subsync.cli import main
from tests.support.helpers import INPUTS

KEY = "sk_test_USERINFO_5d1e9b3a"
PASSWORD = "hunter2-Pa55word"
CLIP = (INPUTS / "resemble_v1_docs_clip.json").read_bytes()
DUB = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()


def _fetch(vendor: str, ids: list[str], url: str) -> None:
    env = {"RESEMBLE_API_KEY": KEY, "ELEVENLABS_API_KEY": KEY}
    with_userinfo = url.replace("http://localhost", f"http://me:{PASSWORD}@127.0.0.1")
    args = ["fetch", vendor, *ids, "--base-url", with_userinfo, "--retries", "0"]
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


def test_resemble_gets_its_token_not_the_urls_basic_auth(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/projects/p1/clips/c1").respond_with_data(CLIP)
    _fetch("resemble", ["p1", "c1"], httpserver.url_for("/"))
    ((request, _),) = httpserver.log
    assert request.headers["Authorization"] == f"Token token={KEY}"


def test_elevenlabs_gets_its_key_and_no_authorization(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/dubbing/resource/dub1").respond_with_data(DUB)
    _fetch("elevenlabs", ["dub1"], httpserver.url_for("/"))
    ((request, _),) = httpserver.log
    assert request.headers["xi-api-key"] == KEY
    assert "Authorization" not in request.headers
