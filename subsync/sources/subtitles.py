"""The strict SRT and WebVTT readers (``--strict``): the first flaw in a file is an error.
Without it, sources.subtitle_read reads inputs and lint as players do (sources.srt, .webvtt).

SRT is read by the small parser below, not by pysrt: even with ``ERROR_RAISE`` pysrt reads a time
field it cannot parse as 0 (``aa:bb:cc,ddd`` becomes 00:00:00,000) and ``00:00:-1,000`` as a
negative time, breaks lines at U+2028 and form feeds, and locates an error only by the blank line
after its block. WebVTT is read by webvtt-py in strict mode (blocks, identifiers, timings, cue
settings); the cue text is tokenised here, because webvtt-py's ``text`` drops tags without
decoding character references and its ``voice`` sees only a ``<v>`` that starts the first line.

Cues keep the order of the file, so cue N (1-based, as errors and lint name it) is
``document.cues[N - 1]``; SRT numbers and WebVTT identifiers are not kept (the model has no place
for them, and SRT numbers are often wrong). Times are whole milliseconds in both formats.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial

from subsync.errors import InputError, SubsyncError
from subsync.frozen import NamedTuple
from subsync.model import Cue, Document
from subsync.sources.kinds import SUBTITLE_KINDS
from subsync.sources.linepatterns import (
    LINE_BREAK,
    SRT_NUMBER,
    SRT_TIME,
    digits_value,
    shown_lines,
)
from subsync.sources.rawjson import ordered
from subsync.sources.tags import SRT_TAGS
from subsync.times import srt_time, vtt_time

#: The kinds ``read_subtitles`` takes.
KINDS = SUBTITLE_KINDS

# Anything after the end time (the old ``X1:... Y2:...`` coordinates) is ignored.
_SRT_TIMING = re.compile(rf"[ \t]*{SRT_TIME}[ \t]*-->[ \t]*{SRT_TIME}(?:[ \t].*)?")
_SRT_NUMBER = re.compile(SRT_NUMBER)
# SRT's de facto tags (<i>, <b>, <u>, <s>, <font ...>) and ASS override blocks ({\an8}); other
# text in angle brackets stays, since SRT has no escapes and "x < y > z" is text.
_VTT_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?")
# The start of a cue timing line as webvtt-py's strict mode takes it (\s and \d included).
_VTT_TIMING = re.compile(r"\s*(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}\s*-->")
_VTT_OTHER_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|\Z)")


def read_subtitles(data: bytes, name: str, kind: str | None = None) -> Document:
    """Read SRT or WebVTT bytes (``kind`` "srt", "vtt", or None to detect) into a document;
    every problem is an InputError naming ``name`` and, where it can, the cue and line.

    >>> srt = read_subtitles(b"1\\r\\n00:00:01,000 --> 00:00:02,500\\r\\n<i>Hi</i> there", "a.srt")
    >>> srt.source, [(c.start, c.end, c.lines) for c in srt.cues]
    ('srt', [(1000000, 2500000, ('Hi there',))])
    >>> vtt = read_subtitles(b"WEBVTT\\n\\n00:01.000 --> 00:02.000\\n<v Ana>Fish &amp; chips", "b")
    >>> vtt.source, [(c.start, c.end, c.lines, c.speaker) for c in vtt.cues]
    ('vtt', [(1000000, 2000000, ('Fish & chips',), 'Ana')])
    """
    if kind is not None and kind not in KINDS:
        raise SubsyncError(f"unknown subtitle kind {kind!r}; choose from {', '.join(KINDS)}")
    try:
        text = decode(data)
        chosen = kind or detect(text)
        cues = read_srt(text) if chosen == "srt" else read_vtt(text)
    except SubsyncError as error:
        raise error.located(name) from None
    return Document(source=chosen, language=None, cues=tuple(cues))


def decode(data: bytes) -> str:
    """UTF-8 text without its byte-order mark; anything else is an InputError, since guessing
    an encoding garbles text without a word.

    >>> decode("\\ufeffcafé".encode())
    'café'
    >>> decode("café".encode("latin-1"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    subsync.errors.InputError: line 1: not UTF-8 text (byte 3 is 0xe9); save the file as UTF-8 ...
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x}){_bom_hint(data)}; "
            "save the file as UTF-8 (subsync does not guess encodings)",
            where=f"line {line}",
        ) from None


def _bom_hint(data: bytes) -> str:
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            return f": it starts with a {encoding} byte-order mark"
    return ""


def detect(text: str) -> str:
    """``vtt`` for text that starts with ``WEBVTT`` (after the byte-order mark), else ``srt``.

    >>> detect("WEBVTT\\n"), detect("1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n")
    ('vtt', 'srt')
    """
    return "vtt" if text.lstrip("\ufeff").startswith("WEBVTT") else "srt"


# --- blocks and shared cue rules -------------------------------------------------------------


class Block(NamedTuple):
    """Consecutive lines between blank lines, with the 1-based number of the first one."""

    line: int
    lines: tuple[str, ...]


def blocks(lines: list[str], blank: Callable[[str], bool]) -> Iterator[Block]:
    """The blocks of ``lines``, split at lines that are ``blank``.

    >>> [(b.line, b.lines) for b in blocks(["a", "b", "", "", "c"], lambda s: not s)]
    [(1, ('a', 'b')), (5, ('c',))]
    """
    first = 0
    run: list[str] = []
    for number, line in enumerate(lines, 1):
        if not blank(line):
            first = first if run else number
            run.append(line)
        elif run:
            yield Block(first, tuple(run))
            run = []
    if run:
        yield Block(first, tuple(run))


def _cue(
    span: tuple[int, int], lines: tuple[str, ...], speaker: str | None, where: str, separator: str
) -> Cue:
    shown = srt_time if separator == "," else vtt_time
    start, end = ordered(*span, partial(InputError, where=where), shown)
    return Cue(start * 1000, end * 1000, lines, speaker)


def _preview(line: str) -> str:
    return repr(line if len(line) <= 60 else line[:59] + "…")


# --- SRT -------------------------------------------------------------------------------------


def read_srt(text: str) -> list[Cue]:
    """The cues of SRT text: an optional number line, a timing line, then text lines, cues
    apart by blank lines (a line of spaces is blank too, as in every SRT reader). An empty
    file has no cues (it is what the SRT writer makes of a document without text)."""
    return [
        srt_cue(block, number)
        for number, block in enumerate(blocks(LINE_BREAK.split(text), _blank_srt), 1)
    ]


def _blank_srt(line: str) -> bool:
    return not line.strip()


def srt_cue(block: Block, number: int) -> Cue:
    """One SRT block as a cue; ``number`` is its place in the file, for errors.

    >>> srt_cue(Block(1, ("7", "00:00:01.5 --> 00:00:02,000")), 1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    subsync.errors.InputError: cue 1, line 2: expected a timing line like ..., got '00:00:01.5 ...'
    """
    timing_at = 0 if _SRT_TIMING.fullmatch(block.lines[0]) else 1
    if timing_at and not _SRT_NUMBER.fullmatch(block.lines[0]):
        raise InputError(
            f"expected a cue number or a timing line, got {_preview(block.lines[0])}"
            + _srt_first_line_hint(block.lines[0], number),
            where=f"cue {number}, line {block.line}",
        )
    where = f"cue {number}, line {block.line + timing_at}"
    timing = _SRT_TIMING.fullmatch(block.lines[timing_at]) if timing_at < len(block.lines) else None
    if timing is None:
        got = _preview(block.lines[timing_at]) if timing_at < len(block.lines) else "nothing"
        raise InputError(
            f"expected a timing line like 00:00:01,000 --> 00:00:02,500, got {got}", where=where
        )
    text = block.lines[timing_at + 1 :]
    for offset, line in enumerate(text, block.line + timing_at + 1):
        if _SRT_TIMING.fullmatch(line):
            raise InputError(
                "a timing line inside the cue's text (is the blank line before it missing?)",
                where=f"cue {number}, line {offset}",
            )
    span = (_srt_ms(timing.groups()[:4], where), _srt_ms(timing.groups()[4:], where))
    return _cue(span, srt_text(text), None, where, ",")


def _srt_first_line_hint(line: str, number: int) -> str:
    if number == 1 and line.startswith("WEBVTT"):
        return " (this looks like WebVTT: read it as vtt)"
    if number > 1:
        return " (is there a blank line inside the text of the cue before?)"
    return ""


def _srt_ms(fields: Sequence[str], where: str) -> int:
    try:
        hours, minutes, seconds, millis = (digits_value(field) for field in fields)
    except ValueError:
        message = f"a time of {_preview(fields[0])} hours: no media is that long"
        raise InputError(message, where=where) from None
    if minutes > 59 or seconds > 59:
        raise InputError(
            f"minutes and seconds must be under 60, got {':'.join(fields[:3])}", where=where
        )
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def srt_text(lines: tuple[str, ...]) -> tuple[str, ...]:
    """SRT text lines without formatting tags and ASS override blocks.

    >>> srt_text(('{\\\\an8}<i>Up <font color="#ff0">here</font></i>', "<b></b>", "1 < 2 > 0"))
    ('Up here', '1 < 2 > 0')
    """
    return shown_lines("\n".join(SRT_TAGS.sub("", line) for line in lines))


# --- WebVTT ----------------------------------------------------------------------------------


def read_vtt(text: str) -> list[Cue]:
    """The cues of WebVTT text, through webvtt-py in strict mode."""
    # Imported when a WebVTT file is read: it is a tenth of every command's start-up.
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    text = text.lstrip("\ufeff")
    lines = LINE_BREAK.split(text)
    if not _VTT_HEADER.fullmatch(lines[0]):
        raise InputError(
            f"expected 'WEBVTT' alone or followed by a space and text, got {_preview(lines[0])}",
            where="line 1",
        )
    try:
        captions = webvtt.WebVTT.from_string(text, strict=True).captions
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise _locate_vtt_error(lines, exc) from None
    _refuse_untimed_blocks(lines)
    # Strict parsing refuses a timing line anywhere but at the top of a cue, so the n-th
    # one is the n-th cue's ("-->" alone may also be in a NOTE).
    timing_lines = [number for number, line in enumerate(lines, 1) if _VTT_TIMING.match(line)]
    located = len(timing_lines) == len(captions)
    cues = []
    for number, caption in enumerate(captions, 1):
        where = f"cue {number}" + (f", line {timing_lines[number - 1]}" if located else "")
        cue_lines, speaker = vtt_text("\n".join(caption.lines))
        span = (caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds())
        cues.append(_cue(span, cue_lines, speaker, where, "."))
    return cues


def _locate_vtt_error(lines: list[str], exc: Exception) -> InputError:
    """The error webvtt-py raised, placed at the first block it refuses on its own (its
    messages name the block or the timestamp, not the line)."""
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    cues_before = 0
    for block in list(blocks(lines, _blank_vtt))[1:]:
        # A cue before the block, if the file had one, since regions may not follow cues.
        before = "00:00.000 --> 00:00.001\n\n" if cues_before else ""
        try:
            webvtt.WebVTT.from_string(f"WEBVTT\n\n{before}" + "\n".join(block.lines), strict=True)
        except (MalformedFileError, MalformedCaptionError) as refused:
            is_cue = any("-->" in line for line in block.lines)  # meant as a cue
            where = f"cue {cues_before + 1}, line {block.line}" if is_cue else f"line {block.line}"
            return InputError(_vtt_message(str(refused), block), where=where)
        cues_before += _has_timing(block)
    return InputError(f"not valid WebVTT: {exc}")


def _refuse_untimed_blocks(lines: list[str]) -> None:
    """Refuse text that is neither a cue nor a NOTE, STYLE or REGION block: webvtt-py (as the
    spec) drops such a block without a word, and with it text a mistyped arrow left untimed.

    >>> _refuse_untimed_blocks(["WEBVTT", "", "00:01.000 -> 00:02.000", "Hi"])
    Traceback (most recent call last):
    subsync.errors.InputError: line 3: a block without a timing line ...
    """
    for block in list(blocks(lines, _blank_vtt))[1:]:
        if not _has_timing(block) and not _VTT_OTHER_BLOCK.match(block.lines[0]):
            raise InputError(
                "a block without a timing line (is its '-->' mistyped?), got "
                f"{_preview(' / '.join(block.lines[:2]))}; every other block must be a "
                "NOTE, STYLE or REGION",
                where=f"line {block.line}",
            )


def _has_timing(block: Block) -> bool:
    return any(_VTT_TIMING.match(line) for line in block.lines[:2])


def _vtt_message(message: str, block: Block) -> str:
    if message.startswith("Invalid cue block"):
        return (
            "expected a cue: an optional identifier line, a timing line like "
            "00:00:01.000 --> 00:00:02.500, then text without '-->' (is a blank line "
            f"missing?), got {_preview(' / '.join(block.lines[:3]))}"
        )
    message = message[:1].lower() + message[1:]
    # webvtt-py's message quotes the text it refused, which may be any length.
    return message if len(message) <= 200 else message[:199] + "…"


def _blank_vtt(line: str) -> bool:
    # Only an empty line ends a WebVTT block; a line of spaces is part of the cue text.
    return not line


def vtt_text(payload: str) -> tuple[tuple[str, ...], str | None]:
    """A WebVTT cue's lines as shown (every tag removed, character references decoded) and
    its speaker: the ``<v>`` voices in order, distinct ones joined by ", ".

    >>> vtt_text("<v.loud Ana &amp; Bo><c.red>Fish</c> &amp; <00:00:01.000>chips</v>\\n&lt;3&nbsp;")
    (('Fish & chips', '<3'), 'Ana & Bo')
    """
    from subsync.sources.webvtt.cuetext import cue_text  # one tokenizer for both readers

    shown = cue_text(payload)
    return shown.lines, shown.speaker
