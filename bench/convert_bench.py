"""Convert benchmark: `subsync convert --to srt,vtt,json` over a generated corpus, against a floor
program that only reads and json.loads the same inputs and writes outputs of the same sizes.

Prints, for --jobs 1 and --jobs 2: seconds, files/s, cues/s, peak memory (largest process,
measured by a small launcher so the bench's own memory is not counted) and
the ratio to the floor; then incremental runs (nothing changed, one input changed, --check),
start-up time against bare `python -c pass`, and growth from N to 10N inputs.

Run by hand: python bench/convert_bench.py [--elevenlabs 1000] [--resemble 1000]
             [--segments 150] [--graphemes 1500] [--growth 20]
A quick run: python bench/convert_bench.py --elevenlabs 40 --resemble 40 --growth 10
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Sizes, write_corpus

# The floor: read and parse every input, write outputs of the sizes subsync wrote, either
# plainly or as subsync does (a temporary file, fsync, rename).
FLOOR = r"""
import json, os, sys, tempfile
plan, durable = json.load(open(sys.argv[1])), sys.argv[2] == "1"
for source, outputs in plan:
    with open(source, "rb") as f:
        json.loads(f.read())
    for path, size in outputs:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not durable:
            with open(path, "wb") as out:
                out.write(b"x" * size)
            continue
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(path))
        with os.fdopen(fd, "wb") as out:
            out.write(b"x" * size)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
"""


# Runs a command and prints the peak RSS of the largest process under it. A child forked
# straight from this (large) bench process would count the bench's own pages: Linux keeps
# the pre-exec peak in ru_maxrss. This launcher is small when it forks.
LAUNCHER = r"""
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
sys.exit(code)
"""


def wall(command: list[str]) -> float:
    """Wall seconds of a command run straight from here."""
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS in MiB (the largest process of the run) of a command."""
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", LAUNCHER, *command], capture_output=True)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}: {run.stderr.decode()[-500:]}")
    return elapsed, int(run.stdout)


def subsync(inputs: Path, out: Path, *extra: str) -> tuple[float, int, dict[str, object]]:
    report = out.parent / f"{out.name}-report.json"
    command = [sys.executable, "-m", "subsync", "convert", str(inputs), "-o", str(out)]
    command += ["--to", "srt,vtt,json", "-q", "--report", str(report), *extra]
    elapsed, peak = timed(command)
    return elapsed, peak, json.loads(report.read_bytes())


def floor(inputs: Path, out: Path, target: Path, durable: bool) -> float:
    """The floor's seconds, writing into ``target`` what subsync wrote into ``out``."""
    plan: dict[str, list[tuple[str, int]]] = {}
    manifest = json.loads((out / ".subsync-manifest.json").read_bytes())
    for key, entry in manifest["outputs"].items():
        source = os.path.normpath(out / entry["input"])
        plan.setdefault(source, []).append((str(target / key), (out / key).stat().st_size))
    plan_file = target.parent / f"{target.name}-plan.json"
    plan_file.write_text(json.dumps(sorted(plan.items())))
    elapsed = wall([sys.executable, "-c", FLOOR, str(plan_file), "1" if durable else "0"])
    return elapsed


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def cues(folder: Path) -> int:
    """Cues written (every document's), counted in the SRT outputs."""
    return sum(p.read_bytes().count(b" --> ") for p in folder.rglob("*.srt"))


def startup(small: Path, work: Path, repeat: int = 15) -> tuple[float, float]:
    """Median seconds of `subsync convert` of one small file, and of `python -c pass`."""
    convert = [sys.executable, "-m", "subsync", "convert", str(small), "-o", str(work), "-q"]
    bare = [sys.executable, "-c", "pass"]
    ours = statistics.median(wall([*convert, "--force"]) for _ in range(repeat))
    base = statistics.median(wall(bare) for _ in range(repeat))
    return ours, base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elevenlabs", type=int, default=1000, help="dubbing resources")
    parser.add_argument("--resemble", type=int, default=1000, help="Resemble clips")
    parser.add_argument("--segments", type=int, default=150, help="segments per resource")
    parser.add_argument("--graphemes", type=int, default=1500, help="graphemes per clip")
    parser.add_argument("--growth", type=int, default=20, help="N for the N vs 10N run")
    args = parser.parse_args()
    sizes = Sizes(args.segments, args.graphemes)
    with tempfile.TemporaryDirectory(prefix="subsync-bench-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        size = write_corpus(corpus, args.elevenlabs, args.resemble, sizes)
        files = args.elevenlabs + args.resemble
        print(
            f"corpus: {args.elevenlabs} ElevenLabs resources ({args.segments} segments, 3 "
            f"languages) + {args.resemble} Resemble clips ({args.graphemes} graphemes): "
            f"{files} files, {size / 2**20:.1f} MiB; {os.cpu_count()} cores"
        )
        runs = {}
        for jobs in (1, 2):
            runs[jobs] = subsync(corpus, root / f"out{jobs}", "--jobs", str(jobs))
        if tree(root / "out1") != tree(root / "out2"):
            raise SystemExit("--jobs 2 wrote other bytes than --jobs 1")
        written = sum(len(b) for b in tree(root / "out1").values())
        n_cues = cues(root / "out1")
        plain = floor(corpus, root / "out1", root / "floor-plain", durable=False)
        durable = floor(corpus, root / "out1", root / "floor-durable", durable=True)
        print(f"outputs: {runs[1][2]['written']} files, {written / 2**20:.1f} MiB, {n_cues} cues")
        print(f"floor (json.loads + plain writes):           {plain:7.2f} s")
        print(f"floor (json.loads + temp/fsync/rename):      {durable:7.2f} s")
        for jobs, (elapsed, peak, _) in runs.items():
            print(
                f"subsync --jobs {jobs}: {elapsed:7.2f} s  {files / elapsed:7.1f} files/s  "
                f"{n_cues / elapsed:9.0f} cues/s  peak {peak} MiB  "
                f"ratio to floor: {elapsed / plain:.2f} (plain), {elapsed / durable:.2f} (fsync)"
            )

        unchanged, _, report = subsync(corpus, root / "out2", "--jobs", "2")
        assert report["converted"] == 0, report
        victim = next(corpus.rglob("*.json"))
        victim.write_bytes(victim.read_bytes().replace(b"the", b"teh", 1))
        one, _, report = subsync(corpus, root / "out2", "--jobs", "2")
        assert report["converted"] == 1, report
        check, _, report = subsync(corpus, root / "out2", "--check")
        assert report["outdated"] == [], report
        single, _, _ = subsync(victim, root / "single")
        print(
            f"incremental, nothing changed: {unchanged:.2f} s; one input changed: {one:.2f} s "
            f"(converting that input alone: {single:.2f} s); --check in sync: {check:.2f} s"
        )

        small = (
            Path(__file__).resolve().parent.parent / "fixtures/inputs/resemble_v1_docs_clip.json"
        )
        ours, base = startup(small, root / "startup")
        print(
            f"start-up: subsync convert of one small file {ours * 1000:.0f} ms, "
            f"python -c pass {base * 1000:.0f} ms (+{(ours - base) * 1000:.0f} ms)"
        )

        growth = {}
        for count in (args.growth, 10 * args.growth):
            folder = root / f"growth{count}"
            write_corpus(folder, count // 2, count - count // 2, sizes, seed=2)
            growth[count] = subsync(folder, root / f"growth-out{count}", "--jobs", "1")
        (t1, m1, _), (t10, m10, _) = growth.values()
        print(
            f"growth --jobs 1: {args.growth} files {t1:.2f} s, {10 * args.growth} files "
            f"{t10:.2f} s: time x{t10 / t1:.1f} for x10 files; peak memory {m1} -> {m10} MiB "
            f"(x{m10 / m1:.2f})"
        )


if __name__ == "__main__":
    main()
