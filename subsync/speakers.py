"""Speaker names: ``--speaker-names FILE`` (JSON or TOML) and ``--speaker-name id=Name``, the
ids an API gives (``speaker_0``) named in every format that carries speakers."""

from __future__ import annotations

import dataclasses
import importlib
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from subsync.errors import SubsyncError

if TYPE_CHECKING:
    from subsync.model import Document

#: Names by speaker id, as pairs (hashable, and kept in the options' fingerprint).
Names = tuple[tuple[str, str], ...]

#: The formats that carry speakers: as labels (SRT, with --speaker-labels), voices (WebVTT),
#: agents (TTML, iTT), actors (ASS), or fields (JSON, the review page).
CARRY_SPEAKERS = frozenset({"srt", "vtt", "vtt-words", "ttml", "itt", "ass", "json", "review"})


def names_file(path: str) -> Names:
    """The names in a JSON object or TOML table of strings (``speaker_0 = "Holmes"``)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SubsyncError(f"{path}: cannot read the speaker names: {exc.strerror}") from None
    try:
        if path.lower().endswith(".toml"):
            toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
            table = toml.loads(data.decode("utf-8"))
        else:
            table = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SubsyncError(f"{path}: the speaker names are not valid: {exc}") from None
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        raise SubsyncError(f"{path}: expected speaker ids mapped to names, such as speaker_0")
    return tuple(table.items())


def name_pairs(given: Iterable[str]) -> Names:
    """``id=Name`` arguments as pairs.

    >>> name_pairs(["speaker_0=Holmes", "speaker_1 = Dr Watson"])
    (('speaker_0', 'Holmes'), ('speaker_1', 'Dr Watson'))
    """
    pairs = []
    for item in given:
        speaker, equals, name = item.partition("=")
        if not equals or not speaker.strip() or not name.strip():
            raise SubsyncError(
                f"--speaker-name {item!r}: expected ID=NAME, such as speaker_0=Holmes"
            )
        pairs.append((speaker.strip(), name.strip()))
    return tuple(pairs)


def named(document: Document, names: Names) -> Document:
    """The document with each speaker id that has a name shown by that name."""
    table = dict(names)
    if not table or not any(cue.speaker in table for cue in document.cues):
        return document
    cues = tuple(
        dataclasses.replace(cue, speaker=table[cue.speaker]) if cue.speaker in table else cue
        for cue in document.cues
    )
    return dataclasses.replace(document, cues=cues)


def label_width(documents: Sequence[Document]) -> int:
    """The columns the widest ``Name: `` label takes (0 when no cue has a speaker)."""
    from subsync.layout.text import display_width  # only documents need it, not the CLI

    return max(
        (
            display_width(" ".join(c.speaker.split())) + 2
            for d in documents
            for c in d.cues
            if c.speaker
        ),
        default=0,
    )


def unused(formats: Sequence[str], *, labels: bool, names: Names) -> list[str]:
    """One warning for each speaker option that changes none of the requested formats."""
    said = []
    if labels and "srt" not in formats:
        said.append(
            "--speaker-labels changes only SRT outputs (WebVTT, TTML, iTT and ASS carry "
            "speakers as voices, agents and actors): it has no effect on " + ", ".join(formats)
        )
    carrying = [f for f in formats if f in CARRY_SPEAKERS and (f != "srt" or labels)]
    if names and not carrying:
        said.append(
            "--speaker-name(s) has no effect on " + ", ".join(formats) + ": none of them shows "
            "speakers (SRT shows them with --speaker-labels)"
        )
    return said
