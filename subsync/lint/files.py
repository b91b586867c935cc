"""Linting written files: which outputs lint reads, reading one back, and counting."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from subsync.errors import InputError
from subsync.layout.presets import Layout
from subsync.lint.rules import Severity, Violation, check
from subsync.model import Cue, Document
from subsync.sources import read
from subsync.sources.subtitles import KINDS
from subsync.writers import FORMATS

if TYPE_CHECKING:
    from subsync.sources.findings import Finding


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


def check_file(
    data: bytes, name: str, layout: Layout, fps: float | None = None, encoding: str | None = None
) -> list[Violation]:
    """Check a file's bytes: SRT or WebVTT (by the name's extension, else by content), or
    subsync's own JSON (``.json``); unreadable input is an InputError naming ``name``. SRT
    and WebVTT are read as players read them (in ``encoding`` when given): text the reader
    drops is an ``input-dropped`` error, a setting it ignores an ``input-ignored`` warning.

    >>> data = b"1\\n00:00:01,000 --> 00:00:01,200\\nHi\\n"
    >>> from subsync.layout.presets import PRESETS
    >>> [v.rule for v in check_file(data, "a.srt", PRESETS["default"])]
    ['too-short']
    """
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "json":
        document = read(data, name, "subsync").documents[0]
        return check(document, layout, fps)
    from subsync.sources.subtitle_read import read_subtitle_file

    kind = extension if extension in KINDS else None
    document, found, lines = read_subtitle_file(data, name, kind, encoding)
    ruled = [
        dataclasses.replace(v, line=lines[v.cue - 1]) if 0 < v.cue <= len(lines) else v
        for v in check(document, layout, fps)
    ]
    return [*_input_violations(document, found), *ruled]


def _input_violations(document: Document, found: list[tuple[int, Finding]]) -> list[Violation]:
    """What the reader dropped (an error: text is lost) or ignored (a warning), each at the
    cue it follows (cue 0 before the first), the line in the message; styling tags are
    formatting, not flaws, and pass."""
    from subsync.sources.findings import STYLING, preview

    violations = []
    for number, finding in found:
        if finding.what == STYLING:
            continue  # formatting, not a flaw: the model just has no place for it
        cue = document.cues[number - 1] if number else Cue(0, 0, ())
        level: Severity = "error" if finding.loses_text else "warning"
        detail = f": {preview(finding.detail)}" if finding.detail else ""
        message = f"line {finding.line}: {finding.what[0]} {finding.fate}{detail}"
        rule = "input-dropped" if finding.loses_text else "input-ignored"
        violations.append(Violation(rule, level, number, cue.start, cue.end, message, finding.line))
    return violations


@dataclass(slots=True)
class Linter:
    """Checks file after file under one layout and frame rate, and keeps the counts."""

    layout: Layout
    fps: float | None = None
    encoding: str | None = None
    errors: int = 0
    warnings: int = 0
    files: int = 0
    files_with_errors: int = 0
    require_cues: bool = False

    def check(self, data: bytes, name: str) -> list[Violation]:
        """``check_file`` on one file, counted; with ``require_cues``, an SRT or WebVTT file
        without a cue is an InputError (it passes no rule by having no cue to break one)."""
        if self.require_cues:
            require_cues(data, name, self.encoding)
        violations = check_file(data, name, self.layout, self.fps, self.encoding)
        errors = sum(v.level == "error" for v in violations)
        self.files += 1
        self.errors += errors
        self.warnings += len(violations) - errors
        self.files_with_errors += bool(errors)
        return violations


def require_cues(data: bytes, name: str, encoding: str | None = None) -> None:
    """Refuse an empty subtitle file, or one with no cue a player would show."""
    if name.lower().endswith(".json"):
        return
    if not data.strip():
        raise InputError("the file is empty", input=name)
    from subsync.sources.subtitle_read import read_subtitle_file

    if not read_subtitle_file(data, name, None, encoding)[0].cues:
        raise InputError("the file has no cue a player would show", input=name)


def has_errors(violations: Iterable[Violation]) -> bool:
    """Whether any violation is an error (warnings alone pass)."""
    return any(v.level == "error" for v in violations)
