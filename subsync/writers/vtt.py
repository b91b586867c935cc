"""WebVTT (.vtt) writer, through webvtt-py, with the escaping webvtt-py leaves to its caller."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import webvtt

from subsync.model import Cue, Document
from subsync.writers.common import DEFAULT_WRITE, WriteOptions, clock, speaker_name
from subsync.writers.karaoke import Shown, shown


def escape(text: str) -> str:
    """Escape text for a WebVTT cue; escaping ``>`` also keeps ``-->`` out of the payload.

    >>> escape("Fish & chips <3 --> go")
    'Fish &amp; chips &lt;3 --&gt; go'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def timestamp(ms: int) -> str:
    """A WebVTT timestamp, always with hours (some readers need them).

    >>> timestamp(3_723_004), timestamp(360_000_000)
    ('01:02:03.004', '100:00:00.000')
    """
    hours, minutes, seconds, millis = clock(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def write_vtt(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as WebVTT, speakers as ``<v Name>`` spans; no STYLE block, since
    ffmpeg 5 drops every cue after one. With ``karaoke`` each cue becomes one cue per word,
    the spoken word in ``<u>``.

    A speaker's name is written on one line: every run of whitespace in it (line breaks
    and blank lines included) becomes one space, and ``&``, ``<``, ``>`` are escaped, so a
    name can neither end the cue nor close its ``<v>`` span early.
    """
    return render_vtt(document, lambda cue: shown(cue, options.karaoke, escape))


def render_vtt(document: Document, cue_texts: Callable[[Cue], Iterable[Shown]]) -> str:
    """WebVTT of the cues ``cue_texts`` makes of each cue (payloads already escaped), each
    in its speaker's ``<v>`` span."""
    timed = []
    for cue in document.cues:
        speaker = speaker_name(cue)
        for item in cue_texts(cue):
            text = f"<v {escape(speaker)}>{item.text}</v>" if speaker else item.text
            timed.append((item.start, item.end, text))
    # Players list cues by start, then longest first; write them in that order too.
    timed.sort(key=lambda item: (item[0], -item[1]))
    vtt = webvtt.WebVTT()
    for start, end, text in timed:
        vtt.captions.append(webvtt.Caption(timestamp(start), timestamp(end), text))
    return vtt.content
