"""Every fixture input, broken the ways hostile files are (leaves replaced by extreme numbers,
wrong types, huge strings, deep nesting; text cut and stuffed), goes through the library's
``parse`` and ``render`` directly: each outcome is a conversion or a SubsyncError, never
another exception.

The "inputs-fuzz-fast" profile (conftest.py) runs by default and in CI; ``SUBSYNC_FUZZ=long``
selects "inputs-fuzz-long" (10,000 cases) for a local run."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subsync
from subsync.errors import SubsyncError
from tests.support.helpers import INPUTS

PROFILE = settings.get_profile(
    "inputs-fuzz-long" if os.environ.get("SUBSYNC_FUZZ") == "long" else "inputs-fuzz-fast"
)
FIXTURES = sorted(p for p in INPUTS.iterdir() if p.is_file())
JSON_FIXTURES = [p for p in FIXTURES if p.suffix == ".json"]
TEXT_FIXTURES = [p for p in FIXTURES if p.suffix != ".json"]
_NESTING = 5_000  # deeper than the JSON reader's recursion and any walker's


def _deep(depth: int) -> object:
    value: object = 0.5
    for index in range(depth):
        value = [value] if index % 2 else {"k": value}
    return value


EXTREME_NUMBERS = st.sampled_from(
    [1e308, -1e308, 1.7976931348623157e308, 5e-324, -0.0, 10**400, -(10**30), 2**63,
     360_000.0, 359_999.999, 3.6e9, float("nan"), float("inf"), -1, 0]
)  # fmt: skip
WRONG_TYPES = st.sampled_from([None, True, False, "", "12", "x", [], {}, [1, 2], {"a": 1}])
HUGE_STRINGS = st.sampled_from(
    ["x" * 100_000, "<i " * 20_000, "{\\" * 20_000, " \t" * 30_000, "\u202e\x1b]0;t\x07" * 5_000,
     "-->" * 20_000, "\n" * 50_000, "é" * 60_000, "[a " * 20_000]
)  # fmt: skip
DEEP = st.sampled_from([_deep(_NESTING), _deep(_NESTING + 1), [[[]]] * 1000])
REPLACEMENTS = st.one_of(EXTREME_NUMBERS, WRONG_TYPES, HUGE_STRINGS, DEEP)
STUFFING = HUGE_STRINGS | st.sampled_from(
    ["99999999:00:00,000", "00:00:01,000 --> 1e308", "<v ", "\x00", "\r", "\ufeff", "WEBVTT"]
)


def _places(value: object) -> list[tuple[Any, ...]]:
    """Every place in a JSON value (containers too) as a path of keys, down to a depth
    that passes over the deep nests a previous edit put in."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[object, tuple[Any, ...]]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        found.append(path)
        if len(path) >= 40:
            continue
        if isinstance(node, dict):
            stack.extend((child, (*path, key)) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, (*path, index)) for index, child in enumerate(node))
    return found


def _replaced(value: object, path: tuple[Any, ...], new: object) -> object:
    if not path:
        return new
    copy: Any = value.copy() if isinstance(value, dict | list) else value
    copy[path[0]] = _replaced(copy[path[0]], path[1:], new)
    return copy


def _converted(data: object, name: str, options: subsync.ParseOptions) -> None:
    """Parse and render every document in every format; a SubsyncError is a fine outcome."""
    try:
        parsed = subsync.parse(data, name=name, options=options)  # type: ignore[arg-type]
    except SubsyncError:
        return
    for document in parsed.documents:
        for format_name in subsync.FORMATS:
            with contextlib.suppress(SubsyncError):
                subsync.render(document, format_name)


OPTIONS = st.builds(
    subsync.ParseOptions,
    time_unit=st.sampled_from(["auto", "s", "ms"]),
    strict=st.booleans(),
)


@PROFILE
@given(
    fixture=st.sampled_from(JSON_FIXTURES),
    edits=st.lists(st.tuples(st.integers(min_value=0), REPLACEMENTS), min_size=1, max_size=3),
    as_bytes=st.booleans(),
    options=OPTIONS,
)
def test_a_broken_json_fixture_converts_or_is_a_subsync_error(
    fixture: Path,
    edits: list[tuple[int, object]],
    as_bytes: bool,
    options: subsync.ParseOptions,
) -> None:
    value: object = json.loads(fixture.read_bytes())
    for index, new in edits:
        places = _places(value)
        value = _replaced(value, places[index % len(places)], new)
    data: object = value
    if as_bytes:
        # Nesting json.dumps cannot write goes in as the dict it is.
        with contextlib.suppress(ValueError, RecursionError):
            data = json.dumps(value).encode()
    _converted(data, fixture.name, options)


@PROFILE
@given(
    fixture=st.sampled_from(TEXT_FIXTURES),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 40), STUFFING), max_size=3),
    options=OPTIONS,
)
def test_a_broken_text_fixture_converts_or_is_a_subsync_error(
    fixture: Path, edits: list[tuple[int, int, str]], options: subsync.ParseOptions
) -> None:
    text = fixture.read_text(encoding="utf-8")
    for position, cut, stuffed in edits:
        at = position % (len(text) + 1)
        text = text[:at] + stuffed + text[at + cut :]
    _converted(text.encode("utf-8", "surrogatepass"), fixture.name, options)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_is_fuzzed_and_converts_unbroken(fixture: Path) -> None:
    assert fixture in JSON_FIXTURES or fixture in TEXT_FIXTURES
    assert subsync.parse(fixture.read_bytes(), name=fixture.name).documents
