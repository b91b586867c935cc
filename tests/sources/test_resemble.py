"""Resemble clips: the docs example, v1/v2/bare wrappers, words, phonemes and bad times."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.errors import InputError
from subsync.sources import ParseOptions, read
from subsync.sources.rawjson import Node
from tests.support.helpers import INPUTS, parse_fixture

DOCS = "resemble_v1_docs_clip.json"


def _clip() -> dict[str, object]:
    loaded: dict[str, object] = json.loads((INPUTS / DOCS).read_text(encoding="utf-8"))
    return loaded


def test_docs_example_splits_at_the_break_and_balances_lines() -> None:
    (document,) = parse_fixture(DOCS).documents
    assert [cue.lines for cue in document.cues] == [
        ("Resemble increases productivity", "through an easy to use API."),
        ("What do you think?",),
    ]
    first, second = document.cues
    assert (first.start, first.end) == (23_200, 3_610_700)
    # Lengthened from 5.9931 s so that 18 characters read at 20 per second (the default).
    assert (second.start, second.end) == (5_180_400, 6_080_400)
    assert document.language is None
    assert document.source == "resemble"


def test_words_span_their_graphemes_min_start_to_max_end() -> None:
    (document,) = parse_fixture(DOCS).documents
    words = [w for cue in document.cues for w in cue.words]
    assert [w.text for w in words][:3] == ["Resemble", "increases", "productivity"]
    through = next(w for w in words if w.text == "through")
    # "through" has repeated spans ("thr", "ou", "gh" share times): min start, max end.
    assert (through.start, through.end) == (1_880_800, 2_055_000)
    assert through.graphemes is not None
    first, stop = through.graphemes
    assert "".join(m.text for m in document.graphemes[first:stop]) == "through"


def test_phoneme_words_attach_to_grapheme_words_when_counts_agree() -> None:
    (document,) = parse_fixture(DOCS).documents
    words = [w for cue in document.cues for w in cue.words]
    assert len(words) == 13
    spelled = []
    for word in words:
        assert word.phonemes is not None
        first, stop = word.phonemes
        spelled.append("".join(m.text for m in document.phonemes[first:stop]))
    assert spelled[0] == "ɹᵻzˈɛmbəl"
    assert spelled[-1] == "θˈɪŋk?"
    assert len(document.phonemes) == 92
    assert document.phonemes[0].start == 23_200


def test_every_grapheme_reaches_the_cues() -> None:
    for name in (DOCS, "resemble_v2_order_notice.json", "resemble_v2_japanese_notice.json"):
        (document,) = parse_fixture(name).documents
        spoken = "".join(m.text for m in document.graphemes if not m.text.isspace())
        shown = "".join("".join(line for cue in document.cues for line in cue.lines).split())
        assert shown == spoken, name


def test_v2_wrapper_and_bare_timestamps_read_the_same() -> None:
    clip = _clip()
    stamps = clip["audio_timestamps"]
    v2 = {"success": True, "item": {"uuid": "x", "body": clip["body"], "timestamps": stamps}}
    v1_doc = read(json.dumps(clip).encode(), "v1").documents[0]
    v2_doc = read(json.dumps(v2).encode(), "v2").documents[0]
    bare_doc = read(json.dumps(stamps).encode(), "bare").documents[0]
    assert v1_doc == v2_doc == bare_doc


def test_body_that_differs_from_the_graphemes_is_reported() -> None:
    clip = _clip()
    clip["body"] = "<speak>Something else entirely.</speak>"
    notices = read(json.dumps(clip).encode(), "x").notices
    assert [n.where for n in notices] == ["$.body"]


def test_docs_body_with_ssml_break_matches_its_graphemes() -> None:
    assert parse_fixture(DOCS).notices == ()


def test_times_that_look_like_milliseconds_are_refused_then_accepted_when_told() -> None:
    clip = _clip()
    stamps = clip["audio_timestamps"]
    assert isinstance(stamps, dict)
    for key in ("graph_times", "phon_times"):
        stamps[key] = [[round(s * 1000, 1), round(e * 1000, 1)] for s, e in stamps[key]]
    data = json.dumps(clip).encode()
    with pytest.raises(InputError, match="look like milliseconds") as caught:
        read(data, "ms.json")
    assert caught.value.where == "$.audio_timestamps"
    (document,) = read(data, "ms.json", options=ParseOptions(time_unit="ms")).documents
    assert document.cues[0].start == 23_200


def test_a_split_happens_at_a_pause_even_without_punctuation() -> None:
    chars = list("one two")
    times = [[0.1 * i, 0.1 * i + 0.1] for i in range(3)] + [[0.3, 0.35]]
    times += [[1.0 + 0.1 * i, 1.1 + 0.1 * i] for i in range(3)]
    raw = {"graph_chars": chars, "graph_times": times}
    (document,) = read(json.dumps(raw).encode(), "x").documents
    assert [cue.lines for cue in document.cues] == [("one",), ("two",)]


def test_cjk_clip_is_split_at_phrases_within_netflix_japanese_width() -> None:
    (document,) = parse_fixture("resemble_v2_japanese_notice.json").documents
    # 13 full-width characters a line (26 columns), broken between BudouX phrases.
    assert [cue.lines for cue in document.cues] == [
        ("こんにちは、", "サポートのアヴァです。"),
        ("ご注文の商品は本日", "発送されました。"),
        ("金曜日までに", "お届けする予定です。"),
    ]
    words = document.cues[0].words
    assert [w.text for w in words] == ["こんにちは、", "サポートの", "アヴァです。"]
    assert words[0].graphemes == (0, 6)


ITEM = "resemble_v2_item_timestamps.json"


def test_v2_item_without_its_envelope_is_detected_and_reads_like_the_wrapper() -> None:
    raw = json.loads((INPUTS / ITEM).read_text(encoding="utf-8"))
    assert set(raw) == {"timestamps"}
    bare = read(json.dumps(raw).encode(), "item").documents
    forced = read(json.dumps(raw).encode(), "item", source="resemble").documents
    wrapped = {"success": True, "item": {"uuid": "x", "timestamps": raw["timestamps"]}}
    assert bare == forced == read(json.dumps(wrapped).encode(), "v2").documents
    (document,) = bare
    assert [cue.lines for cue in document.cues] == [
        ("Good morning from the front desk.",),
        ("Your room is ready!",),
    ]
    words = [w for cue in document.cues for w in cue.words]
    assert all(w.phonemes is not None for w in words)


def test_errors_in_a_bare_v2_item_name_the_timestamps_path() -> None:
    raw = json.loads((INPUTS / ITEM).read_text(encoding="utf-8"))
    raw["timestamps"]["graph_times"][3] = [0.5, 0.2]
    with pytest.raises(InputError, match="ends") as caught:
        read(json.dumps(raw).encode(), "item.json")
    assert caught.value.where == "$.timestamps.graph_times[3]"
    raw["timestamps"]["graph_times"].pop()
    with pytest.raises(InputError, match="entries but graph_chars has") as caught:
        read(json.dumps(raw).encode(), "item.json")
    assert caught.value.where == "$.timestamps.graph_times"


def test_a_bare_v2_item_with_null_timestamps_says_the_timestamps_are_missing() -> None:
    with pytest.raises(InputError, match=r"no timing data \(timestamps is missing") as caught:
        read(b'{"timestamps": null, "body": "Hi"}', "item.json", source="resemble")
    assert caught.value.where == "$"


_json_number = (
    st.integers(-(10**400), 10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
    | st.text(max_size=2)
)


@settings(max_examples=300)
@given(st.lists(st.lists(_json_number, max_size=3) | _json_number, max_size=6))
def test_the_fast_span_check_agrees_with_the_element_walk(value: list[object]) -> None:
    """Node.spans takes a fast path for plain pairs; it must accept and refuse exactly
    what the element-by-element walk does, with the same error."""

    def outcome(run: Callable[[], object]) -> object:
        try:
            return run()
        except InputError as error:
            return str(error)

    root = Node(value)
    walked = outcome(lambda: [node.span() for node in root.elements()])
    assert outcome(root.spans) == walked
