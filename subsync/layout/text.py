"""Text facts the layout needs: display width, scripts written without spaces, sentence ends."""

from __future__ import annotations

import unicodedata

#: Punctuation that ends a sentence, Latin and CJK forms.
SENTENCE_ENDS = frozenset(".?!…。？！．")
#: Punctuation after which a clause ends (a good place to break a line).
CLAUSE_ENDS = frozenset(",;:，、；：")
#: Closing marks that may follow a sentence end (`"Stop."` still ends a sentence).
_CLOSERS = "\"'”’)]}」』】》〉"
#: Abbreviations whose period does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "no",
        "fig",
        "approx",
    ]
)


def display_width(text: str) -> int:
    """Columns the text takes on screen: 2 for wide CJK characters, 0 for combining marks.

    >>> display_width("abc"), display_width("日本語"), display_width("e\\u0301")
    (3, 6, 1)
    """
    if text.isascii() and text.isprintable():
        return len(text)  # the common case, a column each, without a lookup per character
    # Imported on first use: wcwidth's tables cost start-up that ASCII text never needs.
    from wcwidth import wcwidth

    return sum(max(wcwidth(ch), 0) for ch in text)


# Zero-width and bidi controls take no reading time (as in Subtitle Edit's CalcAll).
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)


def reading_chars(lines: tuple[str, ...] | list[str]) -> int:
    """Characters a reader reads, for reading speed: spaces and punctuation count; line
    breaks, combining marks and invisible controls do not.

    >>> reading_chars(("Cafe\u0301 ok,", "yes\u200f")), reading_chars(["ab", "c\\r\\n"])
    (11, 3)
    """
    text = "".join(lines)
    if text.isascii():  # no combining mark or invisible control: each character is read
        return len(text) - text.count("\r") - text.count("\n")
    return sum(
        1
        for line in lines
        for ch in line
        if ch not in _INVISIBLE and ch not in "\r\n" and not unicodedata.combining(ch)
    )


def is_spaceless(ch: str) -> bool:
    """Whether ``ch`` belongs to a script written without spaces between words (CJK, Thai...).

    >>> is_spaceless("日"), is_spaceless("か"), is_spaceless("a"), is_spaceless("。")
    (True, True, False, False)
    """
    if not ch or ch[0] < "\u0e00":  # below every such script: most text, at once
        return False
    code = ord(ch[0])
    return not unicodedata.category(ch[0]).startswith("P") and (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0xFF66 <= code <= 0xFF9F  # half-width katakana
        or 0x20000 <= code <= 0x3FFFF  # CJK extensions B and later
        or 0x0E00 <= code <= 0x0EFF  # Thai, Lao
    )


def is_punctuation(text: str) -> bool:
    """Whether every character of ``text`` is punctuation.

    >>> is_punctuation("。」"), is_punctuation("a.")
    (True, False)
    """
    return bool(text) and all(unicodedata.category(ch).startswith("P") for ch in text)


def ends_sentence(word: str) -> bool:
    """Whether a word ends a sentence (abbreviations such as ``Dr.`` and initials do not).

    >>> [ends_sentence(w) for w in ("API.", "think?", "Dr.", "J.", "said,", "「はい。」")]
    [True, True, False, False, False, True]
    """
    core = word.rstrip(_CLOSERS)
    if not core or core[-1] not in SENTENCE_ENDS:
        return False
    if core[-1] != ".":
        return True
    stem = core[:-1].lstrip("\"'“‘([{").lower()
    single_initial = len(stem) == 1 and stem.isalpha() and core[0].isupper()
    return stem not in _ABBREVIATIONS and not single_initial


def ends_clause(word: str) -> bool:
    """Whether a word ends with a comma-like mark.

    >>> ends_clause("well,"), ends_clause("well")
    (True, False)
    """
    core = word.rstrip(_CLOSERS)
    return bool(core) and core[-1] in CLAUSE_ENDS
