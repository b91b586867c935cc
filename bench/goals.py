"""The performance goals of issue 19, each a ratio measured in one run: min, median and max of
five paired runs (the two commands of a pair run back to back, so load on the machine hits
both), with the command lines that were timed.

1. SRT -> WebVTT on 200,000 cues: subsync / ffmpeg wall time (goal < 1.0) and peak memory
   (goal <= ffmpeg's); pysubs2 for reference.
2. A folder of 300 saved JSON files (150 ElevenLabs dubbing resources in 4 languages, 150
   Resemble clips of 400 words) to srt,vtt,json (2,250 outputs) at the default --jobs: subsync /
   the plain floor (json.loads every input, write the same files with the same sizes; goal <= 4).
3. Start-up: `subsync --version` and a one-file convert / pysubs2's (goal <= 1.0).
4. Growth: SRT -> WebVTT time from 1x to 10x cues (goal: linear, x10), and peak memory of the
   folder run from 1x to 10x files (goal: flat).

Run by hand: python bench/goals.py [--runs 5] [--cues 200000] [--only srt,folder,startup,growth]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from convert_bench import FLOOR
from corpus import Sizes, write_corpus

# 20 segments a resource (a short dubbed video), written compact as the APIs send them.
FOLDER_SIZES = Sizes(segments=20, dubs=3, words=400)
SUBSYNC = [sys.executable, "-m", "subsync"]
_SCRIPT = shutil.which("subsync") or "subsync"
_LINES = [
    "I told you, the microphone picks up everything.",
    "<i>Not the cheap one.</i>",
    "We should be leaving soon, before the rain starts.",
    "- Are you sure?\n- Quite sure.",
    "Everyone on the team needs a good pop filter.",
    "Über Nacht kamen die Nachrichten, café au lait.",
]


# Runs a command and prints the peak RSS (MiB) of its largest process and the CPU seconds of
# all its processes. A child forked straight from the (large) bench process would count the
# bench's own pages: Linux keeps the pre-exec peak in ru_maxrss. This launcher is small.
LAUNCHER = r"""
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime)
sys.exit(code)
"""

#: CPU seconds of the last run(): on a loaded machine, steadier than wall time.
CPU: list[float] = []


def run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS in MiB of a command, through a small launcher."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}: {done.stderr.decode()[-500:]}")
    peak, cpu = done.stdout.split()
    CPU.append(float(cpu))
    return elapsed, int(peak)


def write_srt(path: Path, cues: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    blocks = []
    clock = 1000
    for index in range(1, cues + 1):
        start, end = clock, clock + rng.randint(600, 1400)
        clock = end + rng.randint(40, 300)
        text = "\n".join(rng.sample(_LINES, rng.randint(1, 2)))
        blocks.append(f"{index}\n{_ts(start)} --> {_ts(end)}\n{text}\n")
    path.write_text("\n".join(blocks), encoding="utf-8")


def _ts(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def spread(values: list[float]) -> str:
    return f"min {min(values):.2f}  median {statistics.median(values):.2f}  max {max(values):.2f}"


Result = tuple[float, int, float]


def paired(
    runs: int, ours: Callable[[], tuple[float, int]], theirs: Callable[[], tuple[float, int]]
) -> tuple[list[Result], list[Result]]:
    """Each command ``runs`` times, alternating: (wall s, peak MiB, CPU s) of each run."""
    a: list[Result] = []
    b: list[Result] = []
    for _ in range(runs):
        a.append((*ours(), CPU[-1]))
        b.append((*theirs(), CPU[-1]))
    return a, b


def report(name: str, ours: list[Result], theirs: list[Result]) -> None:
    ratios = [x[0] / y[0] for x, y in zip(ours, theirs, strict=True)]
    memory = [x[1] / y[1] for x, y in zip(ours, theirs, strict=True)]
    cpu = [x[2] / y[2] for x, y in zip(ours, theirs, strict=True)]
    print(f"  subsync s:   {spread([x[0] for x in ours])}   peak MiB {_mib(ours)}")
    print(f"  {name:<12} {spread([x[0] for x in theirs])}   peak MiB {_mib(theirs)}")
    print(f"  RATIO wall:  {spread(ratios)}")
    print(f"  RATIO peak:  {spread(memory)}")
    print(f"  (ratio of CPU seconds, steadier on a loaded machine: {spread(cpu)})")


def _mib(results: list[Result] | list[tuple[float, int]]) -> str:
    return "/".join(str(r[1]) for r in results)


def srt_goal(root: Path, runs: int, cues: int) -> None:
    source = root / "big.srt"
    write_srt(source, cues)
    ours = [*SUBSYNC, "convert", str(source), "--to", "vtt", "-o", str(root), "-q", "--force"]
    ffmpeg = ["ffmpeg", "-v", "error", "-y", "-i", str(source), str(root / "ffmpeg.vtt")]
    pysubs2 = [sys.executable, "-m", "pysubs2", "--to", "vtt", "-o", str(root / "p"), str(source)]
    size = source.stat().st_size / 2**20
    print(f"\n[1] SRT -> WebVTT, {cues} cues ({size:.1f} MiB)")
    for command in (ours, ffmpeg, pysubs2):
        print("  $ " + " ".join(command))
    a, b = paired(runs, lambda: run(ours), lambda: run(ffmpeg))
    report("ffmpeg s:", a, b)
    p = [run(pysubs2) for _ in range(min(runs, 3))]
    print(f"  pysubs2 s:   {spread([x[0] for x in p])}   peak MiB {_mib(p)}")


def folder_goal(root: Path, runs: int) -> None:
    corpus = root / "corpus"
    write_corpus(corpus, 150, 150, FOLDER_SIZES, indent=None)
    out, target = root / "out", root / "floor"
    ours = [*SUBSYNC, "convert", str(corpus), "-o", str(out), "--to", "srt,vtt,json", "-q"]
    ours.append("--force")
    run(ours)
    plan: dict[str, list[tuple[str, int]]] = {}
    manifest = json.loads((out / ".subsync-manifest.json").read_bytes())
    for key, entry in manifest["outputs"].items():
        source = os.path.normpath(out / entry["input"])
        plan.setdefault(source, []).append((str(target / key), (out / key).stat().st_size))
    plan_file = root / "plan.json"
    plan_file.write_text(json.dumps(sorted(plan.items())))
    floor = [sys.executable, "-c", "<FLOOR in bench/convert_bench.py>", str(plan_file), "0"]
    size = sum(p.stat().st_size for p in corpus.rglob("*.json")) / 2**20
    print(f"\n[2] JSON folder: 300 files ({size:.1f} MiB), {len(manifest['outputs'])} outputs")
    for command in (ours, floor):
        print("  $ " + " ".join(command))
    floor[2] = FLOOR
    a, b = paired(runs, lambda: run(ours), lambda: run(floor))
    report("floor s:", a, b)


def startup_goal(root: Path, runs: int, repeat: int = 9) -> None:
    small = root / "small.srt"
    write_srt(small, 20)
    print("\n[3] start-up (each run: the median of 9 invocations, each through the launcher)")
    pairs = {
        "--version": ([_SCRIPT, "--version"], [sys.executable, "-m", "pysubs2", "--version"]),
        "one file": (
            [_SCRIPT, "convert", str(small), "--to", "vtt", "-o", str(root / "s"), "-q", "--force"],
            [sys.executable, "-m", "pysubs2", "--to", "vtt", "-o", str(root / "p"), str(small)],
        ),
    }
    for name, (ours, theirs) in pairs.items():
        print(f"  {name}:\n  $ {' '.join(ours)}\n  $ {' '.join(theirs)}")

        def median_of(command: list[str]) -> tuple[float, int]:
            walls, cpus = [], []
            for _ in range(repeat):
                walls.append(run(command)[0])
                cpus.append(CPU[-1])
            CPU.append(statistics.median(cpus))
            return statistics.median(walls), 1

        a, b = paired(runs, lambda o=ours: median_of(o), lambda t=theirs: median_of(t))
        ms = [x[0] * 1000 for x in a], [x[0] * 1000 for x in b]
        print(f"  subsync ms: {spread(ms[0])}; pysubs2 ms: {spread(ms[1])}")
        print(f"  RATIO {name}: {spread([x[0] / y[0] for x, y in zip(a, b, strict=True)])}")
        cpu = [x[2] / y[2] for x, y in zip(a, b, strict=True)]
        print(f"  (ratio of CPU seconds: {spread(cpu)})")


def growth_goal(root: Path, cues: int) -> None:
    print("\n[4] growth (one run each)")
    times = {}
    for factor in (1, 2, 5, 10):
        source = root / f"g{factor}.srt"
        write_srt(source, cues // 10 * factor, seed=3)
        command = [*SUBSYNC, "convert", str(source), "--to", "vtt", "-o", str(root), "-q"]
        times[factor] = run(command)
        print(
            f"  SRT -> WebVTT {cues // 10 * factor:>7} cues: {times[factor][0]:.2f} s, "
            f"peak {times[factor][1]} MiB"
        )
    print(f"  RATIO time 10x/1x cues: {times[10][0] / times[1][0]:.1f} (linear: 10)")
    one = _folder_once(root, 1)
    ten = _folder_once(root, 10)
    print(
        f"  folder 300 files: {one[0]:.2f} s, peak {one[1]} MiB; 3,000 files: {ten[0]:.2f} s, "
        f"peak {ten[1]} MiB"
    )
    print(
        f"  RATIO peak memory 10x/1x files: {ten[1] / one[1]:.2f} (flat: 1.0); "
        f"time {ten[0] / one[0]:.1f} (linear: 10)"
    )


def _folder_once(root: Path, scale: int) -> tuple[float, int]:
    corpus = root / f"gcorpus{scale}"
    if not corpus.exists():
        write_corpus(corpus, 150 * scale, 150 * scale, FOLDER_SIZES, seed=2, indent=None)
    out = root / f"gout{scale}"
    command = [*SUBSYNC, "convert", str(corpus), "-o", str(out), "--to", "srt,vtt,json", "-q"]
    return run([*command, "--force"])


def compile_package() -> None:
    """Write subsync's bytecode, as ``pip install`` does (pysubs2's is there): an editable
    install under PYTHONDONTWRITEBYTECODE=1 would compile every module at every start."""
    import compileall

    import subsync

    package = Path(subsync.__file__).parent
    compileall.compile_dir(package, quiet=1)
    print(f"$ python -m compileall -q {package}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cues", type=int, default=200_000)
    parser.add_argument("--only", default="srt,folder,startup,growth")
    args = parser.parse_args()
    only = set(args.only.split(","))
    print(f"$ {' '.join([os.path.basename(sys.executable), *sys.argv])}; {os.cpu_count()} cores")
    compile_package()
    with tempfile.TemporaryDirectory(prefix="subsync-goals-") as tmp:
        root = Path(tmp)
        if "srt" in only:
            srt_goal(root, args.runs, args.cues)
        if "folder" in only:
            folder_goal(root, args.runs)
        if "startup" in only:
            startup_goal(root, args.runs)
        if "growth" in only:
            growth_goal(root, args.cues)


if __name__ == "__main__":
    main()
