"""ElevenLabs forced alignment (``POST /v1/forced-alignment``: ``characters`` and ``words``
with ``start``, ``end`` and ``loss``): parse."""

from __future__ import annotations

from subsync.layout.word_repair import NEGATIVE_TOLERANCE_US
from subsync.model import US_PER_SECOND, Document, Mark
from subsync.sources.base import Notice, Parsed, ParseOptions, Source
from subsync.sources.rawjson import Node
from subsync.sources.speech import character_cues


def detect(raw: object) -> bool:
    """Whether ``raw`` has the forced-alignment shape: top-level characters and words."""
    return (
        isinstance(raw, dict)
        and isinstance(raw.get("characters"), list)
        and isinstance(raw.get("words"), list)
    )


def parse(root: Node, options: ParseOptions) -> Parsed:
    """Read the characters into one document; words come from them as for text to speech
    (same spacing rules, CJK split by character), the ``words`` array is checked against them."""
    characters = root.get("characters")
    marks = [_mark(node) for node in characters.elements()]
    words = [_mark(node) for node in root.get("words").elements()]
    notices: list[Notice] = []
    if _letters(words) != _letters(marks):
        notices.append(
            Notice(
                root.get("words").path,
                "the words do not spell the characters; the subtitles follow the characters",
            )
        )
    where = characters.path
    paths = [f"{where}[{index}]" for index in range(len(marks))]
    cues = character_cues(marks, [None] * len(marks), paths, where, options, notices)
    document = Document("elevenlabs-alignment", None, cues, tuple(marks))
    return Parsed((document,), tuple(notices))


def _mark(node: Node) -> Mark:
    start, end = node.times("start", "end", US_PER_SECOND, NEGATIVE_TOLERANCE_US)
    return Mark(node.get("text").str(), start, end)


def _letters(marks: list[Mark]) -> str:
    return "".join("".join(mark.text.split()) for mark in marks)


SOURCE = Source(
    name="elevenlabs-alignment",
    description="ElevenLabs forced alignment (characters and words with loss)",
    detect=detect,
    parse=parse,
)
