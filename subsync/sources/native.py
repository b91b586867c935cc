"""subsync's own JSON output, read back into the model (a round trip loses nothing)."""

from __future__ import annotations

from subsync.model import SCHEMA_ID, Cue, Document, Mark, Word
from subsync.sources.base import Parsed, ParseOptions, Source
from subsync.sources.rawjson import Node, ordered
from subsync.times import message_seconds


def detect(raw: object) -> bool:
    """Whether ``raw`` is a document subsync wrote."""
    return (
        isinstance(raw, dict)
        and isinstance(raw.get("schema"), str)
        and (raw["schema"].startswith("subsync/"))
    )


def parse(root: Node, options: ParseOptions) -> Parsed:
    """Read a subsync JSON document."""
    schema = root.get("schema")
    if schema.str() != SCHEMA_ID:
        raise schema.error(f"unsupported schema {schema.value!r}; this subsync reads {SCHEMA_ID!r}")
    language = root.opt("language")
    graphemes = root.opt("graphemes")
    phonemes = root.opt("phonemes")
    document = Document(
        source=root.get("source").str(),
        language=language.str() if language else None,
        cues=tuple(_cue(node) for node in root.get("cues").elements()),
        graphemes=tuple(_mark(node) for node in graphemes.elements()) if graphemes else (),
        phonemes=tuple(_mark(node) for node in phonemes.elements()) if phonemes else (),
    )
    return Parsed((document,))


def _span(node: Node) -> tuple[int, int]:
    end = node.get("end_us")
    return ordered(node.get("start_us").micros(), end.micros(), end.error, message_seconds)


def _range(node: Node | None) -> tuple[int, int] | None:
    if node is None:
        return None
    values = node.elements()
    if len(values) != 2:
        raise node.expected("a [first, stop] pair of indexes")
    first, stop = (value.whole() for value in values)
    if stop < first:
        raise node.error(f"stop ({stop}) is before first ({first})")
    return first, stop


def _mark(node: Node) -> Mark:
    return Mark(node.get("text").str(), *_span(node))


def _word(node: Node) -> Word:
    graphemes, phonemes = _range(node.opt("graphemes")), _range(node.opt("phonemes"))
    return Word(node.get("text").str(), *_span(node), graphemes, phonemes)


def _cue(node: Node) -> Cue:
    speaker, segment, words = node.opt("speaker"), node.opt("segment"), node.opt("words")
    return Cue(
        *_span(node),
        lines=tuple(line.str() for line in node.get("lines").elements()),
        speaker=speaker.str() if speaker else None,
        words=tuple(_word(w) for w in words.elements()) if words else (),
        segment=segment.str() if segment else None,
    )


SOURCE = Source(
    name="subsync",
    description="subsync's own JSON output (schema subsync/document/1)",
    detect=detect,
    parse=parse,
)
