"""The output formats: one writer function each (model -> text), in a registry by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from subsync.layout.presets import Layout
from subsync.model import Document
from subsync.writers.ass import write_ass
from subsync.writers.common import DEFAULT_WRITE, WriteOptions
from subsync.writers.jsonout import write_json
from subsync.writers.karaoke import karaoke_warnings, word_warnings
from subsync.writers.labels import write_labels
from subsync.writers.mouth import write_mouth_json, write_mouth_tsv
from subsync.writers.review import write_review, write_review_page
from subsync.writers.srt import write_srt
from subsync.writers.textgrid import write_textgrid
from subsync.writers.ttml import write_itt, write_ttml
from subsync.writers.vtt import write_vtt
from subsync.writers.vtt_words import write_vtt_words


def no_warnings(document: Document, options: WriteOptions) -> list[str]:
    """For formats that always show everything they are given as asked."""
    del document, options
    return []


@dataclass(frozen=True, slots=True)
class Format:
    """An output format: its name for ``--to``, its file extension, its writer, and what
    to warn about when a document cannot be shown in it as asked (the writer stays pure).
    A format with ``write_input`` makes one file per input, every language in it, from the
    input's name, the layout its checks use, and the documents."""

    name: str
    extension: str
    description: str
    write: Callable[[Document, WriteOptions], str]
    warnings: Callable[[Document, WriteOptions], list[str]] = no_warnings
    write_input: Callable[[Sequence[Document], str, Layout, WriteOptions], str] | None = None


#: Every output format, by the name ``--to`` takes.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("srt", "srt", "SubRip subtitles", write_srt, karaoke_warnings),
        Format(
            "vtt", "vtt", "WebVTT subtitles, speakers as <v> spans", write_vtt, karaoke_warnings
        ),
        Format("json", "json", "subsync JSON: the whole model, times in microseconds", write_json),
        Format(
            "vtt-words",
            "words.vtt",
            "WebVTT with a timestamp tag before each word (karaoke)",
            write_vtt_words,
            word_warnings,
        ),
        Format(
            "ass",
            "ass",
            "Advanced SubStation Alpha, {\\k} karaoke per word, speakers as actors",
            write_ass,
            word_warnings,
        ),
        Format("ttml", "ttml", "IMSC 1.1 Text TTML; frame times with --fps", write_ttml),
        Format("itt", "itt", "Apple iTT (Final Cut Pro); SMPTE timecodes with --fps", write_itt),
        Format("textgrid", "TextGrid", "Praat TextGrid, a tier per level", write_textgrid),
        Format("labels", "txt", "Audacity labels at --label-level", write_labels),
        Format("mouth-tsv", "mouth.tsv", "Rhubarb mouth shapes (TSV)", write_mouth_tsv),
        Format("mouth-json", "mouth.json", "Rhubarb mouth cues (JSON)", write_mouth_json),
        Format(
            "html",
            "review.html",
            "review page: every language on one timeline, with lint marks (one per input)",
            write_review,
            write_input=write_review_page,
        ),
    )
}

__all__ = ["DEFAULT_WRITE", "FORMATS", "Format", "WriteOptions"]
