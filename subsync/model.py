"""The timed-text model: frozen dataclasses with every time in integer microseconds.

Microseconds keep Resemble's 0.1 ms and ElevenLabs' millisecond times exactly, and
integers make comparisons and rounding to milliseconds or frames exact.
"""

from __future__ import annotations

from dataclasses import dataclass

# The model's one unit of time and its rounding to milliseconds live in times.py, which the
# one-pass SRT path loads without this module's classes.
from subsync.times import US_PER_SECOND as US_PER_SECOND
from subsync.times import us_to_ms as us_to_ms

#: The schema of the model as subsync's JSON holds it (written by writers/jsonout.py, read
#: back by sources/native.py).
SCHEMA_ID = "subsync/document/1"


@dataclass(frozen=True, slots=True, init=False)
class Mark:
    """One timed grapheme or phoneme, exactly as the source gave it."""

    text: str
    start: int
    end: int

    def __init__(self, text: str, start: int, end: int) -> None:
        # The slots set directly: a clip has thousands of marks, and the generated
        # __init__ of a frozen class goes through object.__setattr__ for each field.
        _MARK_TEXT(self, text)
        _MARK_START(self, start)
        _MARK_END(self, end)


_MARK_TEXT, _MARK_START, _MARK_END = (Mark.__dict__[f].__set__ for f in ("text", "start", "end"))


@dataclass(frozen=True, slots=True)
class Word:
    """A word with its time; ``graphemes``/``phonemes`` are ``(first, stop)`` index ranges
    into the document's tracks, or None where the source has no such track for it."""

    text: str
    start: int
    end: int
    graphemes: tuple[int, int] | None = None
    phonemes: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Cue:
    """One subtitle: its time, its lines as they should be shown, and who speaks."""

    start: int
    end: int
    lines: tuple[str, ...]
    speaker: str | None = None
    words: tuple[Word, ...] = ()
    segment: str | None = None

    @property
    def text(self) -> str:
        """The lines joined by newlines.

        >>> Cue(0, 1, ("a", "b")).text
        'a\\nb'
        """
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Document:
    """The timed text of one language of one input."""

    source: str
    language: str | None
    cues: tuple[Cue, ...]
    graphemes: tuple[Mark, ...] = ()
    phonemes: tuple[Mark, ...] = ()
