"""ElevenLabs dubbing transcripts: JSON utterances (``GET /v1/dubbing/{id}/transcript/{lang}``)
and the newer wrapper ``{transcript_format, srt, webvtt, json}`` (``.../transcripts/...``)."""

from __future__ import annotations

import dataclasses
import re

from subsync.layout.cues import Piece, build_cues, words_from_marks, words_from_text
from subsync.layout.text import is_punctuation, is_spaceless
from subsync.model import US_PER_SECOND, Cue, Document, Mark
from subsync.sources.base import Notice, Parsed, ParseOptions, Source, settled_cues
from subsync.sources.rawjson import Node, ordered
from subsync.sources.subtitle_file import read_document
from subsync.times import message_seconds

#: The document source name of both shapes.
NAME = "elevenlabs-transcript"
# The wrapper's formats, with the subtitle reader each one's text needs (None: utterances).
_WRAPPED = {"srt": "srt", "webvtt": "vtt", "json": None}
_SPACES = re.compile(r"\s*")


def detect(raw: object) -> bool:
    """Whether ``raw`` is a dubbing transcript (utterances) or the transcripts wrapper."""
    return isinstance(raw, dict) and ("utterances" in raw or "transcript_format" in raw)


def parse(root: Node, options: ParseOptions) -> Parsed:
    """Read either shape into one document (the wrapper names no language: ``--lang`` can)."""
    if "transcript_format" not in root.obj():
        return _utterances(root, options)
    fmt = root.get("transcript_format")
    if fmt.str() not in _WRAPPED:
        raise fmt.error(f"unknown transcript_format {fmt.value!r}: expected srt, webvtt or json")
    body = root.get(fmt.str())
    if body.value is None:
        raise body.error(
            f"transcript_format is {fmt.value} but this field is null: fetch the transcript again"
        )
    kind = _WRAPPED[fmt.str()]
    if kind is None:
        return _utterances(body, options)
    document, notices = read_document(body, kind, options)
    return Parsed((dataclasses.replace(document, source=NAME),), tuple(notices))


def _utterances(root: Node, options: ParseOptions) -> Parsed:
    language = root.opt("language")
    notices: list[Notice] = []
    located: list[tuple[Cue, str]] = []
    graphemes: list[Mark] = []
    for utterance in root.get("utterances").elements():
        speaker = utterance.opt("speaker_id")
        pieces = _pieces(utterance, graphemes, notices)
        built = build_cues(pieces, options.layout, speaker=speaker.str() if speaker else None)
        located.extend((cue, utterance.path) for cue in built)
    cues = settled_cues(located, options.layout, notices)
    document = Document(NAME, language.str() if language else None, cues, tuple(graphemes))
    return Parsed((document,), tuple(notices))


def _pieces(utterance: Node, graphemes: list[Mark], notices: list[Notice]) -> list[Piece]:
    """An utterance's timed words: from its words' characters (or the words themselves)
    when they spell its text, else its text spread over its time."""
    text_node = utterance.opt("text")
    text = text_node.str() if text_node else None
    words = utterance.opt("words")
    nodes = words.elements() if words else []
    units = [_units(word, utterance) for word in nodes]
    if any(units):
        marks = _spelled(units, text)
        if marks is not None:
            # Only characters are graphemes: words timed as a whole stay off that track.
            timed_characters = all(
                n.has("characters") for n, u in zip(nodes, units, strict=True) if _spoken(u)
            )
            first = len(graphemes) if timed_characters else None
            graphemes.extend(marks if timed_characters else [])
            return [_shifted(piece, first) for piece in words_from_marks(marks)]
        notices.append(
            Notice(
                utterance.path,
                "the words do not spell the utterance text; the text is shown, spread over "
                "the utterance's time",
            )
        )
    if not text or not text.strip():
        notices.append(Notice(utterance.path, "the utterance has no text; skipped"))
        return []
    return words_from_text(text, *span_s(utterance, None))


def span_s(node: Node, default: tuple[int, int] | None = None) -> tuple[int, int]:
    """``start_s``/``end_s`` in microseconds; each may be missing when a default is known."""
    start = _time(node, "start_s", default[0] if default else None)
    end = _time(node, "end_s", default[1] if default else None)
    return ordered(start, end, node.get("end_s").error, message_seconds)


def _time(node: Node, key: str, default: int | None) -> int:
    field = node.opt(key)
    if field is None and default is not None:
        return default
    return (field or node.get(key)).time(US_PER_SECOND)  # node.get: "required field is missing"


def _units(word: Node, utterance: Node) -> list[Mark]:
    """A word's timed characters, or the word as one unit when it has none."""
    span = span_s(word, _optional_span(utterance))
    characters = word.opt("characters")
    nodes = characters.elements() if characters else []
    if not nodes:
        text = word.opt("text")
        return [Mark(text.str(), *span)] if text and text.str() else []
    return [Mark(node.get("text").str(), *span_s(node, span)) for node in nodes]


def _optional_span(node: Node) -> tuple[int, int] | None:
    return span_s(node, None) if node.has("start_s") and node.has("end_s") else None


def _spelled(words: list[list[Mark]], text: str | None) -> list[Mark] | None:
    """The words' units with the text's whitespace put back between them (a space between
    words when there is no text), or None when they do not spell the text."""
    marks: list[Mark] = []
    position = 0
    for units in (w for w in words if w):
        if text is None and marks and _needs_space(marks[-1].text, units[0].text):
            marks.append(Mark(" ", marks[-1].end, max(marks[-1].end, units[0].start)))
        for unit in units:
            if text is not None:
                gap = _SPACES.match(text, position)
                if gap and gap.group() and not unit.text.isspace():
                    marks.append(_space(gap.group(), marks, unit))
                    position = gap.end()
                if not text.startswith(unit.text, position):
                    return None
                position += len(unit.text)
            marks.append(unit)
    if text is not None:
        rest = text[position:]
        if rest.strip():
            return None
        if rest:
            marks.append(Mark(rest, marks[-1].end, marks[-1].end))
    return marks


def _space(text: str, marks: list[Mark], following: Mark) -> Mark:
    """Whitespace the units leave out, timed from the unit before to the one after."""
    start = min(marks[-1].end, following.start) if marks else following.start
    return Mark(text, start, following.start)


def _needs_space(before: str, after: str) -> bool:
    if before[-1:].isspace() or after[:1].isspace() or is_punctuation(after):
        return False
    return not (is_spaceless(before[-1:]) or is_spaceless(after[:1]))


def _spoken(units: list[Mark]) -> bool:
    return any(not unit.text.isspace() for unit in units)


def _shifted(piece: Piece, by: int | None) -> Piece:
    """A word whose grapheme range counts from ``by`` in the document's graphemes (None:
    the word has no graphemes)."""
    graphemes = piece.word.graphemes
    if by is not None and graphemes is not None:
        graphemes = (graphemes[0] + by, graphemes[1] + by)
    word = dataclasses.replace(piece.word, graphemes=graphemes if by is not None else None)
    return Piece(word, piece.space_before)


SOURCE = Source(
    name="elevenlabs-transcript",
    description=(
        "ElevenLabs dubbing transcript (utterances, or {transcript_format, srt, webvtt, json})"
    ),
    detect=detect,
    parse=parse,
)
