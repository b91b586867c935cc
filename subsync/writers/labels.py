"""Audacity label tracks: ``start<TAB>end<TAB>label`` per word, grapheme or phoneme."""

from __future__ import annotations

import re

from subsync.model import Document
from subsync.times import fixed_seconds
from subsync.writers.common import DEFAULT_WRITE, WriteOptions
from subsync.writers.tracks import track

# A label is one field of one line: a tab or line break inside it would start another.
_BREAKS = re.compile(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def label_text(text: str) -> str:
    """A label on one line: each tab or line break becomes a space, since Audacity reads
    one label per line with tab-separated fields.

    >>> label_text("a\\tb\\nc")
    'a b c'
    """
    return _BREAKS.sub(" ", text)


def write_labels(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Render one level (``options.label_level``) of a document as an Audacity label track,
    in the source's order and times (labels may overlap); an OutputError when the document
    has no track at that level."""
    lines = [
        f"{fixed_seconds(s.start, 6)}\t{fixed_seconds(s.end, 6)}\t{label_text(s.text)}\n"
        for s in track(document, options.label_level)
    ]
    return "".join(lines)
