"""The input sources: a registry by name, detection by shape, and reading bytes into the model."""

from __future__ import annotations

from subsync.errors import InputError, SubsyncError
from subsync.sources import (
    elevenlabs,
    elevenlabs_align,
    elevenlabs_project,
    elevenlabs_stt,
    elevenlabs_transcript,
    elevenlabs_tts,
    native,
    resemble,
    subtitle_file,
)
from subsync.sources.base import Notice, Parsed, ParseOptions, Source
from subsync.sources.rawjson import Node, load_json, load_json_lines

#: Every source, by the name ``--source`` takes; detection takes the one whose shape an
#: input has and refuses an input that has two.
SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        elevenlabs.SOURCE,
        elevenlabs_transcript.SOURCE,
        elevenlabs_project.SOURCE,
        resemble.SOURCE,
        native.SOURCE,
        elevenlabs_tts.SOURCE,
        elevenlabs_align.SOURCE,
        elevenlabs_stt.SOURCE,
        subtitle_file.SRT,
        subtitle_file.VTT,
    )
}

__all__ = ["SOURCES", "Notice", "ParseOptions", "Parsed", "Source", "detect", "read", "read_raw"]


def detect(raw: object) -> Source:
    """The one source whose shape ``raw`` has; an input that matches none, or more than one
    (which to believe is the user's call), is refused."""
    matches = [source for source in SOURCES.values() if source.detect(raw)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = " and ".join(s.name for s in matches)
        raise InputError(
            f"matches more than one kind of input ({names}); name the one it is with "
            f"--source ({' or '.join(f'--source {s.name}' for s in matches)})",
            where="$",
        )
    kinds = "; ".join(f"{s.name}: {s.description}" for s in SOURCES.values())
    raise InputError(
        f"not a known kind of input (expected one of {kinds}); use --source to force one", where="$"
    )


def read(
    data: bytes, name: str, source: str | None = None, options: ParseOptions | None = None
) -> Parsed:
    """Parse the bytes of one input (named ``name`` in errors) into documents and notices:
    SRT or WebVTT text (by its first lines, or ``source``), else JSON."""
    try:
        raw: object = subtitle_file.subtitle_text(data, source)
        if raw is None:
            # A streamed response saved as it came is newline-delimited JSON, a chunk a line.
            lines = load_json_lines(data)
            raw = load_json(data) if lines is None else lines
    except SubsyncError as error:
        raise error.located(name) from None
    return read_raw(raw, name, source, options)


def read_raw(
    raw: object, name: str, source: str | None = None, options: ParseOptions | None = None
) -> Parsed:
    """Parse already-decoded JSON (dicts, lists, strings, numbers) into documents."""
    try:
        chosen = SOURCES[source] if source else detect(raw)
        return chosen.parse(Node(raw), options or ParseOptions())
    except SubsyncError as error:
        raise error.located(name) from None
