"""Resemble AI clips (v1 ``audio_timestamps``, v2 ``{success, item: {timestamps}}``, or the v2
``item`` without its envelope, ``{timestamps}``): parse."""

from __future__ import annotations

import html
import operator
import re
import statistics

from subsync.layout.cues import words_from_marks
from subsync.layout.scripts import for_language, language_of
from subsync.model import US_PER_SECOND, Document, Mark
from subsync.sources.base import Notice, Parsed, ParseOptions, Source
from subsync.sources.rawjson import Node
from subsync.sources.speech import Run, lay_out
from subsync.sources.tags import MARKUP
from subsync.times import MAX_TIME_US

# A track's times as two columns: the starts and the ends, in the source's unit.
_Columns = tuple[list[float], list[float]]

# A run of phonemes between spaces (str.isspace's spaces), when each is one character.
_NOT_SPACE = re.compile(r"\S+")
# A grapheme lasting this long on average means the times are not in seconds.
_MS_SUSPECT_MEDIAN = 1.0


def detect(raw: object) -> bool:
    """Whether ``raw`` looks like a Resemble clip, synthesis result or timestamps object."""
    if not isinstance(raw, dict):
        return False
    item = raw.get("item")
    return (
        "audio_timestamps" in raw
        or "graph_chars" in raw
        or isinstance(raw.get("timestamps"), dict)
        or (isinstance(item, dict) and "timestamps" in item)
        or (raw.get("success") is False and "message" in raw)
    )


def parse(root: Node, options: ParseOptions) -> Parsed:
    """Read a Resemble clip into one document whose cues are built from its grapheme times."""
    clip, stamps = _locate(root)
    notices: list[Notice] = []
    graph_chars, graph_times = _track(stamps, "graph_chars", "graph_times")
    scale = _unit_scale(stamps, graph_times, clip, options)
    graphemes = _marks(graph_chars, graph_times, scale, stamps.get("graph_times"))
    phonemes: tuple[Mark, ...] = ()
    if stamps.has("phon_chars") or stamps.has("phon_times"):
        phon_chars, phon_times = _track(stamps, "phon_chars", "phon_times")
        phonemes = _marks(phon_chars, phon_times, scale, stamps.get("phon_times"))

    phoneme_words = _phoneme_words(phonemes)
    pieces = words_from_marks(graphemes, phoneme_words or None)
    if phoneme_words and len(phoneme_words) != len(pieces):
        notices.append(
            Notice(
                stamps.get("phon_chars").path,
                f"{len(phoneme_words)} phoneme words but {len(pieces)} grapheme words: "
                "phonemes are kept on the document but not attached to words",
            )
        )
    if not graphemes:
        notices.append(Notice(stamps.get("graph_chars").path, "the clip has no graphemes"))
    notices.extend(_body_mismatch(clip, graphemes))
    where = stamps.get("graph_chars").path
    text = "".join(mark.text for mark in graphemes)
    layout = for_language(options.layout, language_of(text))
    runs = [Run(tuple(pieces), None, (where,) * len(pieces))] if pieces else []
    cues = tuple(cue for cue, _ in lay_out(runs, layout, notices, where))
    document = Document("resemble", None, cues, graphemes, phonemes)
    return Parsed((document,), tuple(notices))


def _locate(root: Node) -> tuple[Node, Node]:
    """Find the clip object and its timestamps object in any of Resemble's wrappers."""
    if root.obj().get("success") is False:
        message = root.opt("message")
        reason = message.str() if message else "no message"
        raise root.error(f"Resemble reported a failure: {reason}")
    if root.has("item"):
        clip = root.get("item")
        key = "timestamps"
    elif root.has("graph_chars"):
        return root, root
    elif "timestamps" in root.obj() and not root.has("audio_timestamps"):
        # The v2 ``item`` saved on its own, without the ``{success, item}`` envelope.
        clip = root
        key = "timestamps"
    else:
        clip = root
        key = "audio_timestamps"
    stamps = clip.opt(key)
    if stamps is None:
        raise clip.error(
            f"the clip has no timing data ({key} is missing or null): generate it with "
            "timestamps enabled (v2: include_timestamps) and fetch it again"
        )
    return clip, stamps


def _track(stamps: Node, chars_key: str, times_key: str) -> tuple[list[str], _Columns]:
    chars_node, times_node = stamps.get(chars_key), stamps.get(times_key)
    chars = chars_node.strings()
    # Counted before the pairs are checked: a missing pair is the likelier fault.
    if isinstance(times_node.value, list) and len(times_node.value) != len(chars):
        raise times_node.error(
            f"has {len(times_node.value)} entries but {chars_key} has {len(chars)}: "
            "each character needs exactly one [start, end] pair"
        )
    return chars, times_node.span_columns()


def _unit_scale(stamps: Node, times: _Columns, clip: Node, options: ParseOptions) -> int:
    """Microseconds per unit of the times: seconds, unless told or they look like ms."""
    starts, ends = times
    if options.time_unit == "ms":
        return 1000
    if options.time_unit == "s" or not starts:
        return US_PER_SECOND
    median = statistics.median(map(operator.sub, ends, starts))
    duration = clip.opt("duration") if clip is not stamps else None
    too_long = duration is not None and max(ends) > 10 * duration.number()
    if median > _MS_SUSPECT_MEDIAN or too_long:
        raise stamps.error(
            f"the times look like milliseconds, not seconds (a grapheme lasts {median:g} "
            "on average): pass --time-unit ms if they are, or --time-unit s to keep seconds"
        )
    return US_PER_SECOND


def _marks(chars: list[str], times: _Columns, scale: int, node: Node) -> tuple[Mark, ...]:
    """The marks, made column by column with ``map`` (thousands a clip); times are rounded
    to whole microseconds as ``round(seconds * scale)``, each end first checked against
    the bound (a finite 1e308 overflows to infinity once scaled)."""
    starts, ends = times
    if ends and max(ends) * scale >= MAX_TIME_US:
        index = next(n for n, end in enumerate(ends) if end * scale >= MAX_TIME_US)
        raise node.child(index, None).child(1, ends[index]).past_bound(ends[index])
    to_us = float(scale).__mul__
    starts_us = map(round, map(to_us, starts))
    ends_us = map(round, map(to_us, ends))
    return tuple(map(Mark, chars, starts_us, ends_us))


def _phoneme_words(phonemes: tuple[Mark, ...]) -> list[tuple[int, int]]:
    """Index ranges of the phoneme words: the runs of phonemes between space entries.

    >>> _phoneme_words(tuple(Mark(t, 0, 0) for t in ["h", "a", " ", "ɪ", "t"]))
    [(0, 2), (3, 5)]
    """
    texts = [mark.text for mark in phonemes]
    joined = "".join(texts)
    if len(joined) == len(texts) and "" not in texts:  # one character a phoneme: at once
        return [found.span() for found in _NOT_SPACE.finditer(joined)]
    return phoneme_runs(texts)


def phoneme_runs(texts: list[str]) -> list[tuple[int, int]]:
    """:func:`_phoneme_words` phoneme by phoneme, for phonemes of any length (an empty
    one is not a space)."""
    spans: list[tuple[int, int]] = []
    first: int | None = None
    for index, text in enumerate([*texts, " "]):
        if text.isspace() and first is not None:
            spans.append((first, index))
            first = None
        elif not text.isspace() and first is None:
            first = index
    return spans


def _body_mismatch(clip: Node, graphemes: tuple[Mark, ...]) -> list[Notice]:
    """Warn when the graphemes do not spell the clip's body (SSML removed, spaces collapsed)."""
    body = clip.opt("body")
    if body is None or not isinstance(body.value, str):
        return []
    spoken = _squash(html.unescape(MARKUP.sub(" ", body.value)))
    if spoken == _squash("".join(m.text for m in graphemes)):
        return []
    message = "the graphemes do not spell the clip body; the subtitles follow the graphemes"
    return [Notice(body.path, message)]


def _squash(text: str) -> str:
    return " ".join(text.split())


SOURCE = Source(
    name="resemble",
    description=(
        "Resemble AI clip (v1 audio_timestamps, v2 item.timestamps or its bare timestamps, "
        "or synthesize)"
    ),
    detect=detect,
    parse=parse,
)
