"""The output formats: a registry by name of what each format is and can do; each writer's
code (model -> text) loads when the format is first written, so start-up stays small."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, TypeAlias, cast

from subsync.frozen import NamedTuple
from subsync.layout.presets import Layout
from subsync.writers.common import DEFAULT_WRITE, WriteOptions

if TYPE_CHECKING:
    from subsync.model import Document

Writer: TypeAlias = "Callable[[Document, WriteOptions], str]"
Warner: TypeAlias = "Callable[[Document, WriteOptions], list[str]]"
InputWriter: TypeAlias = "Callable[[Sequence[Document], str, Layout, WriteOptions], str]"


@cache
def _load(target: str) -> Callable[..., object]:
    module, _, function = target.partition(":")
    return cast("Callable[..., object]", getattr(importlib.import_module(module), function))


class Format(NamedTuple):
    """An output format: its name for ``--to``, its file extension, where its writer is
    (``module:function``), what to warn about when a document cannot be shown in it as asked
    (the writer stays pure), and what it can do: whether ``subsync lint`` reads it back,
    whether it shows word times, whether it needs phoneme times. A format with
    ``input_writer`` makes one file per input, every language in it, from the input's name,
    the layout its checks use, and the documents."""

    name: str
    extension: str
    description: str
    writer: str
    warner: str | None = None
    lint_reads: bool = False
    needs_words: bool = False
    needs_phonemes: bool = False
    input_writer: str | None = None

    def write(self, document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
        """The document as this format's text."""
        return cast("Writer", _load(self.writer))(document, options)

    def write_input(
        self, documents: Sequence[Document], name: str, layout: Layout, options: WriteOptions
    ) -> str:
        """The one file of a per-input format (``input_writer``) for all of an input's
        documents."""
        if self.input_writer is None:
            raise ValueError(f"{self.name} is written per document, not per input")
        return cast("InputWriter", _load(self.input_writer))(documents, name, layout, options)

    def warnings(self, document: Document, options: WriteOptions = DEFAULT_WRITE) -> list[str]:
        """What the document loses in this format under these options."""
        if self.warner is None:
            return []
        return cast("Warner", _load(self.warner))(document, options)


_W = "subsync.writers."
_KARAOKE = _W + "karaoke:karaoke_warnings"
_WORDS = _W + "karaoke:word_warnings"

#: Every output format, by the name ``--to`` takes.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("srt", "srt", "SubRip subtitles", _W + "srt:write_srt", _KARAOKE, lint_reads=True),
        Format(
            "vtt",
            "vtt",
            "WebVTT subtitles, speakers as <v> spans",
            _W + "vtt:write_vtt",
            _KARAOKE,
            lint_reads=True,
        ),
        Format(
            "json",
            "json",
            "subsync JSON: the whole model, times in microseconds",
            _W + "jsonout:write_json",
            lint_reads=True,
        ),
        Format(
            "vtt-words",
            "words.vtt",
            "WebVTT with a timestamp tag before each word (karaoke)",
            _W + "vtt_words:write_vtt_words",
            _WORDS,
            lint_reads=True,
            needs_words=True,
        ),
        Format(
            "ass",
            "ass",
            "Advanced SubStation Alpha, {\\k} karaoke per word, speakers as actors",
            _W + "ass:write_ass",
            _WORDS,
            needs_words=True,
        ),
        Format(
            "ttml", "ttml", "IMSC 1.1 Text TTML; frame times with --fps", _W + "ttml:write_ttml"
        ),
        Format(
            "itt",
            "itt",
            "Apple iTT (Final Cut Pro); SMPTE timecodes with --fps",
            _W + "ttml:write_itt",
        ),
        Format(
            "textgrid",
            "TextGrid",
            "Praat TextGrid, a tier per level",
            _W + "textgrid:write_textgrid",
        ),
        Format("labels", "txt", "Audacity labels at --label-level", _W + "labels:write_labels"),
        Format(
            "mouth-tsv",
            "mouth.tsv",
            "Rhubarb mouth shapes (TSV)",
            _W + "mouth:write_mouth_tsv",
            needs_phonemes=True,
        ),
        Format(
            "mouth-json",
            "mouth.json",
            "Rhubarb mouth cues (JSON)",
            _W + "mouth:write_mouth_json",
            needs_phonemes=True,
        ),
        Format(
            "html",
            "review.html",
            "review page: every language on one timeline, with lint marks (one per input)",
            _W + "review:write_review",
            input_writer=_W + "review:write_review_page",
        ),
    )
}

__all__ = ["DEFAULT_WRITE", "FORMATS", "Format", "WriteOptions"]
