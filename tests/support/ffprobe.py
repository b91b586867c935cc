"""Read SRT and WebVTT the way FFmpeg does: the packets ffprobe's demuxers make of a file."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class FFprobeError(RuntimeError):
    """ffprobe refused the file (it says "Invalid data" only for the worst SRT)."""


@dataclass(frozen=True)
class Packet:
    """One subtitle packet: start and end in milliseconds (the demuxers' time base) and
    its payload, the cue text exactly as in the file."""

    start: int
    end: int
    data: str


def ffprobe_unavailable() -> str | None:
    """None when ffprobe can run, else a sentence saying what is missing."""
    if shutil.which("ffprobe") is None:
        return "ffprobe unavailable: `ffprobe` is not on PATH (Debian: apt-get install ffmpeg)."
    return None


def _payload(dump: str) -> str:
    """The bytes of ffprobe's hex dump (``00000000: 4869 2074  Hi t``) as UTF-8 text;
    bytes that are not UTF-8 are kept as lone surrogates (``surrogateescape``)."""
    hex_digits = "".join(line[10:49].replace(" ", "") for line in dump.splitlines() if line)
    return bytes.fromhex(hex_digits).decode("utf-8", "surrogateescape")


def probe(data: bytes, extension: str) -> list[Packet]:
    """The packets of a file with that extension (``srt`` or ``vtt``), in demuxer order
    (FFmpeg sorts them by start time; equal starts keep file order)."""
    with tempfile.TemporaryDirectory(prefix="subsync-ffprobe-") as folder:
        path = Path(folder) / f"probe.{extension}"
        path.write_bytes(data)
        done = subprocess.run(
            [
                *("ffprobe", "-v", "error", "-show_entries", "packet=pts,duration,data"),
                *("-show_data", "-of", "json", str(path)),
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    if done.returncode != 0:
        raise FFprobeError(done.stderr.strip().replace(str(path), "<file>"))
    packets = json.loads(done.stdout).get("packets", [])
    return [
        Packet(int(p["pts"]), int(p["pts"]) + int(p["duration"]), _payload(p.get("data", "")))
        for p in packets
    ]
