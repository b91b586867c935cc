"""Golden files: every fixture input in every format, byte for byte, then read back by
readers that are not ours (cdown/srt, pysubs2, the W3C webvtt-parser, JSON Schema).

Regenerate after a deliberate change with
``SUBSYNC_UPDATE_GOLDEN=1 pytest tests/writers/test_golden.py``
and review the diff by eye before committing it.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import jsonschema
import pysubs2
import pytest
import srt

from subsync.batch.convert import Request, convert, input_stem
from subsync.model import Document
from subsync.sources import read
from subsync.writers import FORMATS
from subsync.writers.jsonout import json_schema
from tests.support.helpers import GOLDEN, INPUTS, formats_for, intended_cues

INPUT_NAMES = sorted(
    p.name for p in INPUTS.iterdir() if p.suffix in (".json", ".jsonl", ".srt", ".vtt")
)
ZWSP = "\u200b"
UPDATE = os.environ.get("SUBSYNC_UPDATE_GOLDEN") == "1"


def _documents(name: str) -> dict[str, Document]:
    """The parsed documents of an input, by the output stem they are written under."""
    stem = input_stem(name)
    parsed = read((INPUTS / name).read_bytes(), name)
    return {".".join(p for p in (stem, d.language) if p): d for d in parsed.documents}


@pytest.mark.parametrize("name", INPUT_NAMES)
def test_outputs_match_golden_files(name: str) -> None:
    # The review page is its template around the data: tests/test_review*.py check it.
    formats = tuple(f for f in formats_for(list(_documents(name).values())) if f != "html")
    converted = convert((INPUTS / name).read_bytes(), name, Request(formats=formats))
    made = {output.name: output.text for output in converted.outputs}
    stem = input_stem(name)
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for old in GOLDEN.glob(f"{stem}.*"):
            old.unlink()
        for file_name, text in made.items():
            (GOLDEN / file_name).write_bytes(text.encode("utf-8"))
    existing = {p.name for p in GOLDEN.glob(f"{stem}.*")}
    assert set(made) == existing
    for file_name, text in made.items():
        assert (GOLDEN / file_name).read_bytes() == text.encode("utf-8"), file_name


def _golden(ext: str) -> list[tuple[Path, Document]]:
    pairs = []
    for name in INPUT_NAMES:
        for stem, document in _documents(name).items():
            pairs.append((GOLDEN / f"{stem}.{ext}", document))
    return pairs


def _ms(delta: datetime.timedelta) -> int:
    return round(delta.total_seconds() * 1000)


@pytest.mark.parametrize(("path", "document"), _golden("srt"), ids=lambda v: getattr(v, "name", ""))
def test_golden_srt_reads_back_in_cdown_srt_and_pysubs2(path: Path, document: Document) -> None:
    text = path.read_text(encoding="utf-8")
    want = intended_cues(document)
    # The SRT writer puts a zero-width space inside `-->` (SRT has no escapes): the readers
    # must see it there; only then is it dropped for the comparison.
    strict = [(_ms(s.start), _ms(s.end), s.content.replace(ZWSP, "")) for s in srt.parse(text)]
    assert strict == want
    subs = pysubs2.SSAFile.from_string(text, format_="srt", keep_html_tags=True)
    lenient = [(e.start, e.end, e.text.replace("\\N", "\n").replace(ZWSP, "")) for e in subs]
    assert lenient == want


@pytest.mark.parametrize(("path", "document"), _golden("vtt"), ids=lambda v: getattr(v, "name", ""))
def test_golden_vtt_is_valid_and_reads_back(path: Path, document: Document, vtt_validator) -> None:  # type: ignore[no-untyped-def]
    result = vtt_validator.parse(path.read_text(encoding="utf-8"))
    assert result.errors == ()
    got = [(round(c.start * 1000), round(c.end * 1000), c.plain) for c in result.cues]
    assert got == intended_cues(document)
    speakers = [c.speaker for c in document.cues]
    assert [list(c.voices) for c in result.cues] == [[s] if s else [] for s in speakers]


@pytest.mark.parametrize(
    ("path", "document"), _golden("json"), ids=lambda v: getattr(v, "name", "")
)
def test_golden_json_follows_the_schema_and_reads_back_to_the_same_model(
    path: Path, document: Document
) -> None:
    data = path.read_bytes()
    jsonschema.validate(json.loads(data), json_schema())
    (again,) = read(data, path.name).documents
    assert again == document


def test_every_golden_file_belongs_to_an_input() -> None:
    stems = {stem for name in INPUT_NAMES for stem in _documents(name)}
    names = {f"{stem}.{fmt.extension}" for stem in stems for fmt in FORMATS.values()}
    for path in GOLDEN.iterdir():
        assert path.name in names, path.name
