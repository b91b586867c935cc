"""Differential fuzzing: Hypothesis writes hostile cue lists through every SRT and WebVTT
format, and every independent reader must read back exactly the intended cues.

The "conformance-fast" profile (conftest.py) runs by default and in CI; ``SUBSYNC_FUZZ=long``
selects "conformance-long" for a local run. Each reader keeps one process for the whole
session (Chromium over its DevTools pipe, node's webvtt-parser), so a generated file costs
milliseconds; ffprobe is one process per file. The session summary counts the files each
reader read.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from subsync.batch.convert import Output, encoded
from subsync.errors import OutputError
from subsync.model import Cue, Document
from subsync.writers import FORMATS, WriteOptions
from tests.support.conformance import READ_COUNTS, Readers, check, expected, kind_of
from tests.support.helpers import formats_for

PROFILE = settings.get_profile(
    "conformance-long" if os.environ.get("SUBSYNC_FUZZ") == "long" else "conformance-fast"
)
HOUR_US = 3600 * 1_000_000

# Markup, escapes and arrows; line breaks and blank lines; spaces at the ends; RTL text
# and marks, combining marks, CJK, emoji sequences; lines that look like cue numbers,
# timings, headers or timestamp tags; a control character and a byte-order mark.
HOSTILE = [
    *("&", "&amp;", "&lt;", "&#32;", "&nbsp", "<", ">", "<b>", "</b>", "</v>", "<v Bob>"),
    *("<c.red>", "<00:00:01.000>", "-->", "- >", "--", "->", "\n", "\n\n", "\r\n", "\r"),
    *(" ", "  ", "\t", "\u00a0", "\u3000", "\u2028", "\x0b", "\x00", "\ufeff", "\u200b"),
    *("שלום", "مرحبا", "\u200f", "\u202e", "\u2067", "e\u0301", "a\u0308\u0323", "ก\u0e33"),
    *("日本語", "中文。", "한국어", "👩\u200d👩\u200d👧", "🇯🇵", "👍🏽", "❤\ufe0f"),
    *("12", "0", "WEBVTT", "NOTE", "STYLE", "00:00:01,000 --> 00:00:02,000", "{\\an8}"),
    *("00:00:01.000 00:00:02.000", "1\n00:00:05,000 --> 00:00:06,000"),
]
_anything = st.text(st.characters(codec="utf-8"), min_size=1, max_size=16)  # no surrogates
_long_line = st.integers(200, 3000).map(lambda n: ("Lorem ipsum & <dolor> " * n)[:n])
_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), _anything, _long_line), min_size=1, max_size=6
).map("".join)
_name = st.lists(st.one_of(st.sampled_from(HOSTILE), _anything), min_size=1, max_size=3).map(
    "".join
)

# Starts on whole seconds (so cues tie), near zero, anywhere in 99 hours, or, for one cue
# in twenty (so most SRT can still be written), around 100 hours; lengths of zero, under a
# millisecond, or seconds, so cues overlap.
_early = st.one_of(
    st.integers(0, 5).map(lambda s: s * 1_000_000),
    st.integers(0, 10_000_000),
    st.integers(0, 99 * HOUR_US),
)
_late = st.integers(99 * HOUR_US, 102 * HOUR_US)
_start = st.integers(0, 19).flatmap(lambda k: _late if k == 0 else _early)
_length = st.one_of(st.just(0), st.integers(0, 1_500), st.integers(0, 10_000_000))
_cue = st.builds(
    lambda start, length, lines, speaker: Cue(start, start + length, tuple(lines), speaker),
    start=_start,
    length=_length,
    lines=st.lists(_text, min_size=0, max_size=4),
    speaker=st.none() | _name,
)
# Documents keep their cues in time order, as every source does.
documents = st.lists(_cue, max_size=10).map(
    lambda cues: Document("fuzz", "en", tuple(sorted(cues, key=lambda c: (c.start, c.end))))
)

READERS = [(kind, name) for kind, names in Readers.NAMES.items() for name in names]
TEXT_FORMATS = [f for f in FORMATS.values() if kind_of(f)]
# ffprobe starts a process per file (about 0.1 s), so it sees a third of the examples.
PROCESS_PER_FILE = settings(PROFILE, max_examples=max(PROFILE.max_examples // 3, 1))


def _reader(request: pytest.FixtureRequest, readers: Readers) -> tuple[str, str]:
    kind, name = request.param
    readers.require(name)
    return kind, name


@pytest.fixture(
    scope="session",
    params=[r for r in READERS if r[1] != "ffprobe"],
    ids=lambda r: "-".join(r),
)
def reader(request: pytest.FixtureRequest, readers: Readers) -> tuple[str, str]:
    """(kind, reader name) of the in-process and long-running readers, skipped (or failed
    in CI) when that reader is missing."""
    return _reader(request, readers)


@pytest.fixture(
    scope="session", params=[r for r in READERS if r[1] == "ffprobe"], ids=lambda r: r[0]
)
def ffprobe_reader(request: pytest.FixtureRequest, readers: Readers) -> tuple[str, str]:
    """(kind, "ffprobe"), skipped (or failed in CI) when ffprobe is missing."""
    return _reader(request, readers)


def _round_trip(
    reader: tuple[str, str], readers: Readers, document: Document, labels: bool
) -> None:
    """Write the document in every format of the reader's kind and check what it reads."""
    kind, name = reader
    options = WriteOptions(speaker_labels=labels)
    want = expected(document, kind, options)
    for fmt in (f for f in TEXT_FORMATS if kind_of(f) == kind):
        try:
            data = encoded(Output("fuzz", fmt.write(document, options)), "fuzz")
        except OutputError as error:
            # SRT hours have two digits: refused, with the reason, never written wrong.
            assert kind == "srt" and "100 hours" in error.message
            assert max(end for _, end, _, _ in want) >= 100 * HOUR_US // 1000
            READ_COUNTS[("subsync", kind, "refused: past 100 hours")] += 1
            continue
        check(readers, name, kind, data, want, "generated")


_over_100_hours = Document("fuzz", None, (Cue(100 * HOUR_US, 100 * HOUR_US + 1, ("late",)),))
_tricky = Document(
    "fuzz",
    "en",
    (
        Cue(0, 0, ("a\0b",), speaker="Tom--"),
        Cue(0, 0, ("a\0b",), speaker="Tom--"),
        Cue(1_000_000, 2_000_000, ("日本語" * 1400,)),
    ),
)


def _generated(test: Callable[..., None]) -> Callable[..., None]:
    """Run a test on generated documents, with and without speaker labels, and on the
    hand-picked ones above."""
    test = example(document=_tricky, labels=True)(test)
    test = example(document=_over_100_hours, labels=False)(test)
    return given(document=documents, labels=st.booleans())(test)


@settings(PROFILE)
@_generated
def test_generated_cues_read_back_as_intended(
    reader: tuple[str, str], readers: Readers, document: Document, labels: bool
) -> None:
    _round_trip(reader, readers, document, labels)


@PROCESS_PER_FILE
@_generated
def test_generated_cues_read_back_in_ffprobe(
    ffprobe_reader: tuple[str, str], readers: Readers, document: Document, labels: bool
) -> None:
    _round_trip(ffprobe_reader, readers, document, labels)


_surrogate = st.integers(0xD800, 0xDFFF).map(chr)


@settings(PROFILE)
@given(before=_text, surrogate=_surrogate, after=_text)
def test_a_lone_surrogate_is_refused_cleanly_in_every_format(
    before: str, surrogate: str, after: str
) -> None:
    document = Document("fuzz", "en", (Cue(0, 1_000_000, (f"x{before}{surrogate}{after}",)),))
    # Every format that can hold the document (mouth cues need phonemes it has not).
    for fmt in (FORMATS[name] for name in formats_for([document])):
        # TTML and iTT may first refuse another character XML cannot hold, as cleanly.
        refusal = f"lone surrogate \\(U\\+{ord(surrogate):04X}\\)|XML 1.0 cannot hold"
        with pytest.raises(OutputError, match=refusal):
            encoded(Output(f"fuzz.{fmt.extension}", fmt.write(document, WriteOptions())), "fuzz")
