"""The manifest file written in chunks holds the bytes json.dumps wrote; a save reads the
file back only when it is no longer the one this run wrote; pruned entries leave it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.batch import manifest_file
from subsync.batch.manifest import MANIFEST_NAME, Manifest, Stamp
from subsync.batch.manifest_file import Entry, Pin, file_chunks, read_entries, vars_of

# Any text a file name or a version may hold: quotes, backslashes, controls, non-ASCII,
# characters outside the BMP (json escapes some, passes the others as they are).
_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_ENTRIES = st.dictionaries(_TEXT, st.builds(Entry, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT), max_size=8)


@settings(max_examples=200)
@given(_ENTRIES)
def test_the_chunks_are_the_bytes_json_dumps_writes(entries: dict[str, Entry]) -> None:
    outputs = {key: vars_of(entries[key]) for key in sorted(entries)}
    text = json.dumps(
        {"schema": "subsync/manifest/1", "outputs": outputs}, indent=1, ensure_ascii=False
    )
    assert b"".join(file_chunks(entries)) == (text + "\n").encode("utf-8")


def test_a_large_manifest_is_written_in_bounded_chunks() -> None:
    entry = Entry("in/a.json", "1" * 64, "2" * 64, "0.1.0", "3" * 64)
    entries = {f"a/{index:05d}.srt": entry for index in range(5000)}
    chunks = list(file_chunks(entries))
    assert len(chunks) > 4
    assert max(map(len, chunks)) < 1024 * 400
    assert read_entries(b"".join(chunks)) == entries


def _record(manifest: Manifest, name: str) -> None:
    manifest.record(Stamp(f"{name}.json", "o", "v"), "", "1" * 64, [(f"{name}.srt", "2" * 64)])


def _recorded(folder: Path) -> list[str]:
    return sorted(json.loads((folder / MANIFEST_NAME).read_bytes())["outputs"])


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Each manifest file a save reads back."""
    seen: list[Path] = []
    read = manifest_file.read_pinned

    def counted(path: Path) -> tuple[Iterator[tuple[str, Entry]], Pin]:
        seen.append(path)
        return read(path)

    monkeypatch.setattr("subsync.batch.manifest.read_pinned", counted)
    return seen


def test_a_save_does_not_read_back_the_file_it_wrote(tmp_path: Path, reads: list[Path]) -> None:
    manifest, _ = Manifest.load(tmp_path)
    for name in ("a", "b", "c"):
        _record(manifest, name)
        manifest.save()
    assert _recorded(tmp_path) == ["a.srt", "b.srt", "c.srt"]
    assert reads == [tmp_path / MANIFEST_NAME]  # the load's only


def test_a_save_reads_back_a_file_another_run_replaced(tmp_path: Path, reads: list[Path]) -> None:
    ours, _ = Manifest.load(tmp_path)
    _record(ours, "a")
    ours.save()
    theirs, _ = Manifest.load(tmp_path)
    _record(theirs, "b")
    theirs.save()
    _record(ours, "c")
    ours.save()
    assert _recorded(tmp_path) == ["a.srt", "b.srt", "c.srt"]
    assert len(reads) == 3  # two loads, and the save after the other run's


def test_a_save_reads_back_a_file_edited_in_place(tmp_path: Path, reads: list[Path]) -> None:
    manifest, _ = Manifest.load(tmp_path)
    _record(manifest, "a")
    manifest.save()
    path = tmp_path / MANIFEST_NAME
    raw = json.loads(path.read_bytes())
    raw["outputs"]["hand.srt"] = raw["outputs"]["a.srt"]
    with open(path, "r+b") as file:  # the same inode, as an editor that writes in place
        file.write((json.dumps(raw, indent=1) + "\n").encode())
    _record(manifest, "b")
    manifest.save()
    assert _recorded(tmp_path) == ["a.srt", "b.srt", "hand.srt"]
    assert len(reads) == 2


def test_a_save_reads_back_a_file_that_appeared_since_the_load(tmp_path: Path) -> None:
    manifest, _ = Manifest.load(tmp_path)  # no file yet
    other, _ = Manifest.load(tmp_path)
    _record(other, "b")
    other.save()
    _record(manifest, "a")
    manifest.save()
    assert _recorded(tmp_path) == ["a.srt", "b.srt"]


def test_a_pruned_entry_leaves_the_file(tmp_path: Path) -> None:
    manifest, _ = Manifest.load(tmp_path)
    _record(manifest, "a")
    _record(manifest, "b")
    manifest.save()
    again, _ = Manifest.load(tmp_path)
    again.drop("a.srt")
    again.save()
    assert _recorded(tmp_path) == ["b.srt"]


def test_a_pin_holds_its_inode_so_no_new_file_can_take_its_number(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(b"{}")
    pin = Pin.of(path)
    assert pin is not None and pin.holds(path)
    inode = path.stat().st_ino
    path.unlink()
    for index in range(50):  # a file system reuses a freed inode number soon
        (tmp_path / f"new{index}").write_bytes(b"{}")
        assert (tmp_path / f"new{index}").stat().st_ino != inode
    os.replace(tmp_path / "new0", path)
    assert not pin.holds(path)
    assert Pin(None).holds(tmp_path / "absent") and not Pin(None).holds(path)
