"""Shared by the ElevenLabs speech sources: character tracks into words, audio tags and markup
out of the text, and turns of one speaker (or audio events) laid out into cues."""

from __future__ import annotations

import collections
import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from subsync.layout.cjk import phrases
from subsync.layout.cues import Piece, build_cues, words_from_marks
from subsync.layout.guarantee import guarantee
from subsync.layout.presets import Layout
from subsync.layout.repair import MIN_VISIBLE_US, keep_gaps, settle, spoken
from subsync.layout.scripts import for_language, language_of
from subsync.layout.word_repair import Counts, describe, repair_words, trim_event
from subsync.model import Cue, Mark, Word
from subsync.sources.base import (
    Notice,
    ParseOptions,
    sorted_with_overlap_notices,
    wheres_after_merges,
)

# Eleven v3 audio tags are words in brackets ([excited], [laughs harder]); "[1]" is text.
_AUDIO_TAG = re.compile(r"\[(?:[^\W\d_]|[ '\-])+\]")
# SSML the models read (<break time="1s"/>, <phoneme ...>): a tag starts with a letter or /.
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>")


@dataclass(frozen=True, slots=True)
class Run:
    """Words one speaker says in a row, or one audio event (``event``: a cue of its own),
    with the JSON path each came from."""

    pieces: tuple[Piece, ...]
    speaker: str | None
    wheres: tuple[str, ...]
    event: bool = False

    @property
    def start(self) -> int:
        """When the first word starts."""
        return min(piece.word.start for piece in self.pieces)

    @property
    def end(self) -> int:
        """When the last word ends."""
        return max(piece.word.end for piece in self.pieces)


def tags(marks: Sequence[Mark]) -> list[tuple[int, int]]:
    """The ``(first, stop)`` mark ranges that spell an audio tag or SSML markup.

    >>> tags([Mark(c, 0, 0) for c in "[sighs] a<break/>[1]"])
    [(0, 7), (9, 17)]
    """
    text = "".join(mark.text for mark in marks)
    offsets = itertools.accumulate((len(mark.text) for mark in marks), initial=0)
    index_at = {offset: index for index, offset in reversed(list(enumerate(offsets)))}
    found = []
    for match in itertools.chain(_AUDIO_TAG.finditer(text), _MARKUP.finditer(text)):
        first, stop = index_at.get(match.start()), index_at.get(match.end())
        if first is not None and stop is not None:  # a tag inside one mark stays text
            found.append((first, stop))
    return sorted(found)


def untagged(marks: Sequence[Mark], ranges: list[tuple[int, int]]) -> list[Mark]:
    """The marks with those of tags emptied: they keep their place (and index) but say
    nothing, so the words around them read as if the tag were not there."""
    hidden = {index for first, stop in ranges for index in range(first, stop)}
    return [Mark("", m.start, m.end) if i in hidden else m for i, m in enumerate(marks)]


def tag_notice(where: str, marks: Sequence[Mark], ranges: list[tuple[int, int]]) -> Notice:
    """The notice that says which tags were left out of the subtitles."""
    spelled = ["".join(m.text for m in marks[first:stop]) for first, stop in ranges]
    shown = ", ".join(dict.fromkeys(spelled))
    return Notice(
        where,
        f"{len(spelled)} audio tags or markup left out of the subtitles ({shown}); "
        "--keep-tags keeps them",
    )


def character_cues(
    marks: Sequence[Mark],
    speakers: Sequence[str | None],
    paths: Sequence[str],
    where: str,
    options: ParseOptions,
    notices: list[Notice],
) -> tuple[Cue, ...]:
    """The cues of a character track (``speakers`` and ``paths`` give each character's
    speaker and JSON path, ``where`` names the track), audio tags and markup left out
    unless ``keep_tags``, with a notice of what was left out."""
    shown = marks
    ranges = [] if options.keep_tags else tags(marks)
    if ranges:
        shown = untagged(marks, ranges)
        notices.append(tag_notice(where, marks, ranges))
    runs = character_runs(shown, speakers, paths)
    if not runs:
        notices.append(Notice(where, "the alignment has no words"))
    text = "".join(mark.text for mark in shown)
    located = lay_out(runs, for_language(options.layout, language_of(text)), notices, where)
    return sorted_with_overlap_notices(located, notices)


def character_runs(
    marks: Sequence[Mark], speakers: Sequence[str | None], paths: Sequence[str]
) -> list[Run]:
    """The words of a character track, a run for each stretch of one speaker; word
    ``graphemes`` index the whole track."""
    runs = []
    first = 0
    for speaker, group in itertools.groupby(speakers):
        stop = first + len(list(group))
        pieces = [_shifted(piece, first) for piece in words_from_marks(marks[first:stop])]
        if pieces:
            wheres = tuple(paths[first_mark(piece)] for piece in pieces)
            runs.append(Run(tuple(pieces), speaker, wheres))
        first = stop
    return runs


def first_mark(piece: Piece) -> int:
    """The index of a word's first mark (0 for a word that has none)."""
    span = piece.word.graphemes
    return 0 if span is None else span[0]


def _shifted(piece: Piece, by: int) -> Piece:
    span = piece.word.graphemes
    if span is None:
        return piece
    word = dataclasses.replace(piece.word, graphemes=(span[0] + by, span[1] + by))
    return Piece(word, piece.space_before)


def lay_out(
    runs: Sequence[Run], layout: Layout, notices: list[Notice], where: str
) -> list[tuple[Cue, str]]:
    """Cues for the runs of one timeline (one voice track, one channel), each with its
    JSON path: timings repaired run by run, speech laid out by the cue builder (a new
    speaker always starts a new cue), each audio event a cue of its own; cues then kept
    apart by the minimum gap, since nothing on one timeline is said at once, and held to
    the layout's promise. Repairs and what could not be met are noticed at ``where``."""
    counts: Counts = collections.Counter()
    ordered = _events_joined(sorted(runs, key=lambda run: run.start), layout)
    ordered = _repaired(ordered, counts, layout)
    located: list[tuple[Cue, str]] = []
    for index, run in enumerate(ordered):
        if run.event:
            # the speech before keeps at least a visible moment (its words may last 0 s)
            before = ordered[index - 1] if index else None
            previous = max(before.end, before.start + MIN_VISIBLE_US) if before else None
            following = ordered[index + 1].start if index + 1 < len(ordered) else None
            located.append((_event_cue(run, previous, following, layout), run.wheres[0]))
        else:
            where_of = {id(p.word): w for p, w in zip(run.pieces, run.wheres, strict=True)}
            cues = build_cues(run.pieces, layout, speaker=run.speaker)
            located.extend((cue, where_of[id(cue.words[0])]) for cue in cues)
    # A stable sort by when the words start: cues that start together stay in the source's
    # order, which the gaps then keep (a start is pushed, never swapped).
    located.sort(key=lambda item: spoken(item[0])[0])
    settled = settle([cue for cue, _ in located], layout.min_gap_us)
    kept = keep_gaps(settled, layout.min_gap_us)
    unmet: list[str] = []
    promised = guarantee(kept, layout, unmet)
    notices.extend(Notice(where, message) for message in describe(counts) + unmet)
    return list(zip(promised, wheres_after_merges(located, promised), strict=True))


def _repaired(runs: list[Run], counts: Counts, layout: Layout) -> list[Run]:
    """Each run's timings repaired between the end of the run before and the start of the
    run after (so nothing crosses a speaker change), CJK words joined into phrases."""
    repaired = []
    for index, run in enumerate(runs):
        floor = runs[index - 1].end if index else 0
        ceiling = runs[index + 1].start if index + 1 < len(runs) else run.end
        if run.event:
            word = trim_event(run.pieces[0].word, counts)
            repaired.append(dataclasses.replace(run, pieces=(Piece(word, space_before=False),)))
            continue
        words = repair_words(run.pieces, floor, ceiling, counts)
        found = phrases(words, layout.max_line_width - layout.label_width)
        pieces = tuple(piece for piece, _ in found)
        wheres = tuple(run.wheres[first] for _, first in found)
        repaired.append(dataclasses.replace(run, pieces=pieces, wheres=wheres))
    return repaired


def _events_joined(runs: list[Run], layout: Layout) -> list[Run]:
    """Events that follow each other too closely to be shown one after the other (two
    noises at once) joined into one."""
    joined: list[Run] = []
    for run in runs:
        before = joined[-1] if joined else None
        room = layout.min_duration_us + layout.min_gap_us
        if before and before.event and run.event and run.start - before.start < room:
            word = before.pieces[0].word
            text = f"{word.text} {run.pieces[0].word.text}"
            both = Word(text, word.start, max(word.end, run.end))
            joined[-1] = dataclasses.replace(before, pieces=(Piece(both, space_before=False),))
        else:
            joined.append(run)
    return joined


def _event_cue(run: Run, previous: int | None, following: int | None, layout: Layout) -> Cue:
    """An audio event as a cue without words (a relayout keeps it), shown for the minimum
    duration: longer where the next speech leaves room, else starting earlier into the
    silence before it (events are often 0 s long); never longer than the maximum."""
    word = run.pieces[0].word
    wanted = layout.min_duration_us
    end = max(word.end, word.start + wanted)
    if following is not None:
        end = min(end, following - layout.min_gap_us)
    if layout.max_duration_us:
        end = min(end, word.start + layout.max_duration_us)
    earliest = 0 if previous is None else previous + layout.min_gap_us
    start = min(word.start, max(end - wanted, earliest))
    return Cue(start, max(end, start + MIN_VISIBLE_US), (word.text,), run.speaker)
