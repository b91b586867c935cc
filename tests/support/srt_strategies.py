"""Hypothesis strategies for SRT text: quirky blocks (every quirk the line reader handles),
well-formed blocks of hostile text, and clean files."""

from __future__ import annotations

from hypothesis import strategies as st

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
quirky_srt = st.lists(_block, min_size=1, max_size=6).map(
    lambda blocks: "".join(n.format(n=i) + body + end for i, (n, body, end) in enumerate(blocks, 1))
)
clean_srt = st.lists(
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


#: Mostly well-formed blocks whose text is hostile: the one-pass reader takes most of them.
fair_srt = st.lists(
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


def _stamp(ms: int, shape: str) -> str:
    """A time in one of the shapes files have: two-digit fields, one-digit or three-digit
    hours, a full stop before the milliseconds."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    decimal = "." if shape == "dot" else ","
    hour = {"one": f"{hours}", "three": f"{hours:03d}"}.get(shape, f"{hours:02d}")
    return f"{hour}:{minutes:02d}:{seconds:02d}{decimal}{millis:03d}"


_ORDERED_TEXT = ["Hi there", "<i>Yes.</i>", "42", "a & b", "x > y", "a -> b", "\0", "<b>", "é"]
_ORDERED_TEXT += ["00:00:01,000 00:00:02,000", "{\\an8}Up", "<font color=red>no</font>", "<i>"]

#: Cues in time order and apart (each starts when or after the one above ends; some last
#: 0 ms, some show nothing once tags are gone), in every time shape, with text that tests
#: the writers: what the one-pass path is for.
ordered_srt = st.tuples(
    st.lists(
        st.tuples(
            st.integers(0, 5_000),
            st.integers(0, 4_000),
            st.lists(st.sampled_from(_ORDERED_TEXT), min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["two", "two", "one", "three", "dot"]),
    st.integers(0, 99 * 3_600_000),
).map(lambda drawn: _ordered(*drawn))


def _ordered(cues: list[tuple[int, int, list[str]]], shape: str, first: int) -> str:
    blocks, clock = [], first
    for number, (gap, length, lines) in enumerate(cues, 1):
        start, clock = clock + gap, clock + gap + length
        timing = f"{_stamp(start, shape)} --> {_stamp(clock, shape)}"
        blocks.append(f"{number}\n{timing}\n" + "\n".join(lines) + "\n")
    return "\n".join(blocks)
