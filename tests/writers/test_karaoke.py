"""--karaoke: SRT and WebVTT as one cue per word, read back by cdown/srt and the W3C
webvtt-parser; the beats every word-level writer shares; and the warnings about cues that
cannot be highlighted."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import srt
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.cli import main
from subsync.model import Cue, Document, Word
from subsync.writers import FORMATS, WriteOptions
from subsync.writers.common import display_lines
from subsync.writers.karaoke import beats, word_warnings
from subsync.writers.srt import write_srt
from subsync.writers.vtt import write_vtt
from tests.support.helpers import INPUTS, intended, intended_tags, parse_fixture
from tests.support.readers import WebVTTValidator
from tests.support.word_strategies import timed_cue, timed_documents

ZWSP = "\u200b"
KARAOKE = WriteOptions(karaoke=True)
_slow = settings(max_examples=200)


def _ms(delta: datetime.timedelta) -> int:
    return round(delta.total_seconds() * 1000)


def _intended_karaoke(cue: Cue) -> list[tuple[int, int, str | None]]:
    """The cues one cue should become: back to back from its start through each word's tag
    to its end, each with the word it underlines first (None for the first, and for a cue
    without words, which stays whole)."""
    start, end, _ = intended(cue)
    tags = intended_tags(cue) if cue.words else []
    starts = [start, *(at for at, _ in tags)]
    firsts: list[str | None] = [None, *(word for _, word in tags)]
    return list(zip(starts, [*starts[1:], end], firsts, strict=True))


def _underlined(text: str) -> str:
    return "".join(re.findall(r"<u>(.*?)</u>", text, flags=re.DOTALL))


@_slow
@given(timed_documents, st.booleans())
def test_karaoke_srt_reads_back_in_cdown_srt_one_cue_per_word(
    document: Document, labels: bool
) -> None:
    read = list(srt.parse(write_srt(document, WriteOptions(speaker_labels=labels, karaoke=True))))
    index = 0
    for cue in document.cues:
        _, _, plain = intended(cue)
        if not plain:
            continue
        name = " ".join((cue.speaker or "").split())
        shown = f"{name}: {plain}" if labels and name else plain
        for start, end, first in _intended_karaoke(cue):
            got = read[index]
            index += 1
            assert (_ms(got.start), _ms(got.end)) == (start, end)
            content = got.content.replace(ZWSP, "")
            assert content.replace("<u>", "").replace("</u>", "") == shown.replace(ZWSP, "")
            if first is not None:
                assert _underlined(content).startswith(first.replace(ZWSP, ""))
    assert index == len(read)


@_slow
@given(document=timed_documents)
def test_karaoke_vtt_is_valid_and_reads_back_one_cue_per_word(
    document: Document,
    vtt_validator: WebVTTValidator,
) -> None:
    result = vtt_validator.parse(write_vtt(document, KARAOKE))
    assert result.errors == ()
    want = [
        (start, end, intended(cue)[2])
        for cue in document.cues
        if intended(cue)[2]
        for start, end, _ in _intended_karaoke(cue)
    ]
    got = [(round(c.start * 1000), round(c.end * 1000), c.plain) for c in result.cues]
    assert got == sorted(want, key=lambda c: (c[0], -c[1]))
    assert all(c.text.count("<u>") == c.text.count("</u>") for c in result.cues)


@_slow
@given(timed_cue())
def test_beats_hold_the_whole_shown_text_and_rise_strictly_inside_the_cue(cue: Cue) -> None:
    cut = beats(cue)
    assert cut is not None
    assert "".join(b.text for b in cut) == "\n".join(display_lines(cue))
    start, end, _ = intended(cue)
    times = [b.start for b in cut]
    assert times[0] == start
    assert times == sorted(set(times))
    assert all(t < end for t in times[1:])


def test_karaoke_srt_of_the_docs_clip_underlines_one_word_at_a_time() -> None:
    (document,) = parse_fixture("resemble_v1_docs_clip.json").documents
    text = write_srt(document, KARAOKE)
    assert text.startswith(
        "1\n00:00:00,023 --> 00:00:00,499\n<u>Resemble</u> increases productivity\n"
        "through an easy to use API.\n\n2\n00:00:00,499 --> 00:00:01,091\n"
        "Resemble <u>increases</u> productivity\n"
    )
    assert len(list(srt.parse(text))) == sum(len(c.words) for c in document.cues)


def test_karaoke_changes_nothing_without_words_and_the_others_ignore_it() -> None:
    english = parse_fixture("elevenlabs_dubbing_review.json").documents[0]
    assert write_srt(english, KARAOKE) == write_srt(english)
    assert write_vtt(english, KARAOKE) == write_vtt(english)
    for name in ("json", "vtt-words", "ass"):
        assert FORMATS[name].write(english, KARAOKE) == FORMATS[name].write(english)


def test_warnings_name_untimed_cues_and_estimated_word_times() -> None:
    english, _, french, _ = parse_fixture("elevenlabs_dubbing_review.json").documents
    (untimed,) = word_warnings(english, KARAOKE)
    assert untimed.startswith("6 of 6 cues have no word times")
    (estimated,) = word_warnings(french, KARAOKE)
    assert estimated.startswith(f"{sum(len(c.words) for c in french.cues)} words have no")
    (clip,) = parse_fixture("resemble_v1_docs_clip.json").documents
    assert word_warnings(clip, KARAOKE) == []
    assert FORMATS["srt"].warnings(english, WriteOptions()) == []
    assert FORMATS["srt"].warnings(english, KARAOKE) == [untimed]


def _convert(tmp_path: Path, *args: str) -> tuple[int, str]:
    source = str(INPUTS / "elevenlabs_dubbing_review.json")
    result = CliRunner().invoke(
        main, ["convert", source, "--lang", "en", "-o", str(tmp_path), *args]
    )
    return result.exit_code, result.stderr


def test_cli_warns_once_per_output_that_cannot_highlight_and_still_writes_every_cue(
    tmp_path: Path,
) -> None:
    code, stderr = _convert(tmp_path, "--to", "srt,vtt-words,ass", "--karaoke")
    assert code == 0
    warned = [line for line in stderr.splitlines() if "have no word times" in line]
    assert [line.split(": ")[3] for line in warned] == [
        "elevenlabs_dubbing_review.en.srt",
        "elevenlabs_dubbing_review.en.words.vtt",
        "elevenlabs_dubbing_review.en.ass",
    ]
    assert (
        "Welcome back to the channel."
        in (tmp_path / "elevenlabs_dubbing_review.en.ass").read_text()
    )
    code, stderr = _convert(tmp_path, "--to", "srt,vtt")
    assert "word times" not in stderr


def test_cli_help_lists_every_format_and_the_karaoke_option() -> None:
    output = CliRunner().invoke(main, ["convert", "--help"], terminal_width=100).output
    help_text = " ".join(output.replace("│", " ").split())
    assert "srt, vtt, json, vtt-words, ass" in help_text
    assert "--karaoke" in help_text


@pytest.mark.parametrize("relayout", [False, True])
def test_relayout_gives_elevenlabs_cues_estimated_words_to_highlight(
    tmp_path: Path, relayout: bool
) -> None:
    code, stderr = _convert(tmp_path, "--to", "vtt-words", *(["--relayout"] if relayout else []))
    text = (tmp_path / "elevenlabs_dubbing_review.en.words.vtt").read_text()
    assert code == 0
    assert ("<00:00:" in text.split("\n\n", 2)[1]) is relayout
    assert ("are estimated" in stderr) is relayout
    assert ("have no word times" in stderr) is not relayout


def test_a_word_the_text_does_not_hold_never_costs_text() -> None:
    cue = Cue(0, 1_000_000, ("a b",), words=(Word("zzz", 100_000, 1), Word("b", 500_000, 1)))
    assert [(b.start, b.text) for b in beats(cue) or []] == [(0, "a "), (500, "b")]


def test_scribe_words_are_measured_and_events_get_no_relayout_advice() -> None:
    # Scribe times every word itself (no grapheme track, nothing estimated), and --relayout
    # changes nothing for an audio event: neither is said.
    (document,) = parse_fixture("elevenlabs_stt_interview.json").documents
    warnings = word_warnings(document, WriteOptions())
    assert warnings == [
        "1 of 8 cues have no word times (audio events, or subtitle frames kept as edited), "
        "so they are written whole, without word highlighting"
    ]
