"""The preset's promise, tested on the cues themselves (lint only warns on durations)."""

from __future__ import annotations

import collections
import itertools
import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

import subsync
from subsync.layout.guarantee import FLOOR_US, guarantee
from subsync.layout.presets import PRESETS
from subsync.layout.word_repair import clamped_end, plausible_us, repair_words
from subsync.layout.words import Piece
from subsync.lint import check
from subsync.model import Cue, Document, Word
from subsync.sources import ParseOptions

DEFAULT = PRESETS["default"]


def _cue(start: float, end: float, text: str, speaker: str = "a") -> Cue:
    word = Word(text, round(start * 1e6), round(end * 1e6))
    return Cue(word.start, word.end, (text,), speaker, (word,))


def test_a_short_cue_borrows_the_silence_after_it_first() -> None:
    cues = guarantee([_cue(1, 1.001, "Hi."), _cue(5, 6, "There.")], DEFAULT, [])
    assert (cues[0].start, cues[0].end) == (1_000_000, 1_833_000)


def test_then_the_silence_before_it() -> None:
    cues = guarantee([_cue(0, 1, "One."), _cue(4, 4.001, "Hi."), _cue(4.1, 5, "Yo.")], DEFAULT, [])
    assert cues[1].end == 4_017_000 and cues[1].end - cues[1].start == 833_000


def test_then_it_joins_a_neighbour_of_the_same_speaker() -> None:
    cues = [_cue(0, 1, "One."), _cue(1.1, 1.2, "Two."), _cue(1.3, 2, "Three.")]
    warnings: list[str] = []
    made = guarantee(cues, DEFAULT, warnings)
    assert [c.text for c in made] == ["One. Two.", "Three."] or len(made) < 3
    assert all(c.end - c.start >= DEFAULT.min_duration_us for c in made), made


def test_a_long_cue_is_capped_and_keeps_its_text() -> None:
    (cue,) = guarantee([_cue(0, 44.4, "(clicking)")], DEFAULT, [])
    assert cue.end - cue.start == DEFAULT.max_duration_us and cue.text == "(clicking)"


def test_a_packed_cluster_moves_into_the_silence_around_it() -> None:
    packed = [_cue(10 + i * 0.05, 10.05 + i * 0.05, f"w{i}.", "abcd"[i]) for i in range(4)]
    made = guarantee([_cue(0, 1, "Before."), *packed, _cue(20, 21, "After.")], DEFAULT, [])
    assert all(c.end - c.start >= DEFAULT.min_duration_us for c in made)
    assert all(a.end + DEFAULT.min_gap_us <= b.start for a, b in itertools.pairwise(made))


def test_an_end_a_millisecond_before_its_start_is_clamped_and_more_is_not() -> None:
    assert clamped_end(279_200_000, 279_199_000) == 279_200_000
    assert clamped_end(279_200_000, 279_180_000) is None


def test_a_scribe_entry_ending_1_ms_early_is_read_and_counted() -> None:
    words = [
        {"text": "Hello", "start": 279.2, "end": 279.199, "type": "word", "speaker_id": "s0"},
        {"text": " ", "start": 279.199, "end": 279.3, "type": "spacing", "speaker_id": "s0"},
        {"text": "there.", "start": 279.3, "end": 279.7, "type": "word", "speaker_id": "s0"},
    ]
    parsed = subsync.parse({"language_code": "eng", "text": "Hello there.", "words": words})
    assert parsed.documents[0].language == "en"
    assert any("10 ms before" in n.message for n in parsed.notices)
    words[0]["end"] = 279.1
    try:
        subsync.parse({"language_code": "eng", "words": words})
    except subsync.InputError as error:
        assert error.where == "$.words[0].end"
    else:
        raise AssertionError("a 100 ms negative span must stay an error")


def test_a_bare_tts_alignment_is_recognised() -> None:
    text = "Hi there."
    raw = {
        "characters": list(text),
        "character_start_times_seconds": [i * 0.1 for i in range(len(text))],
        "character_end_times_seconds": [i * 0.1 + 0.1 for i in range(len(text))],
    }
    assert subsync.parse(raw).documents[0].cues[0].lines == ("Hi there.",)


def test_swallowed_silence_is_cut_and_stuck_words_are_spread() -> None:
    pieces = [
        Piece(Word("な", 0, 2_220_000), space_before=False),
        Piece(Word("う", 5_000_000, 5_000_000), space_before=False),
        Piece(Word("ん", 5_000_000, 5_000_000), space_before=False),
        Piece(Word("。", 5_000_000, 5_400_000), space_before=False),
    ]
    tally: collections.Counter[str] = collections.Counter()
    fixed = [p.word for p in repair_words(pieces, 0, 6_000_000, tally)]
    assert fixed[0].end == plausible_us("な")
    assert all(w.end > w.start for w in fixed[1:3])
    assert all(a.end <= b.start for a, b in itertools.pairwise(fixed))
    assert sum(tally.values()) == 3


# --- properties over generated Scribe transcripts with the real quirks -----------------

_SCRIPTS = st.sampled_from(["latin", "cjk"])


@st.composite
def scribe(draw: st.DrawFn) -> dict[str, object]:
    script = draw(_SCRIPTS)
    speakers = draw(st.integers(1, 6))
    entries: list[dict[str, object]] = []
    time = draw(st.integers(0, 2_000))
    for _ in range(draw(st.integers(1, 60))):
        kind = draw(st.sampled_from(["word"] * 8 + ["event", "stuck", "swallow", "negative"]))
        speaker = f"speaker_{draw(st.integers(0, speakers - 1))}"
        if script == "cjk":
            text = draw(st.sampled_from(list("今日はいい天気ですね。どこだったっけ？")))
        else:
            text = draw(st.sampled_from(["Hello", "there,", "world.", "a", "extraordinary"]))
        length = {"stuck": 0, "swallow": 9_000, "negative": -1}.get(
            kind, draw(st.integers(20, 600))
        )
        if kind == "event":
            text, length = "(clicking)", draw(st.sampled_from([0, 500, 40_000]))
        start, end = time, time + length
        entries.append(
            {
                "text": text,
                "start": start / 1000,
                "end": end / 1000,
                "type": "audio_event" if kind == "event" else "word",
                "speaker_id": speaker,
            }
        )
        if script == "latin":
            entries.append(
                {
                    "text": " ",
                    "start": max(start, end) / 1000,
                    "end": max(start, end) / 1000,
                    "type": "spacing",
                    "speaker_id": speaker,
                }
            )
        time = max(start, end) + draw(st.sampled_from([0, 0, 30, 400, 4_000]))
    return {"language_code": "jpn" if script == "cjk" else "eng", "words": entries}


def _letters(text: str) -> list[str]:
    return sorted(ch for ch in text if ch.isalnum())


@settings(max_examples=60, deadline=None)
@given(payload=scribe(), preset=st.sampled_from(sorted(PRESETS)))
# A Hypothesis find: the first word ends 1 ms before it starts at 0, so the end is below 0.
@example(
    payload={
        "language_code": "eng",
        "words": [
            {"text": "Hello", "start": 0.0, "end": -0.001, "type": "word", "speaker_id": "s0"},
            {"text": " ", "start": 0.0, "end": 0.0, "type": "spacing", "speaker_id": "s0"},
        ],
    },
    preset="bbc",
)
def test_every_preset_holds_its_hard_rules_and_keeps_every_letter(
    payload: dict[str, object], preset: str
) -> None:
    layout = PRESETS[preset]
    parsed = subsync.parse(json.dumps(payload), options=ParseOptions(layout=layout))
    (document,) = parsed.documents
    said = "".join(str(e["text"]) for e in payload["words"])  # type: ignore[attr-defined]
    shown = "".join(cue.text for cue in document.cues)
    assert _letters(shown) == _letters(said)
    cues = document.cues
    assert all(c.end - c.start >= FLOOR_US for c in cues), cues
    if layout.max_duration_us:
        assert all(c.end - c.start <= layout.max_duration_us for c in cues)
    assert all(a.end <= b.start for a, b in itertools.pairwise(cues)), "overlap"
    short = sum(c.end - c.start < layout.min_duration_us for c in cues)
    if short > 0.02 * len(cues):
        assert any("shorter than the minimum" in n.message for n in parsed.notices)
    hard = [v for v in check(Document("x", None, cues), layout) if v.level == "error"]
    wide = {v.cue for v in hard if v.rule == "line-too-long"}
    assert all(v.rule == "line-too-long" for v in hard), hard
    # A line may only be too wide when it is one word longer than a line, said so.
    for number in wide:
        assert len(cues[number - 1].words) == 1 or any(
            "columns wide" in n.message for n in parsed.notices
        )
