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

_TEXT = ["Hi", "there", " ", "<i>", "</i>", "<b>x</b>", "{\\an8}", "<", "&", "12", "é", "日本"]
_TEXT += ["-->", "1 --> 2", "\t", "\u2028", "\x85", "a > b", "<font color=red>", "\0"]
_TEXT += ["<I>", "</U>"]  # tags in capitals, which the simple-tag path takes too
_line = st.lists(st.sampled_from(_TEXT), max_size=4).map("".join)
_time = st.tuples(
    st.integers(0, 120), st.integers(0, 65), st.integers(0, 65), st.integers(0, 999)
).map(lambda t: f"{t[0]:02d}:{t[1]:02d}:{t[2]:02d},{t[3]:03d}")
_timing = st.tuples(_time, _time, st.sampled_from(["", " ", " X1:10 Y1:20", " junk"])).map(
    lambda t: f"{t[0]} --> {t[1]}{t[2]}"
)
_block = st.tuples(
    st.sampled_from(["{n}\n", "", " {n} \n", "{n}\n\n"]),
    _timing,
    st.lists(_line, max_size=3),
    st.sampled_from(["\n\n", "\n", "\n\n\n", "\n \n"]),
).map(lambda b: (b[0], b[1] + "\n" + "\n".join(b[2]), b[3]))
_srt = st.lists(_block, min_size=1, max_size=6).map(
    lambda blocks: "".join(n.format(n=i) + body + end for i, (n, body, end) in enumerate(blocks, 1))
)
_clean = st.lists(
    st.tuples(
        _time,
        _time,
        st.lists(st.sampled_from(["Hi there", "<i>Yes.</i>", "42"]), min_size=1, max_size=2),
    ),
    min_size=1,
    max_size=6,
).map(
    lambda cues: "\n".join(
        f"{i}\n{a} --> {b}\n" + "\n".join(lines) + "\n" for i, (a, b, lines) in enumerate(cues, 1)
    )
)


# Mostly well-formed blocks whose text is hostile: the one-pass reader takes most of them.
_fair = st.lists(
    st.tuples(
        st.sampled_from(["{n}\n", "{n}\n", " {n}\t\n", ""]),
        _time,
        _time,
        st.sampled_from(["", "", " ", " X1:1"]),
        st.lists(_line.filter(lambda t: "-->" not in t), min_size=1, max_size=3),
        st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n"]),
    ),
    min_size=1,
    max_size=6,
).map(
    lambda blocks: "".join(
        f"{n.format(n=i)}{a} --> {b}{rest}\n" + "\n".join(lines) + end
        for i, (n, a, b, rest, lines, end) in enumerate(blocks, 1)
    )
)


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
        got = read_plain_srt(text, srt._block)
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
    cues, findings = read_plain_srt(text, srt._block)
    assert (cues, findings) == _line_by_line(text)
    assert [c.line for c in cues[-2:]] == [4 * 29_999 - 2, 4 * 30_000 - 2]
