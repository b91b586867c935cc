"""Praat TextGrid: golden files and Hypothesis round trips read back by praatio, with the
same words, graphemes and phonemes at the same times, tiles that never overlap."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from praatio import textgrid

from subsync.model import Cue, Document, Mark, Word
from subsync.writers.common import display_lines
from subsync.writers.textgrid import write_textgrid
from tests.support.helpers import GOLDEN, INPUTS, parse_fixture

US = 1_000_000


def read_back(text: str, tmp_path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Each tier as praatio reads the file (it refuses overlapping intervals), times in µs."""
    path = tmp_path / "read.TextGrid"
    path.write_text(text, encoding="utf-8")
    grid = textgrid.openTextgrid(str(path), includeEmptyIntervals=True)
    tiers = {}
    for name in grid.tierNames:
        tier = grid.getTier(name)
        assert isinstance(tier, textgrid.IntervalTier)
        tiers[name] = [(round(e.start * US), round(e.end * US), e.label) for e in tier.entries]
    return tiers


def expected_words(document: Document) -> list[tuple[int, int, str]]:
    """Every timed word; a cue without timed words counts as its lines joined by spaces."""
    spans: list[tuple[int, int, str]] = []
    for cue in document.cues:
        if cue.words:
            spans += [(w.start, w.end, w.text) for w in cue.words]
        else:
            spans.append((cue.start, cue.end, " ".join(display_lines(cue))))
    return spans


def check_tier(read: list[tuple[int, int, str]], marks: list[tuple[int, int, str]]) -> None:
    """A tier covers its span with no hole; its labelled intervals hold the marks' texts in
    order of start (marks that start together in one interval), each starting where its
    marks start and ending no later than they end, or where the next one starts.

    praatio strips the spaces around a label (Praat keeps them), so compare stripped."""
    assert read[0][0] == 0
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in itertools.pairwise(read))
    groups: dict[int, str] = {}
    for start, _, text in sorted(marks, key=lambda m: m[0]):
        groups[start] = groups.get(start, "") + text
    want = [(start, text.strip()) for start, text in groups.items() if text.strip()]
    labelled = [(s, e, t) for s, e, t in read if t]
    assert [(s, t) for s, _, t in labelled] == want
    starts = sorted(groups)
    for start, end, _ in labelled:
        latest = max(e for s, e, _ in marks if s == start)
        following = [s for s in starts if s > start]
        assert end <= max(latest, start + 1) or end == following[0]


def _golden() -> list[tuple[Path, Document]]:
    pairs = []
    for name in sorted(p.name for p in INPUTS.glob("*.json")):
        stem = name.removesuffix(".json")
        for document in parse_fixture(name).documents:
            file_name = ".".join(p for p in (stem, document.language, "TextGrid") if p)
            pairs.append((GOLDEN / file_name, document))
    return pairs


def _marks(marks: tuple[Mark, ...]) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.text) for m in marks]


@pytest.mark.parametrize(("path", "document"), _golden(), ids=lambda v: getattr(v, "name", ""))
def test_golden_textgrids_read_back_in_praatio(
    path: Path, document: Document, tmp_path: Path
) -> None:
    tiers = read_back(path.read_text(encoding="utf-8"), tmp_path)
    names = (
        ["words"]
        + ["graphemes"] * bool(document.graphemes)
        + ["phonemes"] * bool(document.phonemes)
    )
    assert list(tiers) == names
    check_tier(tiers["words"], expected_words(document))
    if document.graphemes:
        check_tier(tiers["graphemes"], _marks(document.graphemes))
    if document.phonemes:
        check_tier(tiers["phonemes"], _marks(document.phonemes))


def test_the_resemble_docs_clip_has_all_three_tiers_with_every_character(tmp_path: Path) -> None:
    (document,) = parse_fixture("resemble_v1_docs_clip.json").documents
    text = write_textgrid(document)
    tiers = read_back(text, tmp_path)
    assert [t for _, _, t in tiers["words"] if t][:3] == ["Resemble", "increases", "productivity"]
    graphemes = "".join(g.text for g in document.graphemes)
    phonemes = "".join(p.text for p in document.phonemes)
    assert "".join(t for _, _, t in tiers["graphemes"]) == graphemes.replace(" ", "")
    assert "".join(t for _, _, t in tiers["phonemes"]) == phonemes.replace(" ", "")
    # Spaces are intervals of their own in the file; praatio strips them when reading.
    assert text.count('text = " " ') == graphemes.count(" ") + phonemes.count(" ")
    assert tiers["words"][-1][1] == 5_993_100


def test_quotes_are_doubled_and_read_back_single(tmp_path: Path) -> None:
    words = (Word('say "hi"', 0, 500_000), Word('""', 600_000, 900_000))
    document = Document("test", "en", (Cue(0, 900_000, ('say "hi" ""',), words=words),))
    text = write_textgrid(document)
    assert 'text = "say ""hi""" ' in text
    assert [t for _, _, t in read_back(text, tmp_path)["words"] if t] == ['say "hi"', '""']


# --- Hypothesis: any marks, overlapping, repeated or empty, tile and read back -------------

_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=3,
) | st.sampled_from(['"', "ˈe", " ", '""'])
_mark = st.builds(
    lambda start, length, text: Mark(text, start, start + length),
    start=st.integers(0, 60 * US),
    length=st.integers(0, 2 * US),
    text=_text,
)


@settings(max_examples=150)
@given(graphemes=st.lists(_mark, max_size=12), phonemes=st.lists(_mark, max_size=12))
def test_any_marks_read_back_in_praatio(
    graphemes: list[Mark], phonemes: list[Mark], tmp_path_factory: pytest.TempPathFactory
) -> None:
    cue = Cue(0, US, ("Hello there",))
    document = dataclasses.replace(
        Document("test", None, (cue,)), graphemes=tuple(graphemes), phonemes=tuple(phonemes)
    )
    tiers = read_back(write_textgrid(document), tmp_path_factory.mktemp("tg"))
    assert [t for _, _, t in tiers["words"] if t] == ["Hello there"]
    for name, marks in (("graphemes", graphemes), ("phonemes", phonemes)):
        if marks:
            check_tier(tiers[name], _marks(tuple(marks)))
        else:
            assert name not in tiers
