"""Validate WebVTT text with the W3C validator's parser (npm webvtt-parser) run by node."""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

JS_DIR = Path(__file__).resolve().parent / "js"
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


# --- Chromium: how a browser reads WebVTT ----------------------------------------------------

_CHROMIUM_PAGE = """<!doctype html><meta charset="utf-8"><pre id="out"></pre><script>
const files = FILES;
const results = new Array(files.length);
let pending = files.length;
// The text between timestamps (processing instructions in the cue's DOM), each run with
// the timestamp before it (null for the run before the first): [[timestamp|null, text]].
function runs(node, out) {
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) out[out.length - 1][1] += child.data;
    else if (child.nodeType === Node.PROCESSING_INSTRUCTION_NODE) out.push([child.data, '']);
    else runs(child, out);
  }
  return out;
}
function done() {
  if (--pending === 0) document.getElementById('out').textContent = JSON.stringify(results);
}
files.forEach((encoded, i) => {
  const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  const video = document.createElement('video');
  const track = document.createElement('track');
  track.kind = 'subtitles';
  track.src = URL.createObjectURL(new Blob([bytes], {type: 'text/vtt'}));
  video.appendChild(track);
  document.body.appendChild(video);
  track.track.mode = 'hidden';  // loads the track without showing it
  track.addEventListener('load', () => {
    results[i] = Array.from(track.track.cues).map((cue) => ({
      start: cue.startTime, end: cue.endTime, runs: runs(cue.getCueAsHTML(), [[null, '']]),
    }));
    done();
  });
  track.addEventListener('error', () => { results[i] = null; done(); });
});
if (!files.length) done();
</script>"""
_CHROMIUM_OUT = re.compile(r'<pre id="out">(.*?)</pre>', re.DOTALL)


@dataclass(frozen=True)
class BrowserCue:
    """One cue as Chromium's <track> read it: times in seconds, and the text between
    timestamp tags, each run with the tag before it (None for the first run)."""

    start: float
    end: float
    runs: tuple[tuple[str | None, str], ...]


def chromium() -> str | None:
    """The Chromium binary, or None when none is installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_cues(files: list[str]) -> list[tuple[BrowserCue, ...] | None]:
    """Each WebVTT text's cues as headless Chromium reads them (None for a file it refused),
    all in one launch: the bytes go through the browser's own decoder and parser."""
    encoded = [base64.b64encode(text.encode("utf-8")).decode("ascii") for text in files]
    page_text = _CHROMIUM_PAGE.replace("FILES", json.dumps(encoded))
    # --dump-dom waits for the virtual time budget; on a loaded machine the tracks may need
    # more, so a run that has not finished is tried once more with a longer one.
    dumped = _dump_dom(page_text, 10_000)
    match = _CHROMIUM_OUT.search(dumped)
    if match is None or not match.group(1):
        match = _CHROMIUM_OUT.search(_dump_dom(page_text, 60_000))
    if match is None or not match.group(1):
        raise VTTServerError("Chromium did not finish reading the tracks")
    results = json.loads(html.unescape(match.group(1)))
    return [
        None
        if cues is None
        else tuple(
            BrowserCue(c["start"], c["end"], tuple((at, text) for at, text in c["runs"]))
            for c in cues
        )
        for cues in results
    ]


def _dump_dom(page_text: str, budget_ms: int) -> str:
    binary = chromium()
    if binary is None:
        raise VTTServerError("chromium is not on PATH")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "oracle.html"
        page.write_text(page_text, encoding="utf-8")
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
        flags += ["--disable-extensions", "--disable-background-networking", "--mute-audio"]
        flags += [f"--user-data-dir={folder}/profile", f"--virtual-time-budget={budget_ms}"]
        return subprocess.run(
            [binary, *flags, "--dump-dom", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        ).stdout


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
