"""The scratch tables: a table that spilled to SQLite answers as the dict it was, for any
text a path may hold (lone surrogates, NUL, characters outside the BMP), walks its keys in
Python's order, and a run of a few inputs never loads sqlite3."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.batch import spill
from subsync.batch.spill import Rows, Scratch, Table
from tests.support.helpers import INPUTS

# Text with what file names hold that SQLite text cannot: lone surrogates (an undecodable
# name, decoded with surrogateescape), NUL, and code points whose UTF-8 sorts them apart.
_TEXT = st.text(st.sampled_from("a/b.\x00é\U0001f600\udcff\ud800\uffff"), max_size=6)
_ROW = st.tuples(st.sampled_from(["x", "y", "\udcff"]), _TEXT)
# Each a put of the key's row, or a pop of the key.
_OPS = st.lists(st.tuples(st.sampled_from(["put", "pop"]), _TEXT, _ROW))


@settings(max_examples=150)
@given(ops=_OPS, spill_at=st.sampled_from([0, 3, 1_000_000]))
def test_a_table_answers_as_a_dict_in_memory_and_spilled(
    ops: list[tuple[str, str, tuple[str, str]]], spill_at: int
) -> None:
    model: dict[str, tuple[str, ...]] = {}
    with mock.patch.object(spill, "SPILL_AT", spill_at):
        table = Table(Scratch(), index=0)
        for op, key, row in ops:
            if op == "put":
                table.put(key, row)
                model[key] = row
            else:
                assert table.pop(key) == model.pop(key, None)
        for key, kept in model.items():
            assert key in table and table.get(key) == kept
        assert list(table.items()) == sorted(model.items())
        assert list(table) == sorted(model)
        for group in ("x", "y", "\udcff"):
            assert table.where(group) == sorted((k, r) for k, r in model.items() if r[0] == group)
        table.clear()
        assert list(table.items()) == [] and not any(key in table for key in model)


@settings(max_examples=60)
@given(rows=st.lists(st.tuples(_TEXT, _TEXT, _TEXT)), spill_at=st.sampled_from([0, 2, 10**6]))
def test_rows_come_back_in_order_as_often_as_asked(
    rows: list[tuple[str, str, str]], spill_at: int
) -> None:
    with mock.patch.object(spill, "SPILL_AT", spill_at):
        listed = Rows(Scratch())
        for row in rows:
            listed.append(row)
        assert len(listed) == len(rows)
        assert list(listed) == rows
        assert list(listed) == rows


def test_a_walk_sees_the_keys_as_they_are_when_it_reaches_them() -> None:
    with mock.patch.object(spill, "SPILL_AT", 0):
        table = Table(Scratch())
        for index in range(2000):  # four batches
            table.add(f"{index:05d}")
        seen = []
        for key in table:
            seen.append(key)
            if key == "00000":
                table.pop("01999")
                table.add("01999.5")
        assert seen == [f"{index:05d}" for index in range(1999)] + ["01999.5"]


def test_a_run_of_a_few_inputs_never_loads_sqlite3(tmp_path: Path) -> None:
    script = (
        "import sys, subsync\n"
        f"subsync.convert_files([{str(INPUTS / 'resemble_v1_docs_clip.json')!r}], "
        f"{str(tmp_path)!r}, ['srt', 'vtt'])\n"
        "print('sqlite3' in sys.modules)"
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"


# A run whose scratch file cannot grow: SQLite's own limit on its pages stands in for a full
# temporary folder (the error is SQLite's "database or disk is full" either way).
_FULL = """
import sys
from subsync.batch import spill
spill.SPILL_AT = 2
made = spill.Scratch.create
def create(self, **kwargs):
    table = made(self, **kwargs)
    table.db.execute("PRAGMA max_page_count = 8")
    return table
spill.Scratch.create = create
from subsync.cli import main
main(sys.argv[1:], prog_name="subsync")
"""


def test_a_full_temporary_folder_ends_the_run_with_one_line(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for index in range(40):
        (inputs / f"clip{index:02d}.json").write_bytes(
            (INPUTS / "resemble_v1_docs_clip.json").read_bytes()
        )
    command = [sys.executable, "-c", _FULL, "convert", str(inputs), "-o", str(tmp_path / "out")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().endswith(
        "cannot keep the run's tables in a temporary file (database or disk is full): free "
        "space in the temporary folder, or point TMPDIR at a folder with room"
    )
