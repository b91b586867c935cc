"""The public Python API: exactly the names in __all__, pure reading and rendering,
typed for callers, picklable results, and process pools."""

from __future__ import annotations

import builtins
import io
import os
import socket
import subprocess
import sys
import types
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

import subsync
from tests.support.helpers import GOLDEN, INPUTS, ROOT, formats_for

PUBLIC = {
    "FORMATS", "PRESETS", "SOURCES", "Cue", "Document", "FetchError", "HttpPolicy", "InputError",
    "Layout", "Mark", "Notice", "OutputError", "ParseOptions", "Parsed", "SubsyncError",
    "Timeline", "Violation", "Word", "WriteOptions", "__version__", "check", "fetch_elevenlabs",
    "fetch_resemble", "convert_files", "load", "parse", "place", "relayout", "render", "save",
}  # fmt: skip


def test_all_lists_exactly_the_public_names() -> None:
    assert set(subsync.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(subsync, name) is not None
    defined = {
        name
        for name, value in vars(subsync).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert defined | {"HttpPolicy", "Violation", "__version__"} == PUBLIC


def test_importing_subsync_does_not_load_the_http_stack() -> None:
    code = "import sys, subsync; print('requests' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"


def test_parse_and_render_touch_neither_disk_nor_network(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("I/O during parse or render")

    # A format's writer code is imported on its first use (start-up stays small); importing
    # code is not what this test is about, so every writer is loaded first.
    warm_up = subsync.parse(data, name="warm-up").documents
    for fmt in formats_for(list(warm_up)):
        subsync.render(warm_up[0], fmt)
    for target, name in [(builtins, "open"), (io, "open"), (os, "open"), (socket, "socket")]:
        monkeypatch.setattr(target, name, refuse)
    parsed = subsync.parse(data, name="in-memory")
    formats = formats_for(list(parsed.documents))
    texts = [subsync.render(d, f) for d in parsed.documents for f in formats]
    monkeypatch.undo()
    assert len(texts) == 4 * len(formats)
    assert all(texts)


def test_parse_takes_bytes_text_and_dicts_alike() -> None:
    data = (INPUTS / "resemble_v1_docs_clip.json").read_bytes()
    import json

    as_bytes = subsync.parse(data)
    assert subsync.parse(data.decode("utf-8")) == as_bytes
    assert subsync.parse(json.loads(data)) == as_bytes
    with pytest.raises(subsync.InputError) as caught:
        subsync.parse({"graph_chars": ["a"], "graph_times": [[0.0, float("nan")]]}, name="d")
    assert (
        str(caught.value) == "d: $.graph_times[0][1]: expected a finite number, got the number nan"
    )


def test_subsync_json_reads_back_as_the_document_it_came_from() -> None:
    # fixtures/inputs/subsync_document_roundtrip.json is `subsync convert
    # resemble_v1_docs_clip.json --to json`: the same model, so the same goldens.
    (original,) = subsync.load(INPUTS / "resemble_v1_docs_clip.json").documents
    (again,) = subsync.load(INPUTS / "subsync_document_roundtrip.json").documents
    assert again == original
    assert again.graphemes and again.phonemes
    assert all(w.graphemes and w.phonemes for c in again.cues for w in c.words)
    for ext in ("srt", "vtt", "json"):
        golden = (GOLDEN / f"subsync_document_roundtrip.{ext}").read_bytes()
        assert golden == (GOLDEN / f"resemble_v1_docs_clip.{ext}").read_bytes(), ext
        assert subsync.render(again, ext).encode("utf-8") == golden, ext


def test_relayout_rebuilds_word_cues_and_keeps_every_word() -> None:
    (document,) = subsync.load(INPUTS / "resemble_v1_docs_clip.json").documents
    narrow = subsync.relayout(document, subsync.Layout(max_line_width=16, max_lines=1))
    assert [w for c in narrow.cues for w in c.words] == [w for c in document.cues for w in c.words]
    assert all(len(line) <= 16 for c in narrow.cues for line in c.lines)
    assert len(narrow.cues) > len(document.cues)
    assert subsync.relayout(document) == document


def test_relayout_keeps_edited_frames() -> None:
    english = subsync.load(INPUTS / "elevenlabs_dubbing_review.json").documents[0]
    assert subsync.relayout(english, subsync.Layout(max_line_width=10)) == english


def test_save_is_atomic_and_utf8(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "x.srt"
    subsync.save(target, "héllo\n")
    assert target.read_bytes() == "héllo\n".encode()
    assert [p.name for p in target.parent.iterdir()] == ["x.srt"]


def test_unknown_format_is_a_subsync_error() -> None:
    (document,) = subsync.load(INPUTS / "resemble_v1_docs_clip.json").documents
    with pytest.raises(subsync.OutputError, match="choose from srt, vtt, json"):
        subsync.render(document, "docx")


def _convert_in_worker(path: str) -> list[str]:
    parsed = subsync.load(path)
    return [subsync.render(d, "srt") for d in parsed.documents]


def test_conversion_runs_in_a_process_pool() -> None:
    paths = [str(p) for p in sorted(INPUTS.glob("*.json"))]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_convert_in_worker, paths))
    assert results == [_convert_in_worker(p) for p in paths]


def test_errors_cross_process_boundaries(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"graph_chars": ["a"], "graph_times": []}')
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_convert_in_worker, str(bad))
        with pytest.raises(subsync.InputError) as caught:
            future.result()
    assert caught.value.where == "$.graph_times"
    assert caught.value.input == str(bad)


def test_fetch_elevenlabs_from_python(httpserver: HTTPServer) -> None:
    body = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()
    httpserver.expect_request(
        "/v1/dubbing/resource/dub1", headers={"xi-api-key": "k-123"}
    ).respond_with_data(body)
    data = subsync.fetch_elevenlabs("dub1", api_key="k-123", base_url=httpserver.url_for("/"))
    assert data == body
    assert [d.language for d in subsync.parse(data).documents] == ["en", "es", "fr", "ja"]


def test_python_dash_m_subsync_is_the_command() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "subsync", "--version"], capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == f"subsync, version {subsync.__version__}"


def test_a_strict_caller_type_checks() -> None:
    shown = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "tests/support/typed_caller.py",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert shown.returncode == 0, shown.stdout + shown.stderr
