"""WebVTT cue text as a viewer reads it: tags removed, character references decoded, voices
(``<v Name>``) kept as the speaker, the styling tags that were removed listed."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from subsync.sources.linepatterns import shown_lines

__all__ = ["CueText", "cue_text", "shown_lines"]

# In WebVTT every "<" opens a tag (a literal one is &lt;); a tag left open runs to the end.
_TAG = re.compile(r"<([^>]*)(?:>|\Z)")
_VOICE = re.compile(r"v(?:\.[^\s]*)?\s+(.*)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class CueText:
    """A cue's lines as shown, its speaker, and each styling start tag or timestamp removed,
    with the index of the text line it was on."""

    lines: tuple[str, ...]
    speaker: str | None
    styling: tuple[tuple[int, str], ...] = ()


def cue_text(payload: str) -> CueText:
    """A WebVTT cue's text as shown (every tag removed, character references decoded), its
    speaker (the ``<v>`` voices in order, distinct ones joined by ", ") and the styling.

    >>> got = cue_text("<v.loud Ana &amp; Bo><c.red>Fish</c> &amp; <00:00:01.000>chips</v>\\n&lt;3")
    >>> got.lines, got.speaker, got.styling
    (('Fish & chips', '<3'), 'Ana & Bo', ((0, '<c.red>'), (0, '<00:00:01.000>')))
    >>> got = cue_text("<v Ana>Hi</v>\\n<v  Bo >Yo\\n<v Ana>Ok")
    >>> got.lines, got.speaker, got.styling
    (('Hi', 'Yo', 'Ok'), 'Ana, Bo', ())
    """
    parts: list[str] = []
    voices: list[str] = []
    styling: list[tuple[int, str]] = []
    position = line = 0
    for tag in _TAG.finditer(payload):
        line += payload.count("\n", position, tag.start())  # counted once: linear in the text
        parts.append(html.unescape(payload[position : tag.start()]))
        voice = _VOICE.fullmatch(tag.group(1))
        name = " ".join(html.unescape(voice.group(1)).split()) if voice else ""
        if name and name not in voices:
            voices.append(name)
        if voice is None and not tag.group(1).startswith("/"):  # end tags are not counted
            styling.append((line, tag.group()))
        line += payload.count("\n", tag.start(), tag.end())
        position = tag.end()
    parts.append(html.unescape(payload[position:]))
    return CueText(shown_lines("".join(parts)), ", ".join(voices) or None, tuple(styling))
