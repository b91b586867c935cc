"""Timing repair between parsing and cue building: what real speech APIs get wrong, put right.

Scribe and text-to-speech alignments end entries a millisecond before they start, stack
runs of entries at one instant, and let the last word of a sentence swallow the silence
after it (a 9 s question mark). Each repair here works inside one run of one speaker
between ``floor`` and ``ceiling`` (where the runs around it end and start), so nothing
moves across a speaker change or out of its segment; each is counted by kind.
"""

from __future__ import annotations

import collections
import dataclasses
import unicodedata
from collections.abc import Sequence

from subsync.layout.text import is_punctuation, is_spaceless
from subsync.layout.words import Piece
from subsync.model import Word

#: An end this much before its start is a rounding artefact (Scribe: end 279.199, start
#: 279.200); more is an error in the input.
NEGATIVE_TOLERANCE_US = 10_000
#: A word shorter than this is stuck (zero length, or one of many at one instant).
STUCK_US = 10_000
#: Time a spread word gets per character when there is room for it.
SPREAD_PER_CHAR_US = 100_000
#: The longest an audio event label is kept: a 44 s "(clicking)" is a sound under speech.
EVENT_US = 3_000_000

#: The kinds of repair, as the warning names them.
NEGATIVE = "entries ending up to 10 ms before they start, their end set to their start"
STUCK = "words of zero length or stuck at one instant, spread over the time around them"
SWALLOWED = "words lasting far longer than their letters need, cut to a plausible length"
LONG_EVENT = "audio events over 3 s, shown for 3 s"

Counts = collections.Counter[str]

# The ASCII characters a word is not said with (spaces, punctuation), deleted at once: a
# plain word's letters are what is left (no ASCII letter is of a script without spaces).
_SILENT_ASCII = str.maketrans(
    "",
    "",
    "".join(
        ch for ch in map(chr, range(128)) if ch.isspace() or unicodedata.category(ch)[0] == "P"
    ),
)


def clamped_end(start: int, end: int) -> int | None:
    """The end to use for an entry: itself, its start when it ends at most
    NEGATIVE_TOLERANCE_US before it, or None when it ends further before (an error).

    >>> clamped_end(0, 5), clamped_end(279_200_000, 279_199_000), clamped_end(50_000, 0)
    (5, 279200000, None)
    """
    if end >= start:
        return end
    return start if start - end <= NEGATIVE_TOLERANCE_US else None


def plausible_us(text: str) -> int:
    """The longest a word can take to say: half a second, and per letter 0.15 s (0.4 s in
    scripts written without spaces, where a letter is a syllable); punctuation is silent.

    >>> plausible_us("け？"), plausible_us("hello,")
    (900000, 1250000)
    """
    if text.isascii():
        return 500_000 + 150_000 * len(text.translate(_SILENT_ASCII))
    letters = [ch for ch in text if not ch.isspace() and not is_punctuation(ch)]
    return 500_000 + sum(400_000 if is_spaceless(ch) else 150_000 for ch in letters)


def repair_words(pieces: Sequence[Piece], floor: int, ceiling: int, counts: Counts) -> list[Piece]:
    """One run's words with swallowed silence cut and stuck words spread, each repair
    counted in ``counts``; times stay within ``[floor, ceiling]`` and in order."""
    words = [_trimmed(piece.word, counts) for piece in pieces]
    ceiling = max(ceiling, max((w.end for w in words), default=ceiling))
    floor = min(floor, min((w.start for w in words), default=floor))
    index = 0
    while index < len(words):
        if words[index].end - words[index].start >= STUCK_US:
            index += 1
            continue
        stop = index
        while stop < len(words) and words[stop].end - words[stop].start < STUCK_US:
            stop += 1
        counts[STUCK] += stop - index
        _spread(words, index, stop, floor, ceiling)
        index = stop
    return [Piece(word, piece.space_before) for word, piece in zip(words, pieces, strict=True)]


def trim_event(word: Word, counts: Counts) -> Word:
    """An audio event cut to EVENT_US, counted."""
    if word.end - word.start <= EVENT_US:
        return word
    counts[LONG_EVENT] += 1
    return dataclasses.replace(word, end=word.start + EVENT_US)


def _trimmed(word: Word, counts: Counts) -> Word:
    plausible = plausible_us(word.text)
    if word.end - word.start <= plausible:
        return word
    counts[SWALLOWED] += 1
    # The silence is swallowed at the end: a sentence's last syllable runs on to the next.
    return dataclasses.replace(word, end=word.start + plausible)


def _spread(words: list[Word], first: int, stop: int, floor: int, ceiling: int) -> None:
    """Give the stuck words ``first..stop-1`` time: from the silence around them when it
    holds what they need, else shared with the words on either side, by length."""
    low = words[first - 1].end if first else floor
    high = words[stop].start if stop < len(words) else ceiling
    stuck = words[first:stop]
    needed = SPREAD_PER_CHAR_US * sum(_length(w) for w in stuck)
    if high - low >= needed:
        instant = stuck[0].start
        start = min(max(instant - needed // 2, low), high - needed)
        if instant <= low:
            start = low
        _share(words, first, stop, start, start + needed)
        return
    block_first = max(first - 1, 0)
    block_stop = min(stop + 1, len(words))
    start = min(low, words[block_first].start)
    end = max(high, words[block_stop - 1].end)
    _share(words, block_first, block_stop, start, end)


def _share(words: list[Word], first: int, stop: int, start: int, end: int) -> None:
    """Spread ``words[first:stop]`` over ``[start, end]`` in proportion to their length."""
    lengths = [_length(w) for w in words[first:stop]]
    total = sum(lengths)
    position = 0
    for offset, length in enumerate(lengths):
        a = start + (end - start) * position // total
        position += length
        b = start + (end - start) * position // total
        words[first + offset] = dataclasses.replace(words[first + offset], start=a, end=b)


def _length(word: Word) -> int:
    return max(1, sum(1 for ch in word.text if not ch.isspace()))


def describe(counts: Counts) -> list[str]:
    """One warning line per kind of repair made."""
    return [f"timing repaired: {count} {kind}" for kind, count in counts.items() if count]
