"""The lint rules: checking a document against a layout's rules, cue by cue and between cues.

Cues are measured as the writers show them (lines split at line breaks, trimmed, blank lines
gone) and numbered from 1 in document order, which for a file read by
``subsync.sources.subtitles`` is the order of the file. A cue with no visible text is
reported as ``empty-cue`` only: it shows nothing, so its length and timing do not matter
(and the writers drop it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from subsync.errors import SubsyncError
from subsync.layout.presets import Layout
from subsync.layout.text import display_width, reading_chars
from subsync.model import US_PER_SECOND, Cue, Document
from subsync.times import message_clock, message_duration
from subsync.writers.common import display_lines

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken rule at one cue (``cue`` is 1-based, ``line`` its timing line's when known);
    the message gives the measured value and the limit."""

    rule: str
    level: Severity
    cue: int
    start_us: int
    end_us: int
    message: str
    #: The line of the file the cue's timing line is on (0: not known, as in JSON).
    line: int = 0


@dataclass(frozen=True, slots=True)
class Measured:
    """A cue, its 1-based number, and the lines it shows."""

    number: int
    cue: Cue
    lines: tuple[str, ...]

    @property
    def duration(self) -> int:
        """How long the cue shows, in microseconds."""
        return self.cue.end - self.cue.start


#: A rule's finding: the cue it is about and the message.
Finding = tuple[Measured, str]
#: A rule over the cues of a document, with the layout and the frame rate (if known).
RuleCheck = Callable[[Sequence[Measured], Layout, float | None], Iterator[Finding]]
#: A rule that looks at one cue at a time and yields its messages.
CueCheck = Callable[[Measured, Layout], Iterator[str]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named check; ``empty_cues`` says whether it also sees cues with no visible text."""

    id: str
    level: Severity
    description: str
    run: RuleCheck
    empty_cues: bool = False


def _each(check: CueCheck) -> RuleCheck:
    def run(cues: Sequence[Measured], layout: Layout, fps: float | None) -> Iterator[Finding]:
        del fps
        return ((shown, message) for shown in cues for message in check(shown, layout))

    return run


# --- measures ---------------------------------------------------------------------------------


def _width(text: str) -> str:
    """A text's width, saying so when wide characters make it differ from its length."""
    width = display_width(text)
    if width == reading_chars([text]):
        return f"{width} characters"
    return f"{width} columns wide (wide characters count 2)"


def _visible(lines: Sequence[str]) -> bool:
    return reading_chars(["".join(line.split()) for line in lines]) > 0


def _speed(count: int, unit: str, per: str, duration: int, limit: float, scale: int) -> str:
    said = f"{count} {unit} in {message_duration(duration)}"
    if duration > 0:
        # Rounded up, so a speed just over the limit never reads as the limit itself.
        rate = math.ceil(count * scale * US_PER_SECOND * 10 / duration) / 10
        said += f", {rate:g} per {per}"
    return f"{said}; the limit is {limit:g} per {per}"


def minimum_gap(layout: Layout, fps: float | None) -> tuple[int, str]:
    """The smallest gap allowed between cues, in microseconds, and how to say it.

    >>> from subsync.layout.presets import PRESETS
    >>> minimum_gap(PRESETS["netflix"], 23.976), minimum_gap(PRESETS["netflix"], None)
    ((83000, '2 frames at 23.976 fps (0.083 s)'), (83000, '0.083 s'))
    """
    if fps is not None and layout.min_gap_frames:
        # Files hold whole milliseconds: 2 frames at 23.976 fps (83.4 ms) are written as a gap
        # of at least 83 ms, so the limit is rounded down to the millisecond.
        us = math.floor(layout.min_gap_frames * 1000 / fps) * 1000
        frames = "frame" if layout.min_gap_frames == 1 else "frames"
        return us, f"{layout.min_gap_frames} {frames} at {fps:g} fps ({message_duration(us)})"
    return layout.min_gap_us, message_duration(layout.min_gap_us)


def _after_latest(cues: Sequence[Measured]) -> Iterator[tuple[Measured, Measured]]:
    """Each cue in time order, after the first, with the earlier cue that ends last: the one
    it can overlap or follow too closely."""
    latest: Measured | None = None
    for shown in sorted(cues, key=lambda s: (s.cue.start, s.cue.end, s.number)):
        if latest is not None:
            yield latest, shown
        if latest is None or shown.cue.end > latest.cue.end:
            latest = shown


# --- the rules ---------------------------------------------------------------------------------


def line_too_long(shown: Measured, layout: Layout) -> Iterator[str]:
    """A line wider than ``max_line_width`` (CJK characters count 2)."""
    if not layout.max_line_width:
        return
    for index, line in enumerate(shown.lines, 1):
        if display_width(line) > layout.max_line_width:
            yield f"line {index} is {_width(line)}; the limit is {layout.max_line_width}"


def too_many_lines(shown: Measured, layout: Layout) -> Iterator[str]:
    """More lines than ``max_lines``."""
    if layout.max_lines and len(shown.lines) > layout.max_lines:
        yield f"{len(shown.lines)} lines; the limit is {layout.max_lines}"


def cue_too_long_text(shown: Measured, layout: Layout) -> Iterator[str]:
    """More text than ``max_cue_chars``, measured like lines, line breaks not counted."""
    text = "".join(shown.lines)
    if layout.max_cue_chars and display_width(text) > layout.max_cue_chars:
        yield f"the text is {_width(text)}; the limit is {layout.max_cue_chars}"


def empty_cue(shown: Measured, layout: Layout) -> Iterator[str]:
    """A cue with nothing to see: no lines, or only spaces and invisible characters."""
    del layout
    if not _visible(shown.lines):
        yield "the cue has no visible text"


def reading_speed(shown: Measured, layout: Layout) -> Iterator[str]:
    """Faster than ``max_cps`` characters per second (counted as Subtitle Edit does: spaces
    and punctuation count, line breaks, combining marks and invisible controls do not) or
    ``max_wpm`` words per minute."""
    duration = shown.duration
    if layout.max_cps:
        chars = reading_chars(shown.lines)
        if chars * US_PER_SECOND > layout.max_cps * duration:
            yield _speed(chars, "characters", "second", duration, layout.max_cps, 1)
    if layout.max_wpm:
        words = sum(len(line.split()) for line in shown.lines)
        if words * 60 * US_PER_SECOND > layout.max_wpm * duration:
            yield _speed(words, "words", "minute", duration, layout.max_wpm, 60)


def too_short(shown: Measured, layout: Layout) -> Iterator[str]:
    """Measured for less than ``min_duration_us``."""
    if layout.min_duration_us and shown.duration < layout.min_duration_us:
        limit = message_duration(layout.min_duration_us)
        yield f"the cue lasts {message_duration(shown.duration)}; the minimum is {limit}"


def too_long(shown: Measured, layout: Layout) -> Iterator[str]:
    """Measured for more than ``max_duration_us``."""
    if layout.max_duration_us and shown.duration > layout.max_duration_us:
        limit = message_duration(layout.max_duration_us)
        yield f"the cue lasts {message_duration(shown.duration)}; the maximum is {limit}"


def overlap(cues: Sequence[Measured], layout: Layout, fps: float | None) -> Iterator[Finding]:
    """A cue that starts before an earlier one (in time order) ends."""
    del layout, fps
    for before, shown in _after_latest(cues):
        if shown.cue.start < before.cue.end:
            yield (
                shown,
                (
                    f"starts {message_duration(before.cue.end - shown.cue.start)} before cue "
                    f"{before.number} ends (at {message_clock(before.cue.end)}); "
                    "cues must not overlap"
                ),
            )


def gap_below_minimum(
    cues: Sequence[Measured], layout: Layout, fps: float | None
) -> Iterator[Finding]:
    """A cue that starts less than the minimum gap after the one before ends. Touching cues
    (a gap of 0) count, since Netflix wants 2 frames between any two; overlaps do not, being
    reported as ``overlap``."""
    minimum, said = minimum_gap(layout, fps)
    if not minimum:
        return
    for before, shown in _after_latest(cues):
        gap = shown.cue.start - before.cue.end
        if 0 <= gap < minimum:
            yield (
                shown,
                (
                    f"starts {message_duration(gap)} after cue {before.number} ends; "
                    f"the minimum gap is {said}"
                ),
            )


#: Every rule by id, in the order violations of one cue are listed.
RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("empty-cue", "error", "a cue with no visible text", _each(empty_cue), empty_cues=True),
        Rule("line-too-long", "error", "a line over max_line_width", _each(line_too_long)),
        Rule("too-many-lines", "error", "more lines than max_lines", _each(too_many_lines)),
        Rule(
            "cue-too-long-text", "error", "more text than max_cue_chars", _each(cue_too_long_text)
        ),
        Rule("overlap", "error", "a cue starting before the one before ends", overlap),
        Rule("gap-below-minimum", "error", "cues closer than the minimum gap", gap_below_minimum),
        Rule("reading-speed", "warning", "over max_cps or max_wpm", _each(reading_speed)),
        Rule("too-short", "warning", "shorter than min_duration_us", _each(too_short)),
        Rule("too-long", "warning", "longer than max_duration_us", _each(too_long)),
    )
}


def check(document: Document, layout: Layout, fps: float | None = None) -> list[Violation]:
    """Every violation of the layout's rules, by cue number, then in the order of RULES; a
    frame rate turns ``min_gap_frames`` on.

    >>> from subsync.layout.presets import PRESETS
    >>> document = Document("srt", None, (Cue(0, 500_000, ("Hi",)), Cue(500_000, 1_500_000, ())))
    >>> for v in check(document, PRESETS["default"]):
    ...     print(v.cue, v.level, v.rule, v.message, sep=" | ")
    1 | warning | too-short | the cue lasts 0.5 s; the minimum is 0.833 s
    2 | error | empty-cue | the cue has no visible text
    """
    if fps is not None and not (math.isfinite(fps) and fps > 0):
        raise SubsyncError(f"the frame rate must be a positive number, got {fps!r}")
    shown = [Measured(n, cue, tuple(display_lines(cue))) for n, cue in enumerate(document.cues, 1)]
    visible = [s for s in shown if _visible(s.lines)]
    violations = [
        Violation(rule.id, rule.level, s.number, s.cue.start, s.cue.end, message)
        for rule in RULES.values()
        for s, message in rule.run(shown if rule.empty_cues else visible, layout, fps)
    ]
    order = {rule_id: index for index, rule_id in enumerate(RULES)}
    return sorted(violations, key=lambda v: (v.cue, order[v.rule]))
