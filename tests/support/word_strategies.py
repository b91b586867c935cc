"""Hypothesis strategies for cues with timed words, for the word-level writers' tests."""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

from subsync.model import Cue, Document, Word

# Words never hold whitespace (the tokenizer splits there); everything else is fair game.
HOSTILE_WORDS = ["&", "<b>", "</v>", "-->", "&amp;", "<", ">", "{", "}", "{\\k5}", "\\N", "\\"]
HOSTILE_WORDS += [
    "\\h",
    "\\{",
    "e\u0301",
    "日本語",
    "👩‍👩‍👧",
    "\u200f",
    "a,b",
    "12",
    "00:00:01.500",
]
SPEAKERS = ["Maya", "Ana, Lucía", "Tom & <Jerry>", " two\nlines ", "{\\b1}x", "\\N"]

_letters = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u200b")
_any_word = st.text(_letters, min_size=1, max_size=8).filter(lambda w: not any(map(str.isspace, w)))
_word_text = st.one_of(st.sampled_from(HOSTILE_WORDS), _any_word)

# Long enough for 10 hours less a margin: ASS stops at 9:59:59.99.
_MAX_START = 9 * 3600 * 1_000_000


@st.composite
def timed_cue(draw: st.DrawFn) -> Cue:
    """A cue whose lines are its words joined by spaces and broken into up to 3 lines, with
    word starts anywhere around the cue: in order or not, overlapping, outside it."""
    start = draw(st.integers(0, _MAX_START))
    # Cues of a few ms test the edges; most are as long as speech makes them.
    length = draw(st.integers(500_000, 8_000_000) | st.integers(0, 10_000))
    texts = draw(st.lists(_word_text, min_size=1, max_size=10))
    # Mostly in order as speech is, a gap apart, from before the cue to past its end; now
    # and then shuffled, overlapping or equal.
    gaps = st.lists(st.integers(0, 1_000_000), min_size=len(texts), max_size=len(texts))
    starts = list(itertools.accumulate(draw(gaps), initial=draw(st.integers(-500_000, 500_000))))
    starts = starts[1:]
    if draw(st.integers(0, 3)) == 0:
        starts = draw(st.permutations(starts))
    words = tuple(
        Word(text, max(start + at, 0), max(start + at, 0) + 100_000, graphemes=(0, 1))
        for text, at in zip(texts, starts, strict=True)
    )
    cuts = (
        sorted(draw(st.sets(st.integers(1, len(texts) - 1), max_size=2))) if len(texts) > 1 else []
    )
    bounds = [0, *cuts, len(texts)]
    lines = tuple(" ".join(texts[a:b]) for a, b in itertools.pairwise(bounds))
    speaker = draw(st.none() | st.sampled_from(SPEAKERS))
    return Cue(start, start + length, lines, speaker, words)


def _document(cues: list[Cue]) -> Document:
    return Document("test", "en", tuple(sorted(cues, key=lambda c: (c.start, c.end))))


_untimed = timed_cue().map(lambda c: Cue(c.start, c.end, c.lines, c.speaker))

#: Documents of word-timed cues, with now and then a cue that has no words at all.
timed_documents = st.lists(
    st.one_of(timed_cue(), timed_cue(), timed_cue(), _untimed), max_size=6
).map(_document)
