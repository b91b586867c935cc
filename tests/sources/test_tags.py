"""Markup tags are found as the regular expressions they replace found them, in linear work:
characters scanned are counted (never time) as the input doubles."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.sources.tags import MARKUP, SRT_TAGS, VTT_STYLING, Tags

# What each scanner replaces: the backtracking expressions it must agree with.
REFERENCES = {
    "srt": (SRT_TAGS, re.compile(r"</?(?:[ibus]|font)(?:[ \t][^>]*)?>|\{\\[^}]*\}", re.I)),
    "vtt": (VTT_STYLING, re.compile(r"<(?!/?v[\s.>])[^>\n]*>")),
    "markup": (MARKUP, re.compile(r"<[^>]*>")),
}
FRAGMENTS = ["<i ", "<", ">", "{\\", "}", "\n", "a", " ", "</b>", "<font ", "<v ", "<I>", "\t"]


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(sorted(REFERENCES)), text=st.lists(st.sampled_from(FRAGMENTS)))
def test_the_scanners_find_what_the_expressions_found(kind: str, text: list[str]) -> None:
    scanner, reference = REFERENCES[kind]
    joined = "".join(text)
    assert list(scanner.spans(joined)) == [m.span() for m in reference.finditer(joined)]
    assert scanner.sub("", joined) == reference.sub("", joined)


class _Counting:
    """A pattern that counts the characters its searches scan: the engine's work, since
    every pattern a scanner searches with has a bounded length."""

    def __init__(self, pattern: re.Pattern[str], counter: list[int]) -> None:
        self.pattern, self.counter = pattern, counter

    def search(self, text: str, position: int) -> re.Match[str] | None:
        found = self.pattern.search(text, position)
        self.counter[0] += (found.end() if found else len(text)) - position + 1
        return found


def _steps(scanner: Tags, text: str) -> int:
    counter = [0]
    ahead = {kind: _Counting(p, counter) for kind, p in scanner.ahead.items()}
    counted = scanner._replace(opener=_Counting(scanner.opener, counter), ahead=ahead)  # type: ignore[arg-type]
    list(counted.spans(text))
    return counter[0]


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(sorted(REFERENCES)),
    unit=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).map("".join),
)
def test_doubling_the_text_at_most_doubles_the_characters_scanned(kind: str, unit: str) -> None:
    scanner = REFERENCES[kind][0]
    small, large = _steps(scanner, unit * 2_000), _steps(scanner, unit * 4_000)
    assert large <= 2.2 * small, (small, large)


def test_a_120_kb_srt_of_unclosed_tags_converts_and_lints(tmp_path: Path) -> None:
    srt = tmp_path / "unclosed.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:04,000\n" + "<i " * 40_000 + "\n", encoding="utf-8")
    spaces = tmp_path / "spaces.srt"  # the SRT sniffer backtracked on leading whitespace
    spaces.write_text(" \t" * 60_000 + "1\n00:00:01,000 --> 00:00:02,000\nHi\n", encoding="utf-8")
    for command in (["convert", "--to", "vtt", "-o", str(tmp_path)], ["lint"]):
        for path in (srt, spaces):
            # A kill timeout bounds the test; it took 31 s per command before.
            subprocess.run(
                [sys.executable, "-m", "subsync", *command, str(path), "-q"],
                capture_output=True,
                timeout=60,
                check=False,
            )
    vtt = (tmp_path / "unclosed.vtt").read_text(encoding="utf-8")
    assert vtt.count("&lt;i") == 40_000
    assert "Hi" in (tmp_path / "spaces.vtt").read_text(encoding="utf-8")
