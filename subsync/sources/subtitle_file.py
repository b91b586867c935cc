"""SRT and WebVTT inputs (whole files, or text inside JSON), read by subsync.sources.subtitles."""

from __future__ import annotations

import itertools
import operator
import re
from typing import TYPE_CHECKING

from subsync.errors import InputError
from subsync.sources.base import Notice, Parsed, ParseOptions, Source, sorted_with_overlap_notices
from subsync.sources.encoding import decode_text, sniff
from subsync.sources.findings import summarise
from subsync.sources.kinds import SUBTITLE_KINDS as KINDS
from subsync.sources.tags import Tags

if TYPE_CHECKING:
    from subsync.model import Cue, Document
    from subsync.sources.rawjson import Node

# How subtitle text begins (after a byte-order mark and blank lines): WEBVTT, or an SRT
# block's optional number and a line that starts with a digit and holds "-->" (a timing
# line, even a broken one, for the SRT reader to name). JSON never begins like either.
_VTT_START = re.compile(r"\s*WEBVTT")
# \s* and a following [ \t]* would share leading spaces: quadratic backtracking on them.
_SRT_START = re.compile(r"\s*(?:[0-9]+[ \t]*(?:\r\n|\r|\n)[ \t]*)?[0-9][^\r\n]*-->")
# Enough of the start of a text to tell its kind, even after a long cue number or spaces.
_SNIFF_CHARS = 512


def kind_of(text: str) -> str | None:
    """``vtt`` or ``srt`` for text that starts like one, else None.

    >>> kind_of("WEBVTT\\n"), kind_of("\\n1\\n00:00:01,000 --> 00:00:02,000\\n"), kind_of("{}")
    ('vtt', 'srt', None)
    >>> kind_of("1\\r00:00:01.5 --> 00:00:02,000\\r"), kind_of('{"a": "1 -->"}')
    ('srt', None)
    """
    text = text.lstrip("\ufeff")
    if _VTT_START.match(text):
        return "vtt"
    return "srt" if _SRT_START.match(text) else None


def kind_by_name(name: str) -> str | None:
    """``srt`` or ``vtt`` for a file name with that extension, else None.

    >>> kind_by_name("a.EN.SRT"), kind_by_name("b.vtt"), kind_by_name("c.json")
    ('srt', 'vtt', None)
    """
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return extension if extension in KINDS else None


def subtitle_text(data: bytes, source: str | None, encoding: str | None = None) -> str | None:
    """The text of an input that is SRT or WebVTT (by its start, or because ``source`` says
    so), to be read before any JSON decoding; None for anything else."""
    forced = source in KINDS
    if not forced and (source is not None or kind_of(sniff(data)) is None):
        return None
    return decode_text(data, encoding)


def read_document(
    node: Node, kind: str, options: ParseOptions, language: str | None = None
) -> tuple[Document, list[Notice]]:
    """The document in the SRT or WebVTT text at ``node``, in time order, and warnings
    (what was dropped or ignored, counted; overlaps; cues out of order); errors name the
    line, after the JSON path when the text sits inside JSON."""
    # Imported here: the one-pass SRT path reads no document (see batch/transcode.py).
    from subsync.model import Document
    from subsync.sources.subtitle_read import read_cues

    text = node.str()
    try:
        timed, findings = read_cues(text, kind, strict=options.strict)
    except InputError as error:
        where = error.where if node.path == "$" else _inside(node, error.where or "text")
        raise InputError(error.message, where=where) from None
    notices = [
        Notice(_inside(node, f"line {line}"), message) for line, message in summarise(findings)
    ]
    styled = _styling(kind).search(text) if options.strict else None
    if styled:
        line = text.count("\n", 0, styled[0]) + 1
        notices.append(
            Notice(
                _inside(node, f"line {line}"),
                f"styling such as {text[styled[0] : styled[1]]} is dropped: subsync keeps the "
                "text and the speakers, not the styling",
            )
        )
    in_order = [t.cue for t in timed]
    if not _in_order_apart(in_order):
        located = [
            (t.cue, _inside(node, f"cue {n}" + (f", line {t.line}" if t.line else "")))
            for n, t in enumerate(timed, 1)
        ]
        _out_of_order(located, notices)
        in_order = list(sorted_with_overlap_notices(located, notices))
    if options.relayout:
        # Imported here: only --relayout lays a subtitle file out again.
        from subsync.layout.relayout import relayout_cues

        unmet: list[str] = []
        in_order = relayout_cues(in_order, options.layout, untimed="spread", warnings=unmet)
        notices.extend(Notice(_inside(node, "cues"), message) for message in unmet)
    return Document(kind, language, tuple(in_order)), notices


def _styling(kind: str) -> Tags:
    """The styling the model has no place for: SRT's tags, and every WebVTT tag but voices
    (speakers)."""
    from subsync.sources import tags

    return tags.SRT_TAGS if kind == "srt" else tags.VTT_STYLING


def _in_order_apart(cues: list[Cue]) -> bool:
    """Whether each cue starts after every cue above it ends (then there is nothing to
    sort and no overlap to tell, and no cue needs naming), checked column-wise.

    >>> from subsync.model import Cue
    >>> _in_order_apart([Cue(0, 5, ()), Cue(5, 9, ()), Cue(9, 9, ())])
    True
    >>> _in_order_apart([Cue(0, 5, ()), Cue(4, 9, ())])
    False
    """
    ends = itertools.accumulate(map(operator.attrgetter("end"), cues), max)
    return all(map(operator.ge, map(operator.attrgetter("start"), cues[1:]), ends))


def _out_of_order(located: list[tuple[Cue, str]], notices: list[Notice]) -> None:
    """A notice at the first cue that starts before the cue above it in the file: the
    document (and every output) has its cues in time order."""
    for (before, _), (cue, where) in itertools.pairwise(located):
        if (cue.start, cue.end) < (before.start, before.end):
            notices.append(
                Notice(where, "the cues are not in time order in the file; they are sorted by time")
            )
            return


def _inside(node: Node, where: str) -> str:
    """A place in the subtitle text, after the JSON path of the field that holds it."""
    return where if node.path == "$" else f"{node.path}, {where}"


def _parse_as(kind: str) -> Source:
    def detect(raw: object) -> bool:
        return isinstance(raw, str) and kind_of(raw[:_SNIFF_CHARS]) == kind

    def parse(root: Node, options: ParseOptions) -> Parsed:
        document, notices = read_document(root, kind, options)
        if not document.cues:
            notices.append(Notice("$", f"the {kind} file has no cues"))
        return Parsed((document,), tuple(notices))

    name = "SubRip (.srt)" if kind == "srt" else "WebVTT (.vtt)"
    return Source(kind, f"{name} subtitles", detect, parse)


#: The two sources, by the name ``--source`` takes.
SRT = _parse_as("srt")
VTT = _parse_as("vtt")
