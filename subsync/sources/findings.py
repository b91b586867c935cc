"""What a forgiving subtitle reader dropped or ignored, counted into one warning per kind."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

#: What the reader did, as the message says it ("ignored", "replaced by U+FFFD", ...). Only
#: ``dropped`` loses text (lint reports it as an error; everything else is a warning).
DROPPED = "dropped"
#: Styling tags the model has no place for: dropped (the text is kept), told by the readers
#: but no flaw of the file, so lint passes over them.
STYLING = ("styling tag", "styling tags")
STYLING_FATE = "dropped (the text is kept)"


class Finding(NamedTuple):
    """One thing the reader did not take as written: ``what`` is the kind in the singular
    and the plural ("invalid cue setting", "invalid cue settings"), ``line`` is 1-based,
    ``detail`` shows the first one."""

    what: tuple[str, str]
    fate: str
    line: int
    detail: str = ""

    @property
    def loses_text(self) -> bool:
        """Whether text was dropped with it (an error in lint), not only a setting or form."""
        return self.fate == DROPPED


def preview(text: str) -> str:
    """Text for a message: quoted by repr (so controls show escaped), at most 60 characters.

    >>> preview("a\\x1b[2J"), len(preview("x" * 100))
    ("'a\\\\x1b[2J'", 62)
    """
    return repr(text if len(text) <= 60 else text[:59] + "…")


def summarise(findings: Iterable[Finding]) -> list[tuple[int, str]]:
    """One (line, message) per kind, by the line of its first occurrence, counting the rest.

    >>> found = [Finding(("bad setting", "bad settings"), "ignored", n, "x:y") for n in (18, 30)]
    >>> summarise(found)
    [(18, "2 bad settings ignored, first at line 18: 'x:y'")]
    >>> summarise(found[:1])
    [(18, "1 bad setting ignored: 'x:y'")]
    """
    groups: dict[tuple[tuple[str, str], str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.what, finding.fate), []).append(finding)
    summary = []
    for (what, fate), found in groups.items():
        first = found[0]
        detail = f": {preview(first.detail)}" if first.detail else ""
        if len(found) == 1:
            message = f"1 {what[0]} {fate}{detail}"  # the notice names the line
        else:
            message = f"{len(found)} {what[1]} {fate}, first at line {first.line}{detail}"
        summary.append((first.line, message))
    return sorted(summary, key=lambda item: item[0])
