"""Tests of the WebVTT validator harness itself (support/readers.py, js/vtt_server.js)."""

from __future__ import annotations

import pytest

from tests.support.readers import VTTServerError, WebVTTValidator

TWO_CUES = (
    "WEBVTT\n"
    "\n"
    "1\n"
    "00:00:01.000 --> 00:00:02.500\n"
    "<v Alice>Fish &amp; chips</v>\n"
    "\n"
    "00:00:03.000 --> 00:00:04.250\n"
    "Plain <b>bold</b><00:00:03.500> after\n"
)


def vtt(*blocks: str) -> str:
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def test_valid_file(vtt_validator: WebVTTValidator) -> None:
    result = vtt_validator.parse(TWO_CUES)
    assert result.errors == ()
    first, second = result.cues
    assert (first.id, first.start, first.end) == ("1", 1.0, 2.5)
    assert first.text == "<v Alice>Fish &amp; chips</v>"
    assert first.plain == "Fish & chips"
    assert first.voices == ("Alice",)
    assert (second.id, second.start, second.end) == ("", 3.0, 4.25)
    assert second.plain == "Plain bold after"  # the timestamp tag adds no text
    assert second.voices == ()


@pytest.mark.parametrize(
    "text",
    [
        vtt("00:00:01.000 --> 00:00:02.000\na &b"),
        vtt("00:00:01.000 --> 00:00:02.000\nfish & chips"),
        vtt("00:00:03.000 --> 00:00:02.000\nends before it starts"),
        vtt("00:00:01.000 --> 00:00:02.000\n<v>who?</v>"),
        "00:00:01.000 --> 00:00:02.000\nno signature\n",
    ],
)
def test_invalid_files_report_errors(vtt_validator: WebVTTValidator, text: str) -> None:
    assert vtt_validator.parse(text).errors


def test_error_format(vtt_validator: WebVTTValidator) -> None:
    result = vtt_validator.parse(vtt("00:00:03.000 --> 00:00:02.000\nx"))
    assert result.errors == ("line 3 col 30: End timestamp is not greater than start timestamp.",)


def test_arrow_in_payload_cuts_the_cue(vtt_validator: WebVTTValidator) -> None:
    # A payload line holding "-->" is taken as the timing line of a new cue; it fails to
    # parse, so it and the rest of that block are dropped.
    result = vtt_validator.parse(
        vtt(
            "00:00:01.000 --> 00:00:02.000\nbefore\nx --> y\nafter",
            "00:00:05.000 --> 00:00:06.000\nnext",
        )
    )
    assert [cue.text for cue in result.cues] == ["before", "next"]
    assert "line 5: Blank line missing before cue." in result.errors


def test_arrow_on_first_payload_line_empties_the_cue(vtt_validator: WebVTTValidator) -> None:
    result = vtt_validator.parse(vtt("00:00:01.000 --> 00:00:02.000\nA --> B"))
    assert [(cue.start, cue.text) for cue in result.cues] == [(1.0, "")]
    assert result.errors


def test_hours_beyond_99(vtt_validator: WebVTTValidator) -> None:
    result = vtt_validator.parse(
        vtt("00:00:01.000 --> 00:00:02.000\none", "99:59:59.000 --> 100:00:00.000\nlong")
    )
    assert result.errors == ()
    assert [(cue.start, cue.end) for cue in result.cues] == [(1.0, 2.0), (359999.0, 360000.0)]


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "\x00\x00",
        "-->",
        "WEBVTT\n\n-->\n-->",
        "<<&&;;>>\r\n\r-->\udcff",
        "\u2028" * 3,
        "x" * 100_000,
    ],
    ids=["empty", "nul", "arrow", "arrows", "mixed", "line-separators", "long"],
)
def test_garbage_does_not_stop_the_server(vtt_validator: WebVTTValidator, garbage: str) -> None:
    try:
        result = vtt_validator.parse(garbage)
    except VTTServerError:
        pass
    else:
        assert result.errors
    assert vtt_validator.parse(TWO_CUES).errors == ()


def test_bad_requests_are_fatal_not_crashes(vtt_validator: WebVTTValidator) -> None:
    assert "fatal" in vtt_validator._exchange("not json")
    assert "fatal" in vtt_validator._exchange('{"text": 5}')
    assert "fatal" in vtt_validator._exchange("null")
    assert len(vtt_validator.parse(TWO_CUES).cues) == 2
