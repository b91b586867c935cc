"""ElevenLabs forced alignment: words from the characters, the words array checked against
them, bad input, and no character lost."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.errors import InputError
from subsync.sources import ParseOptions, read_raw
from tests.support.helpers import INPUTS, parse_fixture

ALIGNED = "elevenlabs_forced_alignment.json"


def _load() -> dict[str, list[dict[str, object]]]:
    loaded: dict[str, list[dict[str, object]]] = json.loads(
        (INPUTS / ALIGNED).read_text(encoding="utf-8")
    )
    return loaded


def forced(text: str) -> dict[str, object]:
    """A forced alignment of ``text``: 60 ms a character, words between whitespace."""
    characters = [
        {"text": ch, "start": round(0.06 * i, 3), "end": round(0.06 * (i + 1), 3)}
        for i, ch in enumerate(text)
    ]
    words, offset = [], 0
    for word in text.split():
        first = text.index(word, offset)
        offset = first + len(word)
        start, end = characters[first]["start"], characters[offset - 1]["end"]
        words.append({"text": word, "start": start, "end": end, "loss": 0.1})
    return {"characters": characters, "words": words, "loss": 0.1}


def test_fixture_words_and_cues() -> None:
    parsed = parse_fixture(ALIGNED)
    (document,) = parsed.documents
    assert [cue.lines for cue in document.cues] == [
        ("The quick brown fox", "jumps over the lazy dog."),
        ("In 1999, the rain simply would not stop.",),
    ]
    assert (document.source, document.language, parsed.notices) == (
        "elevenlabs-alignment",
        None,
        (),
    )
    raw = _load()
    assert [m.text for m in document.graphemes] == [c["text"] for c in raw["characters"]]
    # the words built from the characters are the API's words, with the same times
    words = [w for cue in document.cues for w in cue.words]
    assert [(w.text, w.start / 1e6, w.end / 1e6) for w in words] == [
        (w["text"], w["start"], w["end"]) for w in raw["words"]
    ]


def test_words_that_do_not_spell_the_characters_are_reported() -> None:
    raw = _load()
    raw["words"][3]["text"] = "cat"
    parsed = read_raw(raw, ALIGNED)
    assert [(n.where, n.message) for n in parsed.notices] == [
        ("$.words", "the words do not spell the characters; the subtitles follow the characters")
    ]
    assert parsed.documents[0].cues[0].lines[0] == "The quick brown fox"


def test_tags_in_the_aligned_text_are_left_out_unless_kept() -> None:
    raw = forced("[sighs] Fine, I will go.")
    parsed = read_raw(raw, "fa.json")
    assert [cue.text for cue in parsed.documents[0].cues] == ["Fine, I will go."]
    assert parsed.notices[0].where == "$.characters"
    kept = read_raw(raw, "fa.json", options=ParseOptions(keep_tags=True))
    assert [cue.text for cue in kept.documents[0].cues] == ["[sighs] Fine, I will go."]


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (
            lambda r: r["characters"][2].pop("end"),
            "$.characters[2].end",
            "required field is missing",
        ),
        (
            lambda r: r["characters"][1].update(end=0.01),
            "$.characters[1].end",
            "ends (0.010 s) before it starts (0.060 s)",
        ),
        (
            lambda r: r["words"][0].update(start=-1),
            "$.words[0].start",
            "expected a time of 0 or more, got the number -1",
        ),
        (
            lambda r: r["characters"][0].update(text=None),
            "$.characters[0].text",
            "expected a string, got null",
        ),
        (lambda r: r.update(words={}), "$.words", "expected an array, got an object"),
    ],
)
def test_bad_alignments_name_the_field(change: object, where: str, message: str) -> None:
    raw = forced("Go now.")
    assert callable(change)
    change(raw)
    with pytest.raises(InputError) as caught:
        read_raw(raw, "fa.json", source="elevenlabs-alignment")
    assert (caught.value.where, caught.value.message) == (where, message)


@settings(max_examples=200)
@given(st.text(st.sampled_from("ab é日本。,.! \n[]"), min_size=1, max_size=80))
def test_no_character_is_lost_between_the_alignment_and_the_model(text: str) -> None:
    (document,) = read_raw(forced(text), "fa.json", options=ParseOptions(keep_tags=True)).documents
    assert "".join(m.text for m in document.graphemes) == text
    shown = "".join("".join(cue.lines) for cue in document.cues)
    assert "".join(shown.split()) == "".join(text.split())
