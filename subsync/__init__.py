"""subsync: subtitles from the timing data of speech APIs (ElevenLabs, Resemble AI).

>>> import subsync
>>> parsed = subsync.load("fixtures/inputs/resemble_v1_docs_clip.json")
>>> print(subsync.render(parsed.documents[0], "srt"))  # doctest: +ELLIPSIS
1
00:00:00,023 --> 00:00:03,611
Resemble increases productivity
through an easy to use API.
...
"""

import typing as _typing

from subsync.api import (
    check,
    convert_files,
    fetch_elevenlabs,
    fetch_resemble,
    load,
    parse,
    relayout,
    render,
    save,
)
from subsync.errors import FetchError, InputError, OutputError, SubsyncError
from subsync.layout.cues import Layout
from subsync.layout.presets import PRESETS
from subsync.model import Cue, Document, Mark, Word
from subsync.sources import SOURCES, Notice, Parsed, ParseOptions
from subsync.timeline import Timeline, place
from subsync.writers import FORMATS, WriteOptions

if _typing.TYPE_CHECKING:
    from subsync.lint import Violation
    from subsync.remote.client import HttpPolicy

__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "PRESETS",
    "SOURCES",
    "Cue",
    "Document",
    "FetchError",
    "HttpPolicy",
    "InputError",
    "Layout",
    "Mark",
    "Notice",
    "OutputError",
    "ParseOptions",
    "Parsed",
    "SubsyncError",
    "Timeline",
    "Violation",
    "Word",
    "WriteOptions",
    "__version__",
    "check",
    "convert_files",
    "fetch_elevenlabs",
    "fetch_resemble",
    "load",
    "parse",
    "place",
    "relayout",
    "render",
    "save",
]


def __getattr__(name: str) -> object:
    # HttpPolicy lives beside requests; load it only when asked for.
    if name == "HttpPolicy":
        from subsync.remote.client import HttpPolicy

        return HttpPolicy
    # Violation lives beside the lint rules, which load only when used.
    if name == "Violation":
        from subsync.lint import Violation

        return Violation
    raise AttributeError(f"module 'subsync' has no attribute {name!r}")
