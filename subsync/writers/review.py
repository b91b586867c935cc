"""The review page: every language of one input on one timeline, as a self-contained HTML file."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import PurePosixPath
from urllib.parse import quote

from subsync.errors import OutputError
from subsync.layout.presets import DEFAULT_LAYOUT, Layout
from subsync.model import Cue, Document, Mark
from subsync.timeline import FRAME_RATES, format_timecode, frame_rate
from subsync.times import vtt_time
from subsync.writers.common import DEFAULT_WRITE, WriteOptions, display_lines, speaker_name
from subsync.writers.srt import write_srt
from subsync.writers.vtt import write_vtt

# Media the page plays in a <video> (it shows the subtitle tracks); anything else in <audio>.
_VIDEO = frozenset(("mp4", "m4v", "webm", "mov", "mkv", "ogv"))

# In a <script> element, "</script" or "<!--" in the data would end it or change how it
# is parsed, and U+2028/U+2029 end lines in older JavaScript: each becomes a JSON escape,
# which JSON.parse reads back as the same character.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def write_review_page(
    documents: Sequence[Document],
    name: str,
    layout: Layout = DEFAULT_LAYOUT,
    options: WriteOptions = DEFAULT_WRITE,
) -> str:
    """The page for one input: its documents (one per language) in lanes per speaker, each
    cue marked with what ``subsync lint`` finds in it under ``layout``, and a player for
    ``options.media`` (a path relative to the page) when given."""
    data = review_data(documents, name, layout, options)
    return assemble(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def write_review(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """The page for a single document, for ``subsync.render(document, "html")``."""
    return write_review_page([document], "subsync review", DEFAULT_LAYOUT, options)


def review_data(
    documents: Sequence[Document], name: str, layout: Layout, options: WriteOptions
) -> dict[str, object]:
    """What the page shows, as JSON-ready data; times in integer microseconds."""
    languages = [_language(d, index, layout, options) for index, d in enumerate(documents)]
    # In order of first appearance, the source language's speakers first.
    speakers = dict.fromkeys(
        speaker_name(cue) for d in documents for cue in d.cues if display_lines(cue)
    )
    rate = options.frame_rate
    return {
        "title": name,
        "preset": layout.name,
        "fps": _fps(rate) if rate else None,
        "media": _media(options.media) if options.media else None,
        "speakers": list(speakers),
        "languages": languages,
    }


def _fps(name: str) -> dict[str, object]:
    fps = FRAME_RATES[name]
    return {
        "name": name,
        "num": fps.numerator,
        "den": fps.denominator,
        "drop": frame_rate(name).drop_frame,
    }


def _media(path: str) -> dict[str, str]:
    extension = PurePosixPath(path).suffix.lower().lstrip(".")
    # A relative URL: "#", "?" and "%" in a file name must not be read as URL syntax.
    return {"src": quote(path), "kind": "video" if extension in _VIDEO else "audio"}


def _language(
    document: Document, index: int, layout: Layout, options: WriteOptions
) -> dict[str, object]:
    """One language: its cues as written (cues with nothing to show are not written, so
    they are not shown), each with the lint findings of its written number, and the
    WebVTT a <track> plays."""
    # Imported here: lint loads the subtitle readers, which only this format needs.
    from subsync.lint import check_file

    plain = dataclasses.replace(options, karaoke=False)
    written = [cue for cue in document.cues if display_lines(cue)]
    vtt = write_vtt(document, plain)
    try:
        checked, kind = write_srt(document, plain), "srt"
    except OutputError:  # SRT stops at 100 hours; the same cues are checked as WebVTT
        checked, kind = vtt, "vtt"
    fps = float(FRAME_RATES[options.frame_rate]) if options.frame_rate else None
    findings: dict[int, list[dict[str, str]]] = {}
    for v in check_file(_utf8(checked), f"review.{kind}", layout, fps):
        findings.setdefault(v.cue, []).append(
            {"rule": v.rule, "level": v.level, "message": v.message}
        )
    code = document.language or ""
    return {
        "id": f"l{index}",
        "code": code,
        "label": code or "(no language)",
        "vtt": vtt,
        "cues": [
            _cue(cue, number, document, options.frame_rate, findings.get(number, []))
            for number, cue in enumerate(written, 1)
        ],
    }


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise OutputError(
            f"the page would hold a lone surrogate (U+{ord(exc.object[exc.start]):04X}), "
            "which UTF-8 cannot encode"
        ) from None


def _cue(
    cue: Cue, number: int, document: Document, rate: str | None, findings: list[dict[str, str]]
) -> dict[str, object]:
    return {
        "n": number,
        "start": cue.start,
        "end": cue.end,
        "at": _shown_time(cue.start, rate),
        "until": _shown_time(cue.end, rate),
        "lines": display_lines(cue),
        "speaker": speaker_name(cue),
        "words": [[w.text, w.start, w.end] for w in cue.words],
        "graphemes": _marks(cue, document.graphemes, "graphemes"),
        "phonemes": _marks(cue, document.phonemes, "phonemes"),
        "findings": findings,
    }


def _marks(cue: Cue, track: tuple[Mark, ...], level: str) -> list[list[object]]:
    """The cue's graphemes or phonemes: those its words point to, in order."""
    marks: list[list[object]] = []
    for word in cue.words:
        span = getattr(word, level)
        if span is not None:
            marks.extend([m.text, m.start, m.end] for m in track[span[0] : span[1]])
    return marks


def _shown_time(us: int, rate: str | None) -> str:
    """A time as the page labels it: a timecode with a frame rate, else HH:MM:SS.mmm."""
    if rate:
        return format_timecode(us, frame_rate(rate))
    return vtt_time((us + 500) // 1000)


def _read_assets() -> dict[str, str]:
    folder = resources.files("subsync.writers") / "page"
    return {name: (folder / name).read_text(encoding="utf-8") for name in _ASSETS}


_ASSETS = ("review.html", "review.css", "review.js")
# Read once, when the writers load, so that rendering stays pure (no disk, no network).
_PAGE = _read_assets()


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def assemble(data_json: str) -> str:
    """The page: the template with its style, its script and the data put in.

    The Content-Security-Policy lets only this page's own script and style run (by hash),
    loads nothing but the media and the tracks made in the page, and sends no request:
    even text that escaped its escaping could run nothing and reach no one.
    """
    style, script = _PAGE["review.css"], _PAGE["review.js"]
    policy = (
        f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(style)}; "
        "media-src 'self' blob: file:; img-src data:; base-uri 'none'; form-action 'none'"
    )
    head, rest = _PAGE["review.html"].split("<!--style-->")
    middle, rest = rest.split("<!--data-->")
    before_script, tail = rest.split("<!--script-->")
    return "".join(
        (
            head.replace("<!--policy-->", policy),
            style,
            middle,
            data_json.translate(_SCRIPT_SAFE),
            before_script,
            script,
            tail,
        )
    )
