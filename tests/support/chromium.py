"""Read WebVTT the way a browser does: one headless Chromium, driven over its DevTools pipe."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Any

# Quiet on a closed network: no sync, no updates, no background requests, no GPU.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
)

# Loads each file (base64, so the browser's own decoder sees the bytes) into a
# <video><track>, hidden so it loads without rendering, and serialises track.cues.
# getCueAsHTML() is the cue after entity decoding and tag parsing: its textContent is
# what a viewer reads, and <v> spans become <span title="Name">.
_READ_TRACKS = """
async (files) => {
  const tags = (node, found) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.ELEMENT_NODE) {
        found.push({tag: child.localName, title: child.title || ''});
        tags(child, found);
      }
    }
    return found;
  };
  // The text between timestamp tags (processing instructions in the cue's DOM), each run
  // with the timestamp before it (null for the run before the first).
  const runs = (node, out) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out[out.length - 1][1] += child.data;
      else if (child.nodeType === Node.PROCESSING_INSTRUCTION_NODE) out.push([child.data, '']);
      else runs(child, out);
    }
    return out;
  };
  const load = (data) => new Promise((resolve) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const video = document.createElement('video');
    const track = document.createElement('track');
    track.kind = 'subtitles';
    track.src = URL.createObjectURL(new Blob([bytes], {type: 'text/vtt'}));
    video.appendChild(track);
    document.body.appendChild(video);
    track.track.mode = 'hidden';
    const done = (loaded) => {
      const cues = Array.from(track.track.cues || [], (cue) => {
        const html = cue.getCueAsHTML();
        return {start: cue.startTime, end: cue.endTime, text: cue.text,
                plain: html.textContent, tags: tags(html, []), runs: runs(html, [[null, '']])};
      });
      URL.revokeObjectURL(track.src);
      video.remove();
      resolve({loaded, cues});
    };
    track.addEventListener('load', () => done(true));
    track.addEventListener('error', () => done(false));
  });
  return Promise.all(files.map(load));
}
"""


class ChromiumError(RuntimeError):
    """Chromium stopped answering, or refused a command."""


@dataclass(frozen=True)
class BrowserCue:
    """One cue of ``track.cues``: times in seconds, the raw payload, the text shown, the
    elements the payload became (``(tag, title)``; a voice span is ``("span", name)``), and
    the text between timestamp tags, each run with the tag before it (None for the first)."""

    start: float
    end: float
    text: str
    plain: str
    tags: tuple[tuple[str, str], ...]
    runs: tuple[tuple[str | None, str], ...]


@dataclass(frozen=True)
class BrowserTrack:
    """What one file gave: whether the track loaded (a bad signature fails) and its cues."""

    loaded: bool
    cues: tuple[BrowserCue, ...]


def chromium_unavailable() -> str | None:
    """None when Chromium can run, else a sentence saying what is missing."""
    if shutil.which("chromium") is None:
        return "Chromium unavailable: `chromium` is not on PATH (Debian: apt-get install chromium)."
    if shutil.which("bash") is None:
        return "Chromium unavailable: bash is needed to hand Chromium its DevTools pipe."
    return None


def _track(reply: dict[str, Any]) -> BrowserTrack:
    cues = tuple(
        BrowserCue(
            start=float(c["start"]),
            end=float(c["end"]),
            text=c["text"],
            plain=c["plain"],
            tags=tuple((t["tag"], t["title"]) for t in c["tags"]),
            runs=tuple((at, text) for at, text in c["runs"]),
        )
        for c in reply["cues"]
    )
    return BrowserTrack(loaded=bool(reply["loaded"]), cues=cues)


class Chromium:
    """One headless Chromium for many files: launched once, then each call is one
    ``Runtime.evaluate`` over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out, messages
    ended by NUL), so no websocket library or driver is needed."""

    def __init__(self) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="subsync-chromium-")
        to_browser, self._commands = os.pipe()
        self._replies, from_browser = os.pipe()
        # bash puts the pipe ends on the descriptors Chromium expects; the numbers the
        # parent got cannot collide with 3 and 4 the wrong way, since 3 is taken first.
        self._process = subprocess.Popen(
            [
                "bash",
                "-c",
                f'exec "$@" 3<&{to_browser} 4>&{from_browser}',
                "chromium",
                "chromium",
                *FLAGS,
                f"--user-data-dir={self._profile.name}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(to_browser, from_browser),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # dbus and GPU complaints, harmless here
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self._session: str = attached["sessionId"]

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._replies, 1 << 16)
            if not chunk:
                raise ChromiumError(f"Chromium exited with code {self._process.poll()}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def _call(
        self, method: str, params: dict[str, Any], session: str | None = None
    ) -> dict[str, Any]:
        """Send one DevTools command and wait for its answer (events are passed over)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode("utf-8") + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") != self._next_id:
                continue
            if "error" in reply:
                raise ChromiumError(f"{method}: {reply['error']}")
            result: dict[str, Any] = reply["result"]
            return result

    def read(self, files: list[bytes]) -> list[BrowserTrack]:
        """Load each file as a text track in one call; the tracks, in the same order."""
        encoded = [base64.b64encode(data).decode("ascii") for data in files]
        expression = f"({_READ_TRACKS})({json.dumps(encoded)})"
        params = {"expression": expression, "awaitPromise": True, "returnByValue": True}
        result = self._call("Runtime.evaluate", params, self._session)
        if "exceptionDetails" in result:
            raise ChromiumError(f"page script failed: {result['exceptionDetails']}")
        return [_track(reply) for reply in result["result"]["value"]]

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        with contextlib.suppress(ChromiumError, OSError):  # already gone
            self._call("Browser.close", {})
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._commands)
        os.close(self._replies)
        self._profile.cleanup()
