"""`subsync convert` over many inputs: folders and globs mirrored under -o, parallel runs equal
to serial ones, the summary and --report, the manifest's incremental runs, and --check."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import subsync
import subsync.batch.plan
from subsync.batch.digest import sha256
from subsync.batch.manifest import MANIFEST_NAME
from subsync.cli import main
from tests.support.helpers import INPUTS

ELEVENLABS = "elevenlabs_dubbing_review.json"
RESEMBLE_V1 = "resemble_v1_docs_clip.json"
RESEMBLE_V2 = "resemble_v2_order_notice.json"
JAPANESE = "resemble_v2_japanese_notice.json"
EL_LANGUAGES = ("en", "es", "fr", "ja")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["convert", *args], input=stdin)


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.stderr
    return result


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below a folder by relative path (the manifest included)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def outputs(folder: Path) -> list[str]:
    return sorted(name for name in tree(folder) if name != MANIFEST_NAME)


def make_inputs(root: Path) -> Path:
    """in/a/x.json (Resemble v1), in/b/c/y.json (ElevenLabs), in/z.json (Resemble v2), plus
    files a folder walk must pass over."""
    folder = root / "in"
    for relative, name in [("a/x.json", RESEMBLE_V1), ("b/c/y.json", ELEVENLABS)]:
        (folder / relative).parent.mkdir(parents=True)
        shutil.copy(INPUTS / name, folder / relative)
    shutil.copy(INPUTS / RESEMBLE_V2, folder / "z.json")
    (folder / ".hidden").mkdir()
    shutil.copy(INPUTS / RESEMBLE_V1, folder / ".hidden" / "w.json")
    shutil.copy(INPUTS / RESEMBLE_V1, folder / ".dot.json")
    (folder / "notes.txt").write_text("not an input")
    return folder


def report(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_bytes())
    return loaded


MIRRORED = sorted(
    ["a/x.srt", "a/x.vtt", "z.srt", "z.vtt"]
    + [f"b/c/y.{lang}.{ext}" for lang in EL_LANGUAGES for ext in ("srt", "vtt")]
)


# ---------------------------------------------------------------------------------------------
# Finding inputs


def test_a_folder_is_walked_and_its_structure_mirrored(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    ok(str(folder), "--to", "srt,vtt", "-o", "out", "-q")
    assert outputs(tmp_path / "out") == MIRRORED
    # The same bytes as converting each file on its own.
    ok(str(folder / "b" / "c" / "y.json"), "--to", "srt,vtt", "-o", "single", "-q")
    for lang in EL_LANGUAGES:
        name = f"y.{lang}.vtt"
        assert (tmp_path / "out/b/c" / name).read_bytes() == (
            tmp_path / "single" / name
        ).read_bytes()


def test_plain_files_stay_flat_beside_a_mirrored_folder(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    other = tmp_path / "elsewhere" / "deep" / "j.json"
    other.parent.mkdir(parents=True)
    shutil.copy(INPUTS / JAPANESE, other)
    ok(str(folder / "a"), str(other), "-o", "out", "-q")
    assert outputs(tmp_path / "out") == ["j.srt", "x.srt"]


def test_globs_are_expanded_by_subsync_with_double_star(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    ok("in/**/*.json", "--to", "srt,vtt", "-o", "out", "-q")
    assert outputs(tmp_path / "out") == MIRRORED
    ok("in/*/*.json", "-o", "one-level", "-q")
    assert outputs(tmp_path / "one-level") == ["a/x.srt"]


def test_a_pattern_that_matches_nothing_fails_alone(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    result = run("in/z.json", "nowhere/**/*.json", "-o", "out")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("subsync: error:")]
    assert errors[0] == "subsync: error: nowhere/**/*.json: no file matches this pattern"
    assert "1 of 2 inputs failed" in errors[1]
    assert outputs(tmp_path / "out") == ["z.srt"]


def test_the_output_folder_inside_the_input_folder_is_passed_over(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    ok(str(folder), "--to", "json", "-o", str(folder / "subs"), "-q")
    again = ok(str(folder), "--to", "json", "-o", str(folder / "subs"), "-q", "--force")
    assert not any(".en.en." in name for name in outputs(folder / "subs")), again.stderr
    assert len(outputs(folder / "subs")) == 6


def test_outputs_written_among_the_inputs_are_not_taken_for_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(INPUTS / ELEVENLABS, folder / "y.json")
    ok(str(folder), "--to", "json", "-o", str(folder), "-q")
    first = tree(folder)
    result = ok(str(folder), "--to", "json", "-o", str(folder), "-q", "--report", "r.json")
    assert report(tmp_path / "r.json")["inputs"] == 1, result.stderr
    assert tree(folder) == first


def test_stdout_takes_one_input_only(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    result = run("in/a", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1\n00:00:00,023 --> ")
    result = run("in", "-o", "-")
    assert result.exit_code == 2
    assert "-o - writes one output" in result.stderr


# ---------------------------------------------------------------------------------------------
# Parallel runs


def test_parallel_run_equals_serial_run_byte_for_byte(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    for index in range(6):
        shutil.copy(INPUTS / JAPANESE, folder / "a" / f"j{index}.json")
    args = ("--to", "srt,vtt,json", "--report")
    serial = ok(str(folder), "-o", "serial", *args, "serial.json", "--jobs", "1")
    parallel = ok(str(folder), "-o", "parallel", *args, "parallel.json", "--jobs", "2")
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")
    assert len(outputs(tmp_path / "parallel")) == 3 * (1 + 6 + 4 + 1)
    # The same warnings in the same order.
    assert serial.stderr == parallel.stderr
    assert report(tmp_path / "parallel.json")["converted"] == 9


def test_a_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    (folder / "a" / "broken.json").write_bytes(b'{"graph_chars": ["a"], "graph_times": [')
    (folder / "b" / "empty.json").write_bytes(b"")
    result = run(str(folder), "--to", "srt,vtt", "-o", "out", "-q", "--jobs", "2")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"subsync: error: {folder / 'a' / 'broken.json'}: invalid JSON")
    assert lines[1].startswith(f"subsync: error: {folder / 'b' / 'empty.json'}: the file is empty")
    assert lines[2] == ("subsync: error: 2 of 5 inputs failed (3 converted, 0 skipped, 2 failed)")
    assert len(lines) == 3
    assert outputs(tmp_path / "out") == MIRRORED  # nothing for the bad ones


# ---------------------------------------------------------------------------------------------
# Summary and report


def test_summary_line_and_report(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    (folder / "bad.json").write_bytes(b"[1]")
    result = run(str(folder), "-o", "out", "--report", "reports/run.json")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        "subsync: error: 1 of 4 inputs failed (3 converted, 0 skipped, 1 failed); 7 warnings: "
        "3 x the de dub has no text yet, "
    )
    data = report(tmp_path / "reports" / "run.json")
    assert data["subsync"] == subsync.__version__
    assert (data["mode"], data["output_dir"], data["inputs"]) == ("convert", "out", 4)
    assert (data["converted"], data["skipped"], data["failed"]) == (3, 0, 1)
    assert (data["outputs"], data["written"]) == (6, 6)
    bad = str(folder / "bad.json")
    assert data["failures"] == [
        {
            "input": bad,
            "where": "$",
            "message": data["failures"][0]["message"],
            "error": f"{bad}: $: {data['failures'][0]['message']}",
        }
    ]
    assert data["failures"][0]["message"].startswith("not a known kind of input")
    assert data["outdated"] == []
    assert not [p for p in (tmp_path / "reports").iterdir() if p.name != "run.json"]


def test_a_good_batch_ends_with_a_summary_unless_quiet(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    loud = run("in/a/x.json", "in/z.json", "-o", "out")
    assert loud.exit_code == 0
    assert loud.stderr == "subsync: summary: 2 converted, 0 skipped, 0 failed\n"
    quiet = run("in/a/x.json", "in/z.json", "-o", "out", "-q", "--force")
    assert (quiet.exit_code, quiet.stderr) == (0, "")


# ---------------------------------------------------------------------------------------------
# Incremental runs


def _counts(path: Path) -> tuple[int, int, int]:
    data = report(path)
    return data["converted"], data["skipped"], data["failed"]


def _convert(folder: Path, *extra: str) -> tuple[int, int, int]:
    ok(str(folder), "--to", "srt,vtt,json", "-o", "out", "-q", "--report", "r.json", *extra)
    return _counts(folder.parent / "r.json")


def test_second_run_converts_nothing_and_touches_nothing(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    assert _convert(folder) == (3, 0, 0)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*")}
    first = tree(tmp_path / "out")
    assert _convert(folder) == (0, 3, 0)
    assert tree(tmp_path / "out") == first
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*")} == before


def test_skipping_does_not_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_inputs(tmp_path)
    assert _convert(folder) == (3, 0, 0)

    def no_parsing(*args: object) -> None:
        raise AssertionError("an unchanged input was parsed")

    monkeypatch.setattr(subsync.batch.plan, "convert", no_parsing)
    assert _convert(folder, "--jobs", "1") == (0, 3, 0)


def test_manifest_records_hashes_options_and_version(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    _convert(folder)
    manifest = report(tmp_path / "out" / MANIFEST_NAME)
    assert sorted(manifest["outputs"]) == outputs(tmp_path / "out")
    entry = manifest["outputs"]["a/x.srt"]
    assert entry["input"] == "../in/a/x.json"
    assert entry["subsync"] == subsync.__version__
    assert entry["sha256"] == sha256((tmp_path / "out/a/x.srt").read_bytes())
    assert entry["input_sha256"] == sha256((folder / "a/x.json").read_bytes())
    assert len(entry["options"]) == 64


def test_a_changed_input_is_rebuilt_alone(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    _convert(folder)
    shutil.copy(INPUTS / JAPANESE, folder / "z.json")
    assert _convert(folder) == (1, 2, 0)
    fresh = tmp_path / "fresh"
    ok(str(folder / "z.json"), "--to", "srt", "-o", str(fresh), "-q")
    assert (tmp_path / "out/z.srt").read_bytes() == (fresh / "z.srt").read_bytes()


def test_a_changed_option_rebuilds_everything(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    _convert(folder)
    assert _convert(folder, "--max-line-width", "20") == (3, 0, 0)
    assert _convert(folder, "--max-line-width", "20") == (0, 3, 0)
    assert _convert(folder, "--speaker-labels") == (3, 0, 0)
    assert _convert(folder, "--speaker-labels", "--lang", "en") == (3, 0, 0)


@pytest.mark.parametrize("damage", ["edit", "delete"])
def test_an_output_edited_or_deleted_by_hand_is_rebuilt(tmp_path: Path, damage: str) -> None:
    folder = make_inputs(tmp_path)
    _convert(folder)
    target = tmp_path / "out/b/c/y.fr.vtt"
    good = target.read_bytes()
    if damage == "edit":
        target.write_bytes(good.replace(b"WEBVTT", b"WEBVTT edited"))
    else:
        target.unlink()
    assert _convert(folder) == (1, 2, 0)
    assert target.read_bytes() == good


def test_force_rebuilds_everything(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    _convert(folder)
    assert _convert(folder, "--force") == (3, 0, 0)
    assert _convert(folder) == (0, 3, 0)


def test_an_unreadable_manifest_is_replaced_with_a_warning(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    _convert(folder)
    (tmp_path / "out" / MANIFEST_NAME).write_text("{not json")
    result = ok(str(folder), "--to", "srt,vtt,json", "-o", "out", "--report", "r.json")
    assert f"subsync: warning: cannot use out/{MANIFEST_NAME}" in result.stderr
    assert _counts(tmp_path / "r.json") == (3, 0, 0)
    assert _convert(folder) == (0, 3, 0)


def test_a_failing_input_loses_its_entries(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    _convert(folder)
    (folder / "z.json").write_bytes(b"{}")
    result = run(str(folder), "--to", "srt,vtt,json", "-o", "out", "-q", "--report", "r.json")
    assert result.exit_code == 1
    assert _counts(tmp_path / "r.json") == (0, 2, 1)
    manifest = report(tmp_path / "out" / MANIFEST_NAME)
    assert not [key for key in manifest["outputs"] if key.startswith("z.")]


def test_standard_input_is_always_converted(tmp_path: Path) -> None:
    data = (INPUTS / RESEMBLE_V1).read_bytes()
    for _ in range(2):
        result = CliRunner().invoke(
            main, ["convert", "-", "-o", "out", "-q", "--report", "r.json"], input=data
        )
        assert result.exit_code == 0, result.stderr
        assert _counts(tmp_path / "r.json") == (1, 0, 0)
    assert outputs(tmp_path / "out") == ["stdin.srt"]


# ---------------------------------------------------------------------------------------------
# --check


def test_check_in_sync_exits_0_and_writes_nothing(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    _convert(folder)
    before = tree(tmp_path / "out")
    for extra in ((), ("--force",)):  # vouched for by the manifest, then rendered and compared
        result = run(str(folder), "--to", "srt,vtt,json", "-o", "out", "--check", *extra)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        summary = result.stderr.splitlines()[-1]
        assert summary.startswith("subsync: summary: would write 0, up to date 18, orphaned 0")
        assert tree(tmp_path / "out") == before


def test_check_lists_what_differs_and_writes_nothing(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    _convert(folder)
    (tmp_path / "out/a/x.vtt").unlink()
    (tmp_path / "out/b/c/y.es.srt").write_text("edited")
    shutil.copy(INPUTS / JAPANESE, folder / "z.json")
    before = tree(tmp_path / "out")
    result = run(str(folder), "--to", "srt,vtt,json", "-o", "out", "--check", "-q")
    assert result.exit_code == 1
    # A folder's own files come before its sub-folders'.
    assert result.stdout.splitlines() == [
        "changed: out/z.srt",
        "changed: out/z.vtt",
        "changed: out/z.json",
        "missing: out/a/x.vtt",
        "changed: out/b/c/y.es.srt",
    ]
    assert result.stderr.splitlines() == [
        "subsync: error: would write 5, up to date 13, orphaned 0"
    ]
    assert tree(tmp_path / "out") == before


def test_check_with_options_changed_renders_and_compares(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    _convert(folder)
    result = run(str(folder), "--to", "srt", "-o", "out", "--check", "--max-line-width", "12")
    assert result.exit_code == 1
    assert "changed: out/a/x.srt" in result.stdout.splitlines()
    # The formats no longer asked for are orphans: recorded as made, made by nothing now.
    assert "orphaned: out/a/x.vtt" in result.stdout.splitlines()
    result = run(
        str(folder), "--to", "srt,vtt,json", "-o", "out", "--check", "--max-line-width", "12"
    )
    assert "orphaned" not in result.stdout
    same = run(str(folder), "--to", "srt,vtt,json", "-o", "out", "--check", "--report", "c.json")
    assert same.exit_code == 0, same.stdout
    data = report(tmp_path / "c.json")
    assert (data["mode"], data["current"], data["outdated"], data["orphaned"]) == (
        "check",
        18,
        [],
        [],
    )


def test_check_before_any_run_lists_everything_and_creates_nothing(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    result = run("in/a", "in/z.json", "-o", "out", "--check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["missing: out/x.srt", "missing: out/z.srt"]
    assert not (tmp_path / "out").exists()


def test_check_refuses_stdout(tmp_path: Path) -> None:
    result = run(str(INPUTS / RESEMBLE_V1), "-o", "-", "--check")
    assert result.exit_code == 2
    assert "--check" in result.stderr


# ---------------------------------------------------------------------------------------------
# Progress bar


def _stderr_through_a_terminal(args: list[str], cwd: Path) -> str:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "subsync", "convert", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait(timeout=120) == 0
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    shown = _stderr_through_a_terminal(["in", "-o", "out", "--jobs", "2"], tmp_path)
    assert "\rconverting [" in shown
    assert "] 3/3, " in shown and " files/s, " in shown and " left" in shown
    # The bar is cleared, then the warnings held back are printed by kind, then the summary.
    after_bar = shown.rsplit("\r\x1b[K", 1)[1].splitlines()
    assert after_bar[0] == ("subsync: warning: 3 x the de dub has no text yet (in/b/c/y.json)"), (
        after_bar
    )
    assert after_bar[-1].startswith("subsync: summary: 3 converted, 0 skipped, 0 failed; 7 warn")
    assert all(line.startswith("subsync: warning: 1 x ") for line in after_bar[1:-1])
    assert "$.speaker_segments" not in shown  # not one line per warning
    quiet = _stderr_through_a_terminal(["in", "-o", "out", "-q", "--force"], tmp_path)
    assert quiet == ""
    piped = run("in", "-o", "piped")
    assert "converting" not in piped.stderr and "\r" not in piped.stderr


def test_a_folder_walk_takes_saved_streams_but_never_subtitle_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(INPUTS / "elevenlabs_tts_stream.jsonl", folder / "stream.jsonl")
    shutil.copy(INPUTS / "elevenlabs_tts_stream.jsonl", folder / "stream2.NDJSON")
    # An SRT in an input folder is someone's output, not an input.
    (folder / "old.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nHi\n\n")
    ok(str(folder), "--to", "srt", "-o", "out", "-q")
    assert outputs(tmp_path / "out") == ["stream.srt", "stream2.srt"]
