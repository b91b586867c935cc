"""ElevenLabs dubbing transcripts: utterances -> words -> characters, and the newer wrapper
whose SRT or WebVTT text sits inside JSON; no character lost, errors at the JSON path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.errors import InputError
from subsync.model import Document
from subsync.sources import SOURCES, read
from tests.support.helpers import INPUTS, parse_fixture
from tests.support.source_checks import assert_fails_at

UTTERANCES = "elevenlabs_transcript_utterances.json"
WRAPPED_JA = "elevenlabs_transcripts_webvtt_ja.json"


def _raw(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((INPUTS / name).read_text(encoding="utf-8"))
    return loaded


def _read(raw: object, name: str = "t.json") -> Document:
    (document,) = read(json.dumps(raw, ensure_ascii=False).encode(), name).documents
    return document


def _squash(text: str) -> str:
    return "".join(text.split())


def _shown(document: Document) -> str:
    return "".join(line for cue in document.cues for line in cue.lines)


def test_utterances_become_cues_with_speakers_and_timed_words() -> None:
    parsed = parse_fixture(UTTERANCES)
    assert parsed.notices == ()
    (document,) = parsed.documents
    assert (document.source, document.language) == ("elevenlabs-transcript", "en")
    assert [(cue.lines, cue.speaker) for cue in document.cues[:3]] == [
        (("Welcome back to Roast Notes.",), "speaker_0"),
        (("Today we're talking about light roasts.",), "speaker_0"),
        (("Thanks for having me, Priya.",), "speaker_1"),
    ]
    first = document.cues[0].words[0]
    assert (first.text, first.start, first.end) == ("Welcome", 420_000, 774_000)
    assert first.graphemes == (0, 7)
    assert "".join(m.text for m in document.graphemes[0:7]) == "Welcome"


def test_no_character_of_the_utterances_is_lost() -> None:
    raw = _raw(UTTERANCES)
    utterances = raw["utterances"]
    assert isinstance(utterances, list)
    texts = [u["text"] for u in utterances]
    document = parse_fixture(UTTERANCES).documents[0]
    # The utterances with characters (all but the third) are kept as graphemes exactly.
    with_characters = [u["text"] for u in utterances if "characters" in u["words"][0]]
    assert "".join(m.text for m in document.graphemes) == "".join(with_characters)
    assert _squash(_shown(document)) == _squash("".join(texts))


def _timed(text: str, start: float) -> dict[str, object]:
    """A word with a character entry per character, 0.05 s each."""
    characters = [
        {"text": c, "start_s": start + 0.05 * i, "end_s": start + 0.05 * (i + 1)}
        for i, c in enumerate(text)
    ]
    return {
        "text": text,
        "start_s": start,
        "end_s": start + 0.05 * len(text),
        "characters": characters,
    }


def test_words_without_spacing_entries_take_the_spaces_of_the_text() -> None:
    words = [_timed("Go", 0.0), _timed("for", 0.3), _timed("it,", 0.6), _timed("now.", 0.9)]
    utterance = {"text": " Go  for it,\nnow. ", "speaker_id": "s0", "words": words}
    document = _read({"language": "en", "utterances": [utterance]})
    assert "".join(m.text for m in document.graphemes) == " Go  for it,\nnow. "
    assert document.cues[0].lines == ("Go for it, now.",)
    assert [w.text for w in document.cues[0].words] == ["Go", "for", "it,", "now."]
    assert document.cues[0].words[1].graphemes == (4, 7)


def test_words_timed_as_a_whole_are_words_but_not_graphemes() -> None:
    words = [
        {"text": "Hi", "start_s": 0.0, "end_s": 0.2},
        {"text": "all.", "start_s": 0.3, "end_s": 0.6},
    ]
    document = _read({"utterances": [{"text": "Hi all.", "words": words}]})
    assert document.graphemes == ()
    assert [(w.text, w.start, w.graphemes) for w in document.cues[0].words] == [
        ("Hi", 0, None),
        ("all.", 300_000, None),
    ]


def test_without_text_words_are_spaced_except_in_cjk_and_before_punctuation() -> None:
    words = [("Good", 0.0, 0.3), ("morning", 0.3, 0.6), (",", 0.6, 0.7), ("今日", 0.8, 1.0)]
    words += [("は", 1.0, 1.1), ("OK", 1.2, 1.4), ("!", 1.4, 1.5)]
    utterance = {"words": [{"text": t, "start_s": s, "end_s": e} for t, s, e in words]}
    document = _read({"utterances": [utterance]})
    assert document.language is None
    assert document.cues[0].lines == ("Good morning,今日はOK!",)


def test_words_that_do_not_spell_the_text_leave_the_text_in_charge() -> None:
    utterance = {
        "text": "Hello there.",
        "start_s": 1.0,
        "end_s": 2.0,
        "words": [{"text": "Yellow", "start_s": 1.0, "end_s": 1.4}],
    }
    parsed = read(json.dumps({"utterances": [utterance]}).encode(), "t.json")
    assert parsed.documents[0].cues[0].lines == ("Hello there.",)
    assert [n.where for n in parsed.notices] == ["$.utterances[0]"]
    assert "do not spell" in parsed.notices[0].message


def test_an_utterance_without_text_or_words_is_skipped_with_a_warning() -> None:
    parsed = read(b'{"utterances": [{"speaker_id": "s0", "start_s": 0, "end_s": 1}]}', "t")
    assert parsed.documents[0].cues == ()
    assert [n.where for n in parsed.notices] == ["$.utterances[0]"]


# --- the newer wrapper ------------------------------------------------------------------------


def test_the_webvtt_wrapper_reads_its_text_with_the_subtitle_reader(vtt_validator) -> None:  # type: ignore[no-untyped-def]
    raw = _raw(WRAPPED_JA)
    document = parse_fixture(WRAPPED_JA).documents[0]
    assert (document.source, document.language) == ("elevenlabs-transcript", None)
    assert document.cues[0].lines == ("皆さん、こんにちは。", "今日は抹茶の点て方を紹介します。")
    # No character lost: the W3C parser reads the same text from the same field.
    webvtt = raw["webvtt"]
    assert isinstance(webvtt, str)
    want = [
        (round(c.start * 1e6), round(c.end * 1e6), c.plain)
        for c in vtt_validator.parse(webvtt).cues
    ]
    assert [(c.start, c.end, c.text) for c in document.cues] == want


def test_srt_and_json_wrappers_read_like_their_contents() -> None:
    srt_text = (INPUTS / "elevenlabs_transcript_legacy_fr.srt").read_text(encoding="utf-8")
    wrapped = _read({"transcript_format": "srt", "srt": srt_text, "webvtt": None, "json": None})
    (bare,) = read(srt_text.encode(), "x.srt").documents
    assert wrapped.cues == bare.cues
    raw = _raw(UTTERANCES)
    in_json = _read({"transcript_format": "json", "srt": None, "webvtt": None, "json": raw})
    assert in_json == _read(raw)


@pytest.mark.parametrize(
    ("raw", "where", "fragment"),
    [
        pytest.param(
            {"transcript_format": "webvtt", "webvtt": None},
            "$.webvtt",
            "transcript_format is webvtt but this field is null",
            id="wrapper-null-text",
        ),
        pytest.param(
            {"transcript_format": "docx", "webvtt": "WEBVTT\n"},
            "$.transcript_format",
            "unknown transcript_format 'docx': expected srt, webvtt or json",
            id="wrapper-unknown-format",
        ),
        pytest.param(
            {
                "transcript_format": "srt",
                "srt": "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,5 --> 00:00:04,000\nB\n",
            },
            "$.srt, line 6",
            "expected a timing line",
            id="wrapper-bad-srt-line",
        ),
        pytest.param(
            {"transcript_format": "webvtt", "webvtt": "00:01.000 --> 00:02.000\nA"},
            "$.webvtt, line 1",
            "expected 'WEBVTT'",
            id="wrapper-vtt-without-signature",
        ),
        pytest.param(
            {"utterances": [{"text": "Hi", "speaker_id": "s0"}]},
            "$.utterances[0].start_s",
            "required field is missing",
            id="utterance-text-without-times",
        ),
        pytest.param(
            {"utterances": [{"text": "Hi", "start_s": 2.0, "end_s": 1.0}]},
            "$.utterances[0].end_s",
            "before it starts (",
            id="utterance-end-before-start",
        ),
        pytest.param(
            {"utterances": [{"words": [{"text": "Hi", "start_s": "0.1", "end_s": 0.2}]}]},
            "$.utterances[0].words[0].start_s",
            "expected a number, got a string '0.1'",
            id="word-time-as-string",
        ),
        pytest.param(
            {"utterances": [{"words": [{"characters": [{"text": "H", "start_s": 0}]}]}]},
            "$.utterances[0].words[0].start_s",
            "required field is missing",
            id="character-without-any-end",
        ),
        pytest.param(
            {"utterances": {"text": "Hi"}},
            "$.utterances",
            "expected an array, got an object",
            id="utterances-not-a-list",
        ),
    ],
)
def test_bad_transcripts_fail_with_one_located_line(
    tmp_path: Path, raw: object, where: str, fragment: str
) -> None:
    path = tmp_path / "transcript.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert_fails_at(path, where, fragment)


def test_detected_as_transcripts_and_forced_by_name() -> None:
    for name in (UTTERANCES, WRAPPED_JA):
        raw = _raw(name)
        assert SOURCES["elevenlabs-transcript"].detect(raw)
        assert not any(s.detect(raw) for n, s in SOURCES.items() if n != "elevenlabs-transcript")
    with pytest.raises(InputError, match="utterances") as caught:
        read(b'{"speaker_segments": {}}', "x.json", source="elevenlabs-transcript")
    assert caught.value.where == "$.utterances"


# --- Hypothesis: whatever the words' shape, the text reaches the model --------------------------

_word = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Z")), min_size=1, max_size=6
) | st.sampled_from(["日本", "語", "、", "!", "l'été", "—"])
_slow = settings(max_examples=200)


@_slow
@given(
    st.lists(_word, min_size=1, max_size=12),
    st.lists(st.sampled_from([" ", "  ", "\n"]), min_size=12, max_size=12),
    st.booleans(),
    st.booleans(),
)
def test_every_character_of_an_utterance_reaches_the_graphemes_and_the_cues(
    words: list[str], gaps: list[str], characters: bool, spacing: bool
) -> None:
    text = "".join(w + g for w, g in zip(words, gaps, strict=False)).rstrip(" ")
    entries, time = [], 0.0
    for word, gap in zip(words, gaps, strict=False):
        entry: dict[str, object] = {"text": word, "start_s": time, "end_s": time + 0.2}
        if characters:
            entry["characters"] = [
                {"text": c, "start_s": time + i * 0.01, "end_s": time + i * 0.01 + 0.01}
                for i, c in enumerate(word)
            ]
        entries.append(entry)
        if spacing:
            entries.append(
                {"text": gap, "word_type": "spacing", "start_s": time + 0.2, "end_s": time + 0.3}
            )
        time += 0.3
    if spacing and text != "".join(str(e["text"]) for e in entries):
        entries.pop()  # the last gap was trimmed from the text
    parsed = read(json.dumps({"utterances": [{"text": text, "words": entries}]}).encode(), "t")
    (document,) = parsed.documents
    assert parsed.notices == ()
    assert "".join(m.text for m in document.graphemes) == (text if characters else "")
    assert _squash(_shown(document)) == _squash(text)
