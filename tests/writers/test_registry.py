"""What the FORMATS registry declares about each format holds for its writer, and declaring
it loads no writer code."""

from __future__ import annotations

import subprocess
import sys

import pytest

from subsync.errors import OutputError
from subsync.layout.presets import PRESETS
from subsync.lint import check_file, lints
from subsync.writers import FORMATS
from tests.support.helpers import parse_fixture

# A Resemble clip has words, graphemes and phonemes; a dubbing resource's frames have none.
TIMED = parse_fixture("resemble_v1_docs_clip.json").documents[0]
FRAMES = parse_fixture("elevenlabs_dubbing_review.json").documents[0]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_lint_reads_exactly_the_formats_that_say_so(name: str) -> None:
    fmt = FORMATS[name]
    file_name = f"clip.en.{fmt.extension}"
    assert lints(file_name) == fmt.lint_reads
    if fmt.lint_reads:
        data = fmt.write(TIMED).encode("utf-8")
        assert isinstance(check_file(data, file_name, PRESETS["default"]), list)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_format_needs_phonemes_exactly_when_it_says_so(name: str) -> None:
    fmt = FORMATS[name]
    assert fmt.write(TIMED)
    if fmt.needs_phonemes:
        with pytest.raises(OutputError, match="phoneme"):
            fmt.write(FRAMES)
    else:
        assert fmt.write(FRAMES)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_format_warns_about_missing_word_times_exactly_when_it_needs_them(name: str) -> None:
    fmt = FORMATS[name]
    assert fmt.warnings(TIMED) == []
    assert bool(fmt.warnings(FRAMES)) == fmt.needs_words


def test_the_registry_loads_no_writer_code() -> None:
    code = (
        "import sys, subsync.writers, subsync.cli; "
        "print(sorted(m for m in sys.modules if m.startswith('subsync.writers.')))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "['subsync.writers.common']"
