"""Audacity labels: one line per word, grapheme or phoneme, read back with the csv module
(Audacity's own reading: tab-separated start, end, label), and clear errors for a level
the document does not have."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.cli import main
from subsync.errors import OutputError
from subsync.model import Cue, Document, Mark, Word
from subsync.writers import WriteOptions
from subsync.writers.labels import write_labels
from tests.support.helpers import GOLDEN, INPUTS, parse_fixture

US = 1_000_000


def read_labels(text: str) -> list[tuple[int, int, str]]:
    rows = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(round(float(s) * US), round(float(e) * US), label) for s, e, label in rows]


def test_the_docs_clip_at_each_level() -> None:
    (document,) = parse_fixture("resemble_v1_docs_clip.json").documents
    words = read_labels((GOLDEN / "resemble_v1_docs_clip.txt").read_text(encoding="utf-8"))
    want = [(w.start, w.end, w.text) for c in document.cues for w in c.words]
    assert words == want
    for level, marks in (("grapheme", document.graphemes), ("phoneme", document.phonemes)):
        text = write_labels(document, WriteOptions(label_level=level))  # type: ignore[arg-type]
        assert read_labels(text) == [(m.start, m.end, m.text) for m in marks]


def test_elevenlabs_frames_are_labelled_whole_with_their_speakers_text() -> None:
    document = parse_fixture("elevenlabs_dubbing_review.json").documents[0]
    labels = read_labels((GOLDEN / "elevenlabs_dubbing_review.en.txt").read_text(encoding="utf-8"))
    assert labels == [(c.start, c.end, " ".join(c.lines)) for c in document.cues]


def test_tabs_and_line_breaks_in_a_label_become_spaces() -> None:
    words = (Word("a\tb", 0, 10), Word("c\nd\r\ne", 20, 30))
    document = Document("test", "en", (Cue(0, 30, ("x",), words=words),))
    assert read_labels(write_labels(document)) == [(0, 10, "a b"), (20, 30, "c d  e")]


@pytest.mark.parametrize(("level", "hint"), [("grapheme", "word"), ("phoneme", "word or grapheme")])
def test_a_level_the_document_lacks_is_an_error_naming_what_to_do(level: str, hint: str) -> None:
    document = Document("elevenlabs", "en", (Cue(0, 1, ("x",)),))
    with pytest.raises(OutputError, match=f"no {level} times .*: use --label-level {hint}$"):
        write_labels(document, WriteOptions(label_level=level))  # type: ignore[arg-type]


def test_the_cli_says_which_input_lacks_phonemes(tmp_path: Path) -> None:
    source = str(INPUTS / "resemble_v2_japanese_notice.json")
    args = ["convert", source, "--to", "labels", "--label-level", "phoneme", "-o", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"subsync: error: {source}: resemble_v2_japanese_notice.txt: this resemble document "
        "has no phoneme times (the Resemble "
        "model returned empty phon_chars, as newer models do): use --label-level word or grapheme"
    ]
    result = CliRunner().invoke(main, [*args[:-4], "--label-level", "grapheme", "-o", "-"])
    assert result.exit_code == 0
    assert result.output.startswith("0.020000\t0.113100\tこ\n")


_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=5)


@settings(max_examples=150)
@given(
    st.lists(st.builds(Mark, _text, st.integers(0, 10 * US), st.integers(0, 10 * US)), min_size=1)
)
def test_any_marks_make_one_line_each_with_exact_times(marks: list[Mark]) -> None:
    document = Document("test", None, (), phonemes=tuple(marks))
    text = write_labels(document, WriteOptions(label_level="phoneme"))
    assert text.count("\n") == len(marks)
    read = read_labels(text)
    assert [(s, e) for s, e, _ in read] == [(m.start, m.end) for m in marks]
    for (_, _, label), mark in zip(read, marks, strict=True):
        assert len(label) == len(mark.text)


def test_convert_lint_checks_the_subtitles_and_skips_the_timing_tracks(tmp_path: Path) -> None:
    source = str(INPUTS / "resemble_v1_docs_clip.json")
    formats = "srt,json,ttml,itt,textgrid,labels,mouth-tsv,mouth-json"
    result = CliRunner().invoke(
        main, ["convert", source, "--to", formats, "-o", str(tmp_path), "--lint"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == ""
    written = {p.name for p in tmp_path.iterdir() if not p.name.startswith(".")}
    assert len(written) == 8
