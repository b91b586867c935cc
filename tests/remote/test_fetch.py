"""Fetching against a real HTTP server on 127.0.0.1 (pytest-httpserver): paths, headers,
retries, timeouts, API error bodies, atomic saves, and the API key never shown."""

from __future__ import annotations

import email.utils
import pickle
import socket
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from subsync.batch.manifest import MANIFEST_NAME
from subsync.cli import main
from subsync.errors import FetchError
from subsync.remote.client import Client, HttpPolicy
from subsync.remote.elevenlabs import REGIONS, resource_request
from subsync.remote.retry import seconds_until
from subsync.remote.secrets import Secret
from tests.support.helpers import INPUTS

KEY = "sk_test_SENTINEL_7f3a9c1e"
DUB = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()
CLIP = (INPUTS / "resemble_v1_docs_clip.json").read_bytes()
V2_CLIP = (INPUTS / "resemble_v2_order_notice.json").read_bytes()
EL_PATH = "/v1/dubbing/resource/"
FAST = ["--connect-timeout", "2", "--timeout", "2"]


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    env = {"ELEVENLABS_API_KEY": KEY, "RESEMBLE_API_KEY": KEY} if env is None else env
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def files(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def assert_key_absent(result: Result, folder: Path) -> None:
    assert KEY not in result.stdout and KEY not in result.stderr
    for data in files(folder).values():
        assert KEY.encode() not in data


def test_elevenlabs_path_and_key_header_and_byte_for_byte_save(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(
        EL_PATH + "dub_8Kq2", method="GET", headers={"xi-api-key": KEY}
    ).respond_with_data(DUB, content_type="application/json")
    out = tmp_path / "out"
    result = run(
        "fetch", "elevenlabs", "dub_8Kq2", "--base-url", httpserver.url_for("/"), "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    assert files(out) == {"dub_8Kq2.json": DUB}
    assert_key_absent(result, out)


def test_regions_pick_the_documented_servers() -> None:
    key = Secret(KEY)
    urls = {name: resource_request("abc", key, base).url for name, base in REGIONS.items()}
    assert urls == {
        "default": "https://api.elevenlabs.io/v1/dubbing/resource/abc",
        "us": "https://api.us.elevenlabs.io/v1/dubbing/resource/abc",
        "eu": "https://api.eu.residency.elevenlabs.io/v1/dubbing/resource/abc",
        "in": "https://api.in.residency.elevenlabs.io/v1/dubbing/resource/abc",
        "sg": "https://api.sg.residency.elevenlabs.io/v1/dubbing/resource/abc",
    }


def test_cli_region_picks_its_server_path_and_key_header(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Point the eu region at the loopback server: the command must take its host from
    # REGIONS["eu"] and still send the resource path and the xi-api-key header.
    monkeypatch.setitem(REGIONS, "eu", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request(
        EL_PATH + "dub_eu1", method="GET", headers={"xi-api-key": KEY}
    ).respond_with_data(DUB, content_type="application/json")
    out = tmp_path / "out"
    result = run("fetch", "elevenlabs", "dub_eu1", "--region", "eu", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert files(out) == {"dub_eu1.json": DUB}
    (entry,) = httpserver.log
    assert entry[0].path == EL_PATH + "dub_eu1"
    assert entry[0].headers["xi-api-key"] == KEY
    assert_key_absent(result, out)


@pytest.mark.parametrize(("version", "body"), [("v1", CLIP), ("v2", V2_CLIP)])
def test_resemble_paths_and_token_header_per_version(
    httpserver: HTTPServer, tmp_path: Path, version: str, body: bytes
) -> None:
    httpserver.expect_request(
        f"/api/{version}/projects/proj1/clips/clip9",
        headers={"Authorization": f"Token token={KEY}"},
    ).respond_with_data(body, content_type="application/json")
    out = tmp_path / "out"
    args = ["fetch", "resemble", "proj1", "clip9", "--api-version", version]
    result = run(*args, "--base-url", httpserver.url_for("/"), "-o", str(out), "--to", "srt")
    assert result.exit_code == 0, result.stderr
    assert set(files(out)) == {"clip9.json", "clip9.srt", MANIFEST_NAME}
    assert files(out)["clip9.json"] == body


def test_fetch_then_convert_with_convert_options(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(EL_PATH + "dubA").respond_with_data(DUB)
    out = tmp_path / "out"
    args = ["fetch", "elevenlabs", "dubA", "--base-url", httpserver.url_for("/"), "-o", str(out)]
    result = run(*args, "--to", "srt,vtt", "--lang", "en,es", "--speaker-labels", "-q")
    assert result.exit_code == 0, result.stderr
    assert set(files(out)) == {
        MANIFEST_NAME,
        "dubA.json",
        "dubA.en.srt",
        "dubA.en.vtt",
        "dubA.es.srt",
        "dubA.es.vtt",
    }
    assert "Maya: Welcome back" in files(out)["dubA.en.srt"].decode()


def test_convert_after_fetch_to_skips_every_input_as_up_to_date(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    # fetch --to runs the pipeline convert runs, manifest included.
    for dub in ("dubA", "dubB"):
        httpserver.expect_request(EL_PATH + dub).respond_with_data(DUB)
    out = tmp_path / "out"
    options = ["--to", "srt", "--lang", "en,es", "--speaker-labels"]
    base = ["--base-url", httpserver.url_for("/"), "-o", str(out)]
    fetched = run("fetch", "elevenlabs", "dubA", "dubB", *base, *options)
    assert fetched.exit_code == 0, fetched.stderr
    made = files(out)
    converted = run(
        "convert", str(out / "dubA.json"), str(out / "dubB.json"), "-o", str(out), *options
    )
    assert converted.exit_code == 0, converted.stderr
    assert "0 converted, 2 skipped, 0 failed" in converted.stderr
    assert "warning" not in converted.stderr  # nothing parsed again, so nothing said again
    assert files(out) == made


def test_one_id_without_output_dir_prints_the_raw_body(httpserver: HTTPServer) -> None:
    httpserver.expect_request(EL_PATH + "dubA").respond_with_data(DUB)
    result = run("fetch", "elevenlabs", "dubA", "--base-url", httpserver.url_for("/"))
    assert result.exit_code == 0
    assert result.stdout_bytes == DUB


def _recording_client(delays: list[float], retries: int = 3) -> Client:
    return Client(HttpPolicy(connect_timeout=2, timeout=2, retries=retries), sleep=delays.append)


def test_429_with_retry_after_is_honoured_then_succeeds(httpserver: HTTPServer) -> None:
    path = EL_PATH + "busy"
    httpserver.expect_ordered_request(path).respond_with_json(
        {"detail": {"status": "too_many_concurrent_requests", "message": "Too many"}},
        status=429,
        headers={"Retry-After": "2"},
    )
    httpserver.expect_ordered_request(path).respond_with_data(DUB)
    delays: list[float] = []
    request = resource_request("busy", Secret(KEY), httpserver.url_for("/"))
    with _recording_client(delays) as client:
        assert client.fetch(request) == DUB
    assert delays == [2.0]
    assert len(httpserver.log) == 2


def test_retry_after_is_capped(httpserver: HTTPServer) -> None:
    path = EL_PATH + "busy"
    httpserver.expect_ordered_request(path).respond_with_data(
        "", status=503, headers={"Retry-After": "86400"}
    )
    httpserver.expect_ordered_request(path).respond_with_data(DUB)
    delays: list[float] = []
    with _recording_client(delays) as client:
        client.fetch(resource_request("busy", Secret(KEY), httpserver.url_for("/")))
    assert delays == [60.0]


def _http_date(seconds_ahead: float) -> str:
    when = datetime.now(timezone.utc) + timedelta(seconds=seconds_ahead)
    return email.utils.format_datetime(when, usegmt=True)


def test_retry_after_as_an_http_date_is_the_time_until_then() -> None:
    # HTTP dates have whole seconds, so "30 s from now" reads back as 29 to 30 s.
    assert 28.5 <= (seconds_until(_http_date(30)) or 0) <= 30.0
    assert seconds_until(_http_date(-120)) == 0.0
    assert seconds_until("Wed, 99 Foo 2020 99:99:99 GMT") is None


def test_retry_after_http_date_from_the_server_is_honoured(httpserver: HTTPServer) -> None:
    path = EL_PATH + "busy"
    httpserver.expect_ordered_request(path).respond_with_json(
        {"detail": {"status": "system_busy", "message": "Busy"}},
        status=503,
        headers={"Retry-After": _http_date(2)},
    )
    httpserver.expect_ordered_request(path).respond_with_data(DUB)
    delays: list[float] = []
    with _recording_client(delays) as client:
        assert client.fetch(resource_request("busy", Secret(KEY), httpserver.url_for("/"))) == DUB
    (delay,) = delays
    assert 0.5 <= delay <= 2.0  # not the 0.5 s backoff's jittered 0.45-0.55 s, nor the cap
    assert len(httpserver.log) == 2


def test_429_exhausted_via_the_cli_names_the_reason_and_hides_the_key(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(EL_PATH + "busy").respond_with_json(
        {"detail": {"status": "too_many_concurrent_requests", "message": f"Too many for {KEY}"}},
        status=429,
        headers={"Retry-After": "0"},
    )
    out = tmp_path / "out"
    args = ["fetch", "elevenlabs", "busy", "--base-url", httpserver.url_for("/"), "-o", str(out)]
    result = run(*args, "--retries", "1", *FAST)
    assert result.exit_code == 1
    assert result.stderr == (
        "subsync: error: busy: HTTP 429: too_many_concurrent_requests: Too many for *** "
        "(too many requests at once for your plan: lower --jobs) (after 2 attempts)\n"
    )
    assert len(httpserver.log) == 2
    assert files(out) == {}
    assert_key_absent(result, out)


def test_503_twice_then_success_with_real_backoff(httpserver: HTTPServer, tmp_path: Path) -> None:
    path = EL_PATH + "flaky"
    for _ in range(2):
        httpserver.expect_ordered_request(path).respond_with_data("upstream down", status=503)
    httpserver.expect_ordered_request(path).respond_with_data(DUB)
    out = tmp_path / "out"
    result = run(
        "fetch", "elevenlabs", "flaky", "--base-url", httpserver.url_for("/"), "-o", str(out), *FAST
    )
    assert result.exit_code == 0, result.stderr
    assert len(httpserver.log) == 3
    assert files(out) == {"flaky.json": DUB}


def test_exhausted_retries_say_how_many_attempts(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(EL_PATH + "down").respond_with_data(
        "<html>Bad gateway</html>", status=502
    )
    out = tmp_path / "out"
    args = ["fetch", "elevenlabs", "down", "--base-url", httpserver.url_for("/"), "-o", str(out)]
    result = run(*args, "--retries", "1", *FAST)
    assert result.exit_code == 1
    assert result.stderr == (
        "subsync: error: down: HTTP 502: <html>Bad gateway</html> (after 2 attempts)\n"
    )
    assert files(out) == {}
    assert_key_absent(result, out)


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            422,
            {
                "detail": [
                    {"loc": ["path", "dubbing_id"], "msg": "invalid id", "type": "value_error"}
                ]
            },
            "HTTP 422: path.dubbing_id: invalid id",
        ),
        (
            401,
            {
                "detail": {
                    "status": "quota_exceeded",
                    "message": "This request exceeds your quota of 10000.",
                }
            },
            "HTTP 401: quota_exceeded: This request exceeds your quota of 10000. "
            "(the account quota is used up)",
        ),
        (
            401,
            {"detail": {"code": "invalid_api_key", "message": "Invalid API key"}},
            "HTTP 401: invalid_api_key: Invalid API key "
            "(check the API key in ELEVENLABS_API_KEY or --api-key)",
        ),
        (
            425,
            {"error": "dubbing_not_dubbed", "message": "Dubbing has not finished yet."},
            "HTTP 425: dubbing_not_dubbed: Dubbing has not finished yet. "
            "(the dub is not finished yet: try again once its status is dubbed)",
        ),
        (
            404,
            {"detail": {"status": "not_found", "message": "Not found"}},
            "HTTP 404: not_found: Not found",
        ),
    ],
    ids=["422-detail-array", "401-quota", "401-bad-key", "425-not-dubbed", "404"],
)
def test_client_errors_are_not_retried_and_carry_the_api_reason(
    httpserver: HTTPServer, tmp_path: Path, status: int, body: object, expected: str
) -> None:
    httpserver.expect_request(EL_PATH + "dubX").respond_with_json(body, status=status)
    out = tmp_path / "out"
    result = run(
        "fetch", "elevenlabs", "dubX", "--base-url", httpserver.url_for("/"), "-o", str(out)
    )
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"subsync: error: dubX: {expected}")
    assert len(httpserver.log) == 1
    assert files(out) == {}
    assert_key_absent(result, out)


def test_resemble_failure_in_a_200_body_is_an_error(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/api/v2/projects/p/clips/c1").respond_with_json(
        {"success": False, "message": f"Clip is still generating (key {KEY})"}
    )
    out = tmp_path / "out"
    args = [
        "fetch",
        "resemble",
        "p",
        "c1",
        "--api-version",
        "v2",
        "--base-url",
        httpserver.url_for("/"),
    ]
    result = run(*args, "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == "subsync: error: c1: HTTP 200: Clip is still generating (key ***)\n"
    assert files(out) == {}
    assert_key_absent(result, out)


def _truncated(request: Request) -> Response:
    # Promise more bytes than are sent: the connection closes mid-body.
    response = Response(DUB[:500], content_type="application/json")
    response.headers["Content-Length"] = str(len(DUB))
    response.automatically_set_content_length = False
    return response


def test_truncated_body_is_retried_then_an_error_and_never_saved(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(EL_PATH + "cut").respond_with_handler(_truncated)
    out = tmp_path / "out"
    args = ["fetch", "elevenlabs", "cut", "--base-url", httpserver.url_for("/"), "-o", str(out)]
    result = run(*args, "--retries", "1", *FAST)
    assert result.exit_code == 1
    assert "cut: the response was cut off before its end (after 2 attempts)" in result.stderr
    assert files(out) == {}
    assert_key_absent(result, out)


def test_a_200_that_is_not_json_is_an_error(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(EL_PATH + "html").respond_with_data(f"<html>login {KEY}</html>")
    out = tmp_path / "out"
    result = run(
        "fetch", "elevenlabs", "html", "--base-url", httpserver.url_for("/"), "-o", str(out)
    )
    assert result.exit_code == 1
    assert "html: the API answered with a body that is not JSON" in result.stderr
    assert files(out) == {}
    assert_key_absent(result, out)


def test_read_timeout_is_retried_then_reported(httpserver: HTTPServer, tmp_path: Path) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return Response(DUB)

    httpserver.expect_request(EL_PATH + "slow").respond_with_handler(slow)
    out = tmp_path / "out"
    args = ["fetch", "elevenlabs", "slow", "--base-url", httpserver.url_for("/"), "-o", str(out)]
    result = run(*args, "--timeout", "0.2", "--retries", "1")
    time.sleep(1.0)  # the single-threaded server is still answering the abandoned requests
    assert result.exit_code == 1
    assert f"slow: no answer from {httpserver.host}:{httpserver.port}" in result.stderr
    assert "within 0.2 s (after 2 attempts)" in result.stderr
    assert files(out) == {}
    assert_key_absent(result, out)


def test_connection_refused_is_reported(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "out"
    args = ["fetch", "elevenlabs", "dubA", "--base-url", f"http://127.0.0.1:{port}", "-o", str(out)]
    result = run(*args, "--retries", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        f"subsync: error: dubA: cannot connect to 127.0.0.1:{port} (after 2 attempts)\n"
    )
    assert_key_absent(result, out)


def test_one_failing_id_does_not_stop_the_others(httpserver: HTTPServer, tmp_path: Path) -> None:
    for name in ("a1", "a2", "a3"):
        httpserver.expect_request(EL_PATH + name).respond_with_data(DUB)
    httpserver.expect_request(EL_PATH + "gone").respond_with_json(
        {"detail": {"status": "not_found", "message": f"Dubbing not found for {KEY}"}},
        status=404,
    )
    out = tmp_path / "out"
    ids = ["a1", "gone", "a2", "a3"]
    result = run(
        "fetch",
        "elevenlabs",
        *ids,
        "--jobs",
        "3",
        "--base-url",
        httpserver.url_for("/"),
        "-o",
        str(out),
    )
    assert result.exit_code == 1
    assert set(files(out)) == {"a1.json", "a2.json", "a3.json"}
    assert "subsync: error: gone: HTTP 404: not_found: Dubbing not found for ***" in result.stderr
    assert "1 of 4 ids failed" in result.stderr
    assert_key_absent(result, out)


def test_missing_key_is_a_usage_error_naming_the_variable() -> None:
    result = run("fetch", "elevenlabs", "dubA", env={"ELEVENLABS_API_KEY": ""})
    assert result.exit_code == 2
    assert "no API key: set ELEVENLABS_API_KEY, or pass --api-key-file" in result.stderr


def test_ids_that_are_not_file_names_are_refused() -> None:
    result = run("fetch", "elevenlabs", "../etc/passwd")
    assert result.exit_code == 2
    assert "is not an id" in result.stderr


def test_the_key_is_in_no_repr_message_or_pickle(httpserver: HTTPServer) -> None:
    httpserver.expect_request(EL_PATH + "echo").respond_with_json(
        {"detail": {"code": "invalid_api_key", "message": f"Key {KEY} is invalid"}}, status=401
    )
    request = resource_request("echo", Secret(KEY), httpserver.url_for("/"))
    with Client(HttpPolicy(retries=0)) as client:
        with pytest.raises(FetchError) as caught:
            client.fetch(request)
        shown = [repr(request), str(request), repr(client), str(caught.value), repr(caught.value)]
    assert all(KEY not in text for text in shown)
    assert "Key *** is invalid" in str(caught.value)
    with pytest.raises(TypeError):
        pickle.dumps(request)


def test_converting_never_imports_the_http_stack() -> None:
    import subprocess
    import sys

    code = "import sys, subsync.cli; print(sorted({'requests', 'urllib3'} & set(sys.modules)))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
