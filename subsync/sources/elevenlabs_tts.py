"""ElevenLabs character alignments: text to speech with timestamps (whole or streamed as
newline-delimited chunks), text to dialogue (``voice_segments``) and history items: parse."""

from __future__ import annotations

from subsync.errors import InputError
from subsync.layout.word_repair import NEGATIVE_TOLERANCE_US
from subsync.model import US_PER_SECOND, Document, Mark
from subsync.sources.base import Notice, Parsed, ParseOptions, Source
from subsync.sources.rawjson import JsonLines, Node, ordered
from subsync.sources.speech import character_cues
from subsync.times import message_seconds

_ALIGNMENTS = ("alignment", "normalized_alignment")
_TIMES = ("character_start_times_seconds", "character_end_times_seconds")


def detect(raw: object) -> bool:
    """Whether ``raw`` is a response with timestamps, a history item, or a list of chunks."""
    if isinstance(raw, list):
        return bool(raw) and all(_is_chunk(chunk) for chunk in raw)
    return _is_chunk(raw) or (isinstance(raw, dict) and isinstance(raw.get("alignments"), dict))


def _is_chunk(raw: object) -> bool:
    return isinstance(raw, dict) and (
        any(key in raw for key in (*_ALIGNMENTS, "audio_base64")) or _is_bare(raw)
    )


def _is_bare(raw: object) -> bool:
    """An alignment saved without its response around it: the three arrays alone."""
    return isinstance(raw, dict) and "characters" in raw and all(key in raw for key in _TIMES)


def parse(root: Node, options: ParseOptions) -> Parsed:
    """Read the chosen alignment of every chunk into one document of timed characters."""
    key = "normalized_alignment" if options.alignment == "normalized" else "alignment"
    notices: list[Notice] = []
    marks: list[Mark] = []
    speakers: list[str | None] = []
    paths: list[str] = []
    found: list[Node] = []
    for chunk in _chunks(root):
        holder = chunk.get("alignments") if chunk.has("alignments") else chunk
        alignment = chunk if _is_bare(chunk.value) else holder.opt(key)
        if alignment is None:
            continue  # an audio-only chunk of a stream
        found.append(alignment)
        chunk_marks = _marks(alignment)
        speakers.extend(_speakers(chunk, len(marks), len(chunk_marks), key, notices))
        marks.extend(chunk_marks)
        paths.extend(f"{alignment.path}.characters[{i}]" for i in range(len(chunk_marks)))
    if not found:
        raise _no_alignment(root, key)
    where = found[0].path
    notices.extend(_backwards(marks, paths))
    cues = character_cues(marks, speakers, paths, where, options, notices)
    return Parsed((Document("elevenlabs-tts", None, cues, tuple(marks)),), tuple(notices))


def _chunks(root: Node) -> list[Node]:
    """The chunks of a stream (each named by its line when read from NDJSON), or the root."""
    if isinstance(root.value, JsonLines):
        numbers = root.value.line_numbers
        return [Node(value, f"line {n}: $") for value, n in zip(root.value, numbers, strict=True)]
    if isinstance(root.value, list):
        return root.elements()
    return [root]


def _no_alignment(root: Node, key: str) -> InputError:
    other = _ALIGNMENTS[1 - _ALIGNMENTS.index(key)]
    hint = "--alignment normalized" if key == "alignment" else "--alignment original"
    for chunk in _chunks(root):
        holder = chunk.get("alignments") if chunk.has("alignments") else chunk
        if holder.has(other):
            return holder.error(f"{key} is missing or null, but {other} is there: pass {hint}")
    return root.error(
        f"no {key} with timings (missing or null in every chunk): request the audio "
        "from a with-timestamps endpoint"
    )


def _marks(alignment: Node) -> list[Mark]:
    chars = alignment.get("characters")
    texts = [node.str() for node in chars.elements()]
    columns = []
    for key in _TIMES:
        times = alignment.get(key)
        column = times.elements()
        if len(column) != len(texts):
            raise times.error(
                f"has {len(column)} entries but characters has {len(texts)}: each "
                "character needs one start and one end time"
            )
        columns.append(column)
    marks = []
    for text, start_node, end_node in zip(texts, *columns, strict=True):
        start, end = ordered(
            start_node.time(US_PER_SECOND),
            end_node.time(US_PER_SECOND),
            end_node.error,
            message_seconds,
            tolerance=NEGATIVE_TOLERANCE_US,
        )
        marks.append(Mark(text, start, end))
    return marks


def _speakers(
    chunk: Node, offset: int, count: int, key: str, notices: list[Notice]
) -> list[str | None]:
    """The voice of each character of a chunk, from ``voice_segments`` (text to dialogue),
    whose character indexes count from the first chunk."""
    speakers: list[str | None] = [None] * count
    segments = chunk.opt("voice_segments")
    if segments is None:
        return speakers
    if key != "alignment":
        notices.append(
            Notice(segments.path, "voice_segments index the original alignment: no speakers")
        )
        return speakers
    for segment in segments.elements():
        voice = segment.get("voice_id").str()
        first = segment.get("character_start_index").whole()
        stop = segment.get("character_end_index").whole()
        if stop < first:
            raise segment.error(f"character_end_index {stop} is before its start {first}")
        for index in range(max(first - offset, 0), min(stop - offset, count)):
            speakers[index] = voice
    return speakers


def _backwards(marks: list[Mark], paths: list[str]) -> list[Notice]:
    """A notice where a character starts before the one before it (times of chunks that
    count from their own start, or a duplicated chunk): the cues there may overlap."""
    for index in range(1, len(marks)):
        if marks[index].start < marks[index - 1].start:
            message = (
                f"character {index} starts at {message_seconds(marks[index].start)}, before "
                f"character {index - 1} ({message_seconds(marks[index - 1].start)}): the times "
                "go backwards, so the cues there may overlap"
            )
            return [Notice(paths[index], message)]
    return []


SOURCE = Source(
    name="elevenlabs-tts",
    description=(
        "ElevenLabs text to speech or dialogue with timestamps (alignment), streamed "
        "chunks, or a history item (alignments)"
    ),
    detect=detect,
    parse=parse,
)
