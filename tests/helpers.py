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
    code: ms rounded half up, at least 1 ms long, each line stripped, blank lines gone."""
    start = (cue.start + 500) // 1000
    end = max((cue.end + 500) // 1000, start + 1)
    lines = [part.strip() for line in cue.lines for part in re.split(r"\r\n|\r|\n", line)]
    return start, end, "\n".join(line for line in lines if line)


def intended_cues(document: Document) -> list[tuple[int, int, str]]:
    """The intended read-back of every cue that has text, in order."""
    return [c for c in map(intended, document.cues) if c[2]]


def intended_tags(cue: Cue) -> list[tuple[int, str]]:
    """The word timestamps a word-level output should carry for a cue, as (ms, word) for each
    word that lights up on its own, written from the rules, not the writers' code: a word's
    start rounded half up to ms and held inside the cue (after its start, before its end),
    kept only when strictly later than the one kept before it."""
    start, end, _ = intended(cue)
    kept: list[tuple[int, str]] = []
    for word in cue.words:
        at = min(max((word.start + 500) // 1000, start), end - 1)
        if at > (kept[-1][0] if kept else start):
            kept.append((at, word.text))
    return kept


def golden_model(path: Path, extension: str) -> Document:
    """The document a golden output was written from: its golden subsync JSON."""
    model = GOLDEN / (path.name.removesuffix("." + extension) + ".json")
    (document,) = read(model.read_bytes(), model.name).documents
    return document
