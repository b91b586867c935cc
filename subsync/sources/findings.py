"""What a forgiving subtitle reader dropped or ignored, counted into one warning per kind."""

from __future__ import annotations

from collections.abc import Iterable

from subsync.frozen import NamedTuple

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


class Counted:
    """Findings of one kind: the first met (the first in the file) and how many."""

    __slots__ = ("count", "first")

    def __init__(self, first: Finding) -> None:
        self.first, self.count = first, 0


#: Findings counted by kind (what, fate), which is all a summary tells.
Tally = dict[tuple[tuple[str, str], str], Counted]


def tally(findings: Iterable[Finding], into: Tally | None = None) -> Tally:
    """Findings (in the order met) added to a tally by kind; within a kind, the first met
    is the first in the file."""
    counted: Tally = {} if into is None else into
    for finding in findings:
        add(counted, finding, 1)
    return counted


def add(counted: Tally, first: Finding, how_many: int) -> None:
    """``how_many`` findings of ``first``'s kind, ``first`` the earliest of them."""
    key = (first.what, first.fate)
    entry = counted.get(key)
    if entry is None:
        entry = counted[key] = Counted(first)
    entry.count += how_many


def summarise(findings: Iterable[Finding] | Tally) -> list[tuple[int, str]]:
    """One (line, message) per kind, by the line of its first occurrence, counting the rest.

    >>> found = [Finding(("bad setting", "bad settings"), "ignored", n, "x:y") for n in (18, 30)]
    >>> summarise(found)
    [(18, "2 bad settings ignored, first at line 18: 'x:y'")]
    >>> summarise(found[:1])
    [(18, "1 bad setting ignored: 'x:y'")]
    """
    counted = findings if isinstance(findings, dict) else tally(findings)
    summary = []
    for (what, fate), entry in counted.items():
        first, count = entry.first, entry.count
        detail = f": {preview(first.detail)}" if first.detail else ""
        if count == 1:
            message = f"1 {what[0]} {fate}{detail}"  # the notice names the line
        else:
            message = f"{count} {what[1]} {fate}, first at line {first.line}{detail}"
        summary.append((first.line, message))
    return sorted(summary, key=lambda item: item[0])
