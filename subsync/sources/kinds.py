"""The one list of input kinds: the file extensions each is saved under, and which of them a
folder argument collects."""

from __future__ import annotations

from subsync.frozen import NamedTuple


class InputKind(NamedTuple):
    """A kind of input file: its name, its extensions (lower case, no dot), whether a folder
    argument collects it (never a kind subsync also writes, so outputs written into an input
    folder never become inputs), and whether it is subtitle text rather than JSON."""

    name: str
    extensions: tuple[str, ...]
    collected: bool
    subtitles: bool = False


#: Every kind of input file subsync reads.
INPUT_KINDS = (
    InputKind("json", ("json",), collected=True),
    InputKind("json-lines", ("jsonl", "ndjson"), collected=True),
    InputKind("srt", ("srt",), collected=False, subtitles=True),
    InputKind("vtt", ("vtt",), collected=False, subtitles=True),
)

#: Every input extension (output names leave them out).
INPUT_EXTENSIONS = frozenset(e for kind in INPUT_KINDS for e in kind.extensions)

#: The extensions a folder argument collects.
COLLECTED_EXTENSIONS = tuple(e for kind in INPUT_KINDS if kind.collected for e in kind.extensions)

#: The subtitle kinds, by name (``--source srt``, ``read_subtitles(kind=...)``).
SUBTITLE_KINDS = tuple(kind.name for kind in INPUT_KINDS if kind.subtitles)
