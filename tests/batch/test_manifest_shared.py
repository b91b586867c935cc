"""The manifest shared: runs into one folder at once keep each other's entries, and a
manifest that is not one (nested too deep, wrong types, paths out of the folder) is taken
as absent with a warning."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from subsync.batch.manifest import MANIFEST_NAME, Manifest, Stamp
from tests.support.helpers import INPUTS

CLIP = INPUTS / "resemble_v1_docs_clip.json"


def recorded(folder: Path) -> set[str]:
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    return {entry["input"] for entry in manifest["outputs"].values()}


def test_two_manifests_read_before_either_saves_keep_both_runs_entries(tmp_path: Path) -> None:
    first, _ = Manifest.load(tmp_path)
    second, _ = Manifest.load(tmp_path)
    first.record(Stamp("a.json", "o", "v"), "", "1" * 64, [("a.srt", "2" * 64)])
    second.record(Stamp("b.json", "o", "v"), "", "3" * 64, [("b.srt", "4" * 64)])
    first.save()
    second.save()
    assert recorded(tmp_path) == {"a.json", "b.json"}
    first.forget("a.json", "")  # a drop is merged too, and leaves the other's entry
    first.save()
    assert recorded(tmp_path) == {"b.json"}


def test_two_concurrent_runs_into_one_folder_keep_each_others_entries(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runs = []
    for side in ("left", "right"):
        folder = tmp_path / side
        folder.mkdir()
        for index in range(12):
            shutil.copyfile(CLIP, folder / f"{side}{index:02d}.json")
        command = [sys.executable, "-m", "subsync", "convert", str(folder), "-o", str(out)]
        runs.append(subprocess.Popen([*command, "-j", "1", "-q"], stderr=subprocess.PIPE))
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
    inputs = recorded(out)
    assert len(inputs) == 24
    assert {Path(name).name[:-7] for name in inputs} == {"left", "right"}


@pytest.mark.parametrize(
    "content",
    [
        "[" * 200_000 + "]" * 200_000,
        '{"schema": "subsync/manifest/1", "outputs": {"x.srt": {"input": 1}}}',
        '{"schema": "subsync/manifest/1", "outputs": []}',
        json.dumps(
            {
                "schema": "subsync/manifest/1",
                "outputs": {
                    "../escape.srt": dict.fromkeys(
                        ("input", "input_sha256", "options", "subsync", "sha256"), "x"
                    )
                },
            }
        ),
        "\xff\xfe not json",
    ],
    ids=["deeply-nested", "wrong-types", "outputs-a-list", "path-out-of-folder", "not-json"],
)
def test_a_manifest_that_is_not_one_is_taken_as_absent_with_a_warning(
    tmp_path: Path, content: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_NAME).write_text(content, encoding="utf-8", errors="surrogateescape")
    command = [sys.executable, "-m", "subsync", "convert", str(CLIP), "-o", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert f"cannot use {out / MANIFEST_NAME}" in done.stderr
    assert "Traceback" not in done.stderr
    assert (out / "resemble_v1_docs_clip.srt").exists()
    assert len(recorded(out)) == 1  # replaced by a good one
