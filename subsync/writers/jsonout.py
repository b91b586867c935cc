"""subsync's own JSON: the whole model of one document, times in integer microseconds."""

from __future__ import annotations

import json
import operator
from collections.abc import Sequence
from importlib import resources

from subsync.errors import OutputError
from subsync.model import SCHEMA_ID, Cue, Document, Mark, Word
from subsync.times import MAX_TIME_US
from subsync.writers.common import DEFAULT_WRITE, WriteOptions

#: The value of the ``schema`` field; bumped on any incompatible change.


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
    """Render a document as subsync JSON, one cue, word or mark per line (readable diffs,
    and a tenth of the lines of one value per line); NaN cannot occur, since every time
    is an integer. The options change nothing, since the JSON carries the whole model.

    The text is assembled from the C string encoder rather than ``json.dumps(indent=...)``,
    whose pure-Python encoder was a fifth of a whole conversion; it decodes to exactly
    ``document_to_dict(document)``.
    """
    del options
    _within_bound(document)
    cues = _rows([_cue_row(cue) for cue in document.cues], "  ", " ")
    graphemes = _rows(_mark_rows(document.graphemes), "  ", " ")
    phonemes = _rows(_mark_rows(document.phonemes), "  ", " ")
    return (
        f'{{\n "schema": {_string(SCHEMA_ID)},\n "source": {_string(document.source)},\n'
        f' "language": {_optional(document.language)},\n "cues": {cues},\n'
        f' "graphemes": {graphemes},\n "phonemes": {phonemes}\n}}\n'
    )


def _within_bound(document: Document) -> None:
    """Refuse times that subsync JSON, read back, would refuse: from 100 hours on."""
    ends = [cue.end for cue in document.cues]
    ends += [mark.end for mark in (*document.graphemes, *document.phonemes)]
    ends += [word.end for cue in document.cues for word in cue.words]
    last = max(ends, default=0)
    if last >= MAX_TIME_US:
        raise OutputError(f"subsync JSON holds times up to 100 hours (one ends at {last} µs)")


# json's C string encoder: quotes and escapes exactly as json.dumps(ensure_ascii=False) does.
_string = json.encoder.encode_basestring


def _optional(text: str | None) -> str:
    return "null" if text is None else _string(text)


def _rows(rows: list[str], indent: str, close: str) -> str:
    """A JSON array with one row per line at ``indent``, its ``]`` at ``close``."""
    if not rows:
        return "[]"
    inner = (",\n" + indent).join(rows)
    return f"[\n{indent}{inner}\n{close}]"


def _mark_rows(marks: Sequence[Mark]) -> list[str]:
    """One row per mark, its columns taken out by map() (a clip has thousands of marks)
    and each row one f-string (str.format would parse its template again for each).

    >>> _mark_rows([Mark('a"', 1, 2)])
    ['{"text": "a\\\\"", "start_us": 1, "end_us": 2}']
    """
    texts = map(_string, map(_TEXT, marks))
    columns = zip(texts, map(_START, marks), map(_END, marks), strict=True)
    return [
        f'{{"text": {text}, "start_us": {start}, "end_us": {end}}}' for text, start, end in columns
    ]


_TEXT, _START, _END = (operator.attrgetter(name) for name in ("text", "start", "end"))


def _word_row(word: Word) -> str:
    row = f'{{"text": {_string(word.text)}, "start_us": {word.start}, "end_us": {word.end}'
    if word.graphemes is not None:
        row += f', "graphemes": [{word.graphemes[0]}, {word.graphemes[1]}]'
    if word.phonemes is not None:
        row += f', "phonemes": [{word.phonemes[0]}, {word.phonemes[1]}]'
    return row + "}"


def _cue_row(cue: Cue) -> str:
    lines = ", ".join(_string(line) for line in cue.lines)
    words = _rows([_word_row(w) for w in cue.words], "    ", "  ")
    return (
        f'{{"start_us": {cue.start}, "end_us": {cue.end}, "lines": [{lines}], '
        f'"speaker": {_optional(cue.speaker)}, "segment": {_optional(cue.segment)}, '
        f'"words": {words}}}'
    )
