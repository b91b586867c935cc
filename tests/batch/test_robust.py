"""One bad input never stops a batch: a time past every bound, a bug met with one input, a
worker process that dies; through ``convert``, ``fetch --to`` and the Python API."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

import subsync
import subsync.batch.plan
from subsync.batch.convert import Converted, Request
from subsync.batch.manifest import MANIFEST_NAME
from subsync.cli import main
from subsync.errors import InputError, InternalError
from tests.support.helpers import INPUTS

CLIP = json.loads((INPUTS / "resemble_v1_docs_clip.json").read_bytes())
DUB = json.loads((INPUTS / "elevenlabs_dubbing_review.json").read_bytes())


def with_huge_time(raw: dict[str, object], path: tuple[str | int, ...]) -> bytes:
    """The payload with one time set to 1e308: finite, but infinite once in microseconds."""
    data = json.loads(json.dumps(raw))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = 1e308
    return json.dumps(data).encode()


HUGE_CLIP = with_huge_time(CLIP, ("audio_timestamps", "graph_times", 3, 1))
FIRST_SEGMENT = next(iter(DUB["speaker_segments"]))
HUGE_DUB = with_huge_time(DUB, ("speaker_segments", FIRST_SEGMENT, "end_time"))


@pytest.mark.parametrize("unit", ["s", "ms", None])
def test_a_finite_time_too_large_for_microseconds_is_an_input_error_naming_it(
    unit: Literal["s", "ms"] | None,
) -> None:
    options = subsync.ParseOptions(time_unit=unit) if unit else subsync.ParseOptions()
    with pytest.raises(InputError) as caught:
        subsync.parse(HUGE_CLIP, name="huge.json", options=options)
    assert caught.value.where == "$.audio_timestamps.graph_times[3][1]"
    assert "past 100 hours" in caught.value.message


def test_a_huge_time_in_the_json_walker_names_its_field() -> None:
    with pytest.raises(InputError) as caught:
        subsync.parse(HUGE_DUB, name="dub.json")
    assert caught.value.where == f"$.speaker_segments.{FIRST_SEGMENT}.end_time"
    assert "past 100 hours" in caught.value.message


def test_a_huge_whole_number_in_subsync_json_is_refused_not_overflowed() -> None:
    document = json.loads((INPUTS / "subsync_document_roundtrip.json").read_bytes())
    document["cues"][0]["end_us"] = 10**400
    with pytest.raises(InputError) as caught:
        subsync.parse(document, name="doc.json")
    assert caught.value.where == "$.cues[0].end_us"
    assert "1329 bits, past 100 hours" in caught.value.message


def test_twenty_good_clips_and_one_huge_time_write_every_good_output_and_the_manifest(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(20):
        (folder / f"clip{index:02d}.json").write_text(json.dumps(CLIP), encoding="utf-8")
    (folder / "clip10-huge.json").write_bytes(HUGE_CLIP)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "subsync", "convert", str(folder), "-o", str(out), "-j", "2"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "clip10-huge.json: $.audio_timestamps.graph_times[3][1]: is 1e+308" in done.stderr
    assert "20 converted, 0 skipped, 1 failed" in done.stderr
    assert sorted(p.name for p in out.glob("*.srt")) == [f"clip{i:02d}.srt" for i in range(20)]
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == 20


def test_fetch_to_saves_and_converts_the_others_around_a_huge_time(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    ids = [f"dub{index}" for index in range(4)]
    for dub in ids:
        body = HUGE_DUB if dub == "dub1" else json.dumps(DUB).encode()
        httpserver.expect_request(f"/v1/dubbing/resource/{dub}").respond_with_data(body)
    out = tmp_path / "out"
    base = ["--base-url", httpserver.url_for("/"), "-o", str(out), "--to", "srt", "-q"]
    env = {"ELEVENLABS_API_KEY": "sk_test_robust"}
    result = CliRunner().invoke(main, ["fetch", "elevenlabs", *ids, *base], env=env)
    assert result.exit_code == 1, result.stderr
    assert "past 100 hours" in result.stderr
    assert {p.name for p in out.glob("dub*.json")} == {f"{dub}.json" for dub in ids}
    made = {p.name.split(".")[0] for p in out.glob("*.srt")}
    assert made == {"dub0", "dub2", "dub3"}


def _failing_on(name: str, fault: Callable[[], None]) -> object:
    """convert, but ``fault()`` runs first for input ``name``."""
    real = subsync.batch.plan.convert  # type: ignore[attr-defined]

    def convert(data: bytes, input_name: str, request: Request) -> Converted:
        if Path(input_name).name == name:
            fault()
        return real(data, input_name, request)

    return convert


def _bug() -> None:
    raise ZeroDivisionError("a bug")


def test_a_bug_met_with_one_input_is_an_internal_error_for_it_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subsync.batch.plan, "convert", _failing_on("b.json", _bug))
    for name in ("a.json", "b.json", "c.json"):
        (tmp_path / name).write_text(json.dumps(CLIP), encoding="utf-8")
    inputs = [str(tmp_path / n) for n in ("a.json", "b.json", "c.json")]
    result = subsync.convert_files(inputs, tmp_path / "out", ["srt"], jobs=1)
    assert [r.status for r in result.results] == ["converted", "failed", "converted"]
    error = result.results[1].error
    assert isinstance(error, InternalError)
    assert "internal error (ZeroDivisionError: a bug)" in error.message
    assert "please report it" in error.message


def _killed_in_workers(parent: int) -> Callable[[], None]:
    def kill() -> None:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer does

    return kill


def test_a_worker_killed_fails_its_input_alone_and_the_others_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Workers fork from this process, so they run the patched convert.
    monkeypatch.setattr(
        subsync.batch.plan, "convert", _failing_on("c.json", _killed_in_workers(os.getpid()))
    )
    names = [f"{letter}.json" for letter in "abcdef"]
    for name in names:
        (tmp_path / name).write_text(json.dumps(CLIP), encoding="utf-8")
    inputs = [str(tmp_path / n) for n in names]
    result = subsync.convert_files(inputs, tmp_path / "out", ["srt"], jobs=2)
    statuses = {Path(r.name).name: r.status for r in result.results}
    assert statuses == {name: "failed" if name == "c.json" else "converted" for name in names}
    error = result.results[2].error
    assert isinstance(error, InternalError)
    assert "worker process converting this input died" in error.message
    assert len(list((tmp_path / "out").glob("*.srt"))) == 5
