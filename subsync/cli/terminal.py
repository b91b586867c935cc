"""Text bound for a terminal: control characters shown escaped (``\\x1b``), never interpreted."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and the C1 controls (U+009B is a CSI on its own in
# some terminals); the bidirectional overrides and isolates, which reorder what is shown.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    r"""``text`` with every control character but tab and newline written out as an escape,
    so that input, server replies and file names cannot move the cursor, set the window
    title, make links or clear the screen.

    >>> print(shown("a\x1b]0;owned\x07b\rc\x9b2J\u202e\n"), end="")
    a\x1b]0;owned\x07b\x0dc\x9b2J\u202e
    """
    return _CONTROLS.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
