"""Layout quality: the share of cues that pass every rule of each preset, measured on long
generated Resemble clips (bench/long_clip.py) laid out by subsync under that preset.

Each clip is converted as the command line does (parse under the preset, place on the
timeline, render SRT), and the SRT is read back and checked by subsync.lint, so what is
measured is what a user gets, milliseconds and all. Rows with a frame rate snap to frames.

Run by hand: python bench/layout_quality.py [--words 6000] [--clips 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_clip import long_clip

from subsync.batch.convert import Request, convert
from subsync.layout.presets import PRESETS
from subsync.lint import RULES, Linter
from subsync.sources import ParseOptions
from subsync.timeline import FRAME_RATES, Timeline

HARD = [rule.id for rule in RULES.values() if rule.level == "error"]
SOFT = [rule.id for rule in RULES.values() if rule.level == "warning"]
# Each preset alone, and each with the frame rate its users work at.
CASES = [(name, None) for name in PRESETS] + [
    ("netflix", "23.976"),
    ("bbc", "25"),
    ("default", "29.97"),
]


def measure(clips: list[bytes], preset: str, fps: str | None) -> tuple[int, Counter[str]]:
    """Cues made, and how many cues fail each rule, any hard rule (``hard``) and any rule
    at all (``any``)."""
    layout = PRESETS[preset]
    request = Request(
        formats=("srt",), parse=ParseOptions(layout=layout), timeline=Timeline(fps=fps)
    )
    linter = Linter(layout, float(FRAME_RATES[fps]) if fps else None)
    cues, failing = 0, Counter[str]()
    for index, data in enumerate(clips):
        (output,) = convert(data, f"clip{index}.json", request).outputs
        srt = output.text.encode("utf-8")
        cues += srt.count(b" --> ")
        by_cue: dict[int, set[str]] = {}
        for violation in linter.check(srt, output.name):
            by_cue.setdefault(violation.cue, set()).add(violation.rule)
        for rules in by_cue.values():
            failing.update(rules)
            failing["hard"] += bool(rules & set(HARD))
            failing["any"] += 1
    return cues, failing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=6000, help="words per clip")
    parser.add_argument("--clips", type=int, default=3, help="clips, each from its own seed")
    args = parser.parse_args()
    clips = [json.dumps(long_clip(seed, args.words)).encode("utf-8") for seed in range(args.clips)]
    print(f"{args.clips} clips of about {args.words} words each")
    print(f"{'preset':<12}{'fps':>8}{'cues':>7}{'hard ok':>10}{'all ok':>9}  failing (cues)")
    for preset, fps in CASES:
        started = time.perf_counter()
        cues, failing = measure(clips, preset, fps)
        detail = ", ".join(f"{rule} {failing[rule]}" for rule in HARD + SOFT if failing[rule])
        print(
            f"{preset:<12}{fps or '-':>8}{cues:>7}{_share(cues - failing['hard'], cues):>10}"
            f"{_share(cues - failing['any'], cues):>9}  {detail or 'none'}"
            f"  ({time.perf_counter() - started:.1f} s)"
        )
        for rule in SOFT:
            if failing[rule]:
                print(f"{'':<27}{rule}: {_share(cues - failing[rule], cues)} pass")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


if __name__ == "__main__":
    main()
