"""Control characters from servers, input markup and file names reach the terminal escaped
(``\\x1b``), never raw; saved bodies and ``-o -`` output stay byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from subsync.cli import main
from subsync.cli.terminal import shown
from tests.support.helpers import INPUTS

KEY = "sk_test_ESCAPES_5c2e9b1d"
EL_PATH = "/v1/dubbing/resource/"
# Set the window title (OSC 0, ended by BEL), make a link (OSC 8), clear the screen (CSI),
# and the 8-bit CSI some terminals take.
HOSTILE = "\x1b]0;pwned\x07 \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b[2J \x9b2J"
RAW = ("\x1b", "\x07", "\x9b")


def run(*args: str, input: bytes | None = None) -> Result:
    env = {"ELEVENLABS_API_KEY": KEY}
    return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)


def assert_escaped(text: str) -> None:
    assert not any(char in text for char in RAW), repr(text)
    assert "\\x1b]0;pwned\\x07" in text


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (401, json.dumps({"detail": {"code": "invalid_api_key", "message": HOSTILE}})),
        (403, HOSTILE),
        (503, json.dumps({"detail": {"message": HOSTILE}})),
    ],
    ids=["json-reason", "text-body", "retried-5xx"],
)
def test_control_characters_in_an_error_body_are_shown_escaped(
    httpserver: HTTPServer, tmp_path: Path, status: int, body: str
) -> None:
    httpserver.expect_request(EL_PATH + "dub1").respond_with_data(body, status=status)
    out = str(tmp_path / "out")
    result = run("fetch", "elevenlabs", "dub1", "--base-url", httpserver.url_for("/"),
                 "-o", out, "--retries", "0")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith(f"subsync: error: dub1: HTTP {status}")
    assert_escaped(result.stderr)


def test_a_saved_body_and_a_printed_one_stay_byte_for_byte(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    body = json.loads((INPUTS / "elevenlabs_dubbing_review.json").read_text(encoding="utf-8"))
    body["note"] = HOSTILE
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    httpserver.expect_request(EL_PATH + "dub1").respond_with_data(data)
    base = httpserver.url_for("/")
    saved = run("fetch", "elevenlabs", "dub1", "--base-url", base, "-o", str(tmp_path))
    assert saved.exit_code == 0, saved.stderr
    assert (tmp_path / "dub1.json").read_bytes() == data
    printed = run("fetch", "elevenlabs", "dub1", "--base-url", base, "-o", "-")
    assert printed.exit_code == 0
    assert printed.stdout_bytes == data


def test_input_markup_in_a_warning_is_escaped_and_the_output_keeps_the_text(
    tmp_path: Path,
) -> None:
    srt = f'1\n00:00:01,000 --> 00:00:02,000\nHi <font color="{HOSTILE}">you</font>\n'
    result = run("convert", "-", "--to", "srt", "-o", "-", input=srt.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert "subsync: warning:" in result.stderr
    assert_escaped(result.stderr)
    assert result.stdout_bytes.startswith(b"1\n00:00:01,000 --> 00:00:02,000\nHi you")


def test_a_file_name_in_an_error_and_in_lint_is_escaped(tmp_path: Path) -> None:
    bad = tmp_path / "clip\x1b]0;pwned\x07.json"
    bad.write_text("{not json", encoding="utf-8")
    converted = run("convert", str(bad), "-o", str(tmp_path / "out"))
    assert converted.exit_code == 1
    assert_escaped(converted.stderr)
    linted = run("lint", str(bad))
    assert linted.exit_code == 1
    assert_escaped(linted.stderr)


@given(st.text())
def test_shown_text_has_no_control_character_but_tab_and_newline(text: str) -> None:
    for char in shown(text):
        assert char in "\t\n" or not (ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F)


def test_a_file_name_in_a_usage_error_is_escaped(tmp_path: Path) -> None:
    missing = tmp_path / "key\x1b]0;pwned\x07"
    result = run("fetch", "elevenlabs", "dub1", "--api-key-file", str(missing))
    assert result.exit_code == 2
    assert "No such file or directory" in result.stderr
    assert_escaped(result.stderr)
