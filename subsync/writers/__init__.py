"""The output formats: one writer function each (model -> text), in a registry by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from subsync.layout.presets import Layout
from subsync.model import Document
from subsync.writers.common import DEFAULT_WRITE, WriteOptions


class _Later:
    """A writer function named ``module:function``, imported on its first call, so that a
    run imports only the writers of the formats it writes."""

    __slots__ = ("target",)

    def __init__(self, target: str) -> None:
        self.target = target

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        module, _, function = self.target.partition(":")
        return getattr(importlib.import_module(f"subsync.writers.{module}"), function)(
            *args, **kwargs
        )


karaoke_warnings = _Later("karaoke:karaoke_warnings")
word_warnings = _Later("karaoke:word_warnings")
write_ass = _Later("ass:write_ass")
write_itt = _Later("ttml:write_itt")
write_json = _Later("jsonout:write_json")
write_labels = _Later("labels:write_labels")
write_mouth_json = _Later("mouth:write_mouth_json")
write_mouth_tsv = _Later("mouth:write_mouth_tsv")
write_review = _Later("review:write_review")
write_review_page = _Later("review:write_review_page")
write_srt = _Later("srt:write_srt")
write_textgrid = _Later("textgrid:write_textgrid")
write_ttml = _Later("ttml:write_ttml")
write_vtt = _Later("vtt:write_vtt")
write_vtt_words = _Later("vtt_words:write_vtt_words")


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
