"""ElevenLabs dubbing resources (``GET /v1/dubbing/resource/{id}``): parse."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from subsync.layout.cues import build_cues, words_from_text
from subsync.model import US_PER_SECOND, Cue, Document
from subsync.sources.base import Notice, Parsed, ParseOptions, Source, settled_cues
from subsync.sources.rawjson import Node
from subsync.times import message_seconds


def detect(raw: object) -> bool:
    """Whether ``raw`` looks like a dubbing resource."""
    return isinstance(raw, dict) and "speaker_segments" in raw


@dataclass(frozen=True, slots=True)
class _Segment:
    """A speaker segment's identity, shared by its source text and all its dubs."""

    id: str
    node: Node
    speaker: str | None


@dataclass(slots=True)
class _Collector:
    """The cues of one language as they are found, each with the JSON path it came from."""

    options: ParseOptions
    located: list[tuple[Cue, str]]
    notices: list[Notice]

    def document(self, language: str) -> Document:
        """The cues in time order, built cues kept clear of the other segments' cues, and
        a notice for each overlap that remains."""
        cues = settled_cues(self.located, self.options.layout, self.notices)
        return Document("elevenlabs-dubbing", language, cues)


def parse(root: Node, options: ParseOptions) -> Parsed:
    """Read a dubbing resource into a document for the source language and one per dub."""
    speakers = _speaker_names(root.get("speaker_tracks"))
    segments = [
        _Segment(key, node, speakers.get(key)) for key, node in root.get("speaker_segments").items()
    ]
    source_language = root.get("source_language").str()
    found: list[Notice] = []
    documents = [_source_document(source_language, segments, options, found)]
    # Each language's warnings concern it only: --lang leaves them out with it.
    notices = [dataclasses.replace(notice, language=source_language) for notice in found]
    for language in _dub_languages(root, segments):
        found = []
        document = _dub_document(language, segments, options, found)
        notices.extend(dataclasses.replace(notice, language=language) for notice in found)
        if document is not None:
            documents.append(document)
    return Parsed(tuple(documents), tuple(notices))


def _speaker_names(tracks: Node) -> dict[str, str]:
    """Map each segment id to the ``speaker_name`` of the track that lists it."""
    names: dict[str, str] = {}
    for _, track in tracks.items():
        name = track.get("speaker_name").str()
        for segment in track.get("segments").elements():
            names.setdefault(segment.str(), name)
    return names


def _dub_languages(root: Node, segments: list[_Segment]) -> list[str]:
    """Target languages in the resource's order, then any other language a segment dubs."""
    languages: list[str] = []
    targets = root.opt("target_languages")
    for node in targets.elements() if targets else []:
        languages.append(node.str())
    for segment in segments:
        dubs = segment.node.opt("dubs")
        for language, _ in dubs.items() if dubs else []:
            if language not in languages:
                languages.append(language)
    return languages


def _source_document(
    language: str, segments: list[_Segment], options: ParseOptions, notices: list[Notice]
) -> Document:
    out = _Collector(options, [], notices)
    for segment in segments:
        _add_cues(out, segment.node, segment, segment.node.get("text").str())
    return out.document(language)


def _dub_document(
    language: str, segments: list[_Segment], options: ParseOptions, notices: list[Notice]
) -> Document | None:
    out = _Collector(options, [], notices)
    dubbed = 0
    for segment in segments:
        dubs = segment.node.opt("dubs")
        dub = dubs.opt(language) if dubs else None
        if dub is None:
            continue
        text = dub.get("text")
        if text.value is None:
            notices.append(Notice(text.path, f"the {language} dub has no text yet; skipped"))
            continue
        if dub.has("audio_stale") and dub.get("audio_stale").bool():
            notices.append(
                Notice(dub.path, f"the {language} dub audio is stale: re-render it in ElevenLabs")
            )
        dubbed += 1
        _add_cues(out, dub, segment, text.str())
    if not dubbed:
        message = f"no segment has a {language} dub with text yet; no {language} output"
        notices.append(Notice("$.speaker_segments", message))
        return None
    return out.document(language)


def _add_cues(out: _Collector, node: Node, segment: _Segment, text: str) -> None:
    """Cues of one segment in one language: its subtitle frames as edited, or else (and
    always with ``relayout``) its text laid out by the cue builder."""
    start, end = _span(node)
    frames = node.opt("subtitles")
    frame_nodes = frames.elements() if frames and not out.options.relayout else []
    for frame in frame_nodes:
        cue = _frame_cue(frame, segment)
        if cue is None:
            out.notices.append(Notice(frame.path, "the subtitle frame has no text; skipped"))
            continue
        if cue.start < start or cue.end > end:
            out.notices.append(
                Notice(
                    frame.path,
                    f"frame {message_seconds(cue.start)}-{message_seconds(cue.end)} falls outside "
                    f"its segment {message_seconds(start)}-{message_seconds(end)}",
                )
            )
        out.located.append((cue, frame.path))
    if not frame_nodes and text.strip():
        pieces = words_from_text(text, start, end)
        layout = out.options.layout
        for cue in build_cues(pieces, layout, speaker=segment.speaker, segment=segment.id):
            out.located.append((cue, node.path))


def _span(node: Node) -> tuple[int, int]:
    return node.times("start_time", "end_time", US_PER_SECOND)


def _frame_cue(frame: Node, segment: _Segment) -> Cue | None:
    start, end = _span(frame)
    lines = tuple(line.str() for line in frame.get("lines").elements())
    if not any(line.strip() for line in lines):
        return None
    return Cue(start, end, lines, segment.speaker, segment=segment.id)


SOURCE = Source(
    name="elevenlabs",
    description="ElevenLabs dubbing resource (GET /v1/dubbing/resource/{dubbing_id})",
    detect=detect,
    parse=parse,
)
