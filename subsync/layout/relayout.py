"""Laying cues out again under another Layout: the one relayout path (``subsync.relayout``
and ``--relayout`` of SRT and WebVTT inputs), and the one sort, settle, sort of cues built
run by run."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from typing import Literal, TypeVar

from subsync.layout.cues import build_cues
from subsync.layout.guarantee import guarantee, pieces_of
from subsync.layout.presets import Layout
from subsync.layout.repair import keep_gaps, settle, spoken
from subsync.layout.text import is_spaceless
from subsync.layout.words import Piece, words_from_text
from subsync.model import Cue

#: What becomes of a cue without timed words: kept as it is (ElevenLabs frames, as edited),
#: or its text's words spread over its time and laid out with the others.
Untimed = Literal["keep", "spread"]

Tag = TypeVar("Tag")


def relayout_cues(
    cues: Sequence[Cue], layout: Layout, *, untimed: Untimed, warnings: list[str] | None = None
) -> list[Cue]:
    """The cues laid out again under ``layout``: each run of one speaker (and segment)
    rebuilt together from its words, then settled and put in time order. When subsync laid
    out every cue (none is a frame kept as edited), the layout's promise is kept over them,
    and what it could not keep is added to ``warnings``."""
    built: list[Cue] = []
    runs = itertools.groupby(
        cues, key=lambda c: (bool(c.words) or untimed == "spread", c.speaker, c.segment)
    )
    for (rebuild, speaker, segment), group in runs:
        run = list(group)
        if not rebuild:
            built.extend(run)
            continue
        pieces: list[Piece] = []
        for cue in run:
            pieces.extend(pieces_of(cue) if cue.words else _spread_pieces(cue, pieces))
        built.extend(build_cues(pieces, layout, speaker=speaker, segment=segment))
    gap = layout.min_gap_us
    laid = [cue for cue, _ in settled([(cue, None) for cue in built], gap)]
    kept_as_edited = any(cue.segment and not cue.words for cue in laid)
    if untimed == "spread" or (any(cue.words for cue in laid) and not kept_as_edited):
        laid = guarantee(keep_gaps(laid, gap), layout, [] if warnings is None else warnings)
    return laid


def settled(located: Sequence[tuple[Cue, Tag]], gap: int) -> list[tuple[Cue, Tag]]:
    """Cues built piece by piece, each with its tag (where it came from), kept clear of each
    other: sorted by when their speech starts, settled, then sorted by time."""
    in_speech_order = sorted(located, key=lambda item: (spoken(item[0]), item[0].end))
    cues = settle([cue for cue, _ in in_speech_order], gap)
    tagged = [(cue, tag) for cue, (_, tag) in zip(cues, in_speech_order, strict=True)]
    return sorted(tagged, key=lambda item: (item[0].start, item[0].end))


def _spread_pieces(cue: Cue, before: Sequence[Piece]) -> list[Piece]:
    """A cue's text as words spread over its time, spaced from the words before unless
    either side is written without spaces."""
    text = joined_lines(cue.lines)
    words = words_from_text(text, cue.start, cue.end)
    if words and before:
        spaced = not (is_spaceless(before[-1].word.text[-1]) or is_spaceless(text[0]))
        words[0] = dataclasses.replace(words[0], space_before=spaced)
    return words


def joined_lines(lines: tuple[str, ...]) -> str:
    """A cue's lines as running text: a space between lines, none between CJK characters.

    >>> joined_lines(("Hello", "world")), joined_lines(("日本語の", "字幕です"))
    ('Hello world', '日本語の字幕です')
    """
    text = lines[0] if lines else ""
    for line in lines[1:]:
        text += ("" if is_spaceless(text[-1:]) or is_spaceless(line[:1]) else " ") + line
    return text
