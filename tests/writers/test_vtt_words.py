"""WebVTT with word timestamp tags: golden files and Hypothesis documents read back by the
W3C webvtt-parser, with the same words at the same times and every tag strictly rising."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings

from subsync.model import Cue, Document, Word
from subsync.writers.vtt_words import write_vtt_words
from tests.support.conformance import Readers
from tests.support.helpers import GOLDEN, golden_model, intended, intended_cues, intended_tags
from tests.support.readers import WebVTTValidator, ffmpeg_cues
from tests.support.word_strategies import timed_documents

_slow = settings(max_examples=200)


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
    """The file reads back in webvtt-parser as the document's cues; the tag count."""
    return _compare(document, _read_back(text, validator))


Read = list[tuple[int, int, str, list[tuple[int, str]]]]


def _compare(document: Document, got: Read, slack_ms: int = 0) -> int:
    """A reader got the document's cues, each tag at its word (within ``slack_ms``);
    returns the tag count."""
    shown = [cue for cue in document.cues if intended(cue)[2]]
    want = sorted(
        ((*intended(cue), intended_tags(cue)) for cue in shown), key=lambda c: (c[0], -c[1])
    )
    assert [(s, e, plain) for s, e, plain, _ in got] == [(s, e, t) for s, e, t, _ in want]
    for (start, end, _, tags), (*_, wanted) in zip(got, want, strict=True):
        times = [at for at, _ in tags]
        assert all(start < at < end for at in times)
        # With slack, two tags 1 ms apart may read back equal.
        assert times == sorted(times if slack_ms else set(times))
        assert len(times) == len(wanted)
        assert all(abs(at - want) <= slack_ms for at, (want, _) in zip(times, wanted, strict=True))
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
    vtt_validator: WebVTTValidator,
) -> None:
    _check(document, write_vtt_words(document), vtt_validator)


@pytest.mark.skipif(
    shutil.which("ffmpeg") is None,
    reason="ffmpeg not installed (apt-get install -y ffmpeg): the second WebVTT reader",
)
@pytest.mark.parametrize("path", GOLDEN_WORDS, ids=lambda p: p.name)
def test_golden_word_vtt_reads_back_in_ffmpeg_with_the_tags_dropped(path: Path) -> None:
    document = golden_model(path, "words.vtt")
    read = ffmpeg_cues(path)
    want = sorted(intended_cues(document), key=lambda c: (c[0], -c[1]))
    # ffmpeg turns WebVTT's escapes back into text and writes it as SRT, where a "<" is
    # markup to the reader, so texts holding one are compared by count and time only.
    assert [c[:2] for c in read] == [c[:2] for c in want]
    assert [r[2] for r, w in zip(read, want, strict=True) if "<" not in w[2]] == [
        w[2] for w in want if "<" not in w[2]
    ]


def _clock_ms(stamp: str) -> int:
    hours, minutes, seconds = stamp.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def test_chromium_reads_goldens_and_generated_documents_with_each_word_at_its_tag(
    readers: Readers,
) -> None:
    readers.require("chromium")
    generated: list[Document] = []

    @settings(max_examples=150, database=None)
    @given(document=timed_documents)
    def collect(document: Document) -> None:
        generated.append(document)

    collect()
    documents = [golden_model(p, "words.vtt") for p in GOLDEN_WORDS] + generated
    texts = [p.read_text(encoding="utf-8") for p in GOLDEN_WORDS]
    texts += [write_vtt_words(d) for d in generated]
    tags = 0
    # The session's one browser reads every file in one call.
    tracks = readers.browser().read([text.encode("utf-8") for text in texts])
    for document, track in zip(documents, tracks, strict=True):
        assert track.loaded
        cues = track.cues
        got = [
            (
                round(c.start * 1000),
                round(c.end * 1000),
                "".join(text for _, text in c.runs),
                [(_clock_ms(at), text) for at, text in c.runs[1:] if at is not None],
            )
            for c in cues
        ]
        # Chromium keeps a timestamp as a double and prints it back truncated to the ms
        # (00:00:01.019 reads back as 00:00:01.018), hence the 1 ms of slack; webvtt-parser
        # checks the exact times.
        tags += _compare(document, got, slack_ms=1)
    assert len(generated) == 150 and tags > 0
