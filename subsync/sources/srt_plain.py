"""SRT read in one pass over the whole text: one compiled pattern takes block after block,
and a plain block (times in range, nothing after the end time, text lines without tags,
blank lines or spaces at their ends) becomes a cue straight from its groups; a block with
tags goes to the block reader of subsync.sources.srt, and a text the pattern cannot tile goes
to that module's line-by-line reader, so every cue and finding is the same as there."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from itertools import accumulate, compress, count, repeat

from subsync.frozen import NamedTuple
from subsync.sources.findings import STYLING, STYLING_FATE, Finding
from subsync.sources.linepatterns import SRT_NUMBER, SRT_TIME, digits_value, shown_lines
from subsync.sources.tags import SRT_TAGS
from subsync.sources.timed import TimedCue, timed_cue_findings

#: Reads one block as subsync.sources.srt does: its timing line, that line's number, its
#: text lines (and the findings so far, to add to).
BlockReader = Callable[[str, int, list[str], list[Finding]], TimedCue]

_TIMING_START = r"[ \t]*[0-9]+:[0-9]{1,2}:[0-9]{1,2}[,.][0-9]{3}[ \t]*-->"
#: A text line: not blank, no space at its ends, not meant as a timing line, and not the
#: number of the cue whose timing line follows.
TEXT_LINE = rf"(?![ \t]*[0-9][^\n]*-->)(?!{SRT_NUMBER}\n{_TIMING_START})[^\s](?:[^\n]*[^\s])?"
# A cue that the block reader reads without a finding (styling aside): its number, a timing
# line with nothing after the end time, its text lines, then the newlines after them.
_BLOCK_PATTERN = (
    rf"(?:({SRT_NUMBER})\n)?[ \t]*{SRT_TIME}[ \t]*-->[ \t]*{SRT_TIME}[ \t]*\n"
    rf"({TEXT_LINE}(?:\n{TEXT_LINE})*)(\n*)"
)
_GROUPS = 12  # re.split puts the text between matches before each's 11 groups
# Minutes and seconds the block reader warns of (they carry over).
_SIXTY = frozenset(str(n) for n in range(60, 100))
# Where one can be: after a colon (the text may hold such digits too; then the columns say).
_SIXTY_ANYWHERE = re.compile(r":[6-9][0-9]")
# Text read a chunk at a time (cut after blank lines), so that what the pattern returns
# for each block stays small next to the cues.
_CHUNK = 1 << 20


def read_plain_srt(text: str, read_block: BlockReader) -> tuple[list[TimedCue], list[Finding]]:
    """The cues of SRT text and the findings, as subsync.sources.srt reads them, when one
    pattern takes every block; else raises :class:`NotPlain` (that module then reads the
    text line by line). A block with styling tags, a time past 59 minutes or seconds or an
    end not after its start is read by ``read_block``, for its findings."""
    from subsync.model import Cue  # the one-pass path builds none

    cues: list[TimedCue] = []
    findings: list[Finding] = []
    for blocks in srt_blocks(text, read_block, findings):
        made = map(
            Cue,
            map(_US_PER_MS.__mul__, blocks.starts),
            map(_US_PER_MS.__mul__, blocks.ends),
            map(tuple, map(str.split, blocks.payloads, repeat("\n"))),
        )
        chunk_cues = list(map(TimedCue, made, blocks.timings))
        for index, cue in blocks.special.items():
            chunk_cues[index] = cue
        cues.extend(chunk_cues)
    return cues, findings


class NotPlain(Exception):
    """The text needs subsync.sources.srt's reader, line by line."""


class Blocks(NamedTuple):
    """One chunk's blocks as columns: start and end in milliseconds, the text lines as
    written (joined by newlines), the eight time fields as written (hours, minutes, seconds,
    milliseconds of the start, then of the end), and the line of each timing line. The
    blocks in ``special`` (by index) were read one at a time, for their findings, and their
    cues replace what the columns say."""

    starts: list[int]
    ends: list[int]
    payloads: list[str]
    fields: list[list[str]]
    timings: list[int]
    special: dict[int, TimedCue]


def srt_blocks(text: str, read_block: BlockReader, findings: list[Finding]) -> Iterator[Blocks]:
    """The blocks of SRT text a chunk at a time, findings added as they are met; raises
    :class:`NotPlain` (perhaps after some chunks) where the pattern does not take a block."""
    for chunk, line in chunks(text):
        yield read_chunk(chunk, line, findings, read_block)


def chunks(text: str) -> Iterator[tuple[str, int]]:
    """SRT text in chunks of whole blocks (if the pattern takes it), each with the line it
    starts on; raises :class:`NotPlain` where lines end in a lone CR or there is no block."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            raise NotPlain("a line ends in a lone carriage return")
    at = len(text) - len(text.lstrip("\n"))
    if at == len(text):
        raise NotPlain("no block")
    line = at + 1  # the line the next block starts on
    while at < len(text):
        stop = _cut(text, at + _CHUNK)
        chunk = text[at:stop]
        yield chunk, line
        line += chunk.count("\n")
        at = stop


def _cut(text: str, near: int) -> int:
    """Where a chunk ends: after the first run of blank lines from ``near`` on (in a text
    the pattern takes, a block starts there), or the end."""
    at = text.find("\n\n", near)
    if at < 0:
        return len(text)
    while at < len(text) and text[at] == "\n":
        at += 1
    return at


def read_chunk(chunk: str, line: int, findings: list[Finding], read_block: BlockReader) -> Blocks:
    """The blocks of a chunk (whole blocks, its first on ``line``). Every step runs over a
    column of all the chunk's blocks at once, in C."""
    # Compiled at first use (re keeps it): a file of two-digit times never needs it.
    parts = re.split(_BLOCK_PATTERN, chunk)
    if len(parts) == 1 or any(parts[::_GROUPS]):
        raise NotPlain(f"the pattern does not take every block after line {line}")
    numbers, h1, m1, s1, f1, h2, m2, s2, f2, payloads, newlines = (
        parts[i::_GROUPS] for i in range(1, _GROUPS)
    )
    numbered = list(map(operator.is_not, numbers, repeat(None)))
    starts, ends = _ms(h1, m1, s1, f1), _ms(h2, m2, s2, f2)
    # Each block's lines: its number's, its timing line, its text's, the blank ones after.
    counts = map(
        sum, zip(numbered, repeat(1), map(str.count, payloads, repeat("\n")), map(len, newlines))
    )
    firsts = list(accumulate(counts, initial=line))
    timings = list(map(operator.add, firsts, numbered))
    odd = set(compress(count(), map(operator.ge, starts, ends)))
    if _SIXTY_ANYWHERE.search(chunk):  # else no time field can be 60 or more
        for column in (m1, s1, m2, s2):
            if not _SIXTY.isdisjoint(column):
                odd.update(compress(count(), map(_SIXTY.__contains__, column)))
    special: dict[int, TimedCue] = {}
    for index in sorted(odd.union(tagged(payloads))):
        lines, at = payloads[index].split("\n"), timings[index]
        if index in odd:  # the block reader has findings for its times
            start = f"{h1[index]}:{m1[index]}:{s1[index]},{f1[index]}"
            timing = f"{start} --> {h2[index]}:{m2[index]}:{s2[index]},{f2[index]}"
            special[index] = read_block(timing, at, lines, findings)
        else:
            shown = _simply_tagged(payloads[index], at + 1, findings)
            from subsync.model import Cue  # for the findings of a tagged block only

            cue = Cue(
                starts[index] * _US_PER_MS,
                ends[index] * _US_PER_MS,
                untagged(lines, at + 1, findings) if shown is None else shown,
            )
            special[index] = TimedCue(timed_cue_findings(cue, at, findings), at)
    fields = [h1, m1, s1, f1, h2, m2, s2, f2]
    return Blocks(starts, ends, payloads, fields, timings, special)


_US_PER_MS = 1000


def _ms(hours: list[str], minutes: list[str], seconds: list[str], millis: list[str]) -> list[int]:
    """Milliseconds of columns of time fields, column by column: each field looked up in a
    table of those met so far (a file has few distinct ones), which is faster than int()."""
    total = map(
        operator.add, map(_HOUR_MS.__getitem__, hours), map(_MINUTE_MS.__getitem__, minutes)
    )
    part = map(operator.add, map(_SECOND_MS.__getitem__, seconds), map(_MS.__getitem__, millis))
    return list(map(operator.add, total, part))


class _Table(dict[str, int]):
    """Digits -> their value times ``unit``, each worked out when first met."""

    def __init__(self, unit: int) -> None:
        super().__init__()
        self.unit = unit

    def __missing__(self, digits: str) -> int:
        try:
            value = digits_value(digits) * self.unit
        except ValueError:
            raise NotPlain("hours of too many digits") from None  # the line reader says so
        if len(digits) <= 3:  # so the table stays small: hours may have any number of digits
            self[digits] = value
        return value


_HOUR_MS, _MINUTE_MS, _SECOND_MS, _MS = _Table(3_600_000), _Table(60_000), _Table(1000), _Table(1)


def tagged(payloads: list[str]) -> set[int]:
    """The blocks with a styling tag or an override (or text like one)."""
    tagged = set(compress(count(), map(str.__contains__, payloads, repeat("<"))))
    return tagged.union(compress(count(), map(str.__contains__, payloads, repeat("{"))))


# Tags with nothing inside (<i>, </b>, ...): a block whose every "<" starts one, and with no
# "{", has these as its only tags, each closed at once, so one substitution takes them all.
SIMPLE_TAG = re.compile(r"</?[ibus]>", re.IGNORECASE)
SIMPLE_START = re.compile(r"<[ibus]>", re.IGNORECASE)


def _simply_tagged(payload: str, first: int, findings: list[Finding]) -> tuple[str, ...] | None:
    """What :func:`untagged` gives for a block's text (its lines joined by newlines), when
    its only tags are those with nothing inside; else None, with no finding added."""
    bare = SIMPLE_TAG.sub("", payload)
    if "<" in bare or "{" in bare:
        return None
    for offset, text_line in enumerate(payload.split("\n"), first):
        findings.extend(
            Finding(STYLING, STYLING_FATE, offset, tag) for tag in SIMPLE_START.findall(text_line)
        )
    return shown_lines(bare)


def untagged(text: list[str], first: int, findings: list[Finding]) -> tuple[str, ...]:
    """A cue's lines as shown: styling tags removed (each start tag a finding, on its line,
    counted from ``first``), trimmed, blank ones left out."""
    for offset, text_line in enumerate(text, first):
        findings.extend(
            Finding(STYLING, STYLING_FATE, offset, text_line[start:end])
            for start, end in SRT_TAGS.spans(text_line)
            if not text_line.startswith("</", start)
        )
    return shown_lines("\n".join(SRT_TAGS.sub("", t) for t in text))
