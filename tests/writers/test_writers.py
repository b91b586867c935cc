"""Writers: escaping rules, and Hypothesis round trips through readers that are not ours."""

from __future__ import annotations

import dataclasses
import datetime
import html
import io

import pysrt
import pysubs2
import pytest
import srt
import webvtt
from hypothesis import example, given, settings
from hypothesis import strategies as st

from subsync.errors import OutputError
from subsync.model import Cue, Document, Mark
from subsync.times import vtt_time
from subsync.writers import FORMATS, WriteOptions
from subsync.writers.srt import srt_cues, write_srt
from subsync.writers.vtt import vtt_cues, write_vtt
from tests.support.helpers import cues, intended_cues
from tests.support.readers import WebVTTValidator

ZWSP = "\u200b"
HOSTILE = ["&", "<b>", "</v>", "-->", "- >", "&amp;", "<", ">", "\n\n", " ", "\r\n", "\u200f"]
HOSTILE += ["שלום", "ما", "e\u0301", "日本語", "👩‍👩‍👧", "🇯🇵", "00:00:01,000 00:00:02,000", "12"]
# What a speaker's name may hold on top: a whole timing line, every kind of line break, and
# hyphens that the closing ">" of <v Name> would make an arrow.
HOSTILE_NAMES = [*HOSTILE, "00:00:05,000 --> 00:00:09,000", "\n", "\t", "\x0b", "\x85", "\u2028"]
HOSTILE_NAMES += ["--", "-"]
FORGED = "00:00:05,000 --> 00:00:09,000"


def _document(*cues: Cue) -> Document:
    return Document("test", "en", tuple(cues))


def test_vtt_escapes_text_and_speaker_and_never_writes_an_arrow_in_text() -> None:
    cue = Cue(0, 1_000_000, ("Fish & chips <3", "a --> b"), speaker="Tom & <Jerry>")
    text = write_vtt(_document(cue))
    assert text == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n"
        "<v Tom &amp; &lt;Jerry&gt;>Fish &amp; chips &lt;3\na --&gt; b</v>\n"
    )


def test_vtt_speaker_name_ending_in_a_hyphen_cannot_close_an_arrow(
    vtt_validator: WebVTTValidator,
) -> None:
    # "<v Jean-->" would hold "-->", which no cue text may (webvtt-py refuses to write it).
    text = write_vtt(_document(Cue(0, 1_000_000, ("Hi",), speaker="Jean--")))
    assert text.endswith("\n<v Jean-&#45;>Hi</v>\n")
    read = vtt_validator.parse(text)
    # webvtt-parser leaves references in a voice name as they are; the spec decodes them.
    voices = [tuple(html.unescape(v) for v in c.voices) for c in read.cues]
    assert (read.errors, voices, [c.plain for c in read.cues]) == ((), [("Jean--",)], ["Hi"])


def test_srt_keeps_every_character_and_breaks_arrows_invisibly() -> None:
    cue = Cue(1_000_000, 2_000_000, ("a --> b", "", "  c  "))
    assert write_srt(_document(cue)) == (f"1\n00:00:01,000 --> 00:00:02,000\na -{ZWSP}-> b\nc\n\n")


def test_srt_keeps_a_last_line_of_digits_from_looking_like_a_cue_number() -> None:
    cue = Cue(0, 1_000_000, ("Final score:", "12"))
    assert f"Final score:\n12{ZWSP}\n" in write_srt(_document(cue))


def test_srt_speaker_labels_only_when_asked() -> None:
    cue = Cue(0, 1_000_000, ("Hello",), speaker="Maya")
    assert "Maya" not in write_srt(_document(cue))
    assert "\nMaya: Hello\n" in write_srt(_document(cue), WriteOptions(speaker_labels=True))


def test_srt_speaker_label_cannot_forge_a_timing_line() -> None:
    cue = Cue(0, 1_000_000, ("Hello there",), speaker=FORGED)
    text = write_srt(_document(cue), WriteOptions(speaker_labels=True))
    assert "-->" not in text.split("\n", 2)[2]
    (event,) = pysubs2.SSAFile.from_string(text, format_="srt", keep_html_tags=True)
    assert (event.start, event.end) == (0, 1000)
    assert event.text.replace(ZWSP, "") == f"{FORGED}: Hello there"
    (sub,) = srt.parse(text)
    assert sub.content.replace(ZWSP, "") == f"{FORGED}: Hello there"


def test_speaker_names_are_collapsed_to_one_line_in_srt_and_vtt() -> None:
    cue = Cue(0, 1_000_000, ("Hi",), speaker=" Ana\n\nLucía\r\n  &\t<Bo> ")
    srt_text = write_srt(_document(cue), WriteOptions(speaker_labels=True))
    assert srt_text == "1\n00:00:00,000 --> 00:00:01,000\nAna Lucía & <Bo>: Hi\n\n"
    vtt_text = write_vtt(_document(cue))
    assert vtt_text.endswith("\n<v Ana Lucía &amp; &lt;Bo&gt;>Hi</v>\n")


def test_times_round_half_up_to_ms_and_never_last_zero_ms() -> None:
    cues = (Cue(1_000_500, 1_000_900, ("a",)), Cue(2_000_499, 2_999_500, ("b",)))
    text = write_srt(_document(*cues))
    assert "00:00:01,001 --> 00:00:01,002" in text
    assert "00:00:02,000 --> 00:00:03,000" in text


def test_srt_refuses_times_from_100_hours_and_vtt_writes_them() -> None:
    late = Cue(360_000_000_000, 360_001_000_000, ("late",))
    with pytest.raises(OutputError, match="100 hours"):
        write_srt(_document(late))
    assert "100:00:00.000 --> 100:00:01.000" in write_vtt(_document(late))


def test_empty_document_gives_a_header_only_vtt_and_an_empty_srt() -> None:
    assert write_vtt(_document()) == "WEBVTT\n"
    assert write_srt(_document()) == ""


def test_outputs_have_no_bom_and_no_style_block() -> None:
    document = _document(Cue(0, 1_000_000, ("x",), speaker="S"))
    document = dataclasses.replace(document, phonemes=(Mark("ɪ", 0, 1_000_000),))
    for fmt in FORMATS.values():
        text = fmt.write(document, WriteOptions())
        assert not text.startswith("\ufeff")
        assert "STYLE" not in text


# --- Hypothesis: arbitrary text and times survive a write and an independent read ---------


def _hostile_text(pieces: list[str], max_pieces: int) -> st.SearchStrategy[str]:
    """Text made of hostile pieces and arbitrary characters, joined."""
    any_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
    return st.lists(
        st.one_of(st.sampled_from(pieces), any_text), min_size=1, max_size=max_pieces
    ).map("".join)


_text = _hostile_text(HOSTILE, 6)
_speaker = _hostile_text(HOSTILE_NAMES, 4)

_cue = cues(_text, _speaker)
_documents = st.lists(_cue, max_size=8).map(
    lambda cues: _document(*sorted(cues, key=lambda c: (c.start, c.end)))
)
_slow = settings(max_examples=150)


def _ms(delta: datetime.timedelta) -> int:
    return round(delta.total_seconds() * 1000)


def _name(cue: Cue) -> str:
    """The speaker's name as the writers should show it: whitespace runs made one space."""
    return " ".join((cue.speaker or "").split())


def _intended_srt(document: Document, labels: bool) -> list[tuple[int, int, str]]:
    """The cues an SRT reader should get back, with ``Name: `` before the first line when
    speaker labels are on; zero-width spaces (the writer's protection) left out."""
    want = []
    for cue in document.cues:
        for start, end, text in intended_cues(_document(cue)):
            if labels and _name(cue):
                text = f"{_name(cue)}: {text}"
            want.append((start, end, text.replace(ZWSP, "")))
    return want


_hostile_speaker = _document(Cue(0, 1_000_000, ("Hello",), speaker=f"A\n\n{FORGED}\n"))


@_slow
@given(_documents, st.booleans())
@example(document=_hostile_speaker, labels=True)
def test_srt_round_trips_through_cdown_srt(document: Document, labels: bool) -> None:
    text = write_srt(document, WriteOptions(speaker_labels=labels))
    read = [(_ms(s.start), _ms(s.end), s.content.replace(ZWSP, "")) for s in srt.parse(text)]
    assert read == _intended_srt(document, labels)


@_slow
@given(_documents, st.booleans())
@example(document=_hostile_speaker, labels=True)
def test_srt_round_trips_through_pysubs2(document: Document, labels: bool) -> None:
    # pysubs2 turns `\N` and `{...}` into ASS markup, so compare only text without them.
    text = write_srt(document, WriteOptions(speaker_labels=labels))
    subs = pysubs2.SSAFile.from_string(text, format_="srt", keep_html_tags=True)
    read = [(e.start, e.end, e.text.replace("\\N", "\n").replace(ZWSP, "")) for e in subs]
    want = _intended_srt(document, labels)
    comparable = [i for i, (_, _, t) in enumerate(want) if "\\" not in t and "{" not in t]
    assert len(read) == len(want)
    assert [read[i] for i in comparable] == [want[i] for i in comparable]


@_slow
@given(document=_documents)
@example(document=_hostile_speaker)
def test_vtt_is_valid_and_round_trips_through_webvtt_parser(
    document: Document,
    vtt_validator: WebVTTValidator,
) -> None:
    result = vtt_validator.parse(write_vtt(document))
    assert result.errors == ()
    # The spec decodes character references in a voice name; webvtt-parser leaves them.
    read = [
        (round(c.start * 1000), round(c.end * 1000), c.plain, [html.unescape(v) for v in c.voices])
        for c in result.cues
    ]
    want = []
    for cue in document.cues:
        for start, end, text in intended_cues(_document(cue)):
            name = _name(cue)
            want.append((start, end, text, [name] if name else []))
    # Players (and this parser) order cues by start, then longest first.
    assert read == sorted(want, key=lambda c: (c[0], -c[1]))


# --- The SRT and WebVTT text is what pysrt and webvtt-py would write -----------------------


def _pysrt_text(document: Document, options: WriteOptions) -> str:
    """The SRT that pysrt writes for the writer's cues (the writer formats it itself)."""
    subs = pysrt.SubRipFile(eol="\n")
    for start, end, text in srt_cues(document, options):
        times = pysrt.SubRipTime.from_ordinal(start), pysrt.SubRipTime.from_ordinal(end)
        subs.append(pysrt.SubRipItem(len(subs) + 1, *times, text))
    out = io.StringIO()
    subs.write_into(out, eol="\n")
    return out.getvalue()


def _webvtt_py_text(document: Document) -> str:
    """The WebVTT that webvtt-py writes (and reads back to check) for the writer's cues."""
    vtt = webvtt.WebVTT()
    for start, end, text in vtt_cues(document):
        vtt.captions.append(webvtt.Caption(vtt_time(start), vtt_time(end), text))
    return vtt.content


# Past SRT's 100 hours too: WebVTT has no such bound.
_any_time_cue = cues(_text, _speaker, hours=400)


@_slow
@given(_documents, st.booleans())
def test_srt_is_byte_for_byte_what_pysrt_writes(document: Document, labels: bool) -> None:
    options = WriteOptions(speaker_labels=labels)
    assert write_srt(document, options) == _pysrt_text(document, options)


@_slow
@given(st.lists(_any_time_cue, max_size=8).map(lambda cues: _document(*cues)))
def test_vtt_is_byte_for_byte_what_webvtt_py_writes(document: Document) -> None:
    assert write_vtt(document) == _webvtt_py_text(document)
