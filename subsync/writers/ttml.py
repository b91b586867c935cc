"""TTML writers: IMSC 1.1 Text (``.ttml``) and Apple iTT (``.itt``), frame times with --fps."""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

from subsync.errors import OutputError
from subsync.model import Cue, Document
from subsync.timeline import FrameRate, frame_rate, frame_timecode
from subsync.times import vtt_time
from subsync.writers.common import DEFAULT_WRITE, WriteOptions, display_lines, ms_span, speaker_name
from subsync.writers.vtt import escape

_IMSC_TEXT = "http://www.w3.org/ns/ttml/profile/imsc1.1/text"
_NAMESPACES = (
    'xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
    'xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttm="http://www.w3.org/ns/ttml#metadata"'
)
# The characters XML 1.0 cannot hold at all (not even as character references). Lone
# surrogates are left to the UTF-8 encoding, which refuses them in every format alike.
_NOT_XML = re.compile("[^\t\n\r\x20-\ufffd\U00010000-\U0010ffff]")
_REGION = (
    '<region xml:id="bottom" tts:origin="10% 10%" tts:extent="80% 80%" '
    'tts:displayAlign="after" tts:textAlign="center"/>'
)
# Spaces inside a line are the source's: keep runs of them (TTML collapses them by default).
_PRESERVE = ' xml:space="preserve"'
_ITT_STYLE = (
    '<style xml:id="normal" tts:fontFamily="sansSerif" tts:fontSize="100%" '
    'tts:fontStyle="normal" tts:fontWeight="normal" tts:color="white"/>'
)

Times = Callable[[Cue], tuple[str, str]]


def xml_text(text: str, where: str) -> str:
    """Text escaped for XML (``&``, ``<``, ``>``); characters XML 1.0 cannot hold (most
    control characters) are an OutputError naming them, never dropped in silence.

    >>> xml_text("R&D <3", "cue 1")
    'R&amp;D &lt;3'
    """
    bad = _NOT_XML.search(text)
    if bad:
        raise OutputError(
            f"holds U+{ord(bad.group()):04X}, a character XML 1.0 cannot hold; remove it "
            "from the input or choose srt, vtt or json",
            where=where,
        )
    return escape(text)


def quoted(value: str) -> str:
    """An XML attribute value in double quotes, escaped as xml.sax.saxutils.quoteattr would
    (that module is not used: it imports urllib and email, a fifth of subsync's start-up).

    >>> quoted('a"b<c>\\n')
    '"a&quot;b&lt;c&gt;&#10;"'
    """
    text = escape(value).replace('"', "&quot;")
    return '"' + text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def media_times(cue: Cue) -> tuple[str, str]:
    """Clock times in media time, to the millisecond (``00:00:01.500``)."""
    start, end = ms_span(cue)
    return vtt_time(start), vtt_time(end)


def frame_times(rate: FrameRate) -> Times:
    """Times as frame counts from 0 (``36f``), exact at every rate, 23.976 included."""

    def times(cue: Cue) -> tuple[str, str]:
        first = rate.frame_of(cue.start)
        return f"{first}f", f"{max(rate.frame_of(cue.end), first + 1)}f"

    return times


def timecode_times(rate: FrameRate) -> Times:
    """Times as SMPTE timecodes ``HH:MM:SS:FF``, counted drop-frame at 29.97 and 59.94
    (as ``ttp:dropMode="dropNTSC"`` says, and as ``--start-tc`` reads them)."""

    def label(frame: int) -> str:
        return frame_timecode(frame, rate).replace(";", ":")

    def times(cue: Cue) -> tuple[str, str]:
        first = rate.frame_of(cue.start)
        return label(first), label(max(rate.frame_of(cue.end), first + 1))

    return times


def rate_attributes(rate: FrameRate) -> str:
    """``ttp:frameRate`` (whole frames) and ``ttp:frameRateMultiplier`` (1000 1001 for the
    NTSC rates) of a frame rate."""
    nominal = round(rate.fps)
    multiplier = rate.fps / nominal
    text = f'ttp:frameRate="{nominal}"'
    if multiplier != Fraction(1):
        text += f' ttp:frameRateMultiplier="{multiplier.numerator} {multiplier.denominator}"'
    return text


def _agents(document: Document) -> dict[str, str]:
    """An ``xml:id`` for each speaker, in order of first appearance."""
    names = dict.fromkeys(name for cue in document.cues if (name := speaker_name(cue)))
    return {name: f"speaker{index}" for index, name in enumerate(names, 1)}


def _head(agents: dict[str, str], styling: str) -> list[str]:
    lines = ["  <head>"]
    if agents:
        lines.append("    <metadata>")
        for index, (name, ident) in enumerate(agents.items(), 1):
            text = xml_text(name, f"speaker {index}")
            lines.append(f'      <ttm:agent type="person" xml:id="{ident}">')
            lines.append(f'        <ttm:name type="full">{text}</ttm:name>')
            lines.append("      </ttm:agent>")
        lines.append("    </metadata>")
    if styling:
        lines.append(f"    <styling>{styling}</styling>")
    lines.append(f"    <layout>{_REGION}</layout>")
    lines.append("  </head>")
    return lines


def _paragraphs(document: Document, times: Times, agents: dict[str, str]) -> list[str]:
    lines = []
    for number, cue in enumerate(document.cues, 1):
        shown = display_lines(cue)
        if not shown:
            continue
        text = "<br/>".join(xml_text(line, f"cue {number}") for line in shown)
        begin, end = times(cue)
        agent = agents.get(speaker_name(cue))
        who = f' ttm:agent="{agent}"' if agent else ""
        lines.append(f'      <p begin="{begin}" end="{end}"{who}{_PRESERVE}>{text}</p>')
    return lines


def _document(document: Document, root: str, styling: str, times: Times) -> str:
    agents = _agents(document)
    language = quoted(document.language or "")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<tt {_NAMESPACES} {root} xml:lang={language}>",
        *_head(agents, styling),
        '  <body region="bottom"' + (' style="normal">' if styling else ">"),
        "    <div>",
        *_paragraphs(document, times, agents),
        "    </div>",
        "  </body>",
        "</tt>",
    ]
    return "\n".join(lines) + "\n"


def write_ttml(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as IMSC 1.1 Text: media time, clock times to the millisecond, or
    frame counts (``ttp:frameRate``) when a frame rate is set; speakers as ``ttm:agent``."""
    root = f'ttp:contentProfiles="{_IMSC_TEXT}" ttp:timeBase="media"'
    if options.frame_rate is None:
        return _document(document, root, "", media_times)
    rate = frame_rate(options.frame_rate)
    return _document(document, f"{root} {rate_attributes(rate)}", "", frame_times(rate))


def write_itt(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as Apple iTT (TTML as Final Cut Pro reads it): SMPTE time base
    and ``HH:MM:SS:FF`` timecodes (drop-frame at 29.97 and 59.94) when a frame rate is
    set, else media clock times; a ``normal`` style and a bottom region, as Apple's tools
    write them."""
    if options.frame_rate is None:
        return _document(document, 'ttp:timeBase="media"', _ITT_STYLE, media_times)
    rate = frame_rate(options.frame_rate)
    drop = "dropNTSC" if rate.drop_frame else "nonDrop"
    root = f'ttp:timeBase="smpte" {rate_attributes(rate)} ttp:dropMode="{drop}"'
    return _document(document, root, _ITT_STYLE, timecode_times(rate))
