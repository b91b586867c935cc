"""Warnings counted by kind: what a summary and ``--report`` say, and what a terminal shows
grouped after the progress bar."""

from __future__ import annotations

import re
from collections import Counter

from subsync.sources import Notice

# What varies between two warnings of one kind: numbers, quoted or bracketed text, and
# everything after the first ":" or ";" (the details). Compiled when first used (re keeps
# them): most runs warn of nothing.
_DETAILS = r"(?::\s|;).*$"
_QUOTED = r"'[^']*'|\"[^\"]*\"|\([^)]*\)|\[[^\]]*\]|<[^>]*>"
_NUMBER = r"\d+(?:[.,:]\d+)*(?:\s?(?:ms|s|%)(?![a-z]))?"
_RANGE = r"N(?:\s*[-\u2013]+\s*N)+"

#: How many inputs a grouped warning names before "and N more".
FIRST_INPUTS = 3


def warning_kind(message: str) -> str:
    """A warning's kind: its message without numbers, quotes and details.

    >>> warning_kind("3 audio tags or markup left out ([excited]); --keep-tags keeps them")
    'N audio tags or markup left out'
    >>> warning_kind("the cue at 00:00:01.500 lasts 9.2 s: longer than 7 s")
    'the cue at N lasts N'
    """
    text = re.sub(_DETAILS, "", message, flags=re.DOTALL)
    text = re.sub(_RANGE, "N", re.sub(_NUMBER, "N", re.sub(_QUOTED, "", text)))
    return " ".join(text.split()) or message[:60]


class WarningTally:
    """Every warning of a run: each one for ``--report`` (kept in ``items`` only with
    ``keep_items``), and counts by kind with the first inputs of each."""

    __slots__ = ("counts", "inputs", "items", "keep_items")

    def __init__(self, *, keep_items: bool = True) -> None:
        self.items: list[dict[str, str]] = []
        self.counts: Counter[str] = Counter()
        self.inputs: dict[str, list[str]] = {}
        self.keep_items = keep_items

    def add(self, name: str, notice: Notice) -> str:
        """Count one warning; its kind."""
        kind = warning_kind(notice.message)
        if self.keep_items:
            self.items.append(
                {"input": name, "where": notice.where, "message": notice.message, "kind": kind}
            )
        self.counts[kind] += 1
        named = self.inputs.setdefault(kind, [])
        if name not in named and len(named) <= FIRST_INPUTS:
            named.append(name)
        return kind

    @property
    def total(self) -> int:
        """How many warnings."""
        return sum(self.counts.values())

    def by_kind(self) -> list[dict[str, object]]:
        """The kinds, most frequent first: kind, count, the first inputs."""
        return [
            {"kind": kind, "count": count, "inputs": self.inputs[kind][:FIRST_INPUTS]}
            for kind, count in self.counts.most_common()
        ]

    def grouped(self) -> list[str]:
        """One line a kind: ``12 x <kind> (a.json, b.json, c.json and more)``."""
        lines = []
        for kind, count in self.counts.most_common():
            named = self.inputs[kind]
            more = " and more" if len(named) > FIRST_INPUTS else ""
            lines.append(f"{count} x {kind} ({', '.join(named[:FIRST_INPUTS])}{more})")
        return lines

    def summary(self) -> str:
        """``N warnings: 200 x <kind>, 32 x <kind>`` (empty without warnings)."""
        if not self.counts:
            return ""
        top = [f"{count} x {kind}" for kind, count in self.counts.most_common(3)]
        rest = " ..." if len(self.counts) > 3 else ""
        plural = "s" if self.total != 1 else ""
        return f"{self.total} warning{plural}: {', '.join(top)}{rest}"
