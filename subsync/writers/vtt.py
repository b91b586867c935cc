"""WebVTT (.vtt) writer: escaping, speaker spans, and the cue blocks webvtt-py would write."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeAlias

from subsync.times import vtt_time
from subsync.writers.common import (
    DEFAULT_WRITE,
    Shown,
    WriteOptions,
    display_text,
    ms_span,
    speaker_name,
)

if TYPE_CHECKING:
    from subsync.model import Cue, Document


def escape(text: str) -> str:
    """Escape text for a WebVTT cue; escaping ``>`` also keeps ``-->`` out of the payload.

    >>> escape("Fish & chips <3 --> go")
    'Fish &amp; chips &lt;3 --&gt; go'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def voice_tag(speaker: str) -> str:
    """The ``<v Name>`` tag that opens a speaker's span, the name escaped; a final ``-`` is
    written ``&#45;``, since a name ending ``--`` would make the tag's ``>`` into ``-->``,
    which no cue text may hold. (A space before the ``>`` would do too, but Chromium keeps
    it in the name.)

    >>> voice_tag("Ana & Bo"), voice_tag("Tom--")
    ('<v Ana &amp; Bo>', '<v Tom-&#45;>')
    """
    name = escape(speaker)
    return f"<v {name[:-1]}&#45;>" if name.endswith("-") else f"<v {name}>"


#: What becomes of one cue: the cues written for it, payloads escaped (see karaoke.shown).
CueTexts: TypeAlias = "Callable[[Cue], Iterable[Shown]]"


def plain(cue: Cue) -> Iterable[Shown]:
    """A cue written as one cue, its text escaped."""
    text = display_text(cue)
    if not text:
        return ()
    start, end = ms_span(cue)
    if "&" in text or "<" in text or ">" in text:
        text = escape(text)
    return (Shown(start, end, text),)


def vtt_cues(document: Document, cue_texts: CueTexts = plain) -> list[tuple[int, int, str]]:
    """The cues to write as (start ms, end ms, payload), each in its speaker's ``<v>`` span,
    in the order players list cues: by start, then longest first.

    A speaker's name is written on one line: every run of whitespace in it (line breaks
    and blank lines included) becomes one space, and ``&``, ``<``, ``>`` are escaped, so a
    name can neither end the cue nor close its ``<v>`` span early.
    """
    if cue_texts is plain:
        return _plain_rows(document)
    timed = []
    for cue in document.cues:
        speaker = speaker_name(cue) if cue.speaker else ""
        for item in cue_texts(cue):
            text = f"{voice_tag(speaker)}{item.text}</v>" if speaker else item.text
            timed.append((item.start, item.end, text))
    timed.sort(key=lambda item: (item[0], -item[1]))
    return timed


def _plain_rows(document: Document) -> list[tuple[int, int, str]]:
    """``vtt_cues(document, plain)`` in one loop: what :func:`plain` and ``vtt_cues`` do per
    cue, without a call or a tuple for each step (a long file has hundreds of thousands)."""
    timed = []
    for cue in document.cues:
        text = display_text(cue)
        if not text:
            continue
        text = plain_payload(text)
        if cue.speaker:
            speaker = speaker_name(cue)
            text = f"{voice_tag(speaker)}{text}</v>" if speaker else text
        start = (cue.start + 500) // 1000  # ms_span, inline
        end = (cue.end + 500) // 1000
        timed.append((start, end if end > start else start + 1, text))
    timed.sort(key=lambda item: (item[0], -item[1]))
    return timed


def plain_payload(text: str) -> str:
    """A cue's shown text as its payload: escaped where it must be.

    >>> plain_payload("a"), plain_payload("a & b")
    ('a', 'a &amp; b')
    """
    if "&" in text or "<" in text or ">" in text:
        return escape(text)
    return text


def render_vtt(document: Document, cue_texts: CueTexts = plain) -> str:
    """WebVTT of the cues ``cue_texts`` makes of each cue; no STYLE block, since ffmpeg 5
    drops every cue after one.

    The text is byte for byte what webvtt-py writes for the same cues (a Hypothesis
    property in the tests holds it to that); it is formatted here because building
    webvtt-py's captions, which parse their timestamps back, was most of the writer's time.
    """
    rows = vtt_cues(document, cue_texts)
    # Blocks joined a slice at a time: a long file's text then exists once as blocks and
    # once whole, not three times.
    pieces = []
    for at in range(0, len(rows), _ROWS_A_PIECE):
        starts, ends, texts = zip(*rows[at : at + _ROWS_A_PIECE], strict=True)
        pieces.append(vtt_piece(map(vtt_time, starts), map(vtt_time, ends), texts))
    del rows
    return vtt_file(pieces)


def vtt_piece(starts: Iterable[str], ends: Iterable[str], payloads: Iterable[str]) -> str:
    """Cue blocks (timestamps as written, payloads escaped) joined, for :func:`vtt_file`.

    >>> vtt_file([vtt_piece(["00:00:01.000"], ["00:00:02.000"], ["Hi"])])
    'WEBVTT\\n\\n00:00:01.000 --> 00:00:02.000\\nHi\\n'
    """
    return "\n".join(map("\n{} --> {}\n{}".format, starts, ends, payloads))


def vtt_file(pieces: list[str]) -> str:
    """The signature and the pieces (none empty), each block after a blank line, and a last
    newline. The signature is joined with them, not added after, so that the text is made
    once."""
    return "\n".join(["WEBVTT", *pieces, ""])


_ROWS_A_PIECE = 4096


def write_vtt(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as WebVTT, speakers as ``<v Name>`` spans. With ``karaoke`` each
    cue becomes one cue per word, the spoken word in ``<u>``."""
    if not options.karaoke:
        return render_vtt(document)
    from subsync.writers.karaoke import shown  # only karaoke needs it

    return render_vtt(document, lambda cue: shown(cue, escape, karaoke=options.karaoke))
