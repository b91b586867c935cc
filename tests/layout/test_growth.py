"""Layout cost grows as n log n at most: steps (function calls) counted, never time."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from types import FrameType

from hypothesis import example, given, settings
from hypothesis import strategies as st

import subsync
from subsync.layout.cues import Piece, build_cues, words_from_text
from subsync.layout.presets import PRESETS
from subsync.sources import ParseOptions


def _steps(work: Callable[[], object]) -> int:
    """Python and C function calls made by ``work``: deterministic, unlike a clock."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def _segment(words: int, seconds_per_word: float, vocabulary: list[str]) -> list[Piece]:
    # One dubbing segment's text spread over its time, as for a dub with no frames.
    text = " ".join(vocabulary[i % len(vocabulary)] for i in range(words))
    return list(words_from_text(text, 0, round(words * seconds_per_word * 1_000_000)))


@settings(max_examples=6, deadline=None)
@example(preset="bbc", seconds_per_word=1.5, vocabulary=["aaaa", "a", "a"])
@example(preset="elevenlabs", seconds_per_word=0.4, vocabulary=["a", "a", "aaaa", "aaaaaa"])
@given(
    preset=st.sampled_from(sorted(PRESETS)),
    seconds_per_word=st.sampled_from([0.02, 0.4, 1.5]),
    vocabulary=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz,.", min_size=1, max_size=18).filter(
            lambda w: w.strip(",.")
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_doubling_the_words_at_most_doubles_the_steps(
    preset: str, seconds_per_word: float, vocabulary: list[str]
) -> None:
    layout = PRESETS[preset]
    segments = [_segment(n, seconds_per_word, vocabulary) for n in (300, 600, 1_200)]
    steps = [_steps(partial(build_cues, words, layout)) for words in segments]
    # Where a cue or chunk boundary falls moves with the size, so one doubling alone can
    # cost 2.5x (400 -> 800 words of "aaaa a a" under bbc) while the next costs 1.8x; two
    # doublings summed smooth that out and still fail at once on quadratic work (4x).
    assert steps[1] + steps[2] <= 2.2 * (steps[0] + steps[1]), steps


def test_one_segment_of_3200_long_words_is_laid_out_whole() -> None:
    words = _segment(3_200, 0.02, ["internationalization", "responsibilities,"])
    cues = build_cues(words, PRESETS["default"])
    assert " ".join(" ".join(cue.lines) for cue in cues).split() == [
        piece.word.text for piece in words
    ]


def _scribe(words: int, script: str) -> dict[str, object]:
    """A Scribe transcript in the real shape: two speakers taking turns, zero-length runs,
    a word that swallows silence, an audio event now and then."""
    entries: list[dict[str, object]] = []
    time = 0.0
    letters = "今日はいい天気ですね。どこだったっけ？" if script == "cjk" else None
    for index in range(words):
        speaker = f"speaker_{index // 40 % 2}"
        text = letters[index % len(letters)] if letters else ("word", "other,", "end.")[index % 3]
        length = 0.0 if index % 17 == 0 else 6.0 if index % 53 == 0 else 0.15
        kind = "audio_event" if index % 97 == 0 else "word"
        entries.append(
            {"text": text, "start": time, "end": time + length, "type": kind, "speaker_id": speaker}
        )
        if not letters:
            entries.append({"text": " ", "start": time + length, "end": time + length,
                            "type": "spacing", "speaker_id": speaker})  # fmt: skip
        time += length + (0.6 if index % 23 == 0 else 0.02)
    return {"language_code": "jpn" if letters else "eng", "words": entries}


@settings(max_examples=4, deadline=None)
@given(preset=st.sampled_from(sorted(PRESETS)), script=st.sampled_from(["cjk", "latin"]))
def test_the_whole_speech_pipeline_grows_n_log_n(preset: str, script: str) -> None:
    # Repair, phrases, cue building and the preset's promise, from the parser on.
    options = ParseOptions(layout=PRESETS[preset])
    small, large = _scribe(600, script), _scribe(1_200, script)
    subsync.parse(_scribe(50, script), options=options)  # BudouX's model loads once, uncounted
    small_steps = _steps(lambda: subsync.parse(small, options=options))
    large_steps = _steps(lambda: subsync.parse(large, options=options))
    assert large_steps <= 2.2 * small_steps, (small_steps, large_steps)
