"""Shared test helpers: fixture paths, reading fixtures, and what a cue should read back as."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import strategies as st

from subsync.model import Cue, Document
from subsync.sources import Parsed, ParseOptions, read
from subsync.writers import FORMATS

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "fixtures" / "inputs"
GOLDEN = ROOT / "fixtures" / "golden"
# Mouth cues are made from phonemes: a document without them is refused (test_writer_mouth).
PHONEME_FORMATS = ("mouth-tsv", "mouth-json")


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


def formats_for(documents: list[Document]) -> tuple[str, ...]:
    """Every format the documents can all be written in (those needing phonemes only when
    each document has them)."""
    if all(d.phonemes for d in documents):
        return tuple(FORMATS)
    return tuple(f for f in FORMATS if f not in PHONEME_FORMATS)


def cues(
    text: st.SearchStrategy[str], speaker: st.SearchStrategy[str], hours: int = 99
) -> st.SearchStrategy[Cue]:
    """Hypothesis cues starting anywhere in the first ``hours``, up to 20 s long (0
    included), of 1 to 3 lines of ``text``, with or without a ``speaker``."""
    return st.builds(
        lambda start, length, lines, name: Cue(start, start + length, tuple(lines), name),
        start=st.integers(0, hours * 3600 * 1_000_000),
        length=st.integers(0, 20_000_000),
        lines=st.lists(text, min_size=1, max_size=3),
        name=st.none() | speaker,
    )


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
