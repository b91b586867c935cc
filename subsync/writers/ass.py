"""Advanced SubStation Alpha (.ass) writer, by hand: ``{\\k}`` karaoke per word, speakers as
the actor (Name) of each line."""

from __future__ import annotations

import re

from subsync.errors import OutputError
from subsync.model import Cue, Document
from subsync.times import ass_time
from subsync.writers.common import (
    DEFAULT_WRITE,
    WriteOptions,
    display_lines,
    ms_span,
    speaker_name,
)
from subsync.writers.karaoke import beats

_ZWSP = "\u200b"
# libass reads \N, \n and \h as breaks and spaces, \{ and \} as braces, and a backslash just
# before one of our {\k} blocks would escape its brace; ASS has no escape for a backslash,
# so a zero-width space after it keeps every character and changes nothing visible.
_BACKSLASH = re.compile(r"\\(?=[Nnh{}]|\Z)")
# H:MM:SS.cc has one digit of hours, and pysubs2 and Aegisub clamp anything later.
_MAX_CS = 10 * 3600 * 100

_STYLE_FIELDS = (
    ("Name", "Default"),
    ("Fontname", "Arial"),
    ("Fontsize", "60"),
    # Colours are &HAABBGGRR: words turn from white (secondary) to yellow (primary) as they
    # are spoken, with a black outline and a half-transparent shadow.
    ("PrimaryColour", "&H0000FFFF"),
    ("SecondaryColour", "&H00FFFFFF"),
    ("OutlineColour", "&H00000000"),
    ("BackColour", "&H80000000"),
    *((name, "0") for name in ("Bold", "Italic", "Underline", "StrikeOut")),
    ("ScaleX", "100"),
    ("ScaleY", "100"),
    ("Spacing", "0"),
    ("Angle", "0"),
    ("BorderStyle", "1"),
    ("Outline", "3"),
    ("Shadow", "1"),
    ("Alignment", "2"),  # bottom centre, where subtitles sit
    ("MarginL", "96"),
    ("MarginR", "96"),
    ("MarginV", "54"),
    ("Encoding", "1"),
)
_EVENT_FIELDS = ("Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV")

_HEADER = "\n".join(
    (
        "[Script Info]",
        "; Written by subsync: word timing as {\\k} karaoke, speakers as actors (Name)",
        "ScriptType: v4.00+",
        "PlayResX: 1920",
        "PlayResY: 1080",
        # Smart wrapping, so a line too wide for the screen still wraps instead of running off.
        "WrapStyle: 0",
        "ScaledBorderAndShadow: yes",
        "YCbCr Matrix: None",
        "",
        "[V4+ Styles]",
        "Format: " + ", ".join(name for name, _ in _STYLE_FIELDS),
        "Style: " + ",".join(value for _, value in _STYLE_FIELDS),
        "",
        "[Events]",
        "Format: " + ", ".join((*_EVENT_FIELDS, "Effect", "Text")),
        "",
    )
)


def escape(text: str) -> str:
    """Text for an ASS line: braces escaped, line breaks as ``\\N``, and a zero-width space
    after any backslash that would otherwise start an escape.

    >>> escape("{a}\\\\N\\nb\\\\") == "\\\\{a\\\\}\\\\\\u200bN\\\\Nb\\\\\\u200b"
    True
    """
    text = _BACKSLASH.sub("\\\\" + _ZWSP, text)
    return text.replace("{", "\\{").replace("}", "\\}").replace("\n", "\\N")


def centiseconds(ms: int) -> int:
    """Milliseconds to the centiseconds ASS counts in, halves up.

    >>> centiseconds(23), centiseconds(25), centiseconds(3_611)
    (2, 3, 361)
    """
    return (ms + 5) // 10


def karaoke_text(cue: Cue, start: int, end: int) -> str:
    """The cue's text with a ``{\\kN}`` before each beat; ``N`` counts centiseconds up to
    the next beat (or the end), so the durations add up to exactly ``end - start``.

    >>> from subsync.model import Word
    >>> cue = Cue(0, 1_000_000, ("Hi {you}",), words=(Word("Hi", 0, 1), Word("{you}", 403_000, 2)))
    >>> karaoke_text(cue, 0, 100)
    '{\\\\k40}Hi {\\\\k60}\\\\{you\\\\}'
    """
    cut = beats(cue)
    if not cut:
        return escape("\n".join(display_lines(cue)))
    # Rounding to centiseconds keeps the beats in order, but can bring two together (a \k0).
    marks = [start] + [min(max(centiseconds(b.start), start), end) for b in cut[1:]] + [end]
    return "".join(
        f"{{\\k{stop - at}}}{escape(beat.text)}"
        for beat, at, stop in zip(cut, marks[:-1], marks[1:], strict=True)
    )


def _name(cue: Cue) -> str:
    # Fields are separated by commas and only the Text field may hold one.
    return speaker_name(cue).replace(",", "\u201a")


def dialogue(cue: Cue) -> str | None:
    """The cue's ``Dialogue:`` line, or None when it shows no text."""
    if not display_lines(cue):
        return None
    start_ms, end_ms = ms_span(cue)
    start = centiseconds(start_ms)
    end = max(centiseconds(end_ms), start + 1)
    if end >= _MAX_CS:
        raise OutputError(f"ASS cannot hold times from 10 hours on (cue ends at {end_ms} ms)")
    name = _name(cue)
    fields = ("0", ass_time(start), ass_time(end), "Default", name, "0", "0", "0", "")
    return "Dialogue: " + ",".join((*fields, karaoke_text(cue, start, end)))


def write_ass(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as ASS: one Default style, each cue a Dialogue line with its
    speaker as actor and ``{\\k}`` karaoke per word; the options change nothing."""
    del options
    lines = (dialogue(cue) for cue in document.cues)
    return _HEADER + "".join(line + "\n" for line in lines if line is not None)
