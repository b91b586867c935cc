"""What the track writers share: timed labels at a level, tiled so they never overlap."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from subsync.errors import OutputError
from subsync.model import Document
from subsync.writers.common import TrackLevel, display_lines


@dataclass(frozen=True, slots=True)
class Span:
    """One timed label; ``end`` may be before the next span's start (a gap) or after it."""

    start: int
    end: int
    text: str


def words(document: Document) -> list[Span]:
    """Every timed word; a cue without timed words (an ElevenLabs frame) counts as one
    span of its lines joined by spaces, so every cue's text is in the track."""
    spans: list[Span] = []
    for cue in document.cues:
        if cue.words:
            spans.extend(Span(w.start, w.end, w.text) for w in cue.words)
        else:
            spans.append(Span(cue.start, cue.end, " ".join(display_lines(cue))))
    return spans


def track(document: Document, level: TrackLevel) -> list[Span]:
    """The spans of one level: words (see :func:`words`), or the grapheme or phoneme track;
    an OutputError when the document has no such track."""
    if level == "word":
        return words(document)
    marks = document.graphemes if level == "grapheme" else document.phonemes
    if not marks:
        other = "word" if level == "grapheme" else "word or grapheme"
        raise OutputError(missing(f"{level} times", document, f"use --label-level {other}"))
    return [Span(m.start, m.end, m.text) for m in marks]


def missing(what: str, document: Document, todo: str) -> str:
    """Why a document has no graphemes or phonemes, and what to do instead."""
    why = "its input holds none"
    if document.source.startswith("elevenlabs"):
        why = "ElevenLabs gives no character times"
    elif document.graphemes:
        why = "the Resemble model returned empty phon_chars, as newer models do"
    return f"this {document.source} document has no {what} ({why}): {todo}"


def tile(spans: Iterable[Span]) -> list[Span]:
    """Spans that never overlap, for formats whose intervals must not (TextGrid tiers,
    mouth cues): spans sorted by start; spans that start together become one, their texts
    joined in order; each ends where it ends or where the next starts, whichever is first;
    a span of no length runs to the next start (the last keeps 1 µs).

    >>> spans = tile([Span(0, 5, "T"), Span(0, 5, "h"), Span(3, 9, "e"), Span(12, 12, ".")])
    >>> [(s.start, s.end, s.text) for s in spans]
    [(0, 3, 'Th'), (3, 9, 'e'), (12, 13, '.')]
    """
    grouped: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if grouped and grouped[-1].start == span.start:
            last = grouped[-1]
            grouped[-1] = Span(last.start, max(last.end, span.end), last.text + span.text)
        else:
            grouped.append(span)
    tiled = []
    for index, span in enumerate(grouped):
        following = grouped[index + 1].start if index + 1 < len(grouped) else None
        end = span.end
        if following is not None and (end > following or end <= span.start):
            end = following
        tiled.append(Span(span.start, max(end, span.start + 1), span.text))
    return tiled


def filled(spans: Sequence[Span], end: int, blank: str = "") -> list[Span]:
    """Tiled spans with the gaps before, between and after them (up to ``end``) filled by
    ``blank`` spans, so that they cover 0 to ``end`` with no hole.

    >>> filled([Span(2, 3, "a")], 5)
    [Span(start=0, end=2, text=''), Span(start=2, end=3, text='a'), Span(start=3, end=5, text='')]
    """
    out = []
    time = 0
    for span in spans:
        if span.start > time:
            out.append(Span(time, span.start, blank))
        out.append(span)
        time = span.end
    if end > time:
        out.append(Span(time, end, blank))
    return out
