"""The input sources: a registry by name, detection by shape, and reading bytes into the model."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterator, Mapping

from subsync.errors import InputError, SubsyncError
from subsync.languages import normalized
from subsync.sources import subtitle_file
from subsync.sources.base import Notice, Parsed, ParseOptions, Source
from subsync.sources.encoding import sniff
from subsync.sources.findings import preview


class _Registry(Mapping[str, Source]):
    """Sources by name, each one's module imported when the source is first used, so that
    reading an SRT file never loads the JSON sources (nor the layout they need)."""

    def __init__(self, homes: dict[str, str]) -> None:
        self._homes = homes
        self._loaded: dict[str, Source] = {}

    def __getitem__(self, name: str) -> Source:
        source = self._loaded.get(name)
        if source is None:
            module, _, attribute = self._homes[name].partition(":")
            source = getattr(importlib.import_module(f"subsync.sources.{module}"), attribute)
            assert isinstance(source, Source) and source.name == name
            self._loaded[name] = source
        return source

    def __iter__(self) -> Iterator[str]:
        return iter(self._homes)

    def __len__(self) -> int:
        return len(self._homes)


#: Every source, by the name ``--source`` takes; detection takes the one whose shape an
#: input has and refuses an input that has two.
SOURCES: Mapping[str, Source] = _Registry(
    {
        "elevenlabs": "elevenlabs:SOURCE",
        "elevenlabs-transcript": "elevenlabs_transcript:SOURCE",
        "elevenlabs-project": "elevenlabs_project:SOURCE",
        "resemble": "resemble:SOURCE",
        "subsync": "native:SOURCE",
        "elevenlabs-tts": "elevenlabs_tts:SOURCE",
        "elevenlabs-alignment": "elevenlabs_align:SOURCE",
        "elevenlabs-stt": "elevenlabs_stt:SOURCE",
        "srt": "subtitle_file:SRT",
        "vtt": "subtitle_file:VTT",
    }
)

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
    SRT or WebVTT text (by its first lines, its name's extension, or ``source``), else JSON."""
    options = options or ParseOptions()
    source = named_source(data, name, source)
    try:
        raw: object = subtitle_file.subtitle_text(data, source, options.input_encoding)
        if raw is None:
            raw = _json(data)
        elif source is None:
            # Text is never a JSON source's shape, so the JSON sources need not load.
            subtitles = (subtitle_file.SRT, subtitle_file.VTT)
            source = next((s.name for s in subtitles if s.detect(raw)), None)
    except SubsyncError as error:
        raise error.located(name) from None
    return read_raw(raw, name, source, options)


def named_source(data: bytes, name: str, source: str | None) -> str | None:
    """The source ``read`` takes the input as before it looks at the whole text: the one
    asked for, else a .srt or .vtt name's, else None (SRT or WebVTT by the first lines, or
    a JSON source by its shape).

    >>> named_source(b"{}", "a.srt", None), named_source(b"WEBVTT", "a.vtt", "srt")
    ('srt', 'srt')
    >>> named_source(b"1\\n00:00:01,000 --> 00:00:02,000\\n", "a.txt", None) is None
    True
    """
    if source is not None:
        return source
    by_name = subtitle_file.kind_by_name(name)
    # A .srt or .vtt file is never read as JSON, and a .vtt file goes through the WebVTT
    # parser, which reads SRT-shaped text without the signature as SRT, saying so.
    if by_name == "vtt" or subtitle_file.kind_of(sniff(data)) is None:
        return by_name
    return None


def _json(data: bytes) -> object:
    """The JSON value (or lines of values) in ``data``; text that does not start like JSON
    is refused naming the kinds tried."""
    from subsync.sources.rawjson import load_json, load_json_lines  # not for SRT or WebVTT

    try:
        # A streamed response saved as it came is newline-delimited JSON, a chunk a line.
        lines = load_json_lines(data)
        return load_json(data) if lines is None else lines
    except InputError as error:
        start = sniff(data).lstrip()
        if start[:1] in ("{", "[", '"') or not start or error.message.startswith("not UTF-8"):
            raise  # meant as JSON, or binary: the JSON error says more
        raise InputError(
            f"not JSON, SRT or WebVTT (tried all three): the text starts with "
            f"{preview(start.splitlines()[0])}; use --source to read it as one kind"
        ) from None


def read_raw(
    raw: object, name: str, source: str | None = None, options: ParseOptions | None = None
) -> Parsed:
    """Parse already-decoded JSON (dicts, lists, strings, numbers) into documents."""
    # Imported here: the one-pass SRT path parses nothing (see batch/transcode.py).
    from subsync.sources.rawjson import Node
    from subsync.speakers import label_width

    options = options or ParseOptions()
    try:
        chosen = SOURCES[source] if source else detect(raw)
        parsed = _named(chosen.parse(Node(raw), options), options)
        width = label_width(parsed.documents) if options.speaker_labels else 0
        if width > options.layout.label_width:
            # The labels take room on each cue's first line: laid out again, leaving it.
            layout = dataclasses.replace(options.layout, label_width=width)
            parsed = _named(
                chosen.parse(Node(raw), dataclasses.replace(options, layout=layout)), options
            )
    except SubsyncError as error:
        raise error.located(name) from None
    if chosen.name == "subsync":
        return parsed  # subsync's own JSON holds what it was given, exactly
    # Every API's codes in one form: Scribe's "jpn" names files and xml:lang as "ja".
    documents = tuple(
        dataclasses.replace(d, language=normalized(d.language)) if d.language else d
        for d in parsed.documents
    )
    return dataclasses.replace(parsed, documents=documents)


def _named(parsed: Parsed, options: ParseOptions) -> Parsed:
    from subsync.speakers import named

    documents = tuple(named(d, options.speaker_names) for d in parsed.documents)
    return dataclasses.replace(parsed, documents=documents)
