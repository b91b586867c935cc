"""One input's conversion, from bytes to named outputs: select languages, render, name files."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from subsync.batch import transcode
from subsync.batch.collector import collector_paused
from subsync.batch.digest import sha256
from subsync.errors import InputError, OutputError, SubsyncError
from subsync.frozen import NamedTuple
from subsync.languages import normalized
from subsync.sources import Notice, ParseOptions, named_source, read
from subsync.sources.encoding import decode_text
from subsync.sources.kinds import INPUT_EXTENSIONS
from subsync.sources.subtitle_file import SRT
from subsync.timeline import Timeline, place
from subsync.writers import FORMATS, WriteOptions

if TYPE_CHECKING:
    from subsync.model import Document

# Language codes become part of file names: letters, digits, `-` and `_` only (BCP 47 fits).
# Compiled when first used (re keeps it): SRT and WebVTT inputs have no language.
_LANGUAGE_CODE = r"[A-Za-z0-9][A-Za-z0-9_-]{0,34}"

#: How standard input is named in messages.
STDIN = "<stdin>"


class Request(NamedTuple):
    """What to make of each input: formats, languages, source, options, and where the cues
    go on a video timeline."""

    formats: tuple[str, ...] = ("srt",)
    languages: tuple[str, ...] = ()
    source: str | None = None
    parse: ParseOptions = ParseOptions()
    write: WriteOptions = WriteOptions()
    timeline: Timeline = Timeline()


class Output(NamedTuple):
    """One rendered output: its file name (no folder) and its text, or the error that kept
    this one format from holding the input (the input's other outputs are still made)."""

    name: str
    text: str
    error: SubsyncError | None = None


class Converted(NamedTuple):
    """Everything one input produced, ready to be written."""

    outputs: tuple[Output, ...]
    notices: tuple[Notice, ...]


def fingerprint(request: Request) -> str:
    """A hash of every option that changes the output bytes: two runs with the same
    fingerprint (and the same subsync) make the same outputs from the same input."""
    options = {
        **request._asdict(),
        "parse": dataclasses.asdict(request.parse),
        "write": dataclasses.asdict(request.write),
        "timeline": dataclasses.asdict(request.timeline),
    }
    text = json.dumps(options, sort_keys=True, ensure_ascii=False)
    return sha256(text.encode("utf-8"))


def encoded(output: Output, name: str) -> bytes:
    """An output's bytes as written: UTF-8 without a byte-order mark."""
    try:
        return output.text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise OutputError(
            f"{output.name} would hold a lone surrogate (U+{ord(exc.object[exc.start]):04X}), "
            "which UTF-8 cannot encode",
            input=name,
        ) from None


def input_stem(name: str) -> str:
    """The base name outputs take: the input's file name without ``.json``, ``.jsonl`` or
    ``.ndjson`` (a saved stream), ``.srt`` or ``.vtt`` (so ``x.srt --to srt`` names its input,
    which the batch refuses to overwrite).

    >>> input_stem("dir/clip.v2.json"), input_stem(STDIN), input_stem("notes.txt")
    ('clip.v2', 'stdin', 'notes.txt')
    >>> input_stem("film.en.SRT"), input_stem("talk.vtt"), input_stem("tts.jsonl")
    ('film.en', 'talk', 'tts')
    """
    if name == STDIN:
        return "stdin"
    file_name = Path(name).name
    stem, dot, extension = file_name.rpartition(".")
    return stem if dot and stem and extension.lower() in INPUT_EXTENSIONS else file_name


@collector_paused
def convert(data: bytes, name: str, request: Request) -> Converted:
    """Parse one input and render every requested format of every selected language."""
    return _in_one_pass(data, name, request) or convert_by_model(data, name, request)


def convert_by_model(data: bytes, name: str, request: Request) -> Converted:
    """:func:`convert` through the model: documents, placed, each format written."""
    parsed = read(data, name, request.source, request.parse)
    documents = select_languages(parsed.documents, request.languages, name)
    stem = input_stem(name)
    outputs = []
    notices = [n for n in parsed.notices if _selected(n.language, request.languages)]
    placed = []
    writers: dict[str, int] = {}  # output name (casefolded) -> the document writing it
    for number, selected in enumerate(documents, 1):
        _check_language_code(selected.language, name)
        try:
            document = place(selected, request.timeline, request.parse.layout)
        except SubsyncError as error:
            raise error.located(name) from None
        placed.append(document)
        for format_name in request.formats:
            fmt = FORMATS[format_name]
            if fmt.input_writer is not None:
                continue
            output_name = ".".join(p for p in [stem, document.language, fmt.extension] if p)
            _one_writer(writers, output_name, number, documents, name)
            output = _written(output_name, name, format_name, document, request)
            outputs.append(output)
            if output.error is None:
                notices += [Notice(output_name, m) for m in fmt.warnings(document, request.write)]
    for fmt in (FORMATS[f] for f in request.formats):
        if fmt.input_writer is not None:
            try:
                text = fmt.write_input(placed, name, request.parse.layout, request.write)
                outputs.append(Output(f"{stem}.{fmt.extension}", text))
            except SubsyncError as error:
                output_name = f"{stem}.{fmt.extension}"
                outputs.append(Output(output_name, "", _of_output(error, name, output_name)))
    return Converted(tuple(outputs), tuple(notices))


def _in_one_pass(data: bytes, name: str, request: Request) -> Converted | None:
    """:func:`convert` of SRT to SRT or WebVTT when nothing between reading and writing
    changes a cue (batch.transcode), else None. A long SRT file then never becomes cue
    objects: about half the time and memory."""
    parse, write, timeline = request.parse, request.write, request.timeline
    if (
        not request.formats
        or not transcode.FORMATS.issuperset(request.formats)
        or request.languages
        or parse.strict
        or parse.relayout
        or parse.speaker_names
        or parse.speaker_labels
        or write.karaoke
        or write.speaker_labels
        or timeline.rate is not None
        or timeline.shift_us
    ):
        return None
    source = named_source(data, name, request.source)
    if source not in (None, "srt"):
        return None
    try:
        text = decode_text(data, parse.input_encoding)
    except SubsyncError:
        return None  # the model's path says why
    if source is None and not SRT.detect(text):
        return None
    made = transcode.transcode(text, request.formats)
    if made is None:
        return None
    texts, notices = made
    stem = input_stem(name)
    outputs = (Output(f"{stem}.{FORMATS[f].extension}", texts[f]) for f in request.formats)
    return Converted(tuple(outputs), tuple(notices))


def _written(
    output_name: str, name: str, format_name: str, document: Document, request: Request
) -> Output:
    """One format of one document, or the error that fails this output alone."""
    from subsync.batch.limits import beyond_limit  # the one-pass path has its own checks

    error: SubsyncError | None = beyond_limit(format_name, document, request.timeline)
    if error is None:
        try:
            return Output(output_name, FORMATS[format_name].write(document, request.write))
        except SubsyncError as failed:
            error = failed
    return Output(output_name, "", _of_output(error, name, output_name))


def _of_output(error: SubsyncError, name: str, output_name: str) -> SubsyncError:
    """A writer's error, naming the input and the output it failed."""
    return type(error)(error.message, input=name, where=error.where or output_name)


def _one_writer(
    writers: dict[str, int], file_name: str, number: int, documents: Sequence[Document], name: str
) -> None:
    """Refuse a second document writing the same file name (a dub in the source's own
    language, say): one would silently replace the other. Case is ignored, as some file
    systems ignore it."""
    first = writers.setdefault(file_name.casefold(), number)
    if first != number:
        one, other = documents[first - 1], documents[number - 1]
        raise OutputError(
            f"documents {first} ({one.source}, language {one.language}) and {number} "
            f"({other.source}, language {other.language}) would both write {file_name}; "
            "nothing of this input was written",
            input=name,
        )


def _selected(language: str | None, languages: Sequence[str]) -> bool:
    """Whether a notice about ``language`` is for the user: nothing about languages they
    did not select (``--lang en`` says nothing of the es dub).

    >>> _selected("es", ["en"]), _selected("eng", ["en"]), _selected(None, ["en"])
    (False, True, True)
    """
    if language is None or not languages:
        return True
    return normalized(language) in {normalized(code) for code in languages}


def select_languages(
    documents: Sequence[Document], languages: Sequence[str], name: str
) -> list[Document]:
    """Keep the documents in the requested languages (all when none is requested); a
    document whose source does not say its language takes the first requested code."""
    if not languages:
        return list(documents)
    wanted = {normalized(code) for code in languages}
    chosen = []
    for document in documents:
        if document.language is None:
            chosen.append(dataclasses.replace(document, language=normalized(languages[0])))
        elif normalized(document.language) in wanted:
            chosen.append(document)
    if documents and not chosen:
        present = ", ".join(str(d.language) for d in documents)
        raise InputError(
            f"none of the requested languages ({', '.join(languages)}) is in this input; "
            f"it has: {present}",
            input=name,
        )
    return chosen


def _check_language_code(language: str | None, name: str) -> None:
    if language is not None and not re.fullmatch(_LANGUAGE_CODE, language):
        raise InputError(
            f"language code {language!r} cannot name an output file: expected letters, "
            "digits, '-' or '_' (such as en or pt-BR)",
            input=name,
        )
