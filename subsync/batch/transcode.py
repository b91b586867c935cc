"""SRT to SRT and WebVTT in one pass, with no cue objects: each chunk of blocks becomes output
text at once. Used only where nothing between reading and writing would change a cue (see
batch.convert); it gives up (None) on whatever the model's path reads differently, which then
reads the input, so the outputs and warnings are always the model's path's."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from itertools import accumulate, compress, repeat
from typing import TypeVar

from subsync.frozen import NamedTuple
from subsync.sources.base import Notice
from subsync.sources.findings import Finding, Tally, summarise, tally
from subsync.sources.srt_fast import TextBlocks, read_fast
from subsync.sources.srt_plain import Blocks, NotPlain, chunks, read_chunk
from subsync.sources.timed import TimedCue
from subsync.times import MAX_TIME_US, srt_time, srt_time_once, vtt_time
from subsync.writers.common import display_text

#: The formats this path writes.
FORMATS = frozenset({"srt", "vtt"})
# SRT cannot hold an end from 100 hours on: the model's path fails that output.
_SRT_LIMIT_MS = MAX_TIME_US // 1000
_SRT_LAST = srt_time_once(_SRT_LIMIT_MS - 1)
_T = TypeVar("_T")


def _joined(name: str, pieces: list[str]) -> str:
    """A format's output from its pieces. Each writer loads when its format is written
    (here and where pieces are made): a WebVTT-only run never loads the SRT writer."""
    if name != "vtt":
        return "".join(pieces)
    from subsync.writers.vtt import vtt_file

    return vtt_file(pieces)


def _read_block(timing: str, line: int, text: list[str], findings: list[Finding]) -> TimedCue:
    """subsync.sources.srt's reader of one block, loaded for the first block a pattern does
    not take (most files have none)."""
    from subsync.sources.srt import read_block

    return read_block(timing, line, text, findings)


class GiveUp(Exception):
    """The model's path reads this input differently (cues out of order, a time SRT cannot
    hold, ...): it converts it instead."""


def transcode(text: str, formats: Sequence[str]) -> tuple[dict[str, str], list[Notice]] | None:
    """Each of ``formats`` (``srt``, ``vtt``) of SRT text, and the warnings, as the model's
    path makes them; None where that path must read the text."""
    pieces: dict[str, list[str]] = {name: [] for name in formats}
    state = _Written()
    counted: Tally = {}
    try:
        for chunk, line in chunks(text):
            first = state.written + 1
            fast = read_fast(chunk, line, counted)
            if fast is not None:
                _write_fast(fast, state, first, pieces)
                continue
            found: list[Finding] = []
            rows = _rows(read_chunk(chunk, line, found, _read_block), state)
            tally(found, counted)
            if state.written >= first:  # else no cue of this chunk is written
                for name, written in pieces.items():
                    written.append(rows.vtt() if name == "vtt" else rows.srt(first))
    except (NotPlain, GiveUp):
        return None
    del text
    texts = {name: _joined(name, p) for name, p in pieces.items()}
    notices = [Notice(f"line {line}", message) for line, message in summarise(counted)]
    return texts, notices


def _write_fast(
    blocks: TextBlocks, state: _Written, first: int, pieces: dict[str, list[str]]
) -> None:
    """Write a chunk srt_fast read (times as text, each cue ending after it starts), or
    give up as :func:`_rows` does. Such times compare as text as they do as times."""
    starts, ends, texts = blocks
    if not all(
        map(operator.ge, starts, accumulate(ends, max, initial=srt_time_once(state.latest)))
    ):
        raise GiveUp("cues out of order or overlapping")
    latest = max(ends)
    if latest >= _SRT_LAST:
        raise GiveUp("an end near or past SRT's last time")
    # Starts rise (each cue starts when or after the one above ends, after its own start):
    # WebVTT's order is the file's, unless the cue above this chunk lasted 0 ms.
    if (_stamp_ms(starts[0]), -_stamp_ms(ends[0])) < state.last:
        raise GiveUp("cues the WebVTT writer would reorder")
    state.latest = _stamp_ms(latest)
    state.last = (_stamp_ms(starts[-1]), -_stamp_ms(ends[-1]))
    state.written += len(starts)
    texts = _visible(texts)
    for name, written in pieces.items():
        if name == "vtt":
            begin, end = (
                map(str.replace, times, repeat(","), repeat(".")) for times in (starts, ends)
            )
            from subsync.writers.vtt import plain_payload, vtt_piece

            written.append(vtt_piece(begin, end, map(plain_payload, texts)))
        else:
            from subsync.writers.srt import plain_text, srt_piece

            written.append(srt_piece(first, starts, ends, map(plain_text, texts)))


def _stamp_ms(stamp: str) -> int:
    """Milliseconds of HH:MM:SS,mmm.

    >>> _stamp_ms("01:02:03,004")
    3723004
    """
    hours, minutes, seconds = int(stamp[:2]), int(stamp[3:5]), int(stamp[6:8])
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(stamp[9:])


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
    digits), else None; ``retimed`` lists the cues read on their own, whose fields may not
    be their times (00:00:60 is 00:01:00)."""

    starts: list[int]
    ends: list[int]
    texts: list[str]
    fields: list[list[str]] | None
    retimed: list[int]
    keep: list[int] | None

    def vtt(self) -> str:
        """The cues written as WebVTT blocks, for writers.vtt.vtt_file."""
        from subsync.writers.vtt import plain_payload, vtt_piece

        return vtt_piece(*self.columns(vtt_time, ".", plain_payload))

    def srt(self, first: int) -> str:
        """The cues written as SRT blocks numbered from ``first``."""
        from subsync.writers.srt import plain_text, srt_piece

        return srt_piece(first, *self.columns(srt_time, ",", plain_text))

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
        retimed.append(index)  # its fields may not be its time (00:00:60 is 00:01:00)
        starts[index], ends[index] = start[0], end[0]
        texts[index] = display_text(timed.cue)
    texts = _visible(texts)
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
    """Whether every hours, minutes and seconds field has two digits, as the writers'.
    (Minutes and seconds have one or two, so two each is a length of twice their count.)"""
    hours = fields[0] + fields[4]
    return set(map(len, hours)) == {2} and all(
        len("".join(fields[i])) == 2 * len(fields[i]) for i in (1, 2, 5, 6)
    )


def _visible(texts: list[str]) -> list[str]:
    """The texts as the writers show them where one holds NUL (see _shown), else as they are."""
    if not any(map(operator.contains, texts, repeat("\0"))):
        return texts
    return [_shown(text) if "\0" in text else text for text in texts]


def _shown(text: str) -> str:
    """What the writers show of a text with NUL in it (see writers.common.visible)."""
    from subsync.model import Cue  # only a text with NUL in it needs one

    return display_text(Cue(0, 1, tuple(text.split("\n"))))
