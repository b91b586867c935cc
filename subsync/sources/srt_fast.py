"""SRT blocks whose every time is HH:MM:SS,mmm (two-digit fields, minutes and seconds under
60) and ends after it starts, read as columns of text: no number is parsed, and tags of
nothing (<i>, </b>, ...) are taken from all the blocks at once. The one-pass path's common
case; a chunk with any other block is None, for the column reader of
subsync.sources.srt_plain, whose cues and findings these are."""

from __future__ import annotations

import operator
import re
from itertools import compress, count, repeat

from subsync.frozen import NamedTuple
from subsync.sources.findings import STYLING, STYLING_FATE, Finding, Tally, add
from subsync.sources.linepatterns import SRT_NUMBER, shown_lines
from subsync.sources.srt_plain import SIMPLE_START, SIMPLE_TAG, TEXT_LINE, tagged

#: An SRT time in the writers' shape, which compares as text as it does as a time.
STAMP = r"[0-9]{2}:[0-5][0-9]:[0-5][0-9],[0-9]{3}"
# srt_plain's block pattern with that time: it takes the same blocks, when it takes them.
_BLOCK = re.compile(
    rf"(?:({SRT_NUMBER})\n)?[ \t]*({STAMP})[ \t]*-->[ \t]*({STAMP})[ \t]*\n"
    rf"({TEXT_LINE}(?:\n{TEXT_LINE})*)(\n*)"
)
_GROUPS = _BLOCK.groups + 1
# Lines that shown_lines keeps as they are: trimmed, none blank.
_TRIMMED = re.compile(r"\S(?:[^\n]*\S)?(?:\n\S(?:[^\n]*\S)?)*")


class TextBlocks(NamedTuple):
    """A chunk's cues: start and end as written (HH:MM:SS,mmm), and their lines as the
    model keeps them, joined by newlines."""

    starts: list[str]
    ends: list[str]
    texts: list[str]


def read_fast(chunk: str, line: int, counted: Tally) -> TextBlocks | None:
    """The cues of a chunk of whole blocks (the first on ``line``), its styling tags
    counted, when every block is of this module's kind; else None, nothing counted."""
    parts = _BLOCK.split(chunk)
    if len(parts) == 1 or any(parts[::_GROUPS]):
        return None
    numbers, starts, ends, payloads, newlines = (parts[i::_GROUPS] for i in range(1, _GROUPS))
    if not all(map(operator.lt, starts, ends)):
        return None  # no length, or ending before it starts: a finding
    texts = payloads
    styled = sorted(tagged(payloads))
    if styled:
        shown = _untagged([payloads[i] for i in styled])
        if shown is None:
            return None
        texts = list(payloads)
        for index, text in zip(styled, shown, strict=True):
            texts[index] = text
        _count_tags(styled, (numbers, payloads, newlines), line, counted)
    return TextBlocks(starts, ends, texts)


def _untagged(payloads: list[str]) -> list[str] | None:
    """The lines kept (joined) of blocks whose only tags are tags of nothing (then each is
    closed at once, so one substitution takes them all); None if any has other tags or
    keeps no line."""
    bare = list(map(SIMPLE_TAG.sub, repeat(""), payloads))
    if any(map(operator.contains, bare, repeat("<"))):
        return None
    if any(map(operator.contains, bare, repeat("{"))):
        return None
    trimmed = list(map(_TRIMMED.fullmatch, bare))
    for index in compress(count(), map(operator.not_, trimmed)):
        bare[index] = "\n".join(shown_lines(bare[index]))
    return bare if all(bare) else None


def _count_tags(
    styled: list[int], columns: tuple[list[str], list[str], list[str]], line: int, counted: Tally
) -> None:
    """Count the start tags of the styled blocks as findings, the first with its line."""
    numbers, payloads, newlines = columns
    how_many = sum(map(len, map(SIMPLE_START.findall, (payloads[i] for i in styled))))
    if not how_many:
        return
    index = next(i for i in styled if SIMPLE_START.search(payloads[i]))
    # Lines before that block: each block's number line, timing line, text, blank lines.
    before = index + sum(n is not None for n in numbers[:index])
    before += sum(p.count("\n") for p in payloads[:index]) + sum(map(len, newlines[:index]))
    timing = line + before + (numbers[index] is not None)
    found = SIMPLE_START.search(payloads[index])
    assert found is not None
    at = timing + 1 + payloads[index].count("\n", 0, found.start())
    add(counted, Finding(STYLING, STYLING_FATE, at, found[0]), how_many)
