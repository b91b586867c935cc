"""Start-up loads only what a command uses: `subsync --version` and a one-file SRT -> WebVTT
convert are run in a fresh interpreter, and its sys.modules is checked afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

# Runs the CLI in-process in a fresh interpreter, then prints the modules it loaded.
_PROBE = """
import json, sys
from subsync.cli import main
try:
    main(sys.argv[1:], prog_name="subsync")
except SystemExit as done:
    assert not done.code, done.code
print(json.dumps(sorted(sys.modules)))
"""

# Never needed to convert one SRT file into WebVTT (nor to print the version).
_NEVER = (
    "requests",
    "urllib3",
    "xml",
    "dask",
    "distributed",
    "wcwidth",
    "multiprocessing",
    # A pool (and the logging concurrent.futures loads) only for a second input.
    "concurrent.futures",
    "logging",
    # Atomic writes make their temporary files without tempfile (and its shutil, random).
    "tempfile",
    "shutil",
    "random",
    "glob",  # only for an argument that is neither a file nor a folder
    # The scratch tables' database only for a run of hundreds of outputs; the manifest's
    # reader only when there is one to read.
    "sqlite3",
    "subsync.batch.manifest_read",
    # OpenSSL only once a process has hashed more than a small run does (batch/digest.py).
    "hashlib",
    "_hashlib",
    # Exact frame rates only with --fps.
    "fractions",
    "decimal",
    "subsync.batch.cluster",
    "subsync.cli.progress",
    # The WebVTT reader (and html's entities) only for WebVTT input; the strict readers
    # only with --strict.
    "subsync.sources.webvtt",
    "html",
    "subsync.sources.subtitles",
    "subsync.remote.client",
    "subsync.lint",
    "subsync.layout.linebreak",
    "subsync.layout.words",
    "subsync.sources.resemble",
    "subsync.sources.elevenlabs",
    "subsync.sources.elevenlabs_tts",
    "subsync.sources.elevenlabs_stt",
    "subsync.sources.native",
    "subsync.writers.ttml",
    "subsync.writers.textgrid",
    "subsync.writers.ass",
    "subsync.writers.mouth",
    "subsync.writers.labels",
    "subsync.writers.jsonout",
    "subsync.writers.review",
    "subsync.cli.fetch",
    "subsync.cli.fetch_options",
    "subsync.remote",
    "subsync.cli.review",
)


def _loaded(*args: str, cwd: Path) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=cwd, check=True
    )
    return set(json.loads(run.stdout.splitlines()[-1]))


def _found(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if any(m == n or m.startswith(n + ".") for n in names))


def test_version_loads_click_and_nothing_of_the_pipeline(tmp_path: Path) -> None:
    loaded = _loaded("--version", cwd=tmp_path)
    assert "click" in loaded
    pipeline = (
        "subsync.batch",
        "subsync.sources",
        "subsync.writers",
        "subsync.cli.convert",
        "subsync.errors",
    )
    assert _found(loaded, (*_NEVER, *pipeline)) == []


# The one-pass SRT path (batch/transcode.py) builds no model: neither the model's classes,
# nor the SRT reader that makes cues, nor the JSON sources' reader, nor the time tables.
_MODEL_PATH = (
    "subsync.model",
    "subsync.sources.srt",
    "subsync.sources.subtitle_read",
    "subsync.sources.rawjson",
    "subsync.layout.text",
)


def test_one_srt_to_webvtt_loads_neither_fetching_nor_other_formats(tmp_path: Path) -> None:
    source = tmp_path / "talk.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,500\nHello <i>there</i>\n", encoding="utf-8")
    loaded = _loaded("convert", str(source), "--to", "vtt", "-o", str(tmp_path), cwd=tmp_path)
    assert (tmp_path / "talk.vtt").read_text().startswith("WEBVTT")
    assert {"subsync.sources.srt_fast", "subsync.writers.vtt"} <= loaded
    assert _found(loaded, (*_NEVER, *_MODEL_PATH, "subsync.writers.srt")) == []


def test_an_srt_the_one_pass_path_gives_up_on_loads_the_model_path(tmp_path: Path) -> None:
    source = tmp_path / "talk.srt"
    source.write_text(
        "1\n00:00:03,000 --> 00:00:04,000\nB\n\n2\n00:00:01,000 --> 00:00:02,000\nA\n",
        encoding="utf-8",
    )
    loaded = _loaded("convert", str(source), "--to", "vtt", "-o", str(tmp_path), cwd=tmp_path)
    written = (tmp_path / "talk.vtt").read_text()
    assert written.index("\nA\n") < written.index("\nB\n")
    assert {"subsync.model", "subsync.sources.srt"} <= loaded


# Registered before the CLI runs, so it runs after the CLI's own exit handlers.
_AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("frozen", gc.get_freeze_count() > 1000))
from subsync.cli import main
main(sys.argv[1:], prog_name="subsync")
"""


_CONSOLE_SCRIPT = """
import atexit, gc, sys
atexit.register(lambda: print("collecting", gc.isenabled(), gc.get_freeze_count() > 1000))
from subsync.__main__ import run
sys.argv = ["subsync", *sys.argv[1:]]
run()
"""


def test_the_console_script_loads_with_the_collector_asleep_then_wakes_it(
    tmp_path: Path,
) -> None:
    (script,) = metadata.entry_points(group="console_scripts", name="subsync")
    assert script.value == "subsync.__main__:run"
    assert _last_line_of_a_convert(_CONSOLE_SCRIPT, tmp_path) == "collecting True True"


def test_a_convert_freezes_its_objects_at_exit_so_the_last_collection_walks_none(
    tmp_path: Path,
) -> None:
    assert _last_line_of_a_convert(_AT_EXIT, tmp_path) == "frozen True"


def _last_line_of_a_convert(probe: str, tmp_path: Path) -> str:
    """The last line ``probe`` prints, run on a one-file convert (whose output it checks)."""
    source = tmp_path / "talk.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,500\nHello there\n", encoding="utf-8")
    args = ["convert", str(source), "--to", "vtt", "-o", str(tmp_path / "out"), "-q"]
    run = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True
    )
    assert (tmp_path / "out" / "talk.vtt").read_text().startswith("WEBVTT")
    return run.stdout.splitlines()[-1]
