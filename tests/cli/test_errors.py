"""The `subsync convert` command's contract: exit codes, error lines, outputs, stdin/stdout."""

from __future__ import annotations

import copy
import json
import os
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from subsync.batch.manifest import MANIFEST_NAME
from subsync.cli import main
from tests.support.helpers import INPUTS

ELEVENLABS = "elevenlabs_dubbing_review.json"
RESEMBLE_V1 = "resemble_v1_docs_clip.json"
RESEMBLE_V2 = "resemble_v2_order_notice.json"
ALL_FORMATS = ("srt", "vtt", "json")
EL_LANGUAGES = ("en", "es", "fr", "ja")  # de has no dub text, so it has no output
SEGMENT = "seg_01HX3KB5C1"  # the first ElevenLabs speaker segment
ERROR = "subsync: error: "
WARNING = "subsync: warning: "
TOKEN = "@@TOKEN@@"


# ---------------------------------------------------------------------------------------------
# Helpers


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test from tmp_path, so a default ``-o .`` can never write into the repo."""
    monkeypatch.chdir(tmp_path)


def run(*args: str, stdin: bytes | None = None) -> Result:
    """Invoke ``subsync convert ARGS`` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(main, ["convert", *args], input=stdin)


def assert_no_crash(result: Result) -> None:
    """The command ended through sys.exit, not through an uncaught exception."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r} (a traceback for the user)")
    assert "Traceback" not in result.stderr


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(ERROR)]


def warning_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(WARNING)]


def listing(folder: Path) -> list[str]:
    """Every entry of a folder, hidden temp files included, but for the manifest subsync
    keeps beside its outputs; [] when it does not exist."""
    names = os.listdir(folder) if folder.exists() else []
    return sorted(name for name in names if name != MANIFEST_NAME)


def fixture(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((INPUTS / name).read_bytes())
    return loaded


def edited(
    name: str, change: Callable[[dict[str, Any]], None], token: bytes | None = None
) -> bytes:
    """A fixture's JSON after ``change``; a string TOKEN in it becomes the raw ``token`` bytes."""
    data = fixture(name)
    change(data)
    raw = json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8")
    if token is not None:
        assert raw.count(f'"{TOKEN}"'.encode()) == 1
        raw = raw.replace(f'"{TOKEN}"'.encode(), token)
    return raw


def outputs(
    stem: str, languages: tuple[str | None, ...], formats: tuple[str, ...] = ALL_FORMATS
) -> list[str]:
    return sorted(
        ".".join(p for p in (stem, lang, fmt) if p) for lang in languages for fmt in formats
    )


def reference(tmp_path: Path, name: str, *args: str) -> dict[str, bytes]:
    """The outputs of converting one fixture on its own, by file name."""
    folder = tmp_path / f"reference-{name}-{'-'.join(args)}"
    result = run(str(INPUTS / name), "--to", ",".join(ALL_FORMATS), "-o", str(folder), "-q", *args)
    assert result.exit_code == 0, result.stderr
    return {p.name: p.read_bytes() for p in folder.iterdir()}


# ---------------------------------------------------------------------------------------------
# Bad inputs: exit 1, one error line naming the file, the JSON path and what was expected,
# no traceback, and nothing written.


def _v1_times(change: Callable[[list[Any]], None]) -> Callable[[dict[str, Any]], None]:
    return lambda d: change(d["audio_timestamps"]["graph_times"])


def _segment(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    return lambda d: change(d["speaker_segments"][SEGMENT])


def _set(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda obj: obj.__setitem__(key, value)


def _swap(times: list[Any]) -> None:
    start, end = times[3]
    times[3] = [end + 0.5, start]


def _truncated() -> bytes:
    raw = (INPUTS / RESEMBLE_V1).read_bytes()
    return raw[: len(raw) // 2]


def _binary() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(256)


def _ms(name: str) -> bytes:
    def scale(d: dict[str, Any]) -> None:
        stamps = d["item"]["timestamps"] if "item" in d else d["audio_timestamps"]
        stamps["graph_times"] = [[t * 1000 for t in pair] for pair in stamps["graph_times"]]

    return edited(name, scale)


_NUMBER_TIME = _v1_times(lambda t: t[3].__setitem__(0, TOKEN))
_LINES = f"$.speaker_segments.{SEGMENT}.subtitles[0]"

# (id, bytes of the input, JSON path it must name or None for file-level errors, fragments)
BAD_INPUTS: list[tuple[str, Callable[[], bytes], str | None, tuple[str, ...]]] = [
    ("truncated", _truncated, None, ("invalid JSON at line", "truncated")),
    ("empty", lambda: b"", None, ("empty", "expected a JSON document")),
    ("whitespace-only", lambda: b" \n\t\r\n  ", None, ("empty", "expected a JSON document")),
    ("binary-png", _binary, None, ("not UTF-8", "binary", "expected a JSON document")),
    ("top-level-array", lambda: b"[1, 2, 3]\n", "$", ("not a known kind", "--source")),
    ("top-level-number", lambda: b"42\n", "$", ("not a known kind", "--source")),
    (
        "graph-chars-entry-number",
        lambda: edited(
            RESEMBLE_V1, lambda d: d["audio_timestamps"]["graph_chars"].__setitem__(2, 5)
        ),
        "$.audio_timestamps.graph_chars[2]",
        ("expected a string", "the number 5"),
    ),
    (
        "speaker-segments-list",
        lambda: edited(ELEVENLABS, _set("speaker_segments", [])),
        "$.speaker_segments",
        ("expected an object", "an array"),
    ),
    (
        "frame-lines-string",
        lambda: edited(
            ELEVENLABS, _segment(lambda s: s["subtitles"][0].__setitem__("lines", "hi"))
        ),
        f"{_LINES}.lines",
        ("expected an array", "a string 'hi'"),
    ),
    (
        "start-time-string",
        lambda: edited(ELEVENLABS, _segment(_set("start_time", "8.0"))),
        f"$.speaker_segments.{SEGMENT}.start_time",
        ("expected a number", "a string '8.0'"),
    ),
    (
        "graph-times-one-short",
        lambda: edited(RESEMBLE_V1, _v1_times(lambda t: t.pop())),
        "$.audio_timestamps.graph_times",
        ("has 77 entries but graph_chars has 78", "[start, end] pair"),
    ),
    (
        "nan-time",
        lambda: edited(RESEMBLE_V1, _NUMBER_TIME, b"NaN"),
        "$.audio_timestamps.graph_times[3][0]",
        ("expected a finite number",),
    ),
    (
        "infinity-time",
        lambda: edited(RESEMBLE_V1, _NUMBER_TIME, b"Infinity"),
        "$.audio_timestamps.graph_times[3][0]",
        ("expected a finite number",),
    ),
    (
        "minus-infinity-time",
        lambda: edited(RESEMBLE_V1, _NUMBER_TIME, b"-Infinity"),
        "$.audio_timestamps.graph_times[3][0]",
        ("expected a finite number",),
    ),
    (
        "elevenlabs-nan-start-time",
        lambda: edited(ELEVENLABS, _segment(_set("start_time", TOKEN)), b"NaN"),
        f"$.speaker_segments.{SEGMENT}.start_time",
        ("expected a finite number",),
    ),
    (
        "negative-time",
        lambda: edited(RESEMBLE_V1, _v1_times(lambda t: t[3].__setitem__(0, -0.5))),
        "$.audio_timestamps.graph_times[3][0]",
        ("expected a time of 0 or more", "-0.5"),
    ),
    (
        "elevenlabs-negative-start-time",
        lambda: edited(ELEVENLABS, _segment(_set("start_time", -1))),
        f"$.speaker_segments.{SEGMENT}.start_time",
        ("expected a time of 0 or more",),
    ),
    (
        "pair-end-before-start",
        lambda: edited(RESEMBLE_V1, _v1_times(_swap)),
        "$.audio_timestamps.graph_times[3]",
        ("before it starts",),
    ),
    (
        "frame-end-before-start",
        lambda: edited(
            ELEVENLABS, _segment(lambda s: s["subtitles"][0].__setitem__("end_time", 7.0))
        ),
        f"{_LINES}.end_time",
        ("before it starts (8.000 s)",),
    ),
    (
        "pair-of-one-number",
        lambda: edited(RESEMBLE_V1, _v1_times(lambda t: t.__setitem__(3, [0.1]))),
        "$.audio_timestamps.graph_times[3]",
        ("expected a [start, end] pair of numbers",),
    ),
    (
        "lone-surrogate-grapheme",
        lambda: edited(
            RESEMBLE_V1,
            lambda d: d["audio_timestamps"]["graph_chars"].__setitem__(3, TOKEN),
            b'"\\ud800"',
        ),
        "$.audio_timestamps.graph_chars[3]",
        ("lone surrogate", "U+D800"),
    ),
    (
        "lone-surrogate-segment-text",
        lambda: edited(ELEVENLABS, _segment(_set("text", TOKEN)), b'"ok \\ud800"'),
        f"$.speaker_segments.{SEGMENT}.text",
        ("lone surrogate", "U+D800"),
    ),
    (
        "resemble-v1-milliseconds",
        lambda: _ms(RESEMBLE_V1),
        "$.audio_timestamps",
        ("milliseconds", "--time-unit ms"),
    ),
    (
        "resemble-v2-milliseconds",
        lambda: _ms(RESEMBLE_V2),
        "$.item.timestamps",
        ("milliseconds", "--time-unit ms"),
    ),
    (
        "resemble-v2-failure-body",
        lambda: b'{"success": false, "message": "Clip not found"}',
        "$",
        ("Resemble reported a failure", "Clip not found"),
    ),
    (
        "resemble-v2-null-timestamps",
        lambda: edited(RESEMBLE_V2, lambda d: d["item"].__setitem__("timestamps", None)),
        "$.item",
        ("no timing data", "timestamps"),
    ),
    (
        "elevenlabs-segment-missing-start-time",
        lambda: edited(ELEVENLABS, _segment(lambda s: s.pop("start_time"))),
        f"$.speaker_segments.{SEGMENT}.start_time",
        ("required field is missing",),
    ),
]


def _check_bad(result: Result, path: Path, where: str | None, fragments: tuple[str, ...]) -> None:
    assert_no_crash(result)
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    line = lines[0]
    prefix = f"{ERROR}{path}: "
    assert line.startswith(prefix), line
    if where is not None:
        assert line.startswith(f"{prefix}{where}: "), line
    for fragment in fragments:
        assert fragment in line, line
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("make", "where", "fragments"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_INPUTS],
)
def test_bad_input_fails_with_one_located_error_and_no_output(
    tmp_path: Path, make: Callable[[], bytes], where: str | None, fragments: tuple[str, ...]
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(make())
    out = tmp_path / "out"
    result = run(str(path), "--to", "srt,vtt,json", "-o", str(out))
    _check_bad(result, path, where, fragments)
    assert listing(out) == []


def test_missing_input_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "clip.json"
    out = tmp_path / "out"
    result = run(str(path), "-o", str(out))
    _check_bad(result, path, None, ("cannot read", "No such file"))
    assert listing(out) == []


@pytest.mark.parametrize("name", [RESEMBLE_V1, RESEMBLE_V2])
def test_millisecond_times_convert_with_time_unit_ms(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(_ms(name))
    out = tmp_path / "out"
    result = run(str(path), "--to", "srt,vtt", "-o", str(out), "--time-unit", "ms")
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert error_lines(result) == []
    stem = name.removesuffix(".json")
    assert listing(out) == outputs(stem, (None,), ("srt", "vtt"))
    expected = reference(tmp_path, name)
    for file_name in listing(out):
        assert (out / file_name).read_bytes() == expected[file_name], file_name


# ---------------------------------------------------------------------------------------------
# Inputs that once escaped the contract (no traceback, no output, nothing outside -o).


def test_integer_time_too_large_for_a_float(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(edited(RESEMBLE_V1, _NUMBER_TIME, b"1" + b"0" * 400))
    out = tmp_path / "out"
    result = run(str(path), "-o", str(out))
    _check_bad(result, path, "$.audio_timestamps.graph_times[3][0]", ("expected",))
    assert listing(out) == []


def test_integer_literal_longer_than_python_int_limit(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(edited(RESEMBLE_V1, _NUMBER_TIME, b"1" + b"0" * 5000))
    out = tmp_path / "out"
    result = run(str(path), "-o", str(out))
    _check_bad(result, path, None, ("digits",))
    assert listing(out) == []


def test_lone_surrogate_in_a_segment_id(tmp_path: Path) -> None:
    def rename(d: dict[str, Any]) -> None:
        d["speaker_segments"][TOKEN] = d["speaker_segments"].pop(SEGMENT)

    path = tmp_path / "bad.json"
    path.write_bytes(edited(ELEVENLABS, rename, b'"\\ud800"'))
    out = tmp_path / "out"
    result = run(str(path), "--to", "srt,vtt,json", "-o", str(out), "-q")
    assert_no_crash(result)
    assert result.exit_code == 1
    assert len(error_lines(result)) == 1
    assert "surrogate" in error_lines(result)[0]
    assert listing(out) == []


def test_language_code_cannot_write_outside_the_output_folder(tmp_path: Path) -> None:
    def add_dub(d: dict[str, Any]) -> None:
        dubs = d["speaker_segments"][SEGMENT]["dubs"]
        dubs["/../../escaped"] = copy.deepcopy(dubs["fr"])

    work = tmp_path / "work"
    work.mkdir()
    path = work / "clip.json"
    path.write_bytes(edited(ELEVENLABS, add_dub))
    out = work / "out"
    result = run(str(path), "-o", str(out), "-q")
    assert_no_crash(result)
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert all(w == "work/clip.json" or w.startswith("work/out/") for w in written), written
    assert all(p.parent == out for p in out.rglob("*")), listing(out)
    assert result.exit_code == 1
    assert "cannot name an output file" in error_lines(result)[0]
    assert listing(out) == []


# ---------------------------------------------------------------------------------------------
# Exit codes: 0, 1 with the good inputs still written, 2 for usage errors.


def test_all_good_inputs_exit_0(tmp_path: Path) -> None:
    out = tmp_path / "out"
    names = (ELEVENLABS, RESEMBLE_V1, RESEMBLE_V2)
    result = run(*(str(INPUTS / n) for n in names), "--to", "srt,vtt,json", "-o", str(out), "-q")
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert listing(out) == sorted(
        outputs("elevenlabs_dubbing_review", EL_LANGUAGES)
        + outputs("resemble_v1_docs_clip", (None,))
        + outputs("resemble_v2_order_notice", (None,))
    )


def test_batch_good_bad_good_writes_the_good_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_bytes(_truncated())
    out = tmp_path / "out"
    args = [str(INPUTS / RESEMBLE_V1), str(bad), str(INPUTS / RESEMBLE_V2)]
    result = run(*args, "--to", "srt,vtt,json", "-o", str(out))
    assert_no_crash(result)
    assert result.exit_code == 1
    errors = error_lines(result)
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith(f"{ERROR}{bad}: invalid JSON"), errors
    assert "1 of 3 inputs failed" in errors[1], errors
    assert listing(out) == sorted(
        outputs("resemble_v1_docs_clip", (None,)) + outputs("resemble_v2_order_notice", (None,))
    )
    expected = {**reference(tmp_path, RESEMBLE_V1), **reference(tmp_path, RESEMBLE_V2)}
    for name in listing(out):
        assert (out / name).read_bytes() == expected[name], name


def test_batch_counts_every_failure(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    result = run(
        str(empty), str(tmp_path / "missing.json"), str(INPUTS / RESEMBLE_V1), "-o", str(out)
    )
    assert_no_crash(result)
    assert result.exit_code == 1
    errors = error_lines(result)
    assert len(errors) == 3, errors
    assert "2 of 3 inputs failed" in errors[-1]
    assert listing(out) == ["resemble_v1_docs_clip.srt"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        pytest.param(["IN", "--to", "docx"], "unknown format docx", id="unknown-format"),
        pytest.param(["IN", "--to", "srt,sub"], "unknown format sub", id="one-unknown-format"),
        pytest.param(["IN", "--to", ""], "unknown format", id="empty-format-list"),
        pytest.param(["IN", "--source", "whisper"], "--source", id="unknown-source"),
        pytest.param(["IN", "IN", "-o", "-"], "-o -", id="stdout-two-inputs"),
        pytest.param(["IN", "--to", "srt,vtt", "-o", "-"], "-o -", id="stdout-two-formats"),
        pytest.param([], "Missing argument", id="no-input"),
        pytest.param(["IN", "--time-unit", "minutes"], "--time-unit", id="unknown-time-unit"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(
    tmp_path: Path, args: list[str], fragment: str
) -> None:
    good = str(INPUTS / RESEMBLE_V1)
    argv = [good if a == "IN" else a for a in args]
    result = run(*argv)
    assert_no_crash(result)
    assert result.exit_code == 2, result.stderr
    assert fragment in result.stderr
    assert result.stdout == ""
    assert listing(tmp_path) == []  # the default -o . is tmp_path


# ---------------------------------------------------------------------------------------------
# Standard input and standard output.


@pytest.mark.parametrize(
    ("name", "languages"),
    [
        pytest.param(RESEMBLE_V1, (None,), id="resemble-has-no-language"),
        pytest.param(ELEVENLABS, EL_LANGUAGES, id="elevenlabs-per-language"),
    ],
)
def test_stdin_input_is_named_stdin(
    tmp_path: Path, name: str, languages: tuple[str | None, ...]
) -> None:
    out = tmp_path / "out"
    result = run(
        "-", "--to", "srt,vtt,json", "-o", str(out), "-q", stdin=(INPUTS / name).read_bytes()
    )
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert listing(out) == outputs("stdin", languages)
    stem = name.removesuffix(".json")
    expected = reference(tmp_path, name)
    for file_name in ("srt", "vtt"):
        for lang in languages:
            tail = ".".join(p for p in (lang, file_name) if p)
            assert (out / f"stdin.{tail}").read_bytes() == expected[f"{stem}.{tail}"]


def test_stdin_error_names_stdin(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("-", "-o", str(out), stdin=b"[1, 2]")
    assert_no_crash(result)
    assert result.exit_code == 1
    assert error_lines(result) == [result.stderr.strip()]
    assert result.stderr.startswith(f"{ERROR}<stdin>: $: not a known kind")
    assert listing(out) == []


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize("from_stdin", [False, True], ids=["file", "stdin"])
def test_stdout_output_matches_the_file_byte_for_byte(
    tmp_path: Path, fmt: str, from_stdin: bool
) -> None:
    data = (INPUTS / RESEMBLE_V2).read_bytes()
    source = "-" if from_stdin else str(INPUTS / RESEMBLE_V2)
    result = run(source, "--to", fmt, "-o", "-", stdin=data if from_stdin else None)
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert listing(tmp_path) == []  # nothing written to the default -o .
    expected = reference(tmp_path, RESEMBLE_V2)[f"resemble_v2_order_notice.{fmt}"]
    assert result.stdout_bytes == expected


def test_stdout_with_several_languages_needs_lang(tmp_path: Path) -> None:
    result = run(str(INPUTS / ELEVENLABS), "-o", "-", "-q")
    assert_no_crash(result)
    assert result.exit_code == 1
    assert result.stdout_bytes == b""
    errors = error_lines(result)
    assert len(errors) == 1, result.stderr
    assert "--lang" in errors[0] and "4 outputs" in errors[0], errors


def test_stdout_with_lang_picks_one_language_and_warns_on_stderr(tmp_path: Path) -> None:
    result = run(
        "-", "--to", "vtt", "-o", "-", "--lang", "es", stdin=(INPUTS / ELEVENLABS).read_bytes()
    )
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout_bytes == reference(tmp_path, ELEVENLABS)["elevenlabs_dubbing_review.es.vtt"]
    )
    assert WARNING not in result.stdout
    assert warning_lines(result), "the warnings still go to stderr"


# ---------------------------------------------------------------------------------------------
# --lang


def test_lang_filter_writes_only_those_languages(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        str(INPUTS / ELEVENLABS), "--to", "srt,vtt,json", "-o", str(out), "--lang", "es,fr", "-q"
    )
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert listing(out) == outputs("elevenlabs_dubbing_review", ("es", "fr"))


def test_lang_not_in_input_fails_and_lists_the_languages(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = INPUTS / ELEVENLABS
    result = run(str(path), "-o", str(out), "--lang", "xx", "-q")
    assert_no_crash(result)
    assert result.exit_code == 1
    errors = error_lines(result)
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"{ERROR}{path}: ")
    assert "xx" in errors[0] and "en, es, fr, ja" in errors[0], errors
    assert listing(out) == []


@pytest.mark.parametrize("name", [RESEMBLE_V1, RESEMBLE_V2])
def test_lang_names_the_outputs_of_a_resemble_clip(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    result = run(str(INPUTS / name), "--to", "srt,vtt,json", "-o", str(out), "--lang", "en")
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    stem = name.removesuffix(".json")
    assert listing(out) == outputs(stem, ("en",))
    expected = reference(tmp_path, name)
    for fmt in ("srt", "vtt"):
        assert (out / f"{stem}.en.{fmt}").read_bytes() == expected[f"{stem}.{fmt}"]


# ---------------------------------------------------------------------------------------------
# Warnings


EL_WARNINGS = [
    pytest.param(f"$.speaker_segments.{SEGMENT}.dubs.es: ", "es dub audio is stale", 1, id="stale"),
    pytest.param(".dubs.de.text: ", "de dub has no text", 3, id="de-null-text"),
    pytest.param("$.speaker_segments: ", "no de output", 1, id="no-de-output"),
    pytest.param(
        "$.speaker_segments.seg_01HX3KA0B7.subtitles[1]: ",
        "falls outside its segment",
        1,
        id="frame-outside-segment",
    ),
    pytest.param(f"{_LINES}: ", "overlaps an earlier cue", 1, id="overlap"),
]


@pytest.mark.parametrize(("where", "fragment", "count"), EL_WARNINGS)
def test_elevenlabs_warnings(tmp_path: Path, where: str, fragment: str, count: int) -> None:
    path = INPUTS / ELEVENLABS
    result = run(str(path), "-o", str(tmp_path / "out"))
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    matching = [w for w in warning_lines(result) if fragment in w]
    assert len(matching) == count, result.stderr
    assert all(w.startswith(f"{WARNING}{path}: ") and where in w for w in matching), matching


def test_warnings_go_to_stderr_and_quiet_hides_them(tmp_path: Path) -> None:
    loud, quiet = tmp_path / "loud", tmp_path / "quiet"
    path = str(INPUTS / ELEVENLABS)
    result = run(path, "--to", "srt,vtt,json", "-o", str(loud))
    assert_no_crash(result)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.splitlines() == warning_lines(result)
    assert len(warning_lines(result)) == 7
    hushed = run(path, "--to", "srt,vtt,json", "-o", str(quiet), "-q")
    assert hushed.exit_code == 0
    assert hushed.stderr == "" and hushed.stdout == ""
    assert listing(loud) == listing(quiet) == outputs("elevenlabs_dubbing_review", EL_LANGUAGES)
    assert not any(".de." in name for name in listing(loud))


def test_quiet_does_not_hide_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"")
    result = run(str(INPUTS / ELEVENLABS), str(bad), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1
    assert warning_lines(result) == []
    assert len(error_lines(result)) == 2


# ---------------------------------------------------------------------------------------------
# Output encoding


@pytest.mark.parametrize("name", sorted(p.name for p in INPUTS.glob("*.json")))
def test_outputs_are_utf8_without_bom_and_end_with_newline(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    result = run(str(INPUTS / name), "--to", "srt,vtt,json", "-o", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    assert listing(out)
    for file_name in listing(out):
        data = (out / file_name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), file_name
        data.decode("utf-8")  # strict: raises on anything that is not UTF-8
        assert data.endswith(b"\n"), file_name
        assert not file_name.endswith(".tmp") and not file_name.startswith("."), file_name


# ---------------------------------------------------------------------------------------------
# Two inputs with the same name


def test_same_file_name_twice_refuses_to_overwrite(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "clip.json", tmp_path / "b" / "clip.json"
    first.parent.mkdir()
    second.parent.mkdir()
    shutil.copy(INPUTS / RESEMBLE_V1, first)
    shutil.copy(INPUTS / RESEMBLE_V2, second)
    out = tmp_path / "out"
    result = run(str(first), str(second), "--to", "srt,vtt", "-o", str(out))
    assert_no_crash(result)
    assert result.exit_code == 1
    errors = error_lines(result)
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith(f"{ERROR}{second}: would overwrite "), errors
    assert str(first) in errors[0]
    assert "1 of 2 inputs failed" in errors[1]
    assert listing(out) == ["clip.srt", "clip.vtt"]
    expected = reference(tmp_path, RESEMBLE_V1)
    assert (out / "clip.srt").read_bytes() == expected["resemble_v1_docs_clip.srt"]
    assert (out / "clip.vtt").read_bytes() == expected["resemble_v1_docs_clip.vtt"]


# ---------------------------------------------------------------------------------------------
# The installed command, end to end


def test_installed_command_end_to_end(tmp_path: Path) -> None:
    exe = shutil.which("subsync")
    if exe is None:
        pytest.skip("the subsync console script is not on PATH")
    bad = tmp_path / "bad.json"
    bad.write_bytes(edited(RESEMBLE_V1, _NUMBER_TIME, b"NaN"))
    out = tmp_path / "out"
    args = [str(INPUTS / RESEMBLE_V1), str(bad), str(INPUTS / ELEVENLABS)]
    proc = subprocess.run(
        [exe, "convert", *args, "--to", "srt,vtt", "-o", str(out)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert proc.stdout == b""
    errors = [line for line in stderr.splitlines() if line.startswith(ERROR)]
    assert errors[0] == (
        f"{ERROR}{bad}: $.audio_timestamps.graph_times[3][0]: expected a finite number, "
        "got the number nan"
    )
    assert "1 of 3 inputs failed" in errors[1]
    assert len(errors) == 2
    assert all(line.startswith((ERROR, WARNING)) for line in stderr.splitlines())
    assert listing(out) == sorted(
        outputs("resemble_v1_docs_clip", (None,), ("srt", "vtt"))
        + outputs("elevenlabs_dubbing_review", EL_LANGUAGES, ("srt", "vtt"))
    )
