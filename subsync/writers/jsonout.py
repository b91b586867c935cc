"""subsync's own JSON: the whole model of one document, times in integer microseconds."""

from __future__ import annotations

import json
from importlib import resources

from subsync.model import Cue, Document, Mark, Word
from subsync.writers.common import DEFAULT_WRITE, WriteOptions

#: The value of the ``schema`` field; bumped on any incompatible change.
SCHEMA_ID = "subsync/document/1"


def json_schema() -> dict[str, object]:
    """The JSON Schema of subsync JSON, as shipped in the package."""
    path = resources.files("subsync") / "schema" / "document-1.schema.json"
    schema: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _mark(mark: Mark) -> dict[str, object]:
    return {"text": mark.text, "start_us": mark.start, "end_us": mark.end}


def _word(word: Word) -> dict[str, object]:
    out: dict[str, object] = {"text": word.text, "start_us": word.start, "end_us": word.end}
    if word.graphemes is not None:
        out["graphemes"] = list(word.graphemes)
    if word.phonemes is not None:
        out["phonemes"] = list(word.phonemes)
    return out


def _cue(cue: Cue) -> dict[str, object]:
    return {
        "start_us": cue.start,
        "end_us": cue.end,
        "lines": list(cue.lines),
        "speaker": cue.speaker,
        "segment": cue.segment,
        "words": [_word(w) for w in cue.words],
    }


def document_to_dict(document: Document) -> dict[str, object]:
    """The JSON-ready form of a document (see ``subsync/schema/document-1.schema.json``)."""
    return {
        "schema": SCHEMA_ID,
        "source": document.source,
        "language": document.language,
        "cues": [_cue(c) for c in document.cues],
        "graphemes": [_mark(m) for m in document.graphemes],
        "phonemes": [_mark(m) for m in document.phonemes],
    }


def write_json(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render a document as subsync JSON (NaN refused, one trailing newline); the options
    change nothing, since the JSON carries the whole model."""
    del options
    text = json.dumps(document_to_dict(document), ensure_ascii=False, allow_nan=False, indent=1)
    return text + "\n"
