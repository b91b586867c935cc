"""Line ends of SRT and WebVTT, the lines a player shows, SRT's cue number and time."""

from __future__ import annotations

import re

#: Both formats end lines at CR, LF or CRLF only (str.splitlines would also split at U+2028).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: An SRT time, its four fields as groups. [0-9], not \d: int() would also take other
#: scripts' digits, which no reader accepts.
SRT_TIME = r"([0-9]+):([0-9]{1,2}):([0-9]{1,2})[,.]([0-9]{3})"
#: The most digits of hours (leading zeros aside) a time may have: more is no media's time,
#: and int() refuses a string of thousands of digits.
MAX_HOUR_DIGITS = 9


def digits_value(digits: str) -> int:
    """The value of a field of digits, however many leading zeros it has (int() refuses a
    string of over 4,300 digits, zeros too); past MAX_HOUR_DIGITS others, a ValueError.

    >>> digits_value("0" * 5000 + "12"), digits_value("")
    (12, 0)
    """
    significant = digits.lstrip("0")
    if len(significant) > MAX_HOUR_DIGITS:
        raise ValueError(f"{len(significant)} digits")
    return int(significant or "0")


#: An SRT cue number on a line of its own, spaces around it allowed.
SRT_NUMBER = r"[ \t]*[0-9]+[ \t]*"


def shown_lines(text: str) -> tuple[str, ...]:
    """Lines as a player shows them: trimmed, blank ones gone (as the writers do).

    >>> shown_lines(" a \\n\\n b\\r\\n ")
    ('a', 'b')
    """
    return tuple(line for line in (part.strip() for part in LINE_BREAK.split(text)) if line)
