"""Source detection: exactly one shape, or a refusal that names the shapes and --source."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from subsync.cli import main
from subsync.errors import InputError
from subsync.sources import SOURCES, detect, read_raw
from tests.support.helpers import INPUTS

# One saved response of each JSON shape (a dict at the top).
SHAPES = {
    "elevenlabs": "elevenlabs_dubbing_review.json",
    "resemble": "resemble_v1_docs_clip.json",
    "elevenlabs-tts": "elevenlabs_tts_v3_tags.json",
}


def shape(name: str) -> dict[str, object]:
    loaded = json.loads((INPUTS / SHAPES[name]).read_bytes())
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_saved_response_matches_its_source_alone(name: str) -> None:
    assert detect(shape(name)).name == name


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(sorted(SHAPES), 2)))
def test_an_input_with_two_shapes_is_refused_naming_both(first: str, second: str) -> None:
    both = {**shape(first), **shape(second)}
    with pytest.raises(InputError) as caught:
        read_raw(both, "both.json")
    message = caught.value.message
    assert "more than one kind of input" in message
    for name in (first, second):
        assert f"--source {name}" in message
    assert caught.value.input == "both.json"
    # Named, it is read as that source.
    assert read_raw(both, "both.json", first).documents


def test_the_command_line_refuses_the_ambiguous_input_and_reads_it_with_source(
    tmp_path: Path,
) -> None:
    path = tmp_path / "both.json"
    path.write_text(json.dumps({**shape("elevenlabs"), **shape("resemble")}), encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(main, ["convert", str(path), "-o", "-"])
    assert refused.exit_code == 1
    assert "elevenlabs and resemble" in refused.stderr
    assert "--source elevenlabs or --source resemble" in refused.stderr
    chosen = runner.invoke(main, ["convert", str(path), "-o", "-", "--source", "resemble", "-q"])
    assert chosen.exit_code == 0, chosen.stderr
    assert chosen.stdout.startswith("1\n")


def test_every_source_has_a_name_detection_can_print() -> None:
    assert all(name == source.name for name, source in SOURCES.items())
