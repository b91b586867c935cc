"""The one pipeline's seams: per-output results, a manifest saved as outputs land, a cancel
signal, and warnings kept per input; driven through the Python API and directly."""

from __future__ import annotations

import dataclasses
import json
import shutil
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

import subsync
from subsync.batch.collect import Collector
from subsync.batch.convert import Request, fingerprint
from subsync.batch.inputs import Input
from subsync.batch.manifest import MANIFEST_NAME, Manifest
from subsync.batch.pipeline import InputResult, Pipeline, Target
from subsync.batch.plan import Job, Outcome
from subsync.errors import SubsyncError
from subsync.layout.presets import PRESETS
from tests.support.helpers import INPUTS

CLIP = "resemble_v1_docs_clip.json"
DUB = "elevenlabs_dubbing_review.json"


def copies(tmp_path: Path, *names: str) -> list[str]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    paths = []
    for index, name in enumerate(names):
        target = folder / f"{index}-{name}"
        shutil.copyfile(INPUTS / name, target)
        paths.append(str(target))
    return paths


def recorded_inputs(folder: Path) -> set[str]:
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    return {entry["input"] for entry in manifest["outputs"].values()}


def test_convert_files_runs_the_convert_pipeline_and_keeps_warnings_per_input(
    tmp_path: Path,
) -> None:
    inputs = copies(tmp_path, CLIP, DUB)
    out = tmp_path / "out"
    first = subsync.convert_files(inputs, out, ["srt", "vtt"])
    assert first.ok
    assert [r.status for r in first.results] == ["converted", "converted"]
    clip, dub = first.results
    assert clip.notices == ()
    assert dub.notices, "the dubbing review warns about its null dub and overlaps"
    assert {Path(o.path).name for o in clip.outputs} == {
        "0-resemble_v1_docs_clip.srt",
        "0-resemble_v1_docs_clip.vtt",
    }
    assert all(o.status == "written" for r in first.results for o in r.outputs)
    assert first.report["converted"] == 2
    again = subsync.convert_files(inputs, out, ["srt", "vtt"])
    assert [r.status for r in again.results] == ["skipped", "skipped"]
    assert all(o.status == "kept" for r in again.results for o in r.outputs)
    assert again.results[1].notices == ()  # not parsed again, so not told again


def test_one_output_that_cannot_be_written_leaves_the_others(tmp_path: Path) -> None:
    (clip,) = copies(tmp_path, CLIP)
    out = tmp_path / "out"
    (out / "0-resemble_v1_docs_clip.vtt").mkdir(parents=True)  # a folder where a file goes
    result = subsync.convert_files([clip], out, ["srt", "vtt", "json"])
    (only,) = result.results
    statuses = {Path(o.path).suffix: o.status for o in only.outputs}
    assert statuses == {".srt": "written", ".vtt": "failed", ".json": "written"}
    assert only.status == "failed" and not result.ok
    assert (out / "0-resemble_v1_docs_clip.srt").read_text(encoding="utf-8").startswith("1\n")
    # The manifest does not vouch for an input with a missing output: it is rebuilt next time.
    (out / "0-resemble_v1_docs_clip.vtt").rmdir()
    rerun = subsync.convert_files([clip], out, ["srt", "vtt", "json"])
    assert [r.status for r in rerun.results] == ["converted"]


def test_the_manifest_is_saved_as_outputs_land(tmp_path: Path) -> None:
    first, second = copies(tmp_path, CLIP, CLIP)
    out = tmp_path / "out"
    pipeline = Pipeline(Request(), Target(out), Collector(), version="test", save_every=0)
    seen_on_disk: list[set[str]] = []

    def items() -> Iterator[Input]:
        yield Input(first)
        # Read before the second input is even planned: the first one's outputs are there.
        seen_on_disk.append(recorded_inputs(out))
        yield Input(second)

    pipeline.run(_planned(pipeline, items()), 1)
    pipeline.finish()
    assert seen_on_disk == [{"../in/0-resemble_v1_docs_clip.json"}]
    assert recorded_inputs(out) == {
        "../in/0-resemble_v1_docs_clip.json",
        "../in/1-resemble_v1_docs_clip.json",
    }


def _planned(pipeline: Pipeline, items: Iterator[Input]) -> Iterator[Job | Outcome]:
    for item in items:
        yield from pipeline.plan([item])


def test_cancel_stops_the_run_between_inputs(tmp_path: Path) -> None:
    inputs = copies(tmp_path, CLIP, CLIP, CLIP)
    out = tmp_path / "out"
    cancel = threading.Event()

    class StopAfterOne(Collector):
        def progressed(self, counts: dict[str, int]) -> None:
            cancel.set()

    pipeline = Pipeline(Request(), Target(out), StopAfterOne(), version="test", cancel=cancel)
    items: list[Input | SubsyncError] = [Input(p) for p in inputs]
    pipeline.run(pipeline.plan(items), 2)
    report = pipeline.finish()
    assert pipeline.cancelled
    assert [r.name for r in pipeline.results] == [inputs[0]]
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "0-resemble_v1_docs_clip.srt"]
    assert report["converted"] == 1


def test_lint_findings_come_back_per_output(tmp_path: Path) -> None:
    (dub,) = copies(tmp_path, DUB)
    result = subsync.convert_files([dub], tmp_path / "out", ["srt"], lint=PRESETS["default"])
    files = {Path(name).name for name, _ in result.violations}
    assert "0-elevenlabs_dubbing_review.en.srt" in files
    assert any(v.rule == "overlap" for _, v in result.violations)
    assert not result.ok  # overlaps are errors


def test_check_lists_outdated_outputs_and_writes_nothing(tmp_path: Path) -> None:
    (clip,) = copies(tmp_path, CLIP)
    out = tmp_path / "out"
    result = subsync.convert_files([clip], out, ["srt"], verify=True)
    (only,) = result.results
    assert [o.status for o in only.outputs] == ["outdated"]
    assert result.report["outdated"] == [str(out / "0-resemble_v1_docs_clip.srt")]
    assert not out.exists()


def test_an_input_result_says_what_stopped_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"graph_chars": ["a"], "graph_times": []}', encoding="utf-8")
    result = subsync.convert_files([str(bad)], tmp_path / "out")
    (only,) = result.results
    assert isinstance(only, InputResult)
    assert only.status == "failed" and only.outputs == ()
    assert only.error is not None and only.error.input == str(bad)


def test_the_options_fingerprint_sees_every_nested_option() -> None:
    base = Request(formats=("srt", "vtt"))
    changed = [
        base._replace(formats=("vtt", "srt")),
        base._replace(languages=("en",)),
        base._replace(parse=dataclasses.replace(base.parse, layout=PRESETS["netflix"])),
        base._replace(write=dataclasses.replace(base.write, karaoke=True)),
        base._replace(timeline=dataclasses.replace(base.timeline, offset_us=1)),
    ]
    prints = {fingerprint(r) for r in changed}
    assert len(prints) == len(changed) and fingerprint(base) not in prints
    assert fingerprint(Request(formats=("srt", "vtt"))) == fingerprint(base)


def test_saves_wait_longer_as_a_save_takes_longer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving stays a bounded share of a run: after a save that took 1 s the next one waits
    20 s, even with save_every 0 (the clock here moves only while a save runs)."""
    inputs = copies(tmp_path, CLIP, CLIP, CLIP)
    clock = [0.0]
    saves: list[float] = []
    save = Manifest.save

    def slow_save(manifest: Manifest) -> None:
        saves.append(clock[0])
        clock[0] += 1.0
        save(manifest)

    fake_time = types.SimpleNamespace(monotonic=lambda: clock[0], time=time.time)
    monkeypatch.setattr("subsync.batch.pipeline.time", fake_time)
    monkeypatch.setattr(Manifest, "save", slow_save)
    pipeline = Pipeline(Request(), Target(tmp_path / "out"), Collector(), version="t", save_every=0)
    pipeline.run(pipeline.plan([Input(p) for p in inputs]), 1)
    assert saves == [0.0]  # the first input's; the other two came within 20 s of it
    pipeline.finish()
    assert saves == [0.0, 1.0]
    assert recorded_inputs(tmp_path / "out") == {f"../in/{Path(p).name}" for p in inputs}


def test_a_run_that_keeps_counts_only_keeps_no_result_and_no_warning(tmp_path: Path) -> None:
    inputs = copies(tmp_path, DUB, DUB)
    kept = Collector()
    pipeline = Pipeline(
        Request(),
        Target(tmp_path / "out"),
        kept,
        version="t",
        keep_results=False,
        keep_warnings=False,
    )
    pipeline.run(pipeline.plan([Input(p) for p in inputs]), 1)
    report = pipeline.finish()
    assert pipeline.results == [] and pipeline.done == 2
    assert report["warnings"] == [] and pipeline.warnings.items == []
    assert kept.warnings, "the listener is still told every warning"
    kinds = report["warning_counts"]
    assert isinstance(kinds, list)
    assert sum(kind["count"] for kind in kinds) == len(kept.warnings) > 0
