"""Independent readers for tests: the W3C validator's WebVTT parser (npm webvtt-parser, run by
node) and ffmpeg's subtitle decoders."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

JS_DIR = Path(__file__).resolve().parents[1] / "js"
SERVER = JS_DIR / "vtt_server.js"
PARSER_PACKAGE = JS_DIR / "node_modules" / "webvtt-parser"


class VTTServerError(RuntimeError):
    """The node server could not handle a request, or stopped answering."""


@dataclass(frozen=True)
class VTTCue:
    """One cue as webvtt-parser read it; times in seconds."""

    id: str
    start: float
    end: float
    text: str  # the cue payload exactly as in the file
    plain: str  # tags removed, entities decoded
    voices: tuple[str, ...]  # annotation of each <v> span, in order
    # the plain text between timestamp tags, each run with the tag before it in seconds
    # (None for the run before the first tag)
    runs: tuple[tuple[float | None, str], ...] = ()


@dataclass(frozen=True)
class VTTResult:
    """The cues webvtt-parser kept and its errors, as "line L col C: message"."""

    cues: tuple[VTTCue, ...]
    errors: tuple[str, ...]


def webvtt_validator_available() -> str | None:
    """None when the validator can run, else a sentence saying what is missing."""
    missing = []
    if shutil.which("node") is None:
        missing.append("node is not on PATH (install Node.js 18 or later)")
    if not PARSER_PACKAGE.is_dir():
        missing.append(f"{PARSER_PACKAGE} is missing (run `cd tests/js && npm ci`)")
    if not missing:
        return None
    return "WebVTT validator unavailable: " + "; ".join(missing) + "."


def _error_text(error: dict[str, Any]) -> str:
    where = f"line {error['line']}"
    if error.get("col") is not None:  # errors about whole lines carry no column
        where += f" col {error['col']}"
    return f"{where}: {error['message']}"


class WebVTTValidator:
    """A long-running `node tests/js/vtt_server.js`: one JSON line in, one JSON line out."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            raise VTTServerError("node is not on PATH")
        self._process = subprocess.Popen(
            [node, str(SERVER)],
            cwd=JS_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def _exchange(self, line: str) -> dict[str, Any]:
        """Send one raw request line and return the decoded reply."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(line + "\n")
        self._process.stdin.flush()
        reply = self._process.stdout.readline()
        if not reply:
            raise VTTServerError(f"vtt_server.js exited with code {self._process.poll()}")
        decoded: dict[str, Any] = json.loads(reply)
        return decoded

    def parse(self, text: str) -> VTTResult:
        """Parse a whole WebVTT file; raise VTTServerError if the server reports a fatal error."""
        reply = self._exchange(json.dumps({"text": text}))
        if "fatal" in reply:
            raise VTTServerError(reply["fatal"])
        cues = tuple(
            VTTCue(
                id=cue["id"],
                start=float(cue["start"]),
                end=float(cue["end"]),
                text=cue["text"],
                plain=cue["plain"],
                voices=tuple(cue["voices"]),
                runs=tuple((at, text) for at, text in cue["runs"]),
            )
            for cue in reply["cues"]
        )
        return VTTResult(cues=cues, errors=tuple(_error_text(e) for e in reply["errors"]))

    def close(self) -> None:
        """Stop the server: closing stdin ends it; kill it if it lingers."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


# --- ffmpeg: how a media tool reads subtitles -------------------------------------------------


def ffmpeg_cues(path: Path) -> list[tuple[int, int, str]]:
    """A subtitle file as ffmpeg decodes it, re-encoded as SRT and read by cdown/srt:
    (start ms, end ms, text), with any tags ffmpeg's SRT encoder writes left in."""
    import srt  # a test dependency, only needed here

    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f", "srt", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (round(s.start.total_seconds() * 1000), round(s.end.total_seconds() * 1000), s.content)
        for s in srt.parse(out)
    ]
