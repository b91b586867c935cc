"""ElevenLabs dubbing resources: languages, speakers, frames as edited, text-only dubs, warnings."""

from __future__ import annotations

import json

import pytest

from subsync.errors import InputError
from subsync.sources import read
from tests.support.helpers import INPUTS, parse_fixture

REVIEW = "elevenlabs_dubbing_review.json"


def _resource() -> dict[str, object]:
    loaded: dict[str, object] = json.loads((INPUTS / REVIEW).read_text(encoding="utf-8"))
    return loaded


def _documents() -> dict[str | None, object]:
    return {d.language: d for d in parse_fixture(REVIEW).documents}


def test_one_document_per_language_with_text() -> None:
    languages = [d.language for d in parse_fixture(REVIEW).documents]
    assert languages == ["en", "es", "fr", "ja"]  # de has no dub text yet


def test_source_frames_are_kept_as_edited_sorted_by_time_with_speakers() -> None:
    english = parse_fixture(REVIEW).documents[0]
    assert [(c.start, c.end, c.lines, c.speaker) for c in english.cues] == [
        (520_000, 2_100_000, ("Welcome back to the channel.",), "Maya"),
        (2_200_000, 4_100_000, ("Today we're testing", "three budget microphones."), "Maya"),
        (4_300_000, 6_000_000, ("Our R&D budget was under $50",), "Daniel"),
        (6_050_000, 8_200_000, ("<b>total</b> --> so, cheap.",), "Daniel"),
        (8_000_000, 9_600_000, ("First up: the Fifine K669.",), "Maya"),
        (9_700_000, 11_500_000, ("It's plug-and-play, and honestly?", "It sounds great."), "Maya"),
    ]
    assert english.cues[0].segment == "seg_01HX3K9Q2A"


def test_dub_without_frames_is_laid_out_from_its_text_within_its_segment() -> None:
    french = parse_fixture(REVIEW).documents[2]
    assert french.language == "fr"
    assert french.cues[0].lines == ("Bon retour sur la chaîne.",)
    assert french.cues[1].lines == ("Aujourd'hui, nous testons", "trois micros bon marché.")
    assert french.cues[0].start == 520_000
    # The fr dub ends at 4.4 s, but the next starts at 4.45 s: the 83 ms gap is kept.
    assert french.cues[1].end == 4_450_000 - 83_000
    resource = _resource()
    segments = resource["speaker_segments"]
    assert isinstance(segments, dict)
    texts = sorted(
        (seg["dubs"]["fr"]["start_time"], seg["dubs"]["fr"]["text"]) for seg in segments.values()
    )
    words = " ".join(text for _, text in texts).split()
    assert [w.text for c in french.cues for w in c.words] == words
    assert all(w.graphemes is None for c in french.cues for w in c.words)


def test_warnings_name_the_place_and_the_problem() -> None:
    notices = parse_fixture(REVIEW).notices
    by_place = {n.where: n.message for n in notices}
    assert "falls outside its segment" in by_place["$.speaker_segments.seg_01HX3KA0B7.subtitles[1]"]
    assert "overlaps" in by_place["$.speaker_segments.seg_01HX3KB5C1.subtitles[0]"]
    assert "stale" in by_place["$.speaker_segments.seg_01HX3KB5C1.dubs.es"]
    assert "no text yet" in by_place["$.speaker_segments.seg_01HX3K9Q2A.dubs.de.text"]
    assert "no de output" in by_place["$.speaker_segments"]


def test_segment_in_no_track_has_no_speaker_and_frames_without_text_are_skipped() -> None:
    resource = _resource()
    resource["speaker_tracks"] = {}
    segments = resource["speaker_segments"]
    assert isinstance(segments, dict)
    segments["seg_01HX3K9Q2A"]["subtitles"][0]["lines"] = ["  ", ""]
    parsed = read(json.dumps(resource).encode(), "x.json")
    english = parsed.documents[0]
    assert all(c.speaker is None for c in english.cues)
    assert len(english.cues) == 5
    assert any("no text" in n.message for n in parsed.notices)


def test_frame_that_ends_before_it_starts_is_an_error_with_its_path() -> None:
    resource = _resource()
    segments = resource["speaker_segments"]
    assert isinstance(segments, dict)
    segments["seg_01HX3K9Q2A"]["subtitles"][1]["end_time"] = 1.0
    with pytest.raises(InputError) as caught:
        read(json.dumps(resource).encode(), "x.json")
    assert caught.value.where == "$.speaker_segments.seg_01HX3K9Q2A.subtitles[1].end_time"
    assert str(caught.value).startswith("x.json: $.speaker_segments")


def test_segment_ids_that_are_not_identifiers_are_quoted_in_paths() -> None:
    resource = _resource()
    segments = resource["speaker_segments"]
    assert isinstance(segments, dict)
    segments["seg one"] = segments.pop("seg_01HX3K9Q2A")
    segments["seg one"]["start_time"] = "soon"
    with pytest.raises(InputError) as caught:
        read(json.dumps(resource).encode(), "x.json")
    assert caught.value.where == '$.speaker_segments["seg one"].start_time'
    assert "expected a number, got a string 'soon'" in str(caught.value)


def test_relayout_rebuilds_frames_from_segment_text() -> None:
    from subsync.sources import ParseOptions

    data = (INPUTS / REVIEW).read_bytes()
    english = read(data, "x.json", options=ParseOptions(relayout=True)).documents[0]
    assert english.cues[0].lines == ("Welcome back to the channel.",)
    assert all(cue.words for cue in english.cues)
    words = [w.text for cue in english.cues for w in cue.words]
    assert words[:5] == ["Welcome", "back", "to", "the", "channel."]
    assert "R&D" in words
