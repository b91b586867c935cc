"""Praat TextGrid (long text format): words, graphemes and phonemes as interval tiers."""

from __future__ import annotations

from subsync.model import Document
from subsync.times import exact_seconds
from subsync.writers.common import DEFAULT_WRITE, WriteOptions
from subsync.writers.tracks import Span, filled, tile, track


def quoted(text: str) -> str:
    """A Praat string: in double quotes, a quote inside doubled.

    >>> quoted('a "b" c')
    '"a ""b"" c"'
    """
    return '"' + text.replace('"', '""') + '"'


def tiers(document: Document) -> list[tuple[str, list[Span]]]:
    """The tiers the document has, by name: always ``words``, then ``graphemes`` and
    ``phonemes`` when it has those tracks; each tiled (tiers cannot overlap)."""
    named = [("words", tile(track(document, "word")))]
    if document.graphemes:
        named.append(("graphemes", tile(track(document, "grapheme"))))
    if document.phonemes:
        named.append(("phonemes", tile(track(document, "phoneme"))))
    return named


def _tier(index: int, name: str, spans: list[Span], end: int) -> list[str]:
    intervals = filled(spans, end)
    lines = [
        f"    item [{index}]:",
        '        class = "IntervalTier" ',
        f"        name = {quoted(name)} ",
        "        xmin = 0 ",
        f"        xmax = {exact_seconds(end)} ",
        f"        intervals: size = {len(intervals)} ",
    ]
    for number, span in enumerate(intervals, 1):
        lines += [
            f"        intervals [{number}]:",
            f"            xmin = {exact_seconds(span.start)} ",
            f"            xmax = {exact_seconds(span.end)} ",
            f"            text = {quoted(span.text)} ",
        ]
    return lines


def write_textgrid(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as a long-format TextGrid from 0 to its last time. Tiers cannot
    overlap, so each is tiled (see ``tracks.tile``: overlapping marks end where the next
    starts, marks that start together share an interval) and gaps become empty intervals,
    as Praat and the Montreal Forced Aligner write them; every character stays."""
    del options
    named = tiers(document)
    end = max((span.end for _, spans in named for span in spans), default=0)
    lines = [
        'File type = "ooTextFile"',
        'Object class = "TextGrid"',
        "",
        "xmin = 0 ",
        f"xmax = {exact_seconds(end)} ",
        "tiers? <exists> ",
        f"size = {len(named)} ",
        "item []: ",
    ]
    for index, (name, spans) in enumerate(named, 1):
        lines += _tier(index, name, spans, end)
    return "\n".join(lines) + "\n"
