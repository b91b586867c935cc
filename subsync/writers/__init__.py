"""The output formats: one writer function each (model -> text), in a registry by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from subsync.model import Document
from subsync.writers.common import DEFAULT_WRITE, WriteOptions
from subsync.writers.jsonout import write_json
from subsync.writers.labels import write_labels
from subsync.writers.mouth import write_mouth_json, write_mouth_tsv
from subsync.writers.srt import write_srt
from subsync.writers.textgrid import write_textgrid
from subsync.writers.ttml import write_itt, write_ttml
from subsync.writers.vtt import write_vtt


@dataclass(frozen=True, slots=True)
class Format:
    """An output format: its name for ``--to``, its file extension and its writer."""

    name: str
    extension: str
    description: str
    write: Callable[[Document, WriteOptions], str]


#: Every output format, by the name ``--to`` takes.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("srt", "srt", "SubRip subtitles", write_srt),
        Format("vtt", "vtt", "WebVTT subtitles, speakers as <v> spans", write_vtt),
        Format("json", "json", "subsync JSON: the whole model, times in microseconds", write_json),
        Format("ttml", "ttml", "IMSC 1.1 Text TTML; frame times with --fps", write_ttml),
        Format("itt", "itt", "Apple iTT (Final Cut Pro); SMPTE timecodes with --fps", write_itt),
        Format("textgrid", "TextGrid", "Praat TextGrid, a tier per level", write_textgrid),
        Format("labels", "txt", "Audacity labels at --label-level", write_labels),
        Format("mouth-tsv", "mouth.tsv", "Rhubarb mouth shapes (TSV)", write_mouth_tsv),
        Format("mouth-json", "mouth.json", "Rhubarb mouth cues (JSON)", write_mouth_json),
    )
}

__all__ = ["DEFAULT_WRITE", "FORMATS", "Format", "WriteOptions"]
