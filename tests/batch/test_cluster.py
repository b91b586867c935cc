"""Converting on a Dask cluster: a real LocalCluster of two worker processes makes the same
outcomes, and through the CLI the same files, report and exit code as a local run."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from subsync import __version__
from subsync.batch.cluster import ClusterError, check_versions, local_workers, outcomes_on
from subsync.batch.convert import Request
from subsync.batch.inputs import Input
from subsync.batch.plan import Job, Outcome, run_job
from subsync.cli import main
from tests.support.helpers import INPUTS

# CI installs the extra and sets this, so a missing Dask fails there instead of skipping.
if os.environ.get("SUBSYNC_REQUIRE_DASK") != "1":
    pytest.importorskip("distributed", reason="Dask is optional: pip install 'subsync[dask]'")

_FIXTURES = [
    "resemble_v1_docs_clip.json",
    "elevenlabs_dubbing_review.json",
    "elevenlabs_tts_stream.jsonl",
    "panel_two_speakers.vtt",
    "elevenlabs_stt_interview.json",
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for name in _FIXTURES:
        shutil.copy(INPUTS / name, folder / name)
    (folder / "broken.json").write_text('{"graph_chars": ["a"], "graph_times": [[1, 0]]}')
    return folder


def test_outcomes_on_two_worker_processes_are_those_of_a_local_run(inputs: Path) -> None:
    request = Request(formats=("srt", "vtt", "json", "textgrid"))
    plans: list[Job | Outcome] = [Job(Input(str(p)), request) for p in sorted(inputs.iterdir())]
    plans.insert(2, Outcome(Input("skipped.json"), "skipped"))
    plans.append(Job(Input(str(inputs / "missing.json")), request))
    got = list(outcomes_on(plans, "local:2", __version__))
    want = [p if isinstance(p, Outcome) else run_job(p) for p in plans]
    assert [o.status for o in got] == [o.status for o in want]
    assert [o.input for o in got] == [o.input for o in want]
    assert [o.outputs for o in got] == [o.outputs for o in want]
    assert [str(o.error) for o in got] == [str(o.error) for o in want]
    assert got[-1].status == "failed" and "cannot read" in str(got[-1].error)


def test_cli_cluster_run_writes_the_bytes_report_and_exit_code_of_a_local_run(
    inputs: Path, tmp_path: Path
) -> None:
    runs = {}
    for name, extra in (("local", ["-j", "1"]), ("cluster", ["--cluster", "local:2"])):
        out = tmp_path / name
        args = ["convert", str(inputs), "-o", str(out), "--to", "srt,vtt,json", "-q", *extra]
        result = CliRunner().invoke(main, [*args, "--report", str(tmp_path / f"{name}.json")])
        files = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        report = json.loads((tmp_path / f"{name}.json").read_text())
        runs[name] = (result.exit_code, files, {k: report[k] for k in ("converted", "failed")})
    assert runs["cluster"][0] == runs["local"][0] == 1  # broken.json fails both
    manifest = ".subsync-manifest.json"
    assert runs["cluster"][1].keys() == runs["local"][1].keys()
    for key, data in runs["local"][1].items():
        if key != manifest:  # it holds the run's own folder names
            assert runs["cluster"][1][key] == data, key
    assert runs["cluster"][2] == runs["local"][2] == {"converted": 4, "failed": 1}


class _Client:
    """A stand-in for a Dask client's ``run``, as workers would answer it."""

    def __init__(self, answers: dict[str, object]) -> None:
        self.answers = answers

    def run(self, function: object, on_error: str) -> dict[str, object]:
        del function, on_error
        return self.answers


def test_workers_with_another_subsync_or_none_are_refused_by_name() -> None:
    check_versions(_Client({"tcp://a:1": __version__}), __version__)
    with pytest.raises(ClusterError, match=r"tcp://b:2 has subsync 0\.0\.9.*1 of 2 differ"):
        check_versions(_Client({"tcp://a:1": __version__, "tcp://b:2": "0.0.9"}), __version__)
    missing = ModuleNotFoundError("No module named 'subsync'")
    with pytest.raises(ClusterError, match="tcp://c:3 has no usable subsync"):
        check_versions(_Client({"tcp://c:3": missing}), __version__)
    with pytest.raises(ClusterError, match="no workers"):
        check_versions(_Client({}), __version__)


def test_cluster_addresses() -> None:
    assert local_workers("local:3") == 3
    assert local_workers("tls://scheduler.internal:8786") == 0
    for bad in ("local:", "local:0", "local:x", "local:999"):
        with pytest.raises(ClusterError, match="expected local:N"):
            local_workers(bad)


def test_an_unreachable_scheduler_is_one_error_line_and_exit_code_1(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    import subsync.batch.cluster as cluster

    monkeypatch.setattr(cluster, "_CONNECT_SECONDS", 1)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    args = ["convert", str(inputs), "-o", str(tmp_path), "--cluster", address]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"cannot reach the Dask scheduler at {address}" in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("*.srt"))
