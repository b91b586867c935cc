"""ElevenLabs text to speech with timestamps: alignments, tags, pauses in whitespace, streamed
chunks, dialogue speakers, history items, bad input, and no character lost."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.errors import InputError
from subsync.layout.word_repair import STUCK
from subsync.model import Document
from subsync.sources import SOURCES, ParseOptions, detect, read, read_raw
from tests.support.helpers import INPUTS, parse_fixture

TAGS = "elevenlabs_tts_v3_tags.json"
STREAM = "elevenlabs_tts_stream.jsonl"
DIALOGUE = "elevenlabs_dialogue_ja.json"
HISTORY = "elevenlabs_history_item.json"


def alignment(text: str, pauses: dict[int, float] | None = None) -> dict[str, object]:
    """A contiguous alignment as ElevenLabs returns it: each character 50 ms, except the
    characters at ``pauses`` (index -> seconds), and each end the next start."""
    starts, ends, time = [], [], 0.0
    for index in range(len(text)):
        starts.append(round(time, 3))
        time += (pauses or {}).get(index, 0.05)
        ends.append(round(time, 3))
    return {
        "characters": list(text),
        "character_start_times_seconds": starts,
        "character_end_times_seconds": ends,
    }


def _load(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((INPUTS / name).read_text(encoding="utf-8"))
    return loaded


def _text(document: Document) -> list[str]:
    return [cue.text for cue in document.cues]


def test_tags_and_markup_are_left_out_with_a_notice_and_kept_in_the_graphemes() -> None:
    parsed = parse_fixture(TAGS)
    (document,) = parsed.documents
    assert _text(document) == [
        "Welcome back to the workshop!",
        "Today we build a bird\nfeeder for under $50.",
        "Don't tell the squirrels.",
        "Let's start with the roof.",
    ]
    assert (document.source, document.language) == ("elevenlabs-tts", None)
    raw = _load(TAGS)["alignment"]
    assert isinstance(raw, dict)
    assert [m.text for m in document.graphemes] == raw["characters"]
    (notice,) = parsed.notices
    assert notice.where == "$.alignment"
    assert '3 audio tags or markup left out ([excited], [whispers], <break time="1.0s" />)' in (
        notice.message.replace(" of the subtitles", "")
    )


def test_keep_tags_keeps_them_in_the_cues() -> None:
    parsed = parse_fixture(TAGS, ParseOptions(keep_tags=True))
    joined = " ".join(_text(parsed.documents[0]))
    assert "[excited] Welcome" in joined.replace("\n", " ")
    assert '<break time="1.0s" />' in joined.replace("\n", " ")
    # The markup's characters take no time: kept, they are given some.
    assert [n.message for n in parsed.notices] == [f"timing repaired: 1 {STUCK}"]


def test_normalized_alignment_is_read_when_asked() -> None:
    document = parse_fixture(TAGS, ParseOptions(alignment="normalized")).documents[0]
    assert "fifty dollars." in " ".join(_text(document)).replace("\n", " ")


def test_the_first_word_starts_after_its_tag() -> None:
    document = parse_fixture(TAGS).documents[0]
    welcome = document.cues[0].words[0]
    assert welcome.text == "Welcome"
    assert welcome.graphemes == (10, 17)  # "[excited] " takes the first ten characters
    assert welcome.start == document.graphemes[10].start


def test_a_pause_inside_a_space_starts_a_new_cue_without_punctuation() -> None:
    text = "we keep going and going then we stop here for a while"
    pause_at = text.index(" then")
    payload = {"audio_base64": "", "alignment": alignment(text, {pause_at: 0.7})}
    (document,) = read_raw(payload, "pause.json").documents
    assert _text(document) == ["we keep going and going", "then we stop here for a while"]
    # the silence is between the cues, not inside either
    assert document.cues[0].words[-1].end == round(0.05 * pause_at * 1e6)


def test_a_stream_reads_like_the_whole_response_and_skips_audio_only_chunks() -> None:
    lines = (INPUTS / STREAM).read_bytes().splitlines()
    chunks = [json.loads(line) for line in lines]
    assert chunks[2]["alignment"] is None
    whole: dict[str, list[object]] = {key: [] for key in chunks[0]["alignment"]}
    for chunk in chunks:
        for key, values in (chunk["alignment"] or {}).items():
            whole[key].extend(values)
    streamed = parse_fixture(STREAM).documents[0]
    single = read_raw({"alignment": whole}, "whole.json").documents[0]
    assert streamed == single
    assert _text(streamed)[-1] == "The average wait right\nnow is about 3 minutes."


def test_a_list_of_chunks_is_a_stream_too() -> None:
    chunks = [json.loads(line) for line in (INPUTS / STREAM).read_bytes().splitlines()]
    assert detect(chunks).name == "elevenlabs-tts"
    assert read_raw(chunks, "chunks").documents == parse_fixture(STREAM).documents


def test_errors_in_a_stream_name_the_line() -> None:
    lines = (INPUTS / STREAM).read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[3])
    broken["alignment"]["character_end_times_seconds"].pop()
    lines[3] = json.dumps(broken)
    data = ("\n".join([*lines[:1], "", *lines[1:]]) + "\n").encode()  # a blank line 2
    with pytest.raises(InputError) as caught:
        read(data, "tts.jsonl")
    assert str(caught.value).startswith(
        "tts.jsonl: line 5: $.alignment.character_end_times_seconds: has 72 entries but "
        "characters has 73"
    )


def test_a_cut_off_stream_names_the_line() -> None:
    data = (INPUTS / STREAM).read_bytes()[:-40]
    with pytest.raises(InputError, match=r"^tts.jsonl: line 4: invalid JSON at column \d+: "):
        read(data, "tts.jsonl")


def test_dialogue_speakers_come_from_voice_segments_each_turn_its_own_cue() -> None:
    parsed = parse_fixture(DIALOGUE)
    (document,) = parsed.documents
    assert [(cue.speaker, cue.text) for cue in document.cues] == [
        # Japanese lines hold 26 columns (Netflix: 13 full-width characters), cut at phrases.
        ("pNInz6obpgDQGcFmaJgB", "こんにちは、\n今日はいい天気ですね。"),
        ("EXAVITQu4vr4xnSDxMaL", "本当に！駅前の公園まで\n散歩に行きましょうか。"),
        ("pNInz6obpgDQGcFmaJgB", "いいですね。帰りに\nコーヒーも買いましょう。"),
    ]
    assert [n.message for n in parsed.notices] == [
        "1 audio tags or markup left out of the subtitles ([laughs]); --keep-tags keeps them"
    ]


def test_a_speaker_change_splits_even_mid_sentence() -> None:
    text = "so I said yes and she said no"
    split = text.index("and")
    payload = {
        "alignment": alignment(text),
        "voice_segments": [
            {"voice_id": "A", "character_start_index": 0, "character_end_index": split},
            {"voice_id": "B", "character_start_index": split, "character_end_index": len(text)},
        ],
    }
    cues = read_raw(payload, "d.json").documents[0].cues
    assert [(c.speaker, c.text) for c in cues] == [("A", "so I said yes"), ("B", "and she said no")]


def test_a_missing_alignment_says_which_option_reads_the_other() -> None:
    with pytest.raises(InputError) as caught:
        parse_fixture(DIALOGUE, ParseOptions(alignment="normalized"))
    assert str(caught.value) == (
        f"{DIALOGUE}: $: normalized_alignment is missing or null, but alignment is there: "
        "pass --alignment original"
    )


def test_a_history_item_reads_its_alignments() -> None:
    assert detect(_load(HISTORY)).name == "elevenlabs-tts"
    document = parse_fixture(HISTORY).documents[0]
    assert _text(document)[0] == "Chapter three."
    normalized = parse_fixture(HISTORY, ParseOptions(alignment="normalized")).documents[0]
    assert "one thousand and twenty-four" in " ".join(_text(normalized)).replace("\n", " ")


def test_times_that_go_backwards_are_reported() -> None:
    first, second = alignment("Hello there."), alignment("General Kenobi.")
    chunks = [{"alignment": first}, {"alignment": second}]  # each counting from 0
    parsed = read_raw(chunks, "ws.json")
    assert [n.where for n in parsed.notices] == ["$[1].alignment.characters[0]"]
    assert "character 12 starts at 0.000 s, before character 11 (0.550 s)" in (
        parsed.notices[0].message
    )


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (
            lambda a: a["character_start_times_seconds"].pop(),
            "$.alignment.character_start_times_seconds",
            "has 2 entries but characters has 3: each character needs one start and one end time",
        ),
        (
            lambda a: a["character_end_times_seconds"].__setitem__(1, 0.01),
            "$.alignment.character_end_times_seconds[1]",
            "ends (0.010 s) before it starts (0.050 s)",
        ),
        (
            lambda a: a["characters"].__setitem__(0, 7),
            "$.alignment.characters[0]",
            "expected a string, got the number 7",
        ),
        (
            lambda a: a["character_start_times_seconds"].__setitem__(2, "soon"),
            "$.alignment.character_start_times_seconds[2]",
            "expected a number, got a string 'soon'",
        ),
        (
            lambda a: a.pop("character_end_times_seconds"),
            "$.alignment.character_end_times_seconds",
            "required field is missing",
        ),
    ],
)
def test_bad_alignments_name_the_field(change: object, where: str, message: str) -> None:
    payload = {"audio_base64": "", "alignment": alignment("Hi!")}
    assert callable(change)
    change(payload["alignment"])
    with pytest.raises(InputError) as caught:
        read(json.dumps(payload).encode(), "bad.json")
    assert (caught.value.input, caught.value.where, caught.value.message) == (
        "bad.json",
        where,
        message,
    )


def test_a_response_without_any_alignment_is_refused() -> None:
    with pytest.raises(InputError, match=r"\$: no alignment with timings .* with-timestamps"):
        read_raw({"audio_base64": "AAAA", "alignment": None}, "x.json")


def test_voice_segment_indexes_are_checked() -> None:
    payload = {
        "alignment": alignment("Hi!"),
        "voice_segments": [{"voice_id": "A", "character_start_index": 2, "character_end_index": 1}],
    }
    with pytest.raises(InputError, match=r"voice_segments\[0\]: character_end_index 1 is before"):
        read_raw(payload, "d.json")


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("elevenlabs_dubbing_review.json", "elevenlabs"),
        ("resemble_v1_docs_clip.json", "resemble"),
        ("resemble_v2_item_timestamps.json", "resemble"),
        ("subsync_document_roundtrip.json", "subsync"),
        (TAGS, "elevenlabs-tts"),
        (DIALOGUE, "elevenlabs-tts"),
        (HISTORY, "elevenlabs-tts"),
        ("elevenlabs_forced_alignment.json", "elevenlabs-alignment"),
        ("elevenlabs_stt_interview.json", "elevenlabs-stt"),
        ("elevenlabs_stt_multichannel.json", "elevenlabs-stt"),
    ],
)
def test_every_shape_is_detected_as_its_source(name: str, source: str) -> None:
    assert detect(_load(name)).name == source
    assert source in SOURCES


# --- no character lost -------------------------------------------------------------------

_TAG = re.compile(r"\[(?:[^\W\d_]|[ '\-])+\]|</?[A-Za-z][^<>]*>")
_PIECES = st.sampled_from(
    ["Hello", "world,", "it's", "3.5", "ok.", "día", "日本語", "です。", "[laughs]", "[1]",
     '<break time="1.5s" />', "<b>", "a<b", "-->", "&amp;", "\u200b", "e\u0301"]
)  # fmt: skip
_SPACES = st.sampled_from([" ", " ", "  ", "\n", "\n\n", ""])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_PIECES, _SPACES), min_size=1, max_size=30))
    return "".join(piece + space for piece, space in parts)


def _letters(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=300)
@given(_texts(), st.booleans(), st.dictionaries(st.integers(0, 300), st.floats(0, 2)))
def test_no_character_is_lost_between_the_alignment_and_the_model(
    text: str, keep_tags: bool, pauses: dict[int, float]
) -> None:
    payload = {"audio_base64": "", "alignment": alignment(text, pauses)}
    options = ParseOptions(keep_tags=keep_tags)
    (document,) = read(json.dumps(payload).encode(), "p.json", options=options).documents
    assert "".join(m.text for m in document.graphemes) == text
    expected = text if keep_tags else _TAG.sub("", text)
    assert _letters("".join(cue.text for cue in document.cues)) == _letters(expected)
    words = "".join(w.text for cue in document.cues for w in cue.words)
    assert _letters(words) == _letters(expected)
