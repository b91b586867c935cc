"""Readers nobody on this project wrote, each reduced to what a viewer gets, and the model's
own answer to compare them with."""

from __future__ import annotations

import datetime
import html
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, NoReturn

import pysubs2
import pytest
import srt

from subsync.model import Document
from subsync.writers import Format, WriteOptions
from tests.support.chromium import Chromium, chromium_unavailable
from tests.support.ffprobe import FFprobeError, ffprobe_unavailable, probe
from tests.support.helpers import intended, intended_name
from tests.support.readers import WebVTTValidator, webvtt_validator_available

#: In CI every reader must run: a missing one fails the test instead of skipping it.
REQUIRED = os.environ.get("SUBSYNC_REQUIRE_READERS") == "1"
#: The SRT writer's invisible guard inside arrows, timestamps and numbers.
ZWSP = "\u200b"

#: One cue as read back: start and end in ms, the text a viewer reads, the voice names.
Reading = tuple[int, int, str, tuple[str, ...]]

#: FFmpeg's SRT reader takes a text line in pieces of this many bytes.
_FFMPEG_LINE = 4095

#: Files each reader read this session, by (reader, kind, where the file came from).
READ_COUNTS: Counter[tuple[str, str, str]] = Counter()


def missing(reason: str) -> NoReturn:
    """Skip a test whose reader is missing, saying which; in CI, fail it instead."""
    if REQUIRED:
        pytest.fail(f"{reason} SUBSYNC_REQUIRE_READERS=1 makes this a failure.")
    pytest.skip(reason)


def kind_of(fmt: Format) -> str | None:
    """``vtt`` or ``srt`` for the formats these readers read, by extension; else None."""
    return fmt.extension if fmt.extension in ("vtt", "srt") else None


@dataclass(frozen=True)
class Read:
    """What a reader made of a file: its cues, and anything it complained about."""

    cues: list[Reading]
    problems: list[str]


def expected(document: Document, kind: str, options: WriteOptions) -> list[Reading]:
    """What every reader should get back, from the model and the rules in
    ``helpers.intended``: WebVTT cues in player order (start, then longest first) with the
    speaker as a voice; SRT cues in document order, ``Name: `` first when labels are on."""
    readings: list[Reading] = []
    for cue in document.cues:
        start, end, text = intended(cue)
        if not text:
            continue
        name = intended_name(cue)
        if kind == "vtt":
            readings.append((start, end, text, (name,) if name else ()))
        else:
            label = f"{name}: " if options.speaker_labels and name else ""
            readings.append((start, end, (label + text).replace(ZWSP, ""), ()))
    if kind == "vtt":
        readings.sort(key=lambda r: (r[0], -r[1]))
    return readings


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _td_ms(delta: datetime.timedelta) -> int:
    return delta // datetime.timedelta(milliseconds=1)


def _pysubs2_visible(text: str) -> bool:
    """pysubs2 reads SRT into ASS text, where ``\\N``-style escapes and ``{...}`` are
    markup; such text cannot come back verbatim, so only its times are compared."""
    return "\\" not in text and "{" not in text


def _srt_cues(data: bytes) -> Read:
    subs = srt.parse(data.decode("utf-8"))
    return Read(
        [(_td_ms(s.start), _td_ms(s.end), s.content.replace(ZWSP, ""), ()) for s in subs], []
    )


def _pysubs2_cues(data: bytes) -> Read:
    subs = pysubs2.SSAFile.from_string(data.decode("utf-8"), format_="srt", keep_html_tags=True)
    cues: list[Reading] = []
    for event in subs:
        text = event.text.replace("\\N", "\n").replace(ZWSP, "")
        cues.append((event.start, event.end, text, ()))
    return Read(cues, [])


def _webvtt_payload(data: str) -> tuple[str, tuple[str, ...]]:
    """ffmpeg keeps a WebVTT payload as written; decode the little subsync writes (tags,
    ``&amp; &lt; &gt;``) to compare it. Every ``<`` in text is escaped, so each ``<``
    starts a tag."""
    voices = tuple(html.unescape(v) for v in re.findall(r"<v(?:\.[^ >]*)? ([^>]*)>", data))
    return html.unescape(re.sub(r"<[^>]*>", "", data)), voices


def _ffprobe_cues(data: bytes, kind: str) -> Read:
    if not data.strip(b"\n") and kind == "srt":
        # An SRT without cues is an empty file, which ffmpeg calls "Invalid data".
        return Read([], [])
    try:
        packets = probe(data, kind)
    except FFprobeError as error:
        return Read([], [f"ffprobe: {error}"])
    if kind == "srt":
        return Read([(p.start, p.end, p.data.replace(ZWSP, ""), ()) for p in packets], [])
    return Read([(p.start, p.end, *_webvtt_payload(p.data)) for p in packets], [])


class Readers:
    """Every reader, the slow-to-start ones (Chromium, node) started once, on first use."""

    #: The readers of each kind, by name.
    NAMES: ClassVar[dict[str, tuple[str, ...]]] = {
        "vtt": ("chromium", "webvtt-parser", "ffprobe"),
        "srt": ("srt", "pysubs2", "ffprobe"),
    }

    def __init__(self) -> None:
        self._chromium: Chromium | None = None
        self._validator: WebVTTValidator | None = None

    @staticmethod
    def unavailable(name: str) -> str | None:
        """Why a reader cannot run here, or None."""
        checks: dict[str, Callable[[], str | None]] = {
            "chromium": chromium_unavailable,
            "webvtt-parser": webvtt_validator_available,
            "ffprobe": ffprobe_unavailable,
        }
        return checks.get(name, lambda: None)()

    def require(self, name: str) -> None:
        """Skip (or in CI fail) the calling test when the reader is missing."""
        reason = self.unavailable(name)
        if reason is not None:
            missing(reason)

    def read(self, name: str, kind: str, data: bytes, origin: str) -> Read:
        """Read one file with one reader; ``origin`` only labels the session's counts."""
        READ_COUNTS[(name, kind, origin)] += 1
        if name == "chromium":
            return self._browser(data)
        if name == "webvtt-parser":
            return self._validate(data)
        if name == "ffprobe":
            return _ffprobe_cues(data, kind)
        return _srt_cues(data) if name == "srt" else _pysubs2_cues(data)

    def browser(self) -> Chromium:
        """The session's Chromium, started on first use (for reading many files at once)."""
        if self._chromium is None:
            self._chromium = Chromium()
        return self._chromium

    def _browser(self, data: bytes) -> Read:
        (track,) = self.browser().read([data])
        cues = [
            (
                _ms(c.start),
                _ms(c.end),
                c.plain,
                tuple(t for tag, t in c.tags if tag == "span" and t),
            )
            for c in track.cues
        ]
        return Read(cues, [] if track.loaded else ["the track failed to load"])

    def _validate(self, data: bytes) -> Read:
        if self._validator is None:
            self._validator = WebVTTValidator()
        result = self._validator.parse(data.decode("utf-8"))
        # The spec decodes character references in a voice name; webvtt-parser does not.
        cues = [
            (_ms(c.start), _ms(c.end), c.plain, tuple(html.unescape(v) for v in c.voices))
            for c in result.cues
        ]
        return Read(cues, list(result.errors))

    def close(self) -> None:
        """Stop the browser and the node server, if they were started."""
        if self._chromium is not None:
            self._chromium.close()
        if self._validator is not None:
            self._validator.close()


def comparable(
    name: str, got: list[Reading], want: list[Reading]
) -> tuple[list[Reading], list[Reading]]:
    """Both lists with the text a reader cannot show verbatim (a documented quirk) masked
    on both sides, where the intended text has it."""
    if name == "ffprobe":
        # FFmpeg's subtitle queue drops a packet equal to the one before it (same start,
        # duration and text: drop_dups in libavformat/subtitles.c), so a repeated cue shows once.
        want = [r for i, r in enumerate(want) if i == 0 or r != want[i - 1]]
        if len(got) != len(want):
            return got, want
        long = [_has_long_line(w[2]) for w in want]
        return _unbroken(got, long), _unbroken(want, long)
    if name != "pysubs2" or len(got) != len(want):
        return got, want
    hidden = [not _pysubs2_visible(w[2]) for w in want]
    return _masked(got, hidden), _masked(want, hidden)


def _has_long_line(text: str) -> bool:
    return any(len(line.encode("utf-8")) > _FFMPEG_LINE for line in text.split("\n"))


def _unbroken(readings: list[Reading], long: list[bool]) -> list[Reading]:
    """Readings with the line breaks of long-lined cues removed, byte-wise (FFmpeg's SRT
    reader reads a line in pieces of 4095 bytes and puts a line break after each piece,
    even inside a UTF-8 sequence)."""
    unbroken = []
    for (s, e, t, v), is_long in zip(readings, long, strict=True):
        if is_long:
            data = t.encode("utf-8", "surrogateescape").replace(b"\n", b"")
            t = data.decode("utf-8", "surrogateescape")
        unbroken.append((s, e, t, v))
    return unbroken


def _masked(readings: list[Reading], hidden: list[bool]) -> list[Reading]:
    return [
        (s, e, "<ASS markup>" if h else t, v)
        for (s, e, t, v), h in zip(readings, hidden, strict=True)
    ]


def check(
    readers: Readers, name: str, kind: str, data: bytes, want: list[Reading], origin: str
) -> None:
    """Assert that a reader read the file cleanly and got exactly the intended cues: none
    lost, none split, no text changed, every time to the millisecond."""
    read = readers.read(name, kind, data, origin)
    assert read.problems == [], f"{name} complained"
    got, want = comparable(name, read.cues, want)
    assert got == want, f"{name} read other cues"
