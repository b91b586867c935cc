"""Linting written files: which outputs lint reads, reading one back, and counting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from subsync.layout.presets import Layout
from subsync.lint.rules import Violation, check
from subsync.sources import read
from subsync.sources.subtitles import KINDS, read_subtitles
from subsync.writers import FORMATS


def lints(name: str) -> bool:
    """Whether ``convert --lint`` checks an output of this name: SRT, WebVTT (word-timed
    too) or subsync JSON, told by the longest format extension the name ends with (TTML,
    TextGrid, labels, mouth cues and ASS are not read by ``check_file``).

    >>> lints("a.en.json"), lints("a.en.mouth.json"), lints("a.TextGrid")
    (True, False, False)
    >>> lints("a.en.srt"), lints("a.words.vtt"), lints("a.ass")
    (True, True, False)
    """
    endings = [f for f in FORMATS.values() if name.lower().endswith("." + f.extension.lower())]
    named = max(endings, key=lambda f: len(f.extension), default=None)
    return named is not None and named.lint_reads


def check_file(data: bytes, name: str, layout: Layout, fps: float | None = None) -> list[Violation]:
    """Check a file's bytes: SRT or WebVTT (by the name's extension, else by content), or
    subsync's own JSON (``.json``); unreadable input is an InputError naming ``name``.

    >>> data = b"1\\n00:00:01,000 --> 00:00:01,200\\nHi\\n"
    >>> from subsync.layout.presets import PRESETS
    >>> [v.rule for v in check_file(data, "a.srt", PRESETS["default"])]
    ['too-short']
    """
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "json":
        document = read(data, name, "subsync").documents[0]
    else:
        document = read_subtitles(data, name, extension if extension in KINDS else None)
    return check(document, layout, fps)


@dataclass(slots=True)
class Linter:
    """Checks file after file under one layout and frame rate, and keeps the counts."""

    layout: Layout
    fps: float | None = None
    errors: int = 0
    warnings: int = 0
    files: int = 0
    files_with_errors: int = 0

    def check(self, data: bytes, name: str) -> list[Violation]:
        """``check_file`` on one file, counted."""
        violations = check_file(data, name, self.layout, self.fps)
        errors = sum(v.level == "error" for v in violations)
        self.files += 1
        self.errors += errors
        self.warnings += len(violations) - errors
        self.files_with_errors += bool(errors)
        return violations


def has_errors(violations: Iterable[Violation]) -> bool:
    """Whether any violation is an error (warnings alone pass)."""
    return any(v.level == "error" for v in violations)
