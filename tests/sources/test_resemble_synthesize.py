"""Resemble's synchronous synthesize response (``audio_timestamps`` on a flat object with
``audio_content``, ``duration`` and no phonemes on newer models): read like a clip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from subsync.sources import SOURCES
from tests.support.helpers import INPUTS, parse_fixture
from tests.support.source_checks import assert_fails_at

SYNTHESIZE = "resemble_synthesize_result.json"


def _raw() -> dict[str, object]:
    loaded: dict[str, object] = json.loads((INPUTS / SYNTHESIZE).read_text(encoding="utf-8"))
    return loaded


def _times() -> list[list[float]]:
    stamps = _raw()["audio_timestamps"]
    assert isinstance(stamps, dict)
    times: list[list[float]] = stamps["graph_times"]
    return times


def test_a_synthesize_result_is_a_resemble_clip_split_at_its_pause() -> None:
    assert [n for n, s in SOURCES.items() if s.detect(_raw())] == ["resemble"]
    parsed = parse_fixture(SYNTHESIZE)
    assert parsed.notices == ()
    (document,) = parsed.documents
    assert [cue.lines for cue in document.cues] == [
        ("Your verification code is 4 8 1 9.",),
        ("It expires in ten minutes,", "so please enter it soon."),
    ]
    assert document.phonemes == ()
    assert all(word.phonemes is None for cue in document.cues for word in cue.words)


def test_every_grapheme_of_the_synthesized_text_reaches_the_cues() -> None:
    (document,) = parse_fixture(SYNTHESIZE).documents
    stamps = _raw()["audio_timestamps"]
    assert isinstance(stamps, dict)
    assert "".join(m.text for m in document.graphemes) == "".join(stamps["graph_chars"])
    shown = " ".join(line for cue in document.cues for line in cue.lines)
    assert shown.split() == "".join(stamps["graph_chars"]).split()


def _with(**fields: object) -> dict[str, object]:
    return {**_raw(), **fields}


def _in_ms() -> dict[str, object]:
    stamps = _raw()["audio_timestamps"]
    assert isinstance(stamps, dict)
    in_ms = [[round(s * 1000, 1), round(e * 1000, 1)] for s, e in _times()]
    return _with(audio_timestamps={**stamps, "graph_times": in_ms})


@pytest.mark.parametrize(
    ("raw", "where", "fragment"),
    [
        pytest.param(
            {
                "success": False,
                "error_name": "InvalidVoice",
                "error_params": {},
                "feedback_uuid": "f1",
                "message": "Voice 55592656 is not ready",
                "issues": [],
            },
            "$",
            "Resemble reported a failure: Voice 55592656 is not ready",
            id="synthesis-failed",
        ),
        pytest.param(
            _with(audio_timestamps=None),
            "$",
            "no timing data (audio_timestamps is missing or null)",
            id="null-timestamps",
        ),
        pytest.param(
            _in_ms(),
            "$.audio_timestamps",
            "look like milliseconds",
            id="milliseconds",
        ),
        pytest.param(
            _with(audio_timestamps={"graph_chars": ["O", "K"], "graph_times": [[0, 0.1], [0.1]]}),
            "$.audio_timestamps.graph_times[1]",
            "expected a [start, end] pair of numbers",
            id="pair-of-one",
        ),
    ],
)
def test_bad_synthesize_results_fail_with_one_located_line(
    tmp_path: Path, raw: object, where: str, fragment: str
) -> None:
    path = tmp_path / "synth.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert_fails_at(path, where, fragment)
