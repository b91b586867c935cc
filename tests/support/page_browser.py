"""Open a page in headless Chromium over the DevTools pipe: evaluate, press keys, click, screenshot,
and keep every console message, exception and network request the page caused."""

from __future__ import annotations

import base64
import json
import struct
import time
import zlib
from pathlib import Path
from typing import Any

from tests.support.chromium import Chromium, ChromiumError


class PageBrowser(Chromium):
    """A Chromium whose DevTools events are kept, for pages rather than tracks."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        super().__init__()
        for domain in ("Runtime", "Log", "Network", "Page"):
            self._call(f"{domain}.enable", {}, self._session)

    def _receive(self) -> dict[str, Any]:
        message = super()._receive()
        if "method" in message:
            self.events.append(message)
        return message

    def call(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """One DevTools command on the page."""
        return self._call(method, params, self._session)

    def open(self, path: Path, width: int = 1280, height: int = 800, scale: float = 1) -> None:
        """Load a file at a window size and device scale, and wait for the page's script to
        say it is ready (``html[data-ready]``); earlier events are forgotten."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False},
        )
        self.events.clear()
        self.call("Page.navigate", {"url": path.resolve().as_uri()})
        ready = "document.readyState === 'complete' && !!document.documentElement.dataset.ready"
        for _ in range(400):  # a budget, not a timing assertion: a loaded machine is slow
            if self.evaluate(ready):
                return
            time.sleep(0.05)
        raise ChromiumError(f"{path} did not become ready")

    def evaluate(self, expression: str) -> Any:
        """The value of an expression in the page (promises awaited)."""
        params = {"expression": expression, "awaitPromise": True, "returnByValue": True}
        result = self.call("Runtime.evaluate", params)
        if "exceptionDetails" in result:
            raise ChromiumError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def key(self, key: str, code: str | None = None, text: str | None = None) -> None:
        """Press and release one key, as a keyboard would."""
        params: dict[str, Any] = {"key": key, "code": code or key}
        keycodes = {"Tab": 9, "Enter": 13, "ArrowLeft": 37, "ArrowUp": 38, "ArrowRight": 39}
        keycodes |= {"ArrowDown": 40, "Home": 36, "End": 35}
        if key in keycodes:
            params["windowsVirtualKeyCode"] = keycodes[key]
        if text is not None:
            params["text"] = text
        self.call("Input.dispatchKeyEvent", {"type": "keyDown", **params})
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", **params})

    def click(self, x: float, y: float) -> None:
        """A left click at a point of the viewport."""
        for kind in ("mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    def screenshot(self) -> bytes:
        """The viewport as PNG bytes."""
        return base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, and log entries at warning or
        above, since the page was opened."""
        found = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(json.dumps(params["exceptionDetails"])[:500])
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning"):
                found.append(json.dumps(params["args"])[:500])
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                found.append(params["entry"]["text"])
        return found

    def requests(self) -> list[str]:
        """The URL of every request the page made."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB triples of an 8-bit RGB or RGBA PNG, non-interlaced
    (what Chromium's screenshots are)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 255
        previous = line
        rgb = bytes(b for i in range(0, stride, channels) for b in line[i : i + 3])
        rows.append(rgb)
    return width, height, rows
