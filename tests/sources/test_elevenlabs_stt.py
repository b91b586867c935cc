"""ElevenLabs speech to text (Scribe): speakers, spacing, audio events, missing and zero-length
times, multichannel transcripts, bad input, and no character lost."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subsync
from subsync.errors import InputError
from subsync.layout.presets import DEFAULT_LAYOUT, PRESETS
from subsync.layout.word_repair import EVENT_US, STUCK
from subsync.model import Document
from subsync.sources import ParseOptions, read, read_raw
from tests.support.helpers import INPUTS, parse_fixture

INTERVIEW = "elevenlabs_stt_interview.json"
JAPANESE = "elevenlabs_stt_ja.json"
CHANNELS = "elevenlabs_stt_multichannel.json"


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((INPUTS / name).read_text(encoding="utf-8"))
    return loaded


def entry(
    kind: str, text: str, start: float | None, end: float | None, speaker: str = "s0"
) -> dict[str, object]:
    """One Scribe entry."""
    return {
        "text": text,
        "start": start,
        "end": end,
        "type": kind,
        "speaker_id": speaker,
        "logprob": 0.0,
    }


def transcript(*entries: dict[str, object]) -> dict[str, Any]:
    text = "".join(str(e["text"]) for e in entries)
    return {
        "language_code": "eng",
        "language_probability": 0.9,
        "text": text,
        "words": list(entries),
    }


def _turns(document: Document) -> list[tuple[str | None, str]]:
    return [(cue.speaker, cue.text) for cue in document.cues]


def test_interview_cues_follow_speakers_and_events() -> None:
    parsed = parse_fixture(INTERVIEW)
    (document,) = parsed.documents
    # Scribe says "eng": subsync names it by its shortest BCP 47 code.
    assert (document.source, document.language, parsed.notices) == ("elevenlabs-stt", "en", ())
    assert _turns(document) == [
        ("speaker_0", "Welcome to Field Notes."),
        ("speaker_0", "I'm here with Dr. Amara Osei,\nwho has spent ten years counting frogs."),
        ("speaker_1", "Eleven, actually."),
        ("speaker_1", "(laughter)"),
        ("speaker_0", "Eleven years!"),
        ("speaker_0", "What keeps you going back\nto the swamp at 3 a.m.?"),
        ("speaker_1", "Honestly?"),
        ("speaker_1", "The frogs don't care about my schedule,\nand neither does the rain."),
    ]
    laughter = document.cues[3]
    assert laughter.words == ()  # a relayout keeps it as it is
    assert document.graphemes == ()


def test_the_text_of_the_transcript_reaches_the_cues() -> None:
    raw = _load(INTERVIEW)
    document = parse_fixture(INTERVIEW).documents[0]
    shown = "".join("".join(cue.lines) for cue in document.cues)
    assert "".join(shown.split()) == "".join(raw["text"].split())


def test_words_that_do_not_spell_the_text_are_reported() -> None:
    raw = _load(INTERVIEW)
    raw["text"] = raw["text"].replace("frogs", "toads")
    parsed = read_raw(raw, INTERVIEW)
    assert [(n.where, n.message) for n in parsed.notices] == [
        ("$.text", "the words do not spell the text; the subtitles follow the words")
    ]


def test_a_relayout_rebuilds_the_turns_and_keeps_speakers_and_events() -> None:
    document = parse_fixture(INTERVIEW).documents[0]
    narrow = subsync.relayout(document, DEFAULT_LAYOUT.with_changes(max_line_width=20))
    assert "(laughter)" in [cue.text for cue in narrow.cues]
    assert [cue.speaker for cue in narrow.cues if cue.text == "(laughter)"] == ["speaker_1"]
    assert all(len(line) <= 20 for cue in narrow.cues for line in cue.lines)
    before = [(cue.speaker, w.text) for cue in document.cues for w in cue.words]
    after = [(cue.speaker, w.text) for cue in narrow.cues for w in cue.words]
    assert after == before


def test_audio_events_can_be_dropped_with_a_notice() -> None:
    parsed = parse_fixture(INTERVIEW, ParseOptions(audio_events=False))
    assert "(laughter)" not in [cue.text for cue in parsed.documents[0].cues]
    assert [(n.where, n.message) for n in parsed.notices] == [
        ("$", "1 audio events left out (--audio-events drop)")
    ]


def test_japanese_words_are_phrases_and_events_keep_their_brackets() -> None:
    document = parse_fixture(JAPANESE).documents[0]
    assert document.language == "ja"
    # Netflix's 13 full-width characters a line (26 columns), broken between phrases.
    assert _turns(document) == [
        ("speaker_0", "すみません、この近くに\n郵便局はありますか？"),
        ("speaker_1", "はい、二つ目の角を右に\n曲がるとすぐですよ。"),
        ("speaker_1", "(笑い)"),
        ("speaker_0", "ありがとうございます！"),
        ("speaker_0", "助かりました。"),
    ]
    assert [w.text for w in document.cues[0].words][:3] == ["すみません、", "この", "近くに"]


def test_a_zero_length_event_shows_for_the_minimum_duration_led_into_the_silence() -> None:
    raw = transcript(
        entry("word", "Yes.", 0.0, 0.4),
        entry("spacing", " ", 0.4, 3.0),
        entry("audio_event", "(door slams)", 3.0, 3.0),
        entry("spacing", " ", 3.0, 3.0),
        entry("word", "Who's", 3.0, 3.3),
        entry("spacing", " ", 3.3, 3.35),
        entry("word", "there?", 3.35, 3.8),
    )
    cues = read_raw(raw, "z.json").documents[0].cues
    door = next(cue for cue in cues if cue.text == "(door slams)")
    gap = DEFAULT_LAYOUT.min_gap_us
    assert door.end == 3_000_000 - gap
    assert door.end - door.start == DEFAULT_LAYOUT.min_duration_us
    assert [cue.text for cue in cues] == ["Yes.", "(door slams)", "Who's there?"]


def test_events_too_close_to_show_apart_share_a_cue_and_long_ones_are_capped() -> None:
    raw = transcript(
        entry("audio_event", "(footsteps)", 10.0, 10.02),
        entry("spacing", " ", 10.02, 10.02),
        entry("audio_event", "paper rustling", 10.02, 10.02),
        entry("spacing", " ", 10.02, 12.0),
        entry("audio_event", "(rain)", 12.0, 80.0),
    )
    cues = read_raw(raw, "e.json").documents[0].cues
    assert [cue.text for cue in cues] == ["(footsteps) [paper rustling]", "(rain)"]
    # A 68 s event is a sound under everything: its label shows for EVENT_US.
    assert cues[1].end - cues[1].start == EVENT_US


def test_entries_without_times_are_placed_after_the_entry_before() -> None:
    raw = transcript(
        entry("word", "One", 0.0, 0.3),
        entry("spacing", " ", None, None),
        entry("word", "two", 0.35, None),
        entry("spacing", " ", 0.6, 0.65),
        entry("word", "three.", 0.65, 1.0),
    )
    parsed = read_raw(raw, "t.json")
    assert [cue.text for cue in parsed.documents[0].cues] == ["One two three."]
    words = parsed.documents[0].cues[0].words
    # Placed where "One" ends, then spread over the silence after it (0.1 s a letter).
    assert [(w.start, w.end) for w in words][1] == (300_000, 600_000)
    assert [(n.where, n.message) for n in parsed.notices] == [
        ("$.words", "2 entries have no start or end: placed where the entry before ends"),
        ("$", f"timing repaired: 1 {STUCK}"),
    ]


def test_a_transcript_without_any_time_is_refused() -> None:
    raw = transcript(entry("word", "Hi", None, None), entry("word", "there", None, None))
    with pytest.raises(InputError) as caught:
        read_raw(raw, "t.json")
    assert str(caught.value) == (
        "t.json: $.words: no entry has a start or end time: request the transcript with "
        "timestamps_granularity word (or character)"
    )


def test_multichannel_speakers_are_named_by_channel_and_overlaps_reported() -> None:
    parsed = parse_fixture(CHANNELS)
    document = parsed.documents[0]
    assert {cue.speaker for cue in document.cues} == {
        "speaker_0 (channel 0)",
        "speaker_0 (channel 1)",
    }
    assert [cue.text for cue in document.cues][-2:] == [
        "It's number 4417.",
        "Let me look that up for you.",
    ]
    assert [n.where for n in parsed.notices] == ["$.transcripts[0].words[16]"]
    assert "overlaps an earlier cue" in parsed.notices[0].message


def test_channel_speakers_keep_their_ids_when_they_differ() -> None:
    raw = {
        "transcripts": [
            transcript(entry("word", "Hello.", 0.0, 0.5, "agent")),
            transcript(
                entry("word", "Hi.", 1.0, 1.4, "customer"), entry("word", "Um.", 2, 2.2, "")
            ),
        ]
    }
    raw["transcripts"][1]["words"][1].pop("speaker_id")
    cues = read_raw(raw, "m.json").documents[0].cues
    assert [cue.speaker for cue in cues] == ["agent", "customer", "channel 1"]


def test_the_webhook_acknowledgement_says_what_to_fetch() -> None:
    body = {"message": "Request accepted.", "request_id": "abc123", "transcription_id": "t1"}
    with pytest.raises(InputError, match=r"^ack.json: \$: this is the acknowledgement .*GET /v1"):
        read(json.dumps(body).encode(), "ack.json")


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (
            lambda w: w[0].update(type="punctuation"),
            "$.words[0].type",
            "unknown type 'punctuation': expected one of word, spacing, audio_event",
        ),
        (
            lambda w: w[1].update(end=0.1),
            "$.words[1].end",
            "ends (0.100 s) before it starts (0.500 s)",
        ),
        (lambda w: w[2].pop("text"), "$.words[2].text", "required field is missing"),
        (
            lambda w: w[2].update(speaker_id=3),
            "$.words[2].speaker_id",
            "expected a string, got the number 3",
        ),
        (
            lambda w: w[0].update(start="0.5"),
            "$.words[0].start",
            "expected a number, got a string '0.5'",
        ),
    ],
)
def test_bad_entries_name_the_field(change: Any, where: str, message: str) -> None:
    raw = transcript(
        entry("word", "Hello", 0.0, 0.5),
        entry("spacing", " ", 0.5, 0.6),
        entry("word", "you", 0.6, 0.9),
    )
    change(raw["words"])
    with pytest.raises(InputError) as caught:
        read(json.dumps(raw).encode(), "stt.json")
    assert (caught.value.where, caught.value.message) == (where, message)


# --- no character lost -------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["Hello", "world,", "it's", "3.5", "日", "本", "。", "(laughter)", "-->", "&"]
)


@st.composite
def _entries(draw: st.DrawFn) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    time = 0.0
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.sampled_from(["word", "word", "spacing", "audio_event"]))
        text = " " if kind == "spacing" else draw(_WORDS)
        length = draw(st.sampled_from([0.0, 0.0, 0.05, 0.3, 1.2]))
        speaker = draw(st.sampled_from(["speaker_0", "speaker_1"]))
        entries.append(entry(kind, text, round(time, 3), round(time + length, 3), speaker))
        time += length
    return entries


@settings(max_examples=300)
@given(_entries(), st.sampled_from(sorted(PRESETS)))
def test_no_character_is_lost_between_the_transcript_and_the_model(
    entries: list[dict[str, object]], preset: str
) -> None:
    raw = transcript(*entries)
    options = ParseOptions(layout=PRESETS[preset])
    document = read(json.dumps(raw).encode(), "p.json", options=options).documents[0]
    shown = "".join("".join(cue.lines) for cue in document.cues)
    # events without brackets are shown in square ones: that is all that is added
    expected = "".join(
        f"[{e['text']}]" if e["type"] == "audio_event" and e["text"][0] not in "([" else e["text"]
        for e in raw["words"]
    )
    assert "".join(shown.split()) == "".join(expected.split())
    # in the source's order, none overlapping the next (a word of 0 s may make a cue of
    # 0 s under a preset without a minimum duration; the writers show it for 1 ms)
    for cue, following in zip(document.cues, document.cues[1:], strict=False):
        assert cue.start <= cue.end <= following.start
