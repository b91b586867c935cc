"""Markup tags in input text, found in linear time (a regular expression backtracks on each
unclosed ``<i `` to the end of the text: quadratic)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from subsync.frozen import NamedTuple


class Tags(NamedTuple):
    """Tags that start with ``opener`` (a pattern of bounded length whose last named group
    says which kind matched) and run to the first ``closers[kind]`` character, with no stop
    character between: what ``opener + "[^>stops]*>"`` finds, left to right. ``ahead[kind]``
    finds the next closer or stop (made by :func:`tags`).

    Each search resumes past the closer or stop it found, or gives up on a kind whose closer
    is nowhere ahead, so no stretch of the text is scanned twice."""

    opener: re.Pattern[str]
    closers: dict[str, str]
    ahead: dict[str, re.Pattern[str]]

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """The ``(start, end)`` of every tag, in order."""
        exhausted: set[str] = set()
        position = 0
        while (start := self.opener.search(text, position)) is not None:
            kind = start.lastgroup or ""
            position = start.start() + 1
            if kind in exhausted:
                continue
            close = self.ahead[kind].search(text, start.end())
            if close is None:
                exhausted.add(kind)  # no later tag of this kind can close either
                if len(exhausted) == len(self.closers):
                    return
            elif text[close.start()] != self.closers[kind]:
                position = close.end()  # a stop: every start before it fails the same way
            else:
                yield start.start(), close.end()
                position = close.end()

    def search(self, text: str) -> tuple[int, int] | None:
        """The first tag's span, or None."""
        return next(self.spans(text), None)

    def sub(self, replacement: str, text: str) -> str:
        """The text with every tag replaced."""
        parts, position = [], 0
        for start, end in self.spans(text):
            parts += [text[position:start], replacement]
            position = end
        parts.append(text[position:])
        return "".join(parts)


def tags(opener: str, closers: dict[str, str], stops: str = "", flags: int = 0) -> Tags:
    """The tags ``opener`` starts and ``closers`` end, with no ``stops`` inside."""
    ahead = {kind: re.compile(f"[{re.escape(end + stops)}]") for kind, end in closers.items()}
    return Tags(re.compile(opener, flags), closers, ahead)


#: SRT's styling: ``<i>``, ``<b>``, ``<u>``, ``<s>``, ``<font ...>`` and their ends, and
#: ASS-style ``{\...}`` overrides.
SRT_TAGS = tags(
    r"(?P<angle></?(?:[ibus]|font)(?=[ \t>]))|(?P<brace>\{\\)",
    {"angle": ">", "brace": "}"},
    flags=re.IGNORECASE,
)

#: WebVTT styling on one line: any tag but a voice (``<v ...>``, which names the speaker).
VTT_STYLING: Tags
#: Any markup tag (SSML in a Resemble clip body).
MARKUP: Tags
# Those two compile on first use (see __getattr__): reading SRT needs neither.
_LATER = {
    "VTT_STYLING": (r"(?P<angle><(?!/?v[\s.>]))", "\n"),
    "MARKUP": (r"(?P<angle><)", ""),
}


def __getattr__(name: str) -> Tags:
    """``VTT_STYLING`` or ``MARKUP``, made when first asked for (PEP 562)."""
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    opener, stops = _LATER[name]
    made = globals()[name] = tags(opener, {"angle": ">"}, stops=stops)
    return made
