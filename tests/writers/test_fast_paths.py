"""The writers' fast paths (cues whose lines need no tidying, SRT text with nothing to protect)
give exactly what the general paths give, on hostile text."""

from __future__ import annotations

import dataclasses
import re

from hypothesis import given
from hypothesis import strategies as st

from subsync.model import Cue, Document
from subsync.writers.common import WriteOptions, display_lines, display_text, visible
from subsync.writers.karaoke import shown
from subsync.writers.srt import srt_cues, write_srt
from subsync.writers.vtt import escape, plain, vtt_cues
from subsync.writers.vtt import render_vtt as vtt_of

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PIECES = ["a", "Bé", " ", "\t", "\u00a0", "\u2028", "\r", "\n", "\r\n", "\0", "12", "-->"]
_PIECES += ["- >", "00:00:01,000", " 00:00:02,000", "<i>", "&", "日本", "\x85", "\x1f", ""]
_lines = st.lists(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), max_size=4)
_cues = st.builds(
    lambda lines, start, length: Cue(start, start + length, tuple(lines)),
    _lines,
    st.integers(0, 10**9),
    st.integers(0, 10**7),
)


def _reference_lines(cue: Cue) -> list[str]:
    """display_lines as it was before the fast path: split, strip, drop blanks."""
    parts = (visible(p).strip() for line in cue.lines for p in _LINE_BREAK.split(line))
    return [p for p in parts if p]


@given(_cues)
def test_display_lines_and_text_match_the_general_rule(cue: Cue) -> None:
    assert display_lines(cue) == _reference_lines(cue)
    assert display_text(cue) == "\n".join(_reference_lines(cue))


@given(st.lists(_cues, max_size=8))
def test_plain_srt_is_what_the_general_path_writes(cues: list[Cue]) -> None:
    document = Document("test", "en", tuple(cues))
    # Speaker labels take the general path; without speakers they change nothing.
    general = srt_cues(document, WriteOptions(speaker_labels=True))
    assert srt_cues(document) == general
    assert write_srt(document) == write_srt(document, WriteOptions(speaker_labels=True))


@given(st.lists(_cues, max_size=8), st.sampled_from([None, "Ana", " Bo\n-- "]))
def test_plain_vtt_is_what_the_general_path_writes(cues: list[Cue], speaker: str | None) -> None:
    document = Document("test", "en", tuple(dataclasses.replace(c, speaker=speaker) for c in cues))
    general = vtt_cues(document, lambda cue: shown(cue, escape, karaoke=False))
    assert vtt_cues(document, plain) == general
    assert vtt_of(document) == vtt_of(document, lambda cue: shown(cue, escape, karaoke=False))
