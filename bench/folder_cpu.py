"""CPU seconds of the folder goal's conversions in one process, by kind of input: the
corpus goals.py writes (150 ElevenLabs dubbing resources, 150 Resemble clips of 400
words) converted to srt, vtt and json by ``convert()`` with nothing written, best of N
rounds (steadier than wall time on a loaded machine, and free of process start-up).

Run: python bench/folder_cpu.py [--rounds 3] [--kind resemble|elevenlabs|all]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus
from goals import FOLDER_SIZES

from subsync.batch.convert import Request, convert


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kind", default="all", choices=["all", "resemble", "elevenlabs"])
    args = parser.parse_args()
    request = Request(formats=("srt", "vtt", "json"))
    with tempfile.TemporaryDirectory(prefix="subsync-folder-cpu-") as folder:
        write_corpus(Path(folder), 150, 150, FOLDER_SIZES, indent=None)
        files = sorted(Path(folder).rglob("*.json"))
        inputs = [
            (str(p), p.read_bytes()) for p in files if args.kind in ("all", p.parent.parent.name)
        ]
    for name, data in inputs:  # once untimed: imports, first-use tables
        convert(data, name, request)
    rounds = []
    for _ in range(args.rounds):
        started = time.process_time()
        for name, data in inputs:
            convert(data, name, request)
        rounds.append(time.process_time() - started)
    shown = ", ".join(f"{r:.3f}" for r in rounds)
    print(f"{args.kind}: {len(inputs)} inputs, CPU s best {min(rounds):.3f} ({shown})")


if __name__ == "__main__":
    main()
