"""ElevenLabs Dubbing Projects transcripts: the source transcript, and a language transcript
giving the source language and the translation; segments laid out, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from subsync.cli import main
from subsync.model import Document
from subsync.sources import SOURCES, read
from tests.support.helpers import INPUTS, parse_fixture
from tests.support.source_checks import assert_fails_at

SOURCE = "elevenlabs_project_source_transcript.json"
TARGET = "elevenlabs_project_de_transcript.json"


def _raw(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((INPUTS / name).read_text(encoding="utf-8"))
    return loaded


def _segments(name: str) -> list[dict[str, object]]:
    segments = _raw(name)["segments"]
    assert isinstance(segments, list)
    return segments


def _words_by_segment(document: Document) -> dict[str | None, list[str]]:
    words: dict[str | None, list[str]] = {}
    for cue in document.cues:
        words.setdefault(cue.segment, []).extend(" ".join(cue.lines).split())
    return words


def test_a_source_transcript_is_one_document_with_speakers_and_segments() -> None:
    parsed = parse_fixture(SOURCE)
    assert parsed.notices == ()
    (document,) = parsed.documents
    assert (document.source, document.language) == ("elevenlabs-project", "en")
    first = document.cues[0]
    assert first.lines == (
        "Three budget microphones, one afternoon,",
        "and a very patient neighbour.",
    )
    assert (first.start, first.end, first.speaker, first.segment) == (
        520_000,
        4_310_000,
        "spk_host",
        "seg_a1",
    )
    assert {c.speaker for c in document.cues} == {"spk_host", "spk_guest"}


@pytest.mark.parametrize(("name", "key"), [(SOURCE, "text"), (TARGET, "source_text")])
def test_every_word_of_every_segment_reaches_its_cues(name: str, key: str) -> None:
    document = parse_fixture(name).documents[0]
    want = {s["id"]: str(s[key]).split() for s in _segments(name)}
    assert _words_by_segment(document) == want


def test_a_language_transcript_gives_the_source_and_the_translation() -> None:
    parsed = parse_fixture(TARGET)
    english, german = parsed.documents
    assert (english.language, german.language) == ("en", "de")
    assert english.cues == parse_fixture(SOURCE).documents[0].cues
    translated = {
        s["id"]: str(s["translation"]).split() for s in _segments(TARGET) if s["translation"]
    }
    assert _words_by_segment(german) == translated
    assert [(n.where, n.message) for n in parsed.notices] == [
        ("$.segments[3].translation", "the segment is not translated yet; skipped")
    ]


def test_nothing_translated_yet_gives_only_the_source_language() -> None:
    raw = _raw(TARGET)
    raw["segments"] = [dict(s, translation=None) for s in _segments(TARGET)]
    parsed = read(json.dumps(raw).encode(), "t.json")
    assert [d.language for d in parsed.documents] == ["en"]
    assert [n.where for n in parsed.notices] == ["$.segments"]
    assert "no segment is translated into de yet" in parsed.notices[0].message


def test_lang_picks_the_translation(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["convert", str(INPUTS / TARGET), "--lang", "de", "-o", str(out), "-q"]
    )
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == [
        "elevenlabs_project_de_transcript.de.srt"
    ]


def test_detected_as_a_project_transcript_and_nothing_else() -> None:
    for name in (SOURCE, TARGET):
        raw = _raw(name)
        assert [n for n, s in SOURCES.items() if s.detect(raw)] == ["elevenlabs-project"]


def _edited(name: str, index: int, **fields: object) -> dict[str, object]:
    raw = _raw(name)
    segments = _segments(name)
    segments[index] = {k: v for k, v in {**segments[index], **fields}.items() if v != "DROP"}
    raw["segments"] = segments
    return raw


@pytest.mark.parametrize(
    ("raw", "where", "fragment"),
    [
        pytest.param(
            _edited(SOURCE, 1, start_s="DROP"),
            "$.segments[1].start_s",
            "required field is missing",
            id="segment-without-start",
        ),
        pytest.param(
            _edited(SOURCE, 2, end_s=1.0),
            "$.segments[2].end_s",
            "before it starts (",
            id="segment-end-before-start",
        ),
        pytest.param(
            _edited(SOURCE, 0, text=["Three"]),
            "$.segments[0].text",
            "expected a string, got an array",
            id="text-not-a-string",
        ),
        pytest.param(
            _edited(TARGET, 0, translation=12),
            "$.segments[0].translation",
            "expected a string, got the number 12",
            id="translation-a-number",
        ),
        pytest.param(
            {k: v for k, v in _raw(TARGET).items() if k != "source_language"},
            "$.source_language",
            "required field is missing",
            id="target-without-source-language",
        ),
        pytest.param(
            _edited(SOURCE, 3, start_s=-2),
            "$.segments[3].start_s",
            "expected a time of 0 or more",
            id="negative-start",
        ),
    ],
)
def test_bad_project_transcripts_fail_with_one_located_line(
    tmp_path: Path, raw: object, where: str, fragment: str
) -> None:
    path = tmp_path / "project.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert_fails_at(path, where, fragment)
