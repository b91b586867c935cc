"""The manifest read a piece at a time: it reads what ``json.loads`` reads, in any layout and
with any escapes, refuses what it refuses, and holds a bounded piece of a huge, deeply nested
or endless file, never the whole."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.batch.manifest_file import SCHEMA, Entry, read_entries, read_pinned, vars_of
from subsync.batch.manifest_read import MAX_DEPTH, MAX_TOKEN

_NAMES = set(Entry._fields)
# Text for paths and fields: quotes, backslashes, controls (escaped), non-ASCII, characters
# outside the BMP; no surrogates, which no manifest subsync writes holds.
_TEXT = st.text(st.characters(codec="utf-8"), max_size=10)
_KEY = _TEXT.filter(lambda k: k and not k.startswith("/") and ".." not in k.split("/"))
_ENTRIES = st.dictionaries(_KEY, st.builds(Entry, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT), max_size=6)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)


def reference(data: bytes) -> dict[str, Entry]:
    """What the manifest reader read before it streamed: json.loads, then the same checks."""
    raw = json.loads(data)
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise ValueError("not a manifest")
    outputs = raw.get("outputs")
    if not isinstance(outputs, dict):
        raise ValueError("outputs")
    entries = {}
    for key, value in outputs.items():
        relative = PurePosixPath(key)
        if relative.is_absolute() or ".." in relative.parts or not key:
            raise ValueError("key")
        if not isinstance(value, dict) or set(value) != _NAMES:
            raise ValueError("fields")
        if not all(isinstance(value[name], str) for name in _NAMES):
            raise ValueError("strings")
        entries[key] = Entry(**value)
    return entries


@st.composite
def manifests(draw: st.DrawFn) -> tuple[bytes, dict[str, Entry]]:
    """A manifest in any layout json.dumps writes, its fields in any order, with members
    subsync does not know before, between and after the ones it does."""
    entries = draw(_ENTRIES)
    outputs = {}
    for key, entry in entries.items():
        fields = list(vars_of(entry).items())
        outputs[key] = dict(draw(st.permutations(fields)))
    known: list[tuple[str, object]] = [("schema", SCHEMA), ("outputs", outputs)]
    members = draw(st.permutations(known))
    for _ in range(draw(st.integers(0, 2))):
        members.insert(draw(st.integers(0, len(members))), (draw(_TEXT), draw(_JSON)))
    members = [m for m in members if m[0] not in dict(known) or isinstance(m[1], (str, dict))]
    indent = draw(st.sampled_from([None, 0, 1, 2, "\t"]))
    text = json.dumps(
        dict(members),
        indent=indent,
        ensure_ascii=draw(st.booleans()),
        separators=draw(st.sampled_from([None, (",", ":"), (" ,  ", " : ")])),
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
    return text.encode(encoding), reference(text.encode(encoding))


@settings(max_examples=300)
@given(manifests())
def test_any_layout_reads_as_json_loads_reads_it(manifest: tuple[bytes, dict[str, Entry]]) -> None:
    data, expected = manifest
    assert read_entries(data) == expected


@settings(max_examples=300)
@given(manifests(), st.data())
def test_a_damaged_manifest_is_refused_as_json_loads_refuses_it(
    manifest: tuple[bytes, dict[str, Entry]], data: st.DataObject
) -> None:
    original = manifest[0].decode("utf-8", "ignore").encode("utf-8")
    at = data.draw(st.integers(0, len(original)))
    cut = data.draw(st.integers(0, 3))
    stuffed = data.draw(st.sampled_from(["", "{", "}", "[", '"', ",", ":", "\\", "1", " ", "\x01"]))
    damaged = original[:at] + stuffed.encode() + original[at + cut :]
    try:
        expected = reference(damaged)
    except (ValueError, RecursionError):
        expected = None
    if expected is None or not _encodable(expected):
        # A lone surrogate (a pair of escapes cut) is refused where json.loads took it and
        # the save after it failed on it: no file name subsync records holds one.
        with pytest.raises(ValueError):
            read_entries(damaged)
        return
    assert read_entries(damaged) == expected


def _encodable(entries: dict[str, Entry]) -> bool:
    try:
        for key, entry in entries.items():
            "".join([key, *entry]).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"schema": "subsync/manifest/1"}',
        '{"schema": "subsync/manifest/1", "outputs": {}} {}',
        '{"schema": "subsync/manifest/1", "outputs": {}, "x": '
        + "[" * MAX_DEPTH
        + "]" * MAX_DEPTH
        + "}",
        '{"schema": "subsync/manifest/1", "outputs": {"a.srt": {"input": "\\ud800"}}}',
        '{"schema": "subsync/manifest/1", "outputs": {}, "outputs": {}}',
        '{"schema": "subsync/manifest/1", "outputs": {"a.srt": "x"}}',
    ],
    ids=[
        "empty",
        "a-list",
        "no-outputs",
        "extra-data",
        "too-deep",
        "surrogate",
        "outputs-twice",
        "entry-a-string",
    ],
)
def test_what_is_not_a_manifest_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        read_entries(text.encode())


def _peak_while_reading(path: Path) -> tuple[int, int]:
    """How many entries the file has, and the most memory reading them took."""
    tracemalloc.start()
    try:
        entries, _ = read_pinned(path)
        count = sum(1 for _ in entries)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_manifest_is_read_in_bounded_memory(tmp_path: Path) -> None:
    entry = vars_of(Entry("in/batch/a-long-input-name.json", "1" * 64, "2" * 64, "0.1", "3" * 64))
    outputs = {f"out/b{n // 80:04d}/a-long-input-name-{n:06d}.en.srt": entry for n in range(20_000)}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"schema": SCHEMA, "outputs": outputs}, indent=1))
    assert path.stat().st_size > 6 << 20
    count, peak = _peak_while_reading(path)
    assert count == 20_000
    assert peak < 1 << 20  # json.loads of it takes over 20 MiB


@pytest.mark.parametrize(
    ("middle", "why"),
    [
        ("[" * 5_000_000, "nested"),
        ('"' + "x" * 5_000_000 + '"', "characters"),
        ("1" * 5_000_000, "characters"),
    ],
    ids=["nested-millions-deep", "a-huge-string", "a-huge-number"],
)
def test_a_hostile_manifest_is_refused_holding_a_bounded_piece(
    tmp_path: Path, middle: str, why: str
) -> None:
    path = tmp_path / "manifest.json"
    path.write_text('{"schema": "subsync/manifest/1", "outputs": {}, "x": ' + middle + "}")
    tracemalloc.start()
    try:
        entries, _ = read_pinned(path)
        with pytest.raises(ValueError, match=why):
            list(entries)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MAX_TOKEN + (1 << 20)


def test_white_space_without_end_is_passed_over_holding_a_bounded_piece(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text('{"schema": "subsync/manifest/1",' + " " * 5_000_000 + '"outputs": {}}')
    count, peak = _peak_while_reading(path)
    assert count == 0 and peak < 1 << 20


def test_a_file_cut_in_any_place_is_read_the_same_in_pieces() -> None:
    outputs = {f"k{n}.srt": vars_of(Entry("i", "a", "o", "v", "s")) for n in range(50)}
    data = json.dumps({"schema": SCHEMA, "outputs": outputs, "x": [1.5e3, 'é\\"', None]}).encode()

    class Trickle(io.RawIOBase):
        """A file that gives one byte a read."""

        def __init__(self) -> None:
            self.at = 0

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            if self.at >= len(data) or not len(buffer):
                return 0
            buffer[0] = data[self.at]
            self.at += 1
            return 1

    from subsync.batch.manifest_read import object_entries

    found = dict(object_entries(Trickle(), SCHEMA, Entry._fields))  # type: ignore[arg-type]
    assert found == {key: tuple(value.values()) for key, value in outputs.items()}
