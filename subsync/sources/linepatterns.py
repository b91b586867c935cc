"""The line ends of SRT and WebVTT, and SRT's cue number and time, shared by every reader."""

from __future__ import annotations

import re

#: Both formats end lines at CR, LF or CRLF only (str.splitlines would also split at U+2028).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: An SRT time, its four fields as groups. [0-9], not \d: int() would also take other
#: scripts' digits, which no reader accepts.
SRT_TIME = r"([0-9]+):([0-9]{1,2}):([0-9]{1,2})[,.]([0-9]{3})"
#: An SRT cue number on a line of its own, spaces around it allowed.
SRT_NUMBER = r"[ \t]*[0-9]+[ \t]*"
