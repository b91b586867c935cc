"""SRT or WebVTT text to cues: read as players read it, or (``strict``) refused at the first
departure from the format, as subsync.subtitles does."""

from __future__ import annotations

import bisect
import re

from subsync.errors import SubsyncError
from subsync.model import Document
from subsync.sources.encoding import decode_text
from subsync.sources.findings import Finding
from subsync.sources.srt import read_srt
from subsync.sources.timed import TimedCue

# An SRT cue's start: an optional number line, then a timing line with hours.
# (Spaces go to \s* alone where no number line comes first: shared, they backtrack
# quadratically.) Compiled when first used (re keeps it): only WebVTT input needs it.
_SRT_SHAPED = r"\s*(?:[0-9]+[ \t]*(?:\r\n|\r|\n)[ \t]*)?[0-9]+:[0-9]+:[0-9]+[,.][0-9]"
_NO_SIGNATURE = ("SRT-shaped text without a WEBVTT line", "SRT-shaped texts without a WEBVTT line")


def srt_shaped(text: str) -> bool:
    """Whether text starts like an SRT cue (an optional number, then an hours timestamp).

    >>> srt_shaped("\\r\\n1\\r00:00:01,000 --> 00:00:02,000"), srt_shaped("00:01.000 --> 00:02.000")
    (True, False)
    """
    return re.match(_SRT_SHAPED, text) is not None


def read_cues(text: str, kind: str, *, strict: bool) -> tuple[list[TimedCue], list[Finding]]:
    """The cues of ``text`` read as ``kind`` ("srt" or "vtt"), in file order, and what was
    dropped or ignored; a WebVTT text without its signature that starts like SRT is read as
    SRT, with a finding that says so. ``strict`` refuses what the forgiving readers drop,
    and has no findings (line 0: the strict WebVTT reader cannot always name the line).
    """
    if strict:
        from subsync.sources.subtitles import read_srt as strict_srt
        from subsync.sources.subtitles import read_vtt as strict_vtt

        strict_read = strict_srt if kind == "srt" else strict_vtt
        return [TimedCue(cue, 0) for cue in strict_read(text)], []
    if kind == "srt":
        return read_srt(text)
    from subsync.sources.webvtt import SignatureError, read_webvtt  # only for WebVTT

    try:
        return read_webvtt(text)
    except SignatureError:
        if not srt_shaped(text):
            raise
    cues, findings = read_srt(text)
    findings.insert(0, Finding(_NO_SIGNATURE, "read as SRT", 1))
    return cues, findings


def read_subtitle_file(
    data: bytes, name: str, kind: str | None = None, encoding: str | None = None
) -> tuple[Document, list[tuple[int, Finding]], list[int]]:
    """An SRT or WebVTT file (``kind``, else WebVTT when it starts with WEBVTT, else SRT)
    read as players read it, cues in file order, each finding with the number of the cue
    it follows (0 before the first), and the line of each cue's timing line; errors name
    ``name``.

    >>> data = b"WEBVTT\\n\\n00:01.000 --> 00:02.000 a:b\\nHi"
    >>> document, found, lines = read_subtitle_file(data, "x")
    >>> [c.lines for c in document.cues], [(n, f.detail) for n, f in found], lines
    ([('Hi',)], [(1, 'a:b')], [3])
    """
    try:
        text = decode_text(data, encoding)
        chosen = kind or ("vtt" if text.startswith("WEBVTT") else "srt")
        timed, findings = read_cues(text, chosen, strict=False)
    except SubsyncError as error:
        raise error.located(name) from None
    lines = [t.line for t in timed]
    document = Document(chosen, None, tuple(t.cue for t in timed))
    return document, [(bisect.bisect_right(lines, f.line), f) for f in findings], lines
