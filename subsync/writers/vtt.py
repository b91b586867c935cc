"""WebVTT (.vtt) writer: escaping, speaker spans, and the cue blocks webvtt-py would write."""

from __future__ import annotations

from subsync.model import Document
from subsync.writers.common import DEFAULT_WRITE, WriteOptions, display_lines, ms_span, speaker_name


def escape(text: str) -> str:
    """Escape text for a WebVTT cue; escaping ``>`` also keeps ``-->`` out of the payload.

    >>> escape("Fish & chips <3 --> go")
    'Fish &amp; chips &lt;3 --&gt; go'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def voice_tag(speaker: str) -> str:
    """The ``<v Name>`` tag that opens a speaker's span, the name escaped; a name ending in
    ``-`` is followed by a space (which readers strip from the name), since ``-->`` must
    not occur in a cue.

    >>> voice_tag("Ana & Bo"), voice_tag("--")
    ('<v Ana &amp; Bo>', '<v -- >')
    """
    name = escape(speaker)
    return f"<v {name} >" if name.endswith("-") else f"<v {name}>"


def timestamp(ms: int) -> str:
    """A WebVTT timestamp, always with hours (some readers need them).

    >>> timestamp(3_723_004), timestamp(360_000_000)
    ('01:02:03.004', '100:00:00.000')
    """
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def vtt_cues(document: Document) -> list[tuple[int, int, str]]:
    """Each cue with text as (start ms, end ms, payload), escaped, in the order players list
    cues: by start, then longest first.

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
            text = f"{voice_tag(speaker)}{text}</v>"
        timed.append((*ms_span(cue), text))
    timed.sort(key=lambda item: (item[0], -item[1]))
    return timed


def write_vtt(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as WebVTT, speakers as ``<v Name>`` spans; no STYLE block, since
    ffmpeg 5 drops every cue after one.

    The text is byte for byte what webvtt-py writes for the same cues (a Hypothesis
    property in the tests holds it to that); it is formatted here because building
    webvtt-py's captions, which parse their timestamps back, was most of the writer's time.
    """
    del options
    blocks = [
        f"\n{timestamp(start)} --> {timestamp(end)}\n{text}"
        for start, end, text in vtt_cues(document)
    ]
    return "WEBVTT\n" + "\n".join(blocks) + ("\n" if blocks else "")
