"""The real payloads in ../shared/samples under every preset: what the guarantee measures.

Run ``python -m tests.support.samples`` from the repository root for the table (cues, cues under
the preset's minimum, over its maximum, under 0.3 s, hard-rule errors, letters lost).
"""

from __future__ import annotations

import collections
import json
import os
from dataclasses import dataclass
from pathlib import Path

#: Where the real payloads live, next to the repository (never copied into it).
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
PRESET_NAMES = ("default", "netflix", "bbc", "elevenlabs")
#: The shortest a laid-out cue may ever be, whatever the preset.
FLOOR_US = 300_000


@dataclass(frozen=True)
class Row:
    """What one sample gives under one preset."""

    sample: str
    preset: str
    cues: int
    under_minimum: int
    over_maximum: int
    under_floor: int
    hard_errors: int
    letters_lost: int


def sample_paths() -> list[Path]:
    """The real payloads; an AssertionError when SUBSYNC_REQUIRE_SAMPLES is set and none
    are there (CI must not pass by finding nothing)."""
    paths = sorted(SAMPLES.glob("*.json")) if SAMPLES.is_dir() else []
    if not paths and os.environ.get("SUBSYNC_REQUIRE_SAMPLES"):
        raise AssertionError(f"SUBSYNC_REQUIRE_SAMPLES is set but {SAMPLES} holds no samples")
    return paths


def source_letters(raw: object) -> collections.Counter[str]:
    """Every letter and digit of a payload's text (what no output may lose)."""
    text = ""
    if isinstance(raw, dict):
        if isinstance(raw.get("text"), str):
            text = raw["text"]
        timestamps = raw.get("timestamps") or raw.get("audio_timestamps") or raw
        if not text and isinstance(timestamps, dict) and "graph_chars" in timestamps:
            text = "".join(timestamps["graph_chars"])
        alignment = raw.get("alignment") or raw
        if not text and isinstance(alignment, dict) and "characters" in alignment:
            text = "".join(alignment["characters"])
    return collections.Counter(ch for ch in text if ch.isalnum())


def measure(path: Path, preset: str) -> Row:
    """Convert one sample under one preset as ``subsync convert --to srt`` does (audio tags
    kept, so every letter must come through) and measure the SRT it writes."""
    import subsync
    from subsync.lint import check_file
    from subsync.sources import ParseOptions

    layout = subsync.PRESETS[preset]
    options = ParseOptions(layout=layout, keep_tags=True)
    parsed = subsync.load(path, options=options)
    rows = []
    for document in parsed.documents:
        srt = subsync.render(document, "srt").encode("utf-8")
        violations = check_file(srt, "out.srt", layout)
        durations = [cue.end - cue.start for cue in document.cues]
        written = collections.Counter(
            ch for cue in document.cues for line in cue.lines for ch in line if ch.isalnum()
        )
        expected = source_letters(json.loads(path.read_bytes()))
        rows.append(
            Row(
                path.name,
                preset,
                len(document.cues),
                sum(d < layout.min_duration_us for d in durations),
                sum(
                    bool(layout.max_duration_us) and d > (layout.max_duration_us or 0)
                    for d in durations
                ),
                sum(d < FLOOR_US for d in durations),
                sum(v.level == "error" for v in violations),
                sum((expected - written).values()),
            )
        )
    (row,) = rows
    return row


def main() -> None:
    """Print the table for every sample and preset."""
    print("| sample | preset | cues | < min | > max | < 0.3 s | hard errors | letters lost |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for path in sample_paths():
        for preset in PRESET_NAMES:
            r = measure(path, preset)
            print(
                f"| {r.sample} | {r.preset} | {r.cues} | {r.under_minimum} | {r.over_maximum} "
                f"| {r.under_floor} | {r.hard_errors} | {r.letters_lost} |"
            )


if __name__ == "__main__":
    main()
