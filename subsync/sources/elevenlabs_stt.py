"""ElevenLabs speech to text (Scribe, ``POST /v1/speech-to-text`` or a saved transcript):
words, spacing and audio events with speakers, one channel or ``transcripts``: parse."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from subsync.layout.cues import Piece, words_from_marks
from subsync.layout.scripts import for_language, language_of
from subsync.layout.word_repair import NEGATIVE, NEGATIVE_TOLERANCE_US, describe
from subsync.model import US_PER_SECOND, Cue, Document, Mark, Word
from subsync.sources.base import (
    Notice,
    Parsed,
    ParseOptions,
    Source,
    sorted_with_overlap_notices,
)
from subsync.sources.rawjson import Node, ordered
from subsync.sources.speech import Run, first_mark, lay_out
from subsync.times import message_seconds

_TYPES = ("word", "spacing", "audio_event")
_BRACKETS = ("()", "[]", "（）", "【】")


@dataclass(frozen=True, slots=True)
class _Item:
    """One entry of ``words`` with its times filled in, and the path it came from."""

    kind: str
    mark: Mark
    speaker: str | None
    where: str


def detect(raw: object) -> bool:
    """Whether ``raw`` is a transcript (``words`` with no top-level ``characters``), a
    multichannel one (``transcripts``), or the webhook mode's acknowledgement."""
    if not isinstance(raw, dict):
        return False
    words = isinstance(raw.get("words"), list) and "characters" not in raw
    acknowledged = "request_id" in raw and "message" in raw
    return words or isinstance(raw.get("transcripts"), list) or acknowledged


def parse(root: Node, options: ParseOptions) -> Parsed:
    """Read every channel into one document: a run of cues per speaker's turn, audio events
    as cues of their own (unless ``audio_events`` is off)."""
    if not root.has("words") and not root.has("transcripts"):
        raise root.error(
            "this is the acknowledgement of a webhook request, not a transcript: fetch "
            "GET /v1/speech-to-text/transcripts/{transcription_id} once it is done"
        )
    multichannel = root.has("transcripts")
    channels = root.get("transcripts").elements() if multichannel else [root]
    notices: list[Notice] = []
    items = [_items(channel, notices) for channel in channels]
    for channel, channel_items in zip(channels, items, strict=True):
        notices.extend(_text_mismatch(channel, channel_items))
    if multichannel:
        items = _channel_speakers(items, channels)
    language = _language(channels)
    text = "".join(item.mark.text for channel_items in items for item in channel_items)
    layout = for_language(options.layout, language or language_of(text))
    located: list[tuple[Cue, str]] = []
    dropped = 0
    for channel_items in items:
        runs = _runs(channel_items)
        kept = [run for run in runs if options.audio_events or not run.event]
        dropped += len(runs) - len(kept)
        located.extend(lay_out(kept, layout, notices, channels[0].path))
    if dropped:
        where = channels[0].path
        notices.append(Notice(where, f"{dropped} audio events left out (--audio-events drop)"))
    # Channels are separate voices: where they talk at once, the cues overlap (with notices).
    cues = sorted_with_overlap_notices(located, notices)
    return Parsed((Document("elevenlabs-stt", language, cues),), tuple(notices))


def _items(channel: Node, notices: list[Notice]) -> list[_Item]:
    """The entries of one channel, times filled in where they are missing."""
    words = channel.get("words")
    nodes = words.elements()
    # An end may lie a rounding artefact below 0 (start 0.0, end -0.001): ordered() below
    # clamps it to its start and counts it, as it does any end just before its start.
    times = [
        (_time(node, "start"), _time(node, "end", least_us=-NEGATIVE_TOLERANCE_US))
        for node in nodes
    ]
    if nodes and all(start is None and end is None for start, end in times):
        raise words.error(
            "no entry has a start or end time: request the transcript with "
            "timestamps_granularity word (or character)"
        )
    items, previous_end, filled, rounded = [], 0, 0, 0
    for node, (start, end) in zip(nodes, times, strict=True):
        if start is None or end is None:
            filled += 1
            start = end if start is None else start
            start = previous_end if start is None else start
            end = start if end is None else end
            start = max(start, 0)  # filled from an end just below 0
        start, clamped = ordered(
            start, end, node.get("end").error, message_seconds, tolerance=NEGATIVE_TOLERANCE_US
        )
        rounded += clamped != end
        items.append(_item(node, Mark(node.get("text").str(), start, clamped)))
        previous_end = clamped
    if rounded:
        notices.extend(Notice(words.path, m) for m in describe(Counter({NEGATIVE: rounded})))
    if filled:
        message = f"{filled} entries have no start or end: placed where the entry before ends"
        notices.append(Notice(words.path, message))
    return items


def _text_mismatch(channel: Node, items: list[_Item]) -> list[Notice]:
    """Warn when the entries do not spell the transcript's ``text`` (they always have)."""
    text = channel.opt("text")
    if text is None or text.str() == "".join(item.mark.text for item in items):
        return []
    return [Notice(text.path, "the words do not spell the text; the subtitles follow the words")]


def _time(node: Node, key: str, *, least_us: int = 0) -> int | None:
    value = node.opt(key)
    return None if value is None else value.time(US_PER_SECOND, least_us=least_us)


def _item(node: Node, mark: Mark) -> _Item:
    kind_node = node.get("type")
    kind = kind_node.str()
    if kind not in _TYPES:
        raise kind_node.error(f"unknown type {kind!r}: expected one of {', '.join(_TYPES)}")
    speaker = node.opt("speaker_id")
    return _Item(kind, mark, speaker.str() if speaker else None, node.path)


def _channel_speakers(items: list[list[_Item]], channels: list[Node]) -> list[list[_Item]]:
    """Speakers named across channels: a speaker id found in more than one channel (each
    channel counts its own from speaker_0) gets its channel, and so does a missing one."""
    seen: dict[str | None, set[int]] = {}
    numbers = [_channel_number(channel, index) for index, channel in enumerate(channels)]
    for number, channel_items in zip(numbers, items, strict=True):
        for item in channel_items:
            seen.setdefault(item.speaker, set()).add(number)
    named = []
    for number, channel_items in zip(numbers, items, strict=True):
        renamed = []
        for item in channel_items:
            speaker = item.speaker
            if speaker is None:
                speaker = f"channel {number}"
            elif len(seen[speaker]) > 1:
                speaker = f"{speaker} (channel {number})"
            renamed.append(dataclasses.replace(item, speaker=speaker))
        named.append(renamed)
    return named


def _channel_number(channel: Node, index: int) -> int:
    number = channel.opt("channel_index")
    return number.whole() if number else index


def _runs(items: list[_Item]) -> list[Run]:
    """Runs of one speaker's words (a new run at each change of speaker, spacing going with
    the words around it), and one run per audio event."""
    runs: list[Run] = []
    pending: list[_Item] = []
    speaker: str | None = None  # whose words pending holds, once it holds one
    speaking = False
    for item in items:
        if item.kind == "audio_event":
            runs.extend(_speech(pending))
            pending, speaking = [], False
            if item.mark.text.strip():
                runs.append(_event(item))
            continue
        if item.kind == "word" and speaking and item.speaker != speaker:
            runs.extend(_speech(pending))
            pending, speaking = [], False
        if item.kind == "word" and not speaking:
            speaker, speaking = item.speaker, True
        pending.append(item)
    runs.extend(_speech(pending))
    return runs


def _speech(items: list[_Item]) -> list[Run]:
    pieces = words_from_marks([item.mark for item in items])
    if not pieces:
        return []
    wheres = tuple(items[first_mark(piece)].where for piece in pieces)
    speaker = next((item.speaker for item in items if item.kind == "word"), items[0].speaker)
    return [Run(tuple(_untracked(piece) for piece in pieces), speaker, wheres)]


def _untracked(piece: Piece) -> Piece:
    # Scribe's entries are words, not graphemes: the document has no grapheme track.
    return Piece(dataclasses.replace(piece.word, graphemes=None), piece.space_before)


def _event(item: _Item) -> Run:
    """An audio event as its own run."""
    word = Word(_bracketed(item.mark.text), item.mark.start, item.mark.end)
    return Run((Piece(word, space_before=False),), item.speaker, (item.where,), event=True)


def _bracketed(text: str) -> str:
    """An event's text, in brackets unless Scribe already put it in some.

    >>> _bracketed("(laughter)"), _bracketed(" applause ")
    ('(laughter)', '[applause]')
    """
    text = text.strip()
    if any(text.startswith(pair[0]) and text.endswith(pair[1]) for pair in _BRACKETS):
        return text
    return f"[{text}]"


def _language(channels: list[Node]) -> str | None:
    for channel in channels:
        code = channel.opt("language_code")
        if code is not None:
            return code.str()
    return None


SOURCE = Source(
    name="elevenlabs-stt",
    description="ElevenLabs speech to text (Scribe: words, or multichannel transcripts)",
    detect=detect,
    parse=parse,
)
