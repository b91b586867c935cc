"""WebVTT (.vtt) writer, through webvtt-py, with the escaping webvtt-py leaves to its caller."""

from __future__ import annotations

import webvtt

from subsync.model import Document
from subsync.writers.common import DEFAULT_WRITE, WriteOptions, display_lines, ms_span, speaker_name


def escape(text: str) -> str:
    """Escape text for a WebVTT cue; escaping ``>`` also keeps ``-->`` out of the payload.

    >>> escape("Fish & chips <3 --> go")
    'Fish &amp; chips &lt;3 --&gt; go'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def voice(name: str) -> str:
    """A ``<v>`` annotation, escaped; a final ``-`` is written ``&#45;``, since a name
    ending ``--`` would make the tag's ``>`` into the ``-->`` that starts a timing line.

    >>> voice("Tom & Jerry--")
    'Tom &amp; Jerry-&#45;'
    """
    escaped = escape(name)
    return escaped[:-1] + "&#45;" if escaped.endswith("-") else escaped


def timestamp(ms: int) -> str:
    """A WebVTT timestamp, always with hours (some readers need them).

    >>> timestamp(3_723_004), timestamp(360_000_000)
    ('01:02:03.004', '100:00:00.000')
    """
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def write_vtt(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as WebVTT, speakers as ``<v Name>`` spans; no STYLE block, since
    ffmpeg 5 drops every cue after one.

    A speaker's name is written on one line: every run of whitespace in it (line breaks
    and blank lines included) becomes one space, and ``&``, ``<``, ``>`` are escaped, so a
    name can neither end the cue nor close its ``<v>`` span early.
    """
    timed = []
    for cue in document.cues:
        lines = [escape(line) for line in display_lines(cue)]
        if not lines:
            continue
        text = "\n".join(lines)
        speaker = speaker_name(cue)
        if speaker:
            text = f"<v {voice(speaker)}>{text}</v>"
        timed.append((*ms_span(cue), text))
    # Players list cues by start, then longest first; write them in that order too.
    timed.sort(key=lambda item: (item[0], -item[1]))
    vtt = webvtt.WebVTT()
    for start, end, text in timed:
        vtt.captions.append(webvtt.Caption(timestamp(start), timestamp(end), text))
    return vtt.content
