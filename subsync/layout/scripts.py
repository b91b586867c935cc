"""Per-language rules for Japanese, Chinese and Korean, from Netflix's Timed Text Style Guides.

Widths count columns: a full-width character takes 2, so Netflix's 13 full-width
characters per line in Japanese are 26 columns, and 16 in Chinese or Korean are 32.
Reading speeds are per character: Japanese 4, Chinese 9, Korean 12 (adult programmes).
A rule the user set (``Layout.explicit``) is never replaced.
"""

from __future__ import annotations

import dataclasses

from subsync.languages import base
from subsync.layout.presets import Layout

#: language -> (columns per line, characters per second), Netflix's numbers.
NETFLIX_CJK = {"ja": (26, 4.0), "zh": (32, 9.0), "ko": (32, 12.0)}


def language_of(text: str) -> str | None:
    """A language told by the script alone, for inputs that do not say theirs.

    >>> language_of("こんにちは"), language_of("你好"), language_of("안녕"), language_of("Hi")
    ('ja', 'zh', 'ko', None)
    """
    if not text or max(text) < "\u3040":  # below every script here: most text, at once
        return None
    if any("\u3040" <= ch <= "\u30ff" for ch in text):
        return "ja"
    if any("\uac00" <= ch <= "\ud7af" for ch in text):
        return "ko"
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "zh"
    return None


def for_language(layout: Layout, language: str | None) -> Layout:
    """The layout for a document in ``language``: Netflix's width and reading speed for
    Japanese, Chinese and Korean, rules the user set kept; other languages unchanged.

    >>> from subsync.layout.presets import PRESETS
    >>> cjk = for_language(PRESETS["bbc"], "jpn")
    >>> cjk.max_line_width, cjk.max_cps, cjk.max_wpm
    (26, 4.0, None)
    >>> for_language(PRESETS["default"].with_changes(max_line_width=30), "zh").max_line_width
    30
    """
    rules = NETFLIX_CJK.get(base(language) or "")
    if rules is None:
        return layout
    width, cps = rules
    changes: dict[str, object] = {}
    if "max_line_width" not in layout.explicit:
        changes["max_line_width"] = min(layout.max_line_width, width)
        if layout.max_cue_chars and "max_cue_chars" not in layout.explicit:
            changes["max_cue_chars"] = min(layout.max_cue_chars, width * layout.max_lines)
    if "max_cps" not in layout.explicit:
        # Words per minute mean nothing without spaces: the character speed replaces them.
        changes["max_cps"], changes["max_wpm"] = cps, None
    return dataclasses.replace(layout, **changes)  # type: ignore[arg-type]
