"""What the text writers share: the lines a cue shows, and its times in whole milliseconds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from subsync.frozen import Frozen, NamedTuple
from subsync.times import us_to_ms

if TYPE_CHECKING:
    from subsync.model import Cue

#: The levels a track of timed labels can be made at (``--label-level``).
TrackLevel = Literal["word", "grapheme", "phoneme"]
TRACK_LEVELS: tuple[TrackLevel, ...] = ("word", "grapheme", "phoneme")


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class WriteOptions(Frozen):
    """Choices a writer takes; ``speaker_labels`` prefixes SRT lines with ``Name: ``;
    ``frame_rate`` (a name from ``timing.FRAME_RATES``, from ``--fps``) makes TTML and iTT
    times frames; ``label_level`` is what Audacity labels label; ``karaoke`` writes SRT and
    WebVTT as one cue per word, the spoken word underlined; ``media`` is the audio or video
    the review page plays, as a path relative to the page."""

    speaker_labels: bool = False
    frame_rate: str | None = None
    label_level: TrackLevel = "word"
    karaoke: bool = False
    media: str | None = None

    def __init__(  # as @dataclass writes it (see subsync/frozen.py)
        self,
        speaker_labels: bool = False,  # noqa: FBT001, FBT002 (as @dataclass)
        frame_rate: str | None = None,
        label_level: TrackLevel = "word",
        karaoke: bool = False,  # noqa: FBT001, FBT002 (as @dataclass)
        media: str | None = None,
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "speaker_labels", speaker_labels)
        set_field(self, "frame_rate", frame_rate)
        set_field(self, "label_level", label_level)
        set_field(self, "karaoke", karaoke)
        set_field(self, "media", media)


DEFAULT_WRITE = WriteOptions()

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Lines (joined by newlines) that display_lines would leave as they are: each non-blank,
# without whitespace at either end, without a CR or a NUL. Most cues are, and skip the
# split, strip and filter; a positive pattern is scanned once, in C.
_TIDY = re.compile(r"[^\s\0](?:[^\n\r\0]*[^\s\0])?(?:\n[^\s\0](?:[^\n\r\0]*[^\s\0])?)*")


def visible(text: str) -> str:
    """Text with each NUL replaced by U+FFFD, as every WebVTT reader shows it; written
    as is, a NUL ends the whole file for ffmpeg's SRT reader and the cue for its WebVTT one.

    >>> visible("a\\0b")
    'a\ufffdb'
    """
    return text.replace("\0", "\ufffd")


def display_lines(cue: Cue) -> list[str]:
    """The cue's lines as a subtitle shows them: split at any line break inside a line,
    stripped of surrounding spaces, with blank lines dropped (a blank line ends a cue),
    and NUL shown as U+FFFD (see :func:`visible`).

    >>> from subsync.model import Cue
    >>> display_lines(Cue(0, 1, (" a\\r\\n\\nb ", "   ", "c\\0")))
    ['a', 'b', 'c\ufffd']
    """
    text = "\n".join(cue.lines)
    if _TIDY.fullmatch(text):
        return text.split("\n")
    lines = (visible(part).strip() for line in cue.lines for part in _LINE_BREAK.split(line))
    return [line for line in lines if line]


def display_text(cue: Cue) -> str:
    """The lines of :func:`display_lines` joined by newlines ("" when nothing shows).

    >>> from subsync.model import Cue
    >>> display_text(Cue(0, 1, ("a", "b"))), display_text(Cue(0, 1, ("a ", "", " b")))
    ('a\\nb', 'a\\nb')
    """
    text = "\n".join(cue.lines)
    if _TIDY.fullmatch(text):
        return text
    return "\n".join(display_lines(cue))


def speaker_name(cue: Cue) -> str:
    """The speaker's name on one line with single spaces, or "" when there is none.

    Every run of whitespace (line breaks, blank lines, tabs, Unicode spaces) collapses to
    one space, so no writer can put a line break, and so a cue end, inside a name.

    >>> from subsync.model import Cue
    >>> speaker_name(Cue(0, 1, ("a",), speaker=" Ana\\n Lucía ")), speaker_name(Cue(0, 1, ()))
    ('Ana Lucía', '')
    """
    return " ".join(visible(cue.speaker or "").split())


def ms_span(cue: Cue) -> tuple[int, int]:
    """Start and end in milliseconds; a cue that would last 0 ms is given 1 ms, because
    WebVTT requires the end after the start and ffmpeg drops zero-length SRT cues.

    >>> from subsync.model import Cue
    >>> ms_span(Cue(1_000_400, 1_000_499, ("a",)))
    (1000, 1001)
    """
    start, end = us_to_ms(cue.start), us_to_ms(cue.end)
    return start, max(end, start + 1)


class Shown(NamedTuple):
    """One cue as a writer puts it out: its time in ms and its (already marked-up) text."""

    start: int
    end: int
    text: str
