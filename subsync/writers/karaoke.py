"""Word highlighting shared by the word-level writers: a cue's shown text cut into beats."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from subsync.frozen import NamedTuple
from subsync.model import Cue, Document, us_to_ms
from subsync.writers.common import Shown, WriteOptions, display_lines, ms_span


class Beat(NamedTuple):
    """A run of a cue's shown text that lights up at ``start`` (ms): a word, with the
    spacing or line break after it, or several words that cannot have a moment of their own.
    """

    start: int
    text: str


def beats(cue: Cue) -> list[Beat] | None:
    """The cue's shown text (lines joined by ``\\n``) cut before each word that has a moment
    of its own; None when the cue has no words to time it by.

    The beats' texts joined are always the whole shown text: a word that cannot be found
    in it (or any text between words) stays with the beat before. The first beat starts with
    the cue; the others start strictly later, each strictly after the one before and before
    the cue ends, as WebVTT requires of timestamp tags. Word starts are clamped into the cue
    (timing repair and frame snapping move cue edges, not words), and a word that would not
    start strictly later than the beat before (Resemble's overlapping spans, rounding to ms)
    lights up with it, rather than being given a time it does not have.

    >>> from subsync.model import Word
    >>> cue = Cue(0, 900_000, ("Hi there,", "you"), words=(
    ...     Word("Hi", 0, 200_000), Word("there,", 0, 400_000), Word("you", 500_000, 950_000)))
    >>> beats(cue)
    [Beat(start=0, text='Hi there,\\n'), Beat(start=500, text='you')]
    """
    if not cue.words:
        return None
    text = "\n".join(display_lines(cue))
    start, end = ms_span(cue)
    cuts = [(0, start)]
    position = 0
    for word in cue.words:
        needle = word.text.strip()
        found = text.find(needle, position) if needle else -1
        if found < 0:
            continue
        position = found + len(needle)
        at = min(max(us_to_ms(word.start), start), end - 1)
        if at > cuts[-1][1]:
            cuts.append((found, at))
    stops = [offset for offset, _ in cuts[1:]] + [len(text)]
    return [Beat(at, text[offset:stop]) for (offset, at), stop in zip(cuts, stops, strict=True)]


def emphasised(text: str, escape: Callable[[str], str], tag: str) -> str:
    """Text escaped, each line's words (not the spaces or line breaks around them) wrapped in
    ``<tag>``, so no tag spans a line break.

    >>> emphasised("a <b\\nc ", lambda s: s.replace("<", "&lt;"), "u")
    '<u>a &lt;b</u>\\n<u>c</u> '
    """
    parts = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            parts.append(escape(line))
            continue
        head, _, tail = line.partition(core)
        parts.append(f"{escape(head)}<{tag}>{escape(core)}</{tag}>{escape(tail)}")
    return "\n".join(parts)


#: The tag that marks the word being spoken: underlining changes no glyph's width, so the
#: line does not shift as it moves (bold would), and SRT players and WebVTT renderers both
#: draw ``<u>``.
HIGHLIGHT = "u"


def shown(cue: Cue, escape: Callable[[str], str], *, karaoke: bool) -> Iterator[Shown]:
    """The cue as written: one cue with the text escaped, or with ``karaoke`` one cue per
    beat, the whole text shown and the beat's words underlined, back to back over the cue's
    time. A cue without words is written whole (``word_warnings`` tells the user)."""
    lines = display_lines(cue)
    if not lines:
        return
    start, end = ms_span(cue)
    cut = beats(cue) if karaoke else None
    if not cut:
        yield Shown(start, end, "\n".join(escape(line) for line in lines))
        return
    stops = [beat.start for beat in cut[1:]] + [end]
    for index, (beat, stop) in enumerate(zip(cut, stops, strict=True)):
        text = "".join(
            emphasised(b.text, escape, HIGHLIGHT) if i == index else escape(b.text)
            for i, b in enumerate(cut)
        )
        yield Shown(beat.start, stop, text)


#: Sources whose words are timed by the API itself, not spread by length.
_MEASURED_WORDS = frozenset({"elevenlabs-stt"})


def word_warnings(document: Document, options: WriteOptions) -> list[str]:
    """What a word-level output cannot show as asked: cues without word times (written
    whole, unhighlighted) and word times that were estimated rather than measured."""
    del options
    shown_cues = [cue for cue in document.cues if display_lines(cue)]
    untimed = [cue for cue in shown_cues if not cue.words]
    # Scribe's word times are measured (it has no grapheme track, but needs none).
    measured = document.source in _MEASURED_WORDS
    estimated = 0 if measured else sum(w.graphemes is None for c in shown_cues for w in c.words)
    warnings = []
    if untimed:
        # --relayout changes frames kept as edited and subtitle files, not audio events.
        helps = document.source in ("srt", "vtt") or any(c.segment for c in untimed)
        advice = (
            "; --relayout rebuilds such frames from the segment text with estimated word times"
            if helps
            else ""
        )
        warnings.append(
            f"{len(untimed)} of {len(shown_cues)} cues have no word times (audio events, or "
            "subtitle frames kept as edited), so they are written whole, without word "
            f"highlighting{advice}"
        )
    if estimated:
        warnings.append(
            f"{estimated} words have no grapheme times: their times are estimated (ElevenLabs "
            "text is spread over its segment by length), so the highlighting only roughly "
            "follows the speech"
        )
    return warnings


def karaoke_warnings(document: Document, options: WriteOptions) -> list[str]:
    """``word_warnings`` when ``--karaoke`` asks for word highlighting, else none."""
    return word_warnings(document, options) if options.karaoke else []
