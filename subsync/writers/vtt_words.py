"""WebVTT with a timestamp tag before each word: karaoke that players and browsers time."""

from __future__ import annotations

from collections.abc import Iterator

from subsync.model import Cue, Document
from subsync.times import vtt_time
from subsync.writers.common import DEFAULT_WRITE, Shown, WriteOptions, display_lines, ms_span
from subsync.writers.karaoke import beats, shown
from subsync.writers.vtt import escape, render_vtt


def tagged(cue: Cue) -> Iterator[Shown]:
    """The cue with ``<hh:mm:ss.ttt>`` before each beat after the first (which starts with
    the cue), so the tags rise strictly inside the cue; a cue without words is written
    whole.

    >>> from subsync.model import Word
    >>> words = (Word("a", 0, 1), Word("&", 300_000, 2), Word("b", 600_000, 6))
    >>> [item.text for item in tagged(Cue(0, 900_000, ("a & b",), words=words))]
    ['a <00:00:00.300>&amp; <00:00:00.600>b']
    """
    cut = beats(cue)
    if not cut or not display_lines(cue):
        yield from shown(cue, escape, karaoke=False)
        return
    first, *rest = cut
    text = escape(first.text) + "".join(f"<{vtt_time(b.start)}>{escape(b.text)}" for b in rest)
    yield Shown(*ms_span(cue), text)


def write_vtt_words(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as WebVTT with word timestamp tags, speakers as ``<v Name>``
    spans; the options change nothing (``karaoke`` is what this format always does)."""
    del options
    return render_vtt(document, tagged)
