"""Line ends of SRT and WebVTT, the lines a player shows, SRT's cue number and time."""

from __future__ import annotations

import re

#: Both formats end lines at CR, LF or CRLF only (str.splitlines would also split at U+2028).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: An SRT time, its four fields as groups. [0-9], not \d: int() would also take other
#: scripts' digits, which no reader accepts.
SRT_TIME = r"([0-9]+):([0-9]{1,2}):([0-9]{1,2})[,.]([0-9]{3})"
#: An SRT cue number on a line of its own, spaces around it allowed.
SRT_NUMBER = r"[ \t]*[0-9]+[ \t]*"


def shown_lines(text: str) -> tuple[str, ...]:
    """Lines as a player shows them: trimmed, blank ones gone (as the writers do).

    >>> shown_lines(" a \\n\\n b\\r\\n ")
    ('a', 'b')
    """
    return tuple(line for line in (part.strip() for part in LINE_BREAK.split(text)) if line)
