"""ElevenLabs Dubbing Projects transcripts (``GET /v1/dubbing/project/{id}/transcript``, and
``.../language/{language_id}/transcript`` with ``source_text`` and ``translation``): parse."""

from __future__ import annotations

from subsync.layout.cues import build_cues, words_from_text
from subsync.model import Cue, Document
from subsync.sources.base import Notice, Parsed, ParseOptions, Source, settled_cues
from subsync.sources.elevenlabs_transcript import span_s
from subsync.sources.rawjson import Node

#: The document source name of both transcripts.
NAME = "elevenlabs-project"


def detect(raw: object) -> bool:
    """Whether ``raw`` is a project's source transcript or one of its language transcripts."""
    return (
        isinstance(raw, dict)
        and isinstance(raw.get("segments"), list)
        and ("target_language" in raw or ("language" in raw and "revision" in raw))
    )


def parse(root: Node, options: ParseOptions) -> Parsed:
    """A source transcript gives one document; a language transcript gives two, the
    source language (``source_text``) and the target (``translation``), as a dub does."""
    segments = root.get("segments").elements()
    notices: list[Notice] = []
    if "target_language" not in root.obj():
        language = root.get("language").str()
        return Parsed((_document(language, segments, "text", options, notices),), ())
    documents = [
        _document(root.get("source_language").str(), segments, "source_text", options, notices)
    ]
    target = root.get("target_language").str()
    if any(segment.has("translation") for segment in segments):
        documents.append(_document(target, segments, "translation", options, notices))
    else:
        message = f"no segment is translated into {target} yet; no {target} output"
        notices.append(Notice("$.segments", message))
    return Parsed(tuple(documents), tuple(notices))


def _document(
    language: str, segments: list[Node], key: str, options: ParseOptions, notices: list[Notice]
) -> Document:
    """One language: each segment's text laid out over the segment's time."""
    located: list[tuple[Cue, str]] = []
    for segment in segments:
        text = segment.get(key)
        if text.value is None:
            notices.append(Notice(text.path, "the segment is not translated yet; skipped"))
            continue
        pieces = words_from_text(text.str(), *span_s(segment))
        speaker, identifier = segment.opt("speaker_id"), segment.opt("id")
        cues = build_cues(
            pieces,
            options.layout,
            speaker=speaker.str() if speaker else None,
            segment=identifier.str() if identifier else None,
        )
        located.extend((cue, segment.path) for cue in cues)
    cues_in_order = settled_cues(located, options.layout, notices)
    return Document(NAME, language, cues_in_order)


SOURCE = Source(
    name="elevenlabs-project",
    description=(
        "ElevenLabs Dubbing Projects transcript ({language, segments} or {source_language, "
        "target_language, segments})"
    ),
    detect=detect,
    parse=parse,
)
