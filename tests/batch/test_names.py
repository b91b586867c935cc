"""Two documents of one input that would write the same file (a dub in the source's own
language) are an error naming both, never one silently replacing the other."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import subsync
from subsync.errors import OutputError
from tests.support.helpers import INPUTS


def _dub_in_the_source_language() -> dict[str, object]:
    """The review fixture with its Spanish dub relabelled English, the source's language."""
    dub: dict[str, Any] = json.loads((INPUTS / "elevenlabs_dubbing_review.json").read_bytes())
    dub["target_languages"] = ["en" if code == "es" else code for code in dub["target_languages"]]
    for segment in dub["speaker_segments"].values():
        if "es" in segment["dubs"]:
            segment["dubs"]["en"] = segment["dubs"].pop("es")
    return dub


def test_a_dub_in_the_source_language_is_an_error_naming_both_documents(tmp_path: Path) -> None:
    source = tmp_path / "x.json"
    source.write_text(json.dumps(_dub_in_the_source_language()), encoding="utf-8")
    languages = [d.language for d in subsync.load(source).documents]
    assert languages.count("en") == 2
    result = subsync.convert_files([str(source)], tmp_path / "out", ["srt"])
    (only,) = result.results
    assert only.status == "failed"
    assert isinstance(only.error, OutputError)
    first, second = (i + 1 for i, code in enumerate(languages) if code == "en")
    assert f"documents {first} (" in only.error.message
    assert f"and {second} (" in only.error.message
    assert "would both write x.en.srt" in only.error.message
    assert not (tmp_path / "out" / "x.en.srt").exists()
