"""subsync's own fixtures in the shapes of the real payloads' quirks (issue 16): a Scribe
transcript with a 44 s audio event, a question mark swallowing 9 s, a stuck run of
zero-length entries after 4.3 s of silence and an entry ending 1 ms before it starts; a
bare text-to-speech alignment with a 0.8 s digit, a 1.6 s newline and stuck last letters."""

from __future__ import annotations

import pytest

from subsync.layout.guarantee import FLOOR_US
from subsync.layout.presets import PRESETS
from subsync.layout.word_repair import LONG_EVENT, NEGATIVE, STUCK, SWALLOWED
from subsync.lint import check
from subsync.sources import ParseOptions
from tests.support.helpers import parse_fixture

SCRIBE = "elevenlabs_stt_quirks_ja.json"
BARE = "elevenlabs_tts_bare_alignment.json"


@pytest.mark.parametrize("preset", sorted(PRESETS))
@pytest.mark.parametrize("name", [SCRIBE, BARE])
def test_each_preset_keeps_its_promise_on_the_quirks(name: str, preset: str) -> None:
    layout = PRESETS[preset]
    (document,) = parse_fixture(name, ParseOptions(layout=layout)).documents
    cues = document.cues
    assert all(c.end - c.start >= max(FLOOR_US, layout.min_duration_us) for c in cues)
    if layout.max_duration_us:
        assert all(c.end - c.start <= layout.max_duration_us for c in cues)
    assert [v for v in check(document, layout) if v.level == "error"] == []


def test_the_scribe_quirks_are_repaired_each_counted_once() -> None:
    parsed = parse_fixture(SCRIBE)
    (document,) = parsed.documents
    assert document.language == "ja"
    said = [n.message for n in parsed.notices]
    for kind, count in ((NEGATIVE, 1), (LONG_EVENT, 2), (SWALLOWED, 2), (STUCK, 5)):
        assert [m for m in said if kind in m] == [f"timing repaired: {count} {kind}"]
    texts = ["".join(cue.lines) for cue in document.cues]
    # The word is never split between cues, and the question mark no longer hangs 9 s.
    assert "どこだったっけ？" in texts
    asked = document.cues[texts.index("どこだったっけ？")]
    assert asked.end - asked.start <= 2_500_000
    # The 1 ms "うん。うん。" now shows for at least the minimum.
    (agreed,) = [c for c in document.cues if "うん。うん。" in "".join(c.lines)]
    assert agreed.end - agreed.start >= PRESETS["default"].min_duration_us


def test_a_bare_alignment_reads_as_text_to_speech_with_its_pauses_kept_out_of_cues() -> None:
    parsed = parse_fixture(BARE)
    (document,) = parsed.documents
    assert document.source == "elevenlabs-tts"
    assert [cue.text for cue in document.cues] == ["Call me at 8.", "Then we talk."]
    # The digit's 0.8 s is cut to a plausible length; the newline's 1.6 s pause splits.
    assert document.cues[0].words[-1].end - document.cues[0].words[-1].start == 650_000
    assert [n.message for n in parsed.notices] == [f"timing repaired: 1 {SWALLOWED}"]
