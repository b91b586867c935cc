"""Mouth cues: the IPA table, golden files read back as JSON and TSV that agree, properties
over any phonemes, and a clear error for documents without phonemes."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from subsync.cli import main
from subsync.errors import OutputError
from subsync.model import Cue, Document, Mark
from subsync.writers.mouth import SHAPES, mouth_cues, shapes_of, write_mouth_json, write_mouth_tsv
from tests.support.helpers import GOLDEN, INPUTS, parse_fixture

CS = 10_000  # a centisecond in µs


def _document(*phonemes: Mark) -> Document:
    return Document("test", None, (), phonemes=phonemes)


def read_json(text: str) -> list[tuple[int, int, str]]:
    data = json.loads(text)
    cues = [(round(c["start"] * 100), round(c["end"] * 100), c["value"]) for c in data["mouthCues"]]
    assert round(data["metadata"]["duration"] * 100) == (cues[-1][1] if cues else 0)
    return cues


def read_tsv(text: str) -> list[tuple[int, str]]:
    return [(round(float(t) * 100), s) for t, s in (line.split("\t") for line in text.splitlines())]


def test_the_table_uses_only_rhubarb_shapes_and_reads_resemble_symbols() -> None:
    assert set(SHAPES.values()) <= set("ABCDEFGH")
    (document,) = parse_fixture("resemble_v1_docs_clip.json").documents
    # Every symbol of the docs example is in the table, or is a mark, space or punctuation.
    unknown = {p.text for p in document.phonemes if p.text.strip("ˈˌː .,?!") not in SHAPES}
    assert unknown <= {"ˈ", "ˌ", "ː", " ", ".", "?", ""}
    assert [shapes_of(p) for p in ("m", "ɑː", "ˈo", "f", "l", "u", "ɪ")] == [
        ["A"],
        ["D"],
        ["E"],
        ["G"],
        ["H"],
        ["F"],
        ["B"],
    ]
    assert shapes_of("ʘ") == ["B"]  # not in the table: the shape of most consonants


def test_golden_json_and_tsv_agree_and_cover_the_speech() -> None:
    (document,) = parse_fixture("resemble_v1_docs_clip.json").documents
    cues = read_json((GOLDEN / "resemble_v1_docs_clip.mouth.json").read_text(encoding="utf-8"))
    tsv = read_tsv((GOLDEN / "resemble_v1_docs_clip.mouth.tsv").read_text(encoding="utf-8"))
    assert [(s, v) for s, _, v in cues] == tsv[: len(cues)]
    assert cues[0][0] == 0 and cues[0][2] == "X"  # silence before the first phoneme
    assert cues[-1][1] == round(max(p.end for p in document.phonemes) / CS)
    # "Resemble": ɹ ᵻ z ˈɛ m b ə l -> B, C, A, C, H, then X at the pause after it.
    assert [v for _, _, v in cues[1:7]] == ["B", "C", "A", "C", "H", "X"]


def test_a_stress_mark_joins_the_next_phoneme_and_a_length_mark_the_one_before() -> None:
    phonemes: tuple[Mark, ...] = (
        Mark("m", 0, 10 * CS),
        Mark("ˈ", 10 * CS, 20 * CS),
        Mark("ɑ", 20 * CS, 30 * CS),
    )
    phonemes += (Mark("ː", 30 * CS, 40 * CS), Mark("f", 50 * CS, 60 * CS))
    cues = [(c.start // CS, c.end // CS, c.text) for c in mouth_cues(_document(*phonemes))]
    assert cues == [(0, 10, "A"), (10, 40, "D"), (40, 50, "X"), (50, 60, "G")]
    assert write_mouth_tsv(_document(*phonemes)).endswith("0.50\tG\n0.60\tX\n")


def test_a_document_without_phonemes_is_refused() -> None:
    document = Document("elevenlabs-dubbing", "en", (Cue(0, 1, ("x",)),))
    for write in (write_mouth_json, write_mouth_tsv):
        with pytest.raises(OutputError, match="no phoneme times"):
            write(document)


def test_the_cli_error_names_the_input_and_what_to_do(tmp_path: Path) -> None:
    source = str(INPUTS / "elevenlabs_dubbing_review.json")
    result = CliRunner().invoke(
        main, ["convert", source, "--to", "mouth-json", "-o", str(tmp_path)]
    )
    assert result.exit_code == 1
    # The input's warnings are told (it was read), then each output that failed.
    errors = [line for line in result.output.splitlines() if "error" in line.split(":")[1]]
    assert errors[0] == (
        f"subsync: error: {source}: elevenlabs_dubbing_review.en.mouth.json: this "
        "elevenlabs-dubbing document has no phoneme times (ElevenLabs gives no character "
        "times): mouth cues need phonemes, from a Resemble clip of a model that returns them"
    )
    assert not list(tmp_path.iterdir())


_symbols = st.sampled_from([*SHAPES, "ˈ", "ː", " ", ".", "ˈe", "eɪ", "tʃ", "ʘ", "ɑː"])
_mark = st.builds(
    lambda text, start, length: Mark(text, start, start + length),
    _symbols,
    st.integers(0, 5_000_000),
    st.integers(0, 400_000),
)


@settings(max_examples=200)
@given(st.lists(_mark, min_size=1, max_size=30))
# A stress mark starting with the phonemes it should not lengthen; a length mark that should.
@example([Mark("p", 0, 0), Mark("i", 0, 0), Mark("ˈ", 0, 29_999)])
@example([Mark("p", 0, 0), Mark("i", 0, 0), Mark("ː", 0, 29_999)])
# Zero-length phonemes at 0 share the time up to the next start (found by Hypothesis).
@example([Mark("p", 0, 0), Mark("p", 44_999, 44_999), Mark("i", 0, 0), Mark("p", 0, 0)])
# A phoneme (of no length, or of 1 µs) that starts with a long rest shares the rest's time.
@example([Mark(" ", 0, 29_999), Mark("p", 0, 0)])
@example([Mark(" ", 0, 29_999), Mark("p", 0, 1)])
def test_any_phonemes_make_contiguous_cues_of_known_shapes(phonemes: list[Mark]) -> None:
    document = _document(*phonemes)
    cues = read_json(write_mouth_json(document))
    assert read_tsv(write_mouth_tsv(document))[: len(cues)] == [(s, v) for s, _, v in cues]
    if not cues:
        return
    assert cues[0][0] == 0
    assert all(a[1] == b[0] and a[2] != b[2] for a, b in itertools.pairwise(cues))
    assert all(s < e and v in "ABCDEFGHX" for s, e, v in cues)
    assert cues[-1][1] <= round(max(p.end for p in phonemes) / CS) + 1
    # A shape other than rest is shown only where some phoneme is spoken (to a centisecond).
    # Marks alone belong to a phoneme: a length mark holds the one before it longer, and a
    # stress mark (or another mark with no shape) starts the next one that has a shape.
    shapes = [shapes_of(p.text) for p in phonemes]
    voiced = [found not in ([], ["X"]) for found in shapes]
    spoken = []
    for i, p in enumerate(phonemes):
        if shapes[i]:
            belongs = voiced[i]
        elif p.text and set(p.text) <= set("ːˑ"):
            belongs = i > 0 and voiced[i - 1]
        else:
            after = next((j for j in range(i + 1, len(phonemes)) if shapes[j]), None)
            belongs = after is not None and voiced[after]
        if belongs:
            # A phoneme of no length runs to the next start, and phonemes that start
            # together are one span to the latest end (tile's documented rules).
            later = [q.start for q in phonemes if q.start > p.start]
            together = max(q.end for q in phonemes if q.start == p.start)
            alone = together if together > p.start else p.start + 1
            end = max(p.end, together) if p.end > p.start else min(later, default=alone)
            spoken.append((p.start / CS, end / CS))
    for start, end, shape in cues:
        if shape != "X":
            assert any(s <= end + 1 and start - 1 <= e for s, e in spoken), (start, end, shape)
