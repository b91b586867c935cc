"""A run keeps what it knows of each input and output (the manifest's entries, the ledger,
the inputs found) in scratch tables: spilled to their temporary file they give the same
outputs, manifest bytes, skips, --check, orphans and prune as in memory, and what the run
holds does not grow with its number of outputs."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from unittest import mock

from subsync.batch import spill
from subsync.batch.convert import Request
from subsync.batch.inputs import Found, expand
from subsync.batch.manifest import MANIFEST_NAME
from subsync.batch.pipeline import Pipeline, Target
from subsync.sources import ParseOptions
from subsync.timeline import Timeline
from subsync.writers import WriteOptions
from tests.support.helpers import INPUTS, ROOT


class Quiet:
    """A listener that keeps nothing (the CLI's prints, here dropped)."""

    def __getattr__(self, name: str) -> object:
        return lambda *args: None


def run(inputs: Path, out: Path, formats: Sequence[str], **target: bool) -> dict[str, object]:
    """A run as ``subsync convert INPUTS -o OUT --to FORMATS`` makes it, in this process."""
    request = Request(tuple(formats), (), None, ParseOptions(), WriteOptions(), Timeline())
    pipeline = Pipeline(
        request,
        Target(out, **target),
        Quiet(),  # type: ignore[arg-type]
        version="test",
        keep_results=False,
        keep_warnings=False,
    )
    scratch = pipeline.scratch
    found = expand([str(inputs)], str(out), pipeline.manifest_outputs(), ["*.vtt"], scratch)
    pipeline.run(pipeline.plan(Found(found, scratch)), 1)
    report = pipeline.finish()
    del report["seconds"]
    return report


def story(tmp_path: Path) -> list[str]:
    """Every kind of run over one folder, and what each said and left."""
    inputs = tmp_path / "in"
    for index in range(12):
        folder = inputs / f"batch{index // 5}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(INPUTS / "resemble_v1_docs_clip.json", folder / f"clip{index:02d}.json")
        shutil.copyfile(INPUTS / "panel_two_speakers.vtt", folder / f"panel{index:02d}.vtt")
    out = tmp_path / "out"
    said: list[object] = [run(inputs, out, ["srt", "vtt"])]
    said.append(run(inputs, out, ["srt", "vtt"]))  # every input skipped
    (out / "batch1" / "clip05.srt").write_text("edited")
    said.append(run(inputs, out, ["srt", "vtt"], verify=True))  # one changed
    said.append(run(inputs, out, ["srt", "vtt"]))  # it is made again
    (inputs / "batch2" / "clip11.json").unlink()  # its outputs orphaned
    said.append(run(inputs, out, ["srt"], verify=True))  # the .vtt orphaned too
    said.append(run(inputs, out, ["srt"], prune=True))
    said.append(sorted(p.relative_to(out).as_posix() for p in out.rglob("*")))
    said.append((out / MANIFEST_NAME).read_bytes())
    return [str(item).replace(str(tmp_path), "TMP") for item in said]


def test_spilled_tables_run_as_the_ones_in_memory(tmp_path: Path) -> None:
    in_memory = story(tmp_path / "memory")
    with mock.patch.object(spill, "SPILL_AT", 3):
        spilled = story(tmp_path / "spilled")
    assert spilled == in_memory
    assert "'skipped': 24" in in_memory[1] and "'converted': 1" in in_memory[3]
    assert "pruned" in in_memory[5] and "clip11.srt" in in_memory[5]


def _retained(tmp_path: Path, count: int) -> int:
    """The bytes a run over ``count`` inputs still holds when it is done."""
    inputs = tmp_path / f"in{count}"
    inputs.mkdir(parents=True)
    data = (INPUTS / "panel_two_speakers.vtt").read_bytes()
    for index in range(count):
        (inputs / f"talk{index:04d}.vtt").write_bytes(data)
    request = Request(("srt", "vtt"), (), None, ParseOptions(), WriteOptions(), Timeline())
    gc.collect()  # a full collection empties the interpreter's free lists too
    before = tracemalloc.get_traced_memory()[0]
    pipeline = Pipeline(
        request,
        Target(tmp_path / f"out{count}", force=True),
        Quiet(),  # type: ignore[arg-type]
        version="test",
        keep_results=False,
        keep_warnings=False,
    )
    scratch = pipeline.scratch
    found = Found(expand([str(inputs)], None, (), ["*.vtt"], scratch), scratch)
    pipeline.run(pipeline.plan(found), 1)
    pipeline.finish()
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    del pipeline, found
    return held


def measure(folder: Path) -> tuple[int, int]:
    """What runs over 60 and 600 inputs hold when done, both past SPILL_AT (a first run
    grows the interpreter's own tables, interned strings and caches, to their size)."""
    with mock.patch.object(spill, "SPILL_AT", 50), mock.patch.object(os, "fsync", lambda _: None):
        tracemalloc.start()
        try:
            _retained(folder / "warm", 600)
            return _retained(folder, 60), _retained(folder, 600)
        finally:
            tracemalloc.stop()


def test_what_a_run_holds_does_not_grow_with_its_outputs(tmp_path: Path) -> None:
    # In a process of its own: the interpreter's table of interned strings, which every
    # path object adds to, grows in steps of a MiB once a long test session fills it.
    command = [sys.executable, "-m", "tests.batch.test_flat_memory", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    small, large = map(int, done.stdout.split())
    per_output = (large - small) / (2 * 540)
    # Held in memory, an output's manifest entry and ledger line took about 750 bytes.
    assert per_output < 40, (small, large)


if __name__ == "__main__":
    print(*measure(Path(sys.argv[1])))
