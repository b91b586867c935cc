"""The WebVTT file parsing algorithm of the W3C spec, as browsers run it, line by line.

What the spec drops or ignores without a word is kept here as a Finding: a cue whose timing
line is invalid (with its text), a block that is not a cue, STYLE or REGION blocks after the
first cue, invalid cue and region settings. Cue text is returned raw (tags and character
references are the cue text reader's); NUL is already U+FFFD, as the spec's first step says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from subsync.errors import InputError
from subsync.sources.findings import Finding
from subsync.sources.linepatterns import LINE_BREAK
from subsync.sources.webvtt.settings import (
    ignored_cue_settings,
    ignored_region_settings,
    region_id,
)
from subsync.sources.webvtt.timings import Timing, timing

_BAD_TIMING = ("cue with an invalid timing line", "cues with an invalid timing line")
_NOT_A_CUE = ("block without a timing line", "blocks without a timing line")
_LATE_BLOCK = ("STYLE or REGION block after a cue", "STYLE or REGION blocks after a cue")
_CUE_SETTING = ("invalid cue setting", "invalid cue settings")
_REGION_SETTING = ("invalid region setting", "invalid region settings")
_NUL = ("NUL character", "NUL characters")
_SPACE_LINE = ("line of only spaces inside a cue", "lines of only spaces inside cues")
_SPACE_FATE = "kept, and the text after it stays in the cue (as browsers show it)"


class SignatureError(InputError):
    """The text does not start with the WEBVTT signature: the spec's parser stops here."""


@dataclass(frozen=True, slots=True)
class VttCue:
    """One cue: its timing line (1-based), times in milliseconds, identifier and raw text."""

    line: int
    start: int
    end: int
    identifier: str
    text: str


@dataclass(slots=True)
class VttFile:
    """The cues in file order and what was dropped or ignored on the way."""

    cues: list[VttCue] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    regions: set[str] = field(default_factory=set)


def parse(text: str) -> VttFile:
    """Parse WebVTT text (decoded, one byte-order mark already removed) as the spec does.

    >>> got = parse("WEBVTT\\n\\n00:01.000 --> 00:02.000 align:x\\nHi\\n \\n00:03.000 --> x\\nX")
    >>> [(c.line, c.start, c.end, c.text) for c in got.cues]
    [(3, 1000, 2000, 'Hi\\n ')]
    >>> [(f.line, f.fate, f.detail) for f in got.findings]
    [(3, 'ignored', 'align:x'), (6, 'dropped', '00:03.000 --> x')]
    """
    found = VttFile()
    if "\0" in text:
        first = text.count("\n", 0, text.index("\0")) + 1  # before line breaks are unified
        found.findings.extend(
            Finding(_NUL, "replaced by U+FFFD", first) for _ in range(text.count("\0"))
        )
        text = text.replace("\0", "\ufffd")
    lines = LINE_BREAK.split(text)
    _check_signature(lines[0])
    at = 1
    if at < len(lines) and lines[at]:
        at = _Block(lines, at, found, in_header=True).collect()
    while at < len(lines):
        if not lines[at]:
            at += 1
            continue
        at = _Block(lines, at, found, in_header=False).collect()
    return found


def _check_signature(first: str) -> None:
    if first.startswith("\ufeff"):
        raise SignatureError("two byte-order marks: the text does not start with WEBVTT")
    if not first.startswith("WEBVTT") or first[6:7] not in ("", " ", "\t"):
        raise SignatureError(
            f"expected 'WEBVTT' alone or followed by a space or tab, got {first[:20]!r}",
            where="line 1",
        )


@dataclass(slots=True)
class _Block:
    """The spec's "collect a WebVTT block" from line index ``at``."""

    lines: list[str]
    at: int
    found: VttFile
    in_header: bool
    buffer: list[str] = field(default_factory=list)
    seen_arrow: bool = False
    cue_line: int = 0  # 1-based line of a valid timing line, 0 for none
    bad_timing: int = 0  # 1-based line of an invalid one
    kind: str = ""  # "STYLE" or "REGION" once line 2 shows the block is one
    parsed: Timing | None = None
    identifier: str = ""

    def collect(self) -> int:
        first = self.at
        count = 0
        while self.at < len(self.lines):
            line = self.lines[self.at]
            self.at += 1
            count += 1
            if "-->" in line:
                if self.in_header or not (count == 1 or (count == 2 and not self.seen_arrow)):
                    self.at -= 1  # the line starts the next block
                    break
                self.seen_arrow = True
                self._timing(line)
            elif not line:
                break
            else:
                if not self.in_header and count == 2:
                    self._style_or_region()
                self.buffer.append(line)
        self._finish(first)
        return self.at

    def _timing(self, line: str) -> None:
        parsed = timing(line)
        if parsed is None:
            self.bad_timing = self.at
            self.found.findings.append(Finding(_BAD_TIMING, "dropped", self.at, line))
            return
        settings = ignored_cue_settings(parsed.settings, self.found.regions)
        self.found.findings.extend(Finding(_CUE_SETTING, "ignored", self.at, s) for s in settings)
        self.cue_line = self.at
        self.parsed = parsed
        self.identifier = "\n".join(self.buffer)
        self.buffer = []

    def _style_or_region(self) -> None:
        kind = _style_or_region(self.buffer)
        if kind and not self.found.cues:
            self.kind = kind
            self.buffer = []

    def _finish(self, first: int) -> None:
        findings = self.found.findings
        if self.parsed is not None:
            self._space_lines()
            text = "\n".join(self.buffer)
            self.found.cues.append(
                VttCue(self.cue_line, self.parsed.start, self.parsed.end, self.identifier, text)
            )
        elif self.kind == "REGION":
            self._region(first + 2)
        elif self.in_header or self.bad_timing or self.kind or _is_note(self.buffer):
            return  # a header, a dropped cue (already found), a style sheet, a comment
        elif not "".join(self.buffer).strip(" \t\f"):
            return  # lines of spaces: nothing is lost
        elif _style_or_region(self.buffer[:1]):
            if self.found.cues:
                findings.append(Finding(_LATE_BLOCK, "ignored", first + 1, self.buffer[0]))
        else:
            shown = next(n for n, line in enumerate(self.buffer) if line.strip(" \t\f"))
            line = first + 1 + shown
            findings.append(Finding(_NOT_A_CUE, "dropped", line, self.buffer[shown]))

    def _space_lines(self) -> None:
        """Find each line of only spaces with text after it: the spec (and every browser)
        ends a cue only at an empty line, so what follows, often the next cue's
        identifier, is shown in this cue."""
        for index, line in enumerate(self.buffer[:-1]):
            if not line.strip(" \t\f") and self.buffer[index + 1].strip():
                where = self.cue_line + 1 + index
                after = self.buffer[index + 1]
                self.found.findings.append(Finding(_SPACE_LINE, _SPACE_FATE, where, after))

    def _region(self, line: int) -> None:
        settings = "\n".join(self.buffer)
        for setting in ignored_region_settings(settings):
            self.found.findings.append(Finding(_REGION_SETTING, "ignored", line, setting))
        identifier = region_id(settings)
        if identifier:
            self.found.regions.add(identifier)


def _is_note(buffer: list[str]) -> bool:
    head = buffer[0] if buffer else ""
    return head.startswith("NOTE") and head[4:5] in ("", " ", "\t")


def _style_or_region(buffer: list[str]) -> str:
    """``STYLE`` or ``REGION`` when the block so far is that word alone (spaces after it
    allowed), else ""."""
    head = buffer[0] if len(buffer) == 1 else ""
    for kind in ("STYLE", "REGION"):
        if head.startswith(kind) and not head[len(kind) :].strip(" \t"):
            return kind
    return ""
