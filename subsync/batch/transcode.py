"""SRT to SRT and WebVTT in one pass, with no cue objects: each chunk of blocks becomes output
text at once. Used only where nothing between reading and writing would change a cue (see
batch.convert); it gives up (None) on whatever the model's path reads differently, which then
reads the input, so the outputs and warnings are always the model's path's."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from itertools import accumulate, compress, repeat
from typing import NamedTuple, TypeVar

from subsync.model import Cue
from subsync.sources.base import Notice
from subsync.sources.findings import Finding, summarise
from subsync.sources.srt import read_block
from subsync.sources.srt_plain import Blocks, NotPlain, srt_blocks
from subsync.times import MAX_TIME_US, srt_time, vtt_time
from subsync.writers.common import display_text
from subsync.writers.srt import plain_text, srt_piece
from subsync.writers.vtt import plain_payload, vtt_file, vtt_piece

#: The formats this path writes.
FORMATS = frozenset({"srt", "vtt"})
# SRT cannot hold an end from 100 hours on: the model's path fails that output.
_SRT_LIMIT_MS = MAX_TIME_US // 1000
_T = TypeVar("_T")


class GiveUp(Exception):
    """The model's path reads this input differently (cues out of order, a time SRT cannot
    hold, ...): it converts it instead."""


def transcode(text: str, formats: Sequence[str]) -> tuple[dict[str, str], list[Notice]] | None:
    """Each of ``formats`` (``srt``, ``vtt``) of SRT text, and the warnings, as the model's
    path makes them; None where that path must read the text."""
    findings: list[Finding] = []
    pieces: dict[str, list[str]] = {name: [] for name in formats}
    state = _Written()
    try:
        for blocks in srt_blocks(text, read_block, findings):
            first = state.written + 1
            rows = _rows(blocks, state)
            if state.written < first:
                continue  # no cue of this chunk is written
            if "vtt" in pieces:
                pieces["vtt"].append(vtt_piece(*rows.columns(vtt_time, ".", plain_payload)))
            if "srt" in pieces:
                pieces["srt"].append(srt_piece(first, *rows.columns(srt_time, ",", plain_text)))
    except (NotPlain, GiveUp):
        return None
    del text
    texts = {name: vtt_file(p) if name == "vtt" else "".join(p) for name, p in pieces.items()}
    notices = [Notice(f"line {line}", message) for line, message in summarise(findings)]
    return texts, notices


class _Written:
    """What the chunks so far leave for the next: the latest end (to find cues out of
    order or overlapping), the last row written (WebVTT lists cues by start, then longest
    first), and how many rows were written (SRT numbers them)."""

    def __init__(self) -> None:
        self.latest = 0
        self.last = (-1, 0)  # (start ms, -end ms) of the last row
        self.written = 0


class _Rows(NamedTuple):
    """A chunk's cues: start and end in milliseconds (a cue of 0 ms is written 1 ms long),
    the shown text (blank ones are not written: ``keep`` lists the others, None for all),
    and the time fields as written when they are what the formats write (every one of two
    digits), else None; ``retimed`` lists the cues whose times are not their fields'."""

    starts: list[int]
    ends: list[int]
    texts: list[str]
    fields: list[list[str]] | None
    retimed: list[int]
    keep: list[int] | None

    def columns(
        self, shown: Callable[[int], str], decimal: str, text: Callable[[str], str]
    ) -> tuple[list[str], list[str], list[str]]:
        """Start and end timestamps and text of each cue written, in a format's way."""
        if self.fields is None:
            starts, ends = list(map(shown, self.starts)), list(map(shown, self.ends))
        else:
            written = f"{{}}:{{}}:{{}}{decimal}{{}}".format
            starts = list(map(written, *self.fields[:4]))
            ends = list(map(written, *self.fields[4:]))
            for index in self.retimed:
                starts[index], ends[index] = shown(self.starts[index]), shown(self.ends[index])
        texts = list(map(text, self.texts))
        if self.keep is None:
            return starts, ends, texts
        return _pick(starts, self.keep), _pick(ends, self.keep), _pick(texts, self.keep)

    def kept(self) -> list[tuple[int, int]]:
        """(start, -end) of each cue written: WebVTT lists them by these."""
        keys = zip(self.starts, map(operator.neg, self.ends), strict=True)
        return list(keys) if self.keep is None else _pick(list(keys), self.keep)


def _rows(blocks: Blocks, state: _Written) -> _Rows:
    """The cues of a chunk's blocks; gives up where the model's path would sort them, tell
    of an overlap, or fail SRT."""
    starts, ends, texts = list(blocks.starts), list(blocks.ends), list(blocks.payloads)
    retimed = []
    for index, timed in blocks.special.items():
        start, end = divmod(timed.cue.start, 1000), divmod(timed.cue.end, 1000)
        if start[1] or end[1]:
            raise GiveUp("a time with a fraction of a millisecond")
        if (start[0], end[0]) != (starts[index], ends[index]) or end[0] <= start[0]:
            retimed.append(index)
        starts[index], ends[index] = start[0], end[0]
        texts[index] = display_text(timed.cue)
    if any(map(operator.contains, texts, repeat("\0"))):
        texts = [_shown(text) if "\0" in text else text for text in texts]
    # In the model's path, a cue that starts before one above it ends is sorted or warned of.
    if not all(map(operator.ge, starts, accumulate(ends, max, initial=state.latest))):
        raise GiveUp("cues out of order or overlapping")
    state.latest = max(state.latest, *ends)
    if state.latest >= _SRT_LIMIT_MS - 1:
        raise GiveUp("an end near or past SRT's last time")
    for index in retimed:
        ends[index] = max(ends[index], starts[index] + 1)
    keep = None if all(texts) else list(compress(range(len(texts)), texts))
    fields = blocks.fields if _two_digits(blocks.fields) else None
    rows = _Rows(starts, ends, texts, fields, retimed, keep)
    keys = rows.kept()
    if keys and not all(map(operator.le, [state.last, *keys], keys)):
        raise GiveUp("cues the WebVTT writer would reorder")
    state.last = keys[-1] if keys else state.last
    state.written += len(keys)
    return rows


def _pick(values: list[_T], keep: list[int]) -> list[_T]:
    return [values[index] for index in keep]


def _two_digits(fields: list[list[str]]) -> bool:
    """Whether every hours, minutes and seconds field has two digits, as the writers'."""
    return all(set(map(len, fields[i])) == {2} for i in (0, 1, 2, 4, 5, 6))


def _shown(text: str) -> str:
    """What the writers show of a text with NUL in it (see writers.common.visible)."""
    return display_text(Cue(0, 1, tuple(text.split("\n"))))
