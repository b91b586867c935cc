"""subsync's WebVTT reader against headless Chromium on the same bytes: every file Chromium
loads must give the same cues (start, end, text as shown), every file it refuses must be
refused, except the deviations tests/support/webvtt_cases.py documents.

Run ``python -m tests.support.webvtt_agreement`` for the counts (the test suite asserts them).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from subsync.errors import SubsyncError
from subsync.sources import read
from subsync.sources.webvtt.cuetext import shown_lines
from tests.support.chromium import BrowserTrack, Chromium
from tests.support.webvtt_cases import CASES, DEVIATIONS, VttCase

#: A reading: (start ms, end ms, lines) per cue, sorted, or None for a refused file.
Reading = list[tuple[int, int, tuple[str, ...]]] | None


@dataclass
class Agreement:
    """The cases compared: those where both read the same, the documented deviations, and
    the disagreements (name, Chromium's reading, subsync's)."""

    same: list[str] = field(default_factory=list)
    deviations: list[str] = field(default_factory=list)
    different: list[tuple[str, Reading, Reading]] = field(default_factory=list)
    loaded: int = 0

    def summary(self) -> str:
        refused = len(self.same) + len(self.deviations) + len(self.different) - self.loaded
        return (
            f"{len(self.same) + len(self.deviations) + len(self.different)} WebVTT cases: "
            f"Chromium loaded {self.loaded} and refused {refused}; subsync read "
            f"{len(self.same)} the same, {len(self.deviations)} otherwise on purpose "
            f"({', '.join(self.deviations)}), {len(self.different)} differently"
        )


def browser_reading(track: BrowserTrack) -> Reading:
    if not track.loaded:
        return None
    cues = [(round(c.start * 1000), round(c.end * 1000), shown_lines(c.plain)) for c in track.cues]
    return sorted(cues)


def subsync_reading(case: VttCase) -> Reading:
    try:
        (document,) = read(case.data, f"{case.name}.vtt").documents
    except SubsyncError:
        return None
    return sorted((c.start // 1000, c.end // 1000, c.lines) for c in document.cues)


def compare(browser: Chromium, cases: list[VttCase] = CASES) -> Agreement:
    """Read every case with both and sort the outcomes."""
    agreement = Agreement()
    for case, track in zip(cases, browser.read([c.data for c in cases]), strict=True):
        want, got = browser_reading(track), subsync_reading(case)
        agreement.loaded += track.loaded
        if want == got:
            agreement.same.append(case.name)
        elif case.name in DEVIATIONS:
            agreement.deviations.append(case.name)
        else:
            agreement.different.append((case.name, want, got))
    return agreement


if __name__ == "__main__":
    chromium = Chromium()
    try:
        result = compare(chromium)
    finally:
        chromium.close()
    for name, want, got in result.different:
        print(f"DIFFERENT {name}:\n  chromium {want}\n  subsync  {got}")
    print(result.summary())
