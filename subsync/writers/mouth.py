"""Lip-sync mouth cues from phonemes: Rhubarb's shapes A-H and X, as TSV and as JSON.

The shapes are Preston Blair's as Rhubarb Lip Sync names them: A closed (P, B, M);
B slightly open, teeth together (most consonants, the "ee" of bee); C open (e, æ, ʌ, ə);
D wide open (ɑ of father); E slightly rounded (ɔ, o, er); F puckered (u, ʊ, w); G teeth on
lower lip (F, V); H tongue up (L); X rest. Each phoneme's IPA symbols (Resemble's
``phon_chars``) are looked up in :data:`SHAPES`, after dropping diacritics: a stress mark
(ˈ ˌ) on its own joins the phoneme after it, a length mark (ː ˑ) the phoneme before it;
spaces and punctuation are rests (X); any other symbol not in the table takes B, the shape
of most consonants. A phoneme of several symbols with different shapes (``eɪ``) splits its
time evenly between them. Time no phoneme covers is X. Times are whole centiseconds, as
Rhubarb writes them; a shape held for less than that is dropped.
"""

from __future__ import annotations

import unicodedata

from subsync.errors import OutputError
from subsync.model import Document
from subsync.times import fixed_seconds
from subsync.writers.common import DEFAULT_WRITE, WriteOptions
from subsync.writers.tracks import Span, filled, missing, tile

#: IPA symbol -> mouth shape (after Rhubarb's phone rules, one shape per symbol).
SHAPES: dict[str, str] = {
    **dict.fromkeys("pbmʙ", "A"),
    **dict.fromkeys("iɪᵻyʏɨ", "B"),
    **dict.fromkeys("tdkgɡqɢʔszʃʒθðɕʑʂʐçʝxɣχʁhɦnŋɲɳɴɾɹrɻʀjcɟ", "B"),
    **dict.fromkeys("eɛæɐəʌɘɵ", "C"),
    **dict.fromkeys("aɑ", "D"),
    **dict.fromkeys("oɔɒɚɝɜɞ", "E"),
    **dict.fromkeys("uʊɯʉwʍɥ", "F"),
    **dict.fromkeys("fvɸβ", "G"),
    **dict.fromkeys("lɫɭʎʟ", "H"),
}
_STRESS = frozenset("ˈˌ'")
_LENGTH = frozenset("ːˑ")
_REST = "X"
_UNKNOWN = "B"
_CENTISECOND = 10_000


def shapes_of(phoneme: str) -> list[str]:
    """The shapes one phoneme shows, in order; ``[]`` for a stress or length mark alone.

    >>> shapes_of("ˈe"), shapes_of("eɪ"), shapes_of("ˈ"), shapes_of(" "), shapes_of("?")
    (['C'], ['C', 'B'], [], ['X'], ['X'])
    """
    shapes: list[str] = []
    for char in unicodedata.normalize("NFD", phoneme):
        if char in _STRESS or char in _LENGTH or unicodedata.category(char) == "Mn":
            continue
        if char in SHAPES:
            shape = SHAPES[char]
        elif char.isspace() or unicodedata.category(char)[0] in "PSZC":
            shape = _REST
        else:
            shape = _UNKNOWN
        if not shapes or shapes[-1] != shape:
            shapes.append(shape)
    return shapes


def _attached(spans: list[Span]) -> list[Span]:
    """Marks alone joined to a neighbour: a length mark to the phoneme before it, a stress
    mark (or anything else with no shape) to the phoneme after it."""
    joined: list[Span] = []
    carry: int | None = None
    for span in spans:
        if shapes_of(span.text):
            # min: in out-of-order input the mark may come after the phoneme's start.
            start = span.start if carry is None else min(carry, span.start)
            joined.append(Span(start, span.end, span.text))
            carry = None
        elif set(span.text) <= _LENGTH and joined:
            last = joined[-1]
            joined[-1] = Span(last.start, span.end, last.text)
        elif carry is None:
            carry = span.start
    return joined


def _split(span: Span) -> list[Span]:
    shapes = shapes_of(span.text)
    step = (span.end - span.start) / len(shapes)
    edges = [span.start + round(step * i) for i in range(len(shapes))] + [span.end]
    return [Span(edges[i], edges[i + 1], s) for i, s in enumerate(shapes)]


def mouth_cues(document: Document) -> list[Span]:
    """The document's phonemes as contiguous mouth cues from 0 to the last phoneme's end,
    in whole centiseconds, each a span whose text is its shape; an OutputError when the
    document has no phonemes."""
    if not document.phonemes:
        todo = "mouth cues need phonemes, from a Resemble clip of a model that returns them"
        raise OutputError(missing("phoneme times", document, todo))
    # Marks alone are attached before tiling: tiled first, a stress mark starting with a
    # phoneme joined its group and lent it its own time, showing a shape where none is
    # spoken.
    spans = tile(_attached([Span(m.start, m.end, m.text) for m in document.phonemes]))
    end = max((s.end for s in spans), default=0)
    cues: list[Span] = []
    for span in filled(spans, end, " "):
        for cue in _split(span):
            start = _centiseconds(cue.start)
            if cues and cues[-1].start == start:
                cues.pop()
            if not (cues and cues[-1].text == cue.text):
                cues.append(Span(start, 0, cue.text))
    closing = _centiseconds(end)
    if cues and cues[-1].start == closing:
        cues.pop()
    return [
        Span(cue.start, cues[i + 1].start if i + 1 < len(cues) else closing, cue.text)
        for i, cue in enumerate(cues)
    ]


def _centiseconds(us: int) -> int:
    return (us + _CENTISECOND // 2) // _CENTISECOND * _CENTISECOND


def write_mouth_tsv(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Rhubarb's TSV: ``start<TAB>shape`` at each change, then the end with X (rest)
    unless the last shape is already X."""
    del options
    cues = mouth_cues(document)
    lines = [f"{fixed_seconds(c.start, 2)}\t{c.text}\n" for c in cues]
    if cues and cues[-1].text != _REST:
        lines.append(f"{fixed_seconds(cues[-1].end, 2)}\t{_REST}\n")
    return "".join(lines)


def write_mouth_json(document: Document, options: WriteOptions = DEFAULT_WRITE) -> str:
    """Rhubarb's JSON: ``metadata.duration`` and contiguous ``mouthCues`` of
    ``{start, end, value}``, times in seconds with two decimals as Rhubarb writes them."""
    del options
    cues = mouth_cues(document)
    duration = cues[-1].end if cues else 0
    rows = [
        f'    {{ "start": {fixed_seconds(c.start, 2)}, "end": {fixed_seconds(c.end, 2)}, '
        f'"value": "{c.text}" }}'
        for c in cues
    ]
    return (
        '{\n  "metadata": {\n    "soundFile": "",\n'
        f'    "duration": {fixed_seconds(duration, 2)}\n  }},\n'
        '  "mouthCues": [\n' + ",\n".join(rows) + "\n  ]\n}\n"
    )
