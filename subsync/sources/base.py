"""What every source module provides: detection, a pure parser, and the types they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from subsync.frozen import Frozen, NamedTuple
from subsync.layout.presets import DEFAULT_LAYOUT, Layout
from subsync.times import message_seconds

if TYPE_CHECKING:
    from subsync.model import Cue, Document
    from subsync.sources.rawjson import Node

TimeUnit = Literal["auto", "s", "ms"]
#: Which ElevenLabs character alignment to read: the text as sent, or as spoken.
AlignmentChoice = Literal["original", "normalized"]


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Notice(Frozen):
    """A warning about the input that did not stop its conversion; ``language``, when
    set, is the one language it concerns (not told when that language is not selected)."""

    where: str
    message: str
    language: str | None = None

    def __init__(  # as @dataclass writes it (see subsync/frozen.py)
        self,
        where: str,
        message: str,
        language: str | None = None,
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "where", where)
        set_field(self, "message", message)
        set_field(self, "language", language)


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class ParseOptions(Frozen):
    """Choices a parser needs: the unit of ambiguous times, the layout of built cues,
    whether to rebuild edited subtitle frames from their segment's text (``relayout``),
    which ElevenLabs alignment to read, whether audio tags and markup stay in the text
    (``keep_tags``), whether speech-to-text audio events become cues, whether SRT and WebVTT
    are refused at the first departure from the format (``strict``) instead of read as
    players read them, the encoding of SRT and WebVTT bytes (None: UTF-8 or a BOM's), the
    names speaker ids are shown by, and whether ``Name: `` labels take room on each cue's
    first line."""

    time_unit: TimeUnit = "auto"
    layout: Layout = DEFAULT_LAYOUT
    relayout: bool = False
    alignment: AlignmentChoice = "original"
    keep_tags: bool = False
    audio_events: bool = True
    strict: bool = False
    input_encoding: str | None = None
    speaker_names: tuple[tuple[str, str], ...] = ()
    speaker_labels: bool = False

    def __init__(  # as @dataclass writes it (see subsync/frozen.py)
        self,
        time_unit: TimeUnit = "auto",
        layout: Layout = DEFAULT_LAYOUT,
        relayout: bool = False,  # noqa: FBT001, FBT002 (as @dataclass)
        alignment: AlignmentChoice = "original",
        keep_tags: bool = False,  # noqa: FBT001, FBT002 (as @dataclass)
        audio_events: bool = True,  # noqa: FBT001, FBT002 (as @dataclass)
        strict: bool = False,  # noqa: FBT001, FBT002 (as @dataclass)
        input_encoding: str | None = None,
        speaker_names: tuple[tuple[str, str], ...] = (),
        speaker_labels: bool = False,  # noqa: FBT001, FBT002 (as @dataclass)
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "time_unit", time_unit)
        set_field(self, "layout", layout)
        set_field(self, "relayout", relayout)
        set_field(self, "alignment", alignment)
        set_field(self, "keep_tags", keep_tags)
        set_field(self, "audio_events", audio_events)
        set_field(self, "strict", strict)
        set_field(self, "input_encoding", input_encoding)
        set_field(self, "speaker_names", speaker_names)
        set_field(self, "speaker_labels", speaker_labels)


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Parsed(Frozen):
    """A parser's result: one document per language, and its warnings."""

    documents: tuple[Document, ...]
    notices: tuple[Notice, ...] = field(default=())

    def __init__(  # as @dataclass writes it (see subsync/frozen.py)
        self,
        documents: tuple[Document, ...],
        notices: tuple[Notice, ...] = (),
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "documents", documents)
        set_field(self, "notices", notices)


class Source(NamedTuple):
    """One kind of input: how to recognise its JSON and how to parse it (without I/O)."""

    name: str
    description: str
    detect: Callable[[object], bool]
    parse: Callable[[Node, ParseOptions], Parsed]


def sorted_with_overlap_notices(
    located: list[tuple[Cue, str]], notices: list[Notice]
) -> tuple[Cue, ...]:
    """Sort cues by time and add a notice for each cue that starts before an earlier one ends."""
    located.sort(key=lambda item: (item[0].start, item[0].end))
    latest_end = -1
    for cue, where in located:
        if cue.start < latest_end:
            notices.append(
                Notice(
                    where,
                    f"cue {message_seconds(cue.start)}-{message_seconds(cue.end)} overlaps an "
                    f"earlier cue that ends at {message_seconds(latest_end)}",
                )
            )
        latest_end = max(latest_end, cue.end)
    return tuple(cue for cue, _ in located)


def settled_cues(
    located: list[tuple[Cue, str]], layout: Layout, notices: list[Notice]
) -> tuple[Cue, ...]:
    """Cues built one segment at a time, in time order: kept clear of the other segments'
    cues, with a notice for each overlap that remains. When subsync laid out every cue
    (none is a frame kept as edited), the layout's promise is kept over them all."""
    # Imported here: only the speech sources lay cues out (reading a subtitle file does not).
    from subsync.layout.guarantee import guarantee
    from subsync.layout.relayout import settled
    from subsync.layout.repair import keep_gaps

    in_order = settled(located, layout.min_gap_us)
    if in_order and all(cue.words for cue, _ in in_order):
        kept = keep_gaps([cue for cue, _ in in_order], layout.min_gap_us)
        unmet: list[str] = []
        promised = guarantee(kept, layout, unmet)
        notices.extend(Notice(in_order[0][1], message) for message in unmet)
        in_order = list(zip(promised, wheres_after_merges(in_order, promised), strict=True))
    return sorted_with_overlap_notices(in_order, notices)


def wheres_after_merges(located: list[tuple[Cue, str]], promised: list[Cue]) -> list[str]:
    """The path of each promised cue: that of its first word's cue, or of the cue with
    the same text (audio events), else of the cue before."""
    by_word = {id(cue.words[0]): where for cue, where in located if cue.words}
    by_text: dict[tuple[str, ...], str] = {}
    for cue, where in located:
        by_text.setdefault(cue.lines, where)
    result, last = [], located[0][1] if located else "$"
    for cue in promised:
        last = by_word.get(id(cue.words[0]), last) if cue.words else by_text.get(cue.lines, last)
        result.append(last)
    return result
