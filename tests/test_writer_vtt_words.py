"""WebVTT with word timestamp tags: golden files and Hypothesis documents read back by the
W3C webvtt-parser, with the same words at the same times and every tag strictly rising."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import GOLDEN, golden_model, intended, intended_tags
from hypothesis import HealthCheck, example, given, settings
from word_strategies import timed_documents

from subsync.model import Cue, Document, Word
from subsync.writers.vtt_words import write_vtt_words

_slow = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_back(text: str, validator) -> list[tuple[int, int, str, list[tuple[int, str]]]]:  # type: ignore[no-untyped-def]
    """Each cue as (start, end, plain text, [(tag ms, text after the tag)]); no errors."""
    result = validator.parse(text)
    assert result.errors == ()
    cues = []
    for cue in result.cues:
        first, *tagged = cue.runs
        assert first[0] is None
        tags = [(round(at * 1000), run) for at, run in tagged if at is not None]
        assert len(tags) == len(tagged)
        assert first[1] + "".join(run for _, run in tags) == cue.plain
        cues.append((round(cue.start * 1000), round(cue.end * 1000), cue.plain, tags))
    return cues


def _check(document: Document, text: str, validator) -> int:  # type: ignore[no-untyped-def]
    """The file reads back as the document's cues, each tag at its word; the tag count."""
    got = _read_back(text, validator)
    shown = [cue for cue in document.cues if intended(cue)[2]]
    want = sorted(
        ((*intended(cue), intended_tags(cue)) for cue in shown), key=lambda c: (c[0], -c[1])
    )
    assert [(s, e, plain) for s, e, plain, _ in got] == [(s, e, t) for s, e, t, _ in want]
    for (start, end, _, tags), (*_, wanted) in zip(got, want, strict=True):
        times = [at for at, _ in tags]
        assert all(start < at < end for at in times)
        assert times == sorted(set(times))
        assert times == [at for at, _ in wanted]
        # Each tag sits just before its word.
        assert all(run.startswith(word) for (_, run), (_, word) in zip(tags, wanted, strict=True))
    return sum(len(tags) for *_, tags in got)


GOLDEN_WORDS = sorted(GOLDEN.glob("*.words.vtt"))


@pytest.mark.parametrize("path", GOLDEN_WORDS, ids=lambda p: p.name)
def test_golden_word_vtt_reads_back_with_every_word_at_its_time(path: Path, vtt_validator) -> None:  # type: ignore[no-untyped-def]
    document = golden_model(path, "words.vtt")
    tags = _check(document, path.read_text(encoding="utf-8"), vtt_validator)
    assert tags <= sum(len(cue.words) for cue in document.cues)
    if document.source == "resemble":
        assert tags > 0


def test_docs_clip_has_a_tag_before_every_word_but_the_first_of_each_cue() -> None:
    text = (GOLDEN / "resemble_v1_docs_clip.words.vtt").read_text(encoding="utf-8")
    assert (
        "Resemble <00:00:00.499>increases <00:00:01.091>productivity\n<00:00:01.881>through" in text
    )


def test_overlapping_and_outside_words_share_a_tag_rather_than_break_the_order() -> None:
    words = (
        Word("a", 900_000, 1_000_000),  # before the cue: starts with it, no tag
        Word("b", 1_400_000, 1_500_000),
        Word("c", 1_400_200, 1_500_000),  # same ms as b: lights up with b
        Word("d", 1_300_000, 1_500_000),  # earlier than b: lights up with b
        Word("e", 5_000_000, 5_100_000),  # after the cue: held at its last ms
    )
    cue = Cue(1_000_000, 2_000_000, ("a b", "c d e"), words=words)
    text = write_vtt_words(Document("t", None, (cue,)))
    assert text.endswith("00:00:01.000 --> 00:00:02.000\na <00:00:01.400>b\nc d <00:00:01.999>e\n")


def test_escapes_and_keeps_a_word_the_text_does_not_hold_with_the_beat_before() -> None:
    words = (Word("x", 0, 1), Word("<&>", 500_000, 1), Word("missing", 700_000, 1))
    cue = Cue(0, 1_000_000, ("x <&> y",), speaker="A & B", words=words)
    text = write_vtt_words(Document("t", None, (cue,)))
    assert "<v A &amp; B>x <00:00:00.500>&lt;&amp;&gt; y</v>" in text


@_slow
@given(document=timed_documents)
@example(
    document=Document("t", None, (Cue(0, 0, ("a b",), words=(Word("a", 0, 1), Word("b", 0, 1))),))
)
def test_any_word_timed_document_reads_back_valid_with_its_words_at_their_times(
    document: Document,
    vtt_validator,  # type: ignore[no-untyped-def]
) -> None:
    _check(document, write_vtt_words(document), vtt_validator)
