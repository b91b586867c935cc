"""The one-pass SRT reader gives exactly the cues, lines and findings of the line-by-line
reader, on SRT made of well-formed blocks, hostile text, and every quirk the line reader
handles (or it hands the text to that reader)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from subsync.errors import InputError
from subsync.sources import srt
from subsync.sources.findings import Finding
from subsync.sources.srt_plain import NotPlain, read_plain_srt
from subsync.sources.webvtt import TimedCue
from tests.support.srt_strategies import clean_srt as _clean
from tests.support.srt_strategies import fair_srt as _fair
from tests.support.srt_strategies import quirky_srt as _srt


def _line_by_line(text: str) -> tuple[list[TimedCue], list[Finding]]:
    def refuse(*_: object) -> tuple[list[TimedCue], list[Finding]]:
        raise NotPlain("test")

    # By name: the reader looks up the name it imported, so that is what is swapped.
    original = getattr(srt, "read_plain_srt")  # noqa: B009
    setattr(srt, "read_plain_srt", refuse)  # noqa: B010
    try:
        return srt.read_srt(text)
    finally:
        setattr(srt, "read_plain_srt", original)  # noqa: B010


def _same_as_line_by_line(text: str) -> bool:
    """Whether the one-pass reader took the text (it may hand it over) and agreed."""
    try:
        want = _line_by_line(text)
    except InputError as error:
        with pytest.raises(InputError) as raised:
            srt.read_srt(text)
        assert str(raised.value) == str(error)
        return False
    try:
        got = read_plain_srt(text, srt.read_block)
    except NotPlain:
        return False
    assert got == want
    return True


@settings(max_examples=300)
@given(_srt, st.sampled_from(["\n", "\r\n"]))
@example("1\n00:00:01,000 --> 00:00:02,000\nHi\n7\n00:00:03,000 --> 00:00:04,000\nYo", "\n")
@example("\n\n1\n00:00:01,000 --> 00:00:01,000\n<i></i>\n", "\r\n")
def test_one_pass_reader_agrees_with_the_line_reader(text: str, newline: str) -> None:
    _same_as_line_by_line(text.replace("\n", newline))


@settings(max_examples=300)
@given(_fair)
def test_hostile_text_in_well_formed_blocks_reads_as_the_line_reader_reads_it(text: str) -> None:
    _same_as_line_by_line(text)


@given(_clean)
def test_well_formed_srt_is_taken_in_one_pass(text: str) -> None:
    assert _same_as_line_by_line(text) or _line_by_line(text)[1]  # taken, or has findings


def test_a_long_file_is_read_in_chunks_with_the_right_lines() -> None:
    blocks = [
        f"{n}\n00:00:{n % 60:02d},000 --> 00:00:{n % 60:02d},500\nLine {n}\n"
        for n in range(1, 30_001)
    ]
    text = "\n".join(blocks)
    cues, findings = read_plain_srt(text, srt.read_block)
    assert (cues, findings) == _line_by_line(text)
    assert [c.line for c in cues[-2:]] == [4 * 29_999 - 2, 4 * 30_000 - 2]


def test_the_block_pattern_has_the_groups_the_columns_are_cut_by() -> None:
    import re

    from subsync.sources import srt_plain

    assert re.compile(srt_plain._BLOCK_PATTERN).groups + 1 == srt_plain._GROUPS
