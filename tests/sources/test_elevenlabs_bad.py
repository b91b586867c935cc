"""Bad input to the ElevenLabs speech sources never escapes as anything but an InputError that
names a JSON path (or a line): every fixture, broken at random places in random ways."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.errors import InputError
from subsync.sources import ParseOptions, read
from tests.support.helpers import INPUTS

NAMES = sorted(
    p.name
    for p in INPUTS.iterdir()
    if p.name.startswith(("elevenlabs_tts", "elevenlabs_dialogue", "elevenlabs_history"))
    or p.name.startswith(("elevenlabs_forced", "elevenlabs_stt"))
)
_REPLACEMENTS = st.sampled_from(
    [None, True, -1, 1e300, 10**400, "x", "\ud800", [], {}, [1, 2], {"text": 1}, 0, 360000.0]
)


def _load(name: str) -> Any:
    text = (INPUTS / name).read_text(encoding="utf-8")
    if name.endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines()]
    return json.loads(text)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into the JSON value."""
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_places(child, (*path, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_places(child, (*path, index)))
    return found


@st.composite
def _broken(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(NAMES))
    raw = copy.deepcopy(_load(name))
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in _places(raw) if p]
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent = raw
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()):
            del parent[path[-1]]  # a missing field, or a shorter array
        else:
            # A copy: a later round may break inside it, and the strategy's lists and
            # objects are shared by every example (Hypothesis saw that as flaky generation).
            parent[path[-1]] = copy.deepcopy(draw(_REPLACEMENTS))
    if name.endswith(".jsonl"):
        lines = [json.dumps(chunk) for chunk in raw]
        return name, ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    return name, json.dumps(raw).encode("utf-8", "surrogatepass")


@settings(max_examples=400)
@given(_broken(), st.booleans(), st.booleans())
def test_broken_inputs_are_input_errors_with_a_place(
    broken: tuple[str, bytes], normalized: bool, drop_events: bool
) -> None:
    name, data = broken
    options = ParseOptions(
        alignment="normalized" if normalized else "original", audio_events=not drop_events
    )
    try:
        read(data, name, options=options)
    except InputError as error:
        assert error.input == name
        assert error.where is not None
        assert "\n" not in str(error)


@pytest.mark.parametrize("name", NAMES)
def test_every_fixture_reads_with_every_option(name: str) -> None:
    data = (INPUTS / name).read_bytes()
    for options in (ParseOptions(), ParseOptions(keep_tags=True, audio_events=False)):
        assert read(data, name, options=options).documents
