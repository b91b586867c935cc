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

if _typing.TYPE_CHECKING:
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
    from subsync.lint import Violation
    from subsync.model import Cue, Document, Mark, Word
    from subsync.remote.client import HttpPolicy
    from subsync.sources import SOURCES, Notice, Parsed, ParseOptions
    from subsync.timeline import Timeline, place
    from subsync.writers import FORMATS, WriteOptions

__version__ = "0.1.0"

# Where each public name lives: the package loads a module only when one of its names is
# first used, so `subsync --version` and the commands pay only for what they use.
_HOMES = {
    "subsync.api": (
        "check convert_files fetch_elevenlabs fetch_resemble load parse relayout render save"
    ),
    "subsync.errors": "FetchError InputError OutputError SubsyncError",
    "subsync.layout.cues": "Layout",
    "subsync.layout.presets": "PRESETS",
    "subsync.lint": "Violation",
    "subsync.model": "Cue Document Mark Word",
    "subsync.remote.client": "HttpPolicy",
    "subsync.sources": "SOURCES Notice Parsed ParseOptions",
    "subsync.timeline": "Timeline place",
    "subsync.writers": "FORMATS WriteOptions",
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names.split()}

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
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'subsync' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME_OF])
