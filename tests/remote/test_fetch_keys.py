"""Where keys come from and where they show, against real servers on 127.0.0.1: --api-key-file
(and - for stdin), the help's warning about the process list, a user:password@ in --base-url
masked like a key, and ids (the Resemble project too) that would change the path refused."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

import subsync
from subsync.cli import main
from subsync.errors import InputError
from tests.support.helpers import INPUTS

KEY = "sk_test_KEYFILE_8a4f2c6e"
DUB = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()
CLIP = (INPUTS / "resemble_v1_docs_clip.json").read_bytes()
EL_PATH = "/v1/dubbing/resource/"
PASSWORD = "hunter2-Pa55word"


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env or {}, input=input, catch_exceptions=False)


def keys_seen(server: HTTPServer) -> list[str | None]:
    return [request.headers.get("xi-api-key") for request, _ in server.log]


# --- --api-key-file ---------------------------------------------------------------------


def test_the_key_is_read_from_a_file(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(EL_PATH + "dub1").respond_with_data(DUB)
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n", encoding="utf-8")
    # The file wins over a stale key in the environment.
    stale = {"ELEVENLABS_API_KEY": "sk_stale"}
    result = run("fetch", "elevenlabs", "dub1", "--base-url", httpserver.url_for("/"),
                 "--api-key-file", str(key_file), env=stale)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == DUB
    assert keys_seen(httpserver) == [KEY]


def test_the_key_is_read_from_stdin(httpserver: HTTPServer) -> None:
    path = "/api/v1/projects/p1/clips/c1"
    httpserver.expect_request(path).respond_with_data(CLIP)
    result = run("fetch", "resemble", "p1", "c1", "--base-url", httpserver.url_for("/"),
                 "--api-key-file", "-", input=f"  {KEY}\r\n")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert httpserver.log[0][0].headers["Authorization"] == f"Token token={KEY}"


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (f"{KEY}\nsecond line\n", [], "--api-key-file {path}: the API key has a control"),
        ("", [], "--api-key-file {path}: the file is empty"),
        (None, [], "--api-key-file {path}: No such file or directory"),
        (KEY, ["--api-key", KEY], "give --api-key or --api-key-file, not both"),
        ("x" * 70_000, [], "--api-key-file {path}: too long to be an API key"),
    ],
    ids=["two-lines", "empty", "missing", "both", "huge"],
)
def test_a_bad_key_file_is_a_usage_error_that_never_shows_the_key(
    httpserver: HTTPServer, tmp_path: Path, content: str | None, extra: list[str], message: str
) -> None:
    key_file = tmp_path / "key"
    if content is not None:
        key_file.write_text(content, encoding="utf-8")
    result = run("fetch", "elevenlabs", "dub1", "--base-url", httpserver.url_for("/"),
                 "--api-key-file", str(key_file), *extra)  # fmt: skip
    assert result.exit_code == 2
    assert message.format(path=key_file) in result.stderr
    assert KEY[:8] not in result.stderr.replace(f"--api-key {KEY}", "")
    assert KEY not in result.stderr
    assert len(httpserver.log) == 0


@pytest.mark.parametrize("vendor", ["elevenlabs", "resemble"])
def test_the_help_warns_that_api_key_shows_in_the_process_list(vendor: str) -> None:
    wide: dict[str, Any] = {"terminal_width": 400, "max_content_width": 400}
    help = CliRunner().invoke(main, ["fetch", vendor, "--help"], **wide).stdout
    text = " ".join(help.replace("│", " ").split())
    variable = f"{vendor.upper()}_API_KEY"
    assert "shows in the process list to other users" in text
    assert f"prefer {variable} or --api-key-file" in text
    assert "--api-key-file Read the API key from this file (- reads it from standard" in text


# --- user:password@ in --base-url -------------------------------------------------------


def with_password(url: str) -> str:
    return url.replace("http://", f"http://me:{PASSWORD}@")


def test_a_password_in_the_base_url_is_masked_when_the_server_cannot_be_reached() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = with_password(f"http://127.0.0.1:{port}/")
    result = run("fetch", "elevenlabs", "dub1", "--base-url", url, "--retries", "0",
                 env={"ELEVENLABS_API_KEY": KEY})  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == f"subsync: error: dub1: cannot connect to 127.0.0.1:{port}\n"


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"detail": {"message": f"bad credentials me:{PASSWORD} for {'x' * 280}"}}),
        f"{'y' * 290} {PASSWORD}",
    ],
    ids=["json", "text-past-the-cut"],
)
def test_a_password_echoed_by_the_server_is_masked(httpserver: HTTPServer, body: str) -> None:
    httpserver.expect_request(EL_PATH + "dub1").respond_with_data(body, status=401)
    url = with_password(httpserver.url_for("/"))
    result = run("fetch", "elevenlabs", "dub1", "--base-url", url,
                 env={"ELEVENLABS_API_KEY": KEY})  # fmt: skip
    assert result.exit_code == 1
    assert "HTTP 401" in result.stderr
    # Not even the start of it where the message is shortened.
    assert PASSWORD[:5] not in result.stderr


# --- ids that would change the path -----------------------------------------------------


@pytest.mark.parametrize("project", ["..", ".", "a/b", "a?b", "a#b", "a b", "%2e%2e", ""])
def test_a_resemble_project_that_is_not_an_id_is_refused(
    httpserver: HTTPServer, project: str
) -> None:
    result = run("fetch", "resemble", project, "c1", "--base-url", httpserver.url_for("/"),
                 env={"RESEMBLE_API_KEY": KEY})  # fmt: skip
    assert result.exit_code == 2
    assert "Invalid value for PROJECT_UUID" in result.stderr
    assert "is not an id" in result.stderr
    assert len(httpserver.log) == 0


@pytest.mark.parametrize(
    ("call", "what"),
    [
        (lambda url: subsync.fetch_resemble("..", "c1", api_key=KEY, base_url=url), "project"),
        (lambda url: subsync.fetch_resemble("p1", ".", api_key=KEY, base_url=url), "clip id"),
        (lambda url: subsync.fetch_elevenlabs("..", api_key=KEY, base_url=url), "dubbing id"),
    ],
    ids=["project", "clip", "dubbing"],
)
def test_the_library_refuses_dot_segments_too(
    httpserver: HTTPServer, call: object, what: str
) -> None:
    assert callable(call)
    with pytest.raises(InputError, match=f"not a {what}: empty or dots only"):
        call(httpserver.url_for("/"))
    assert len(httpserver.log) == 0


def test_the_library_keeps_slashes_and_queries_inside_one_segment(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/projects/a/b?c/clips/c1").respond_with_data(CLIP)
    raw = subsync.fetch_resemble("a/b?c", "c1", api_key=KEY, base_url=httpserver.url_for("/"))
    assert raw == CLIP
    assert httpserver.log[0][0].environ["RAW_URI"] == "/api/v1/projects/a%2Fb%3Fc/clips/c1"
