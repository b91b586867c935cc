"""Shared test helpers: fixture paths, reading fixtures, and what a cue should read back as."""

from __future__ import annotations

import re
from pathlib import Path

from subsync.model import Cue, Document
from subsync.sources import Parsed, ParseOptions, read

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "fixtures" / "inputs"
GOLDEN = ROOT / "fixtures" / "golden"


def parse_fixture(name: str, options: ParseOptions | None = None) -> Parsed:
    """Parse a fixture from fixtures/inputs."""
    return read((INPUTS / name).read_bytes(), name, options=options)


def intended(cue: Cue) -> tuple[int, int, str]:
    """What a reader should get back for a cue, written from the rules, not the writers'
    code: ms rounded half up, at least 1 ms long, each line stripped, blank lines gone,
    NUL shown as U+FFFD (as WebVTT readers show it)."""
    start = (cue.start + 500) // 1000
    end = max((cue.end + 500) // 1000, start + 1)
    text = "\n".join(cue.lines).replace("\0", "\ufffd")
    lines = [line.strip() for line in re.split(r"\r\n|\r|\n", text)]
    return start, end, "\n".join(line for line in lines if line)


def intended_name(cue: Cue) -> str:
    """The speaker's name as readers should get it: on one line, runs of whitespace made
    one space, NUL shown as U+FFFD; "" when there is none."""
    return " ".join((cue.speaker or "").replace("\0", "\ufffd").split())


def intended_cues(document: Document) -> list[tuple[int, int, str]]:
    """The intended read-back of every cue that has text, in order."""
    return [c for c in map(intended, document.cues) if c[2]]
