"""What a folder convert's parent process keeps against its number of files: its bookkeeping
(the inputs found, the ledger, the manifest with its saves, the orphans walk) over N and 10N
inputs of 8 outputs each, the outcomes made up so that nothing is converted or written but the
manifest: only what the parent holds is counted. tracemalloc's figures, which hold still where
a peak RSS swings with the allocator and the load: the bytes still held when the run is done,
and the most held while it ran; and the CPU seconds the bookkeeping took.

Run: python bench/parent_memory.py [--inputs 300] [--runs 3] [--scales 1,10]
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from unittest import mock

import subsync.batch.pipeline as pipeline_module
from subsync.batch.convert import Request
from subsync.batch.digest import sha256
from subsync.batch.inputs import Found, expand
from subsync.batch.pipeline import Pipeline, Target
from subsync.batch.plan import Outcome, Rendered
from subsync.sources import ParseOptions
from subsync.timeline import Timeline
from subsync.writers import WriteOptions

DATA = b"x" * 2000
FORMATS = [f"{lang}.{ext}" for lang in ("en", "es", "fr", "ja") for ext in ("srt", "vtt")]


class Quiet:
    """A listener that keeps nothing."""

    def __getattr__(self, name: str) -> object:
        return lambda *args: None


def corpus(root: Path, count: int) -> Path:
    """``count`` empty inputs, 10 a folder, as bench/corpus.py lays them out."""
    folder = root / f"in{count}"
    for n in range(count):
        path = folder / f"batch{n // 10:04d}" / f"clip_{n:05d}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"{}")
    return folder


def one_run(inputs: Path, out: Path) -> tuple[int, int, float]:
    """Bytes held when done, most bytes held, CPU seconds: a run over ``inputs``."""
    shutil.rmtree(out, ignore_errors=True)
    request = Request(("srt", "vtt"), (), None, ParseOptions(), WriteOptions(), Timeline())
    digest = sha256(DATA)
    gc.collect()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    started = time.process_time()
    quiet = Quiet()
    run = Pipeline(request, Target(out, force=True), quiet, version="b", keep_results=False)  # type: ignore[arg-type]
    found = Found(expand([str(inputs)], str(out), (), (), run.scratch), run.scratch)
    run.plan(found)  # protects the inputs, as a run does before its first output
    for item in found:
        assert not isinstance(item, Exception)
        stem = Path(item.path).stem
        outputs = tuple(Rendered(f"{item.folder}/{stem}.{f}", DATA, digest) for f in FORMATS)
        run.handle(Outcome(item, "converted", outputs, (), None, "0" * 64))
    run.finish()
    gc.collect()  # a full collection empties the free lists too
    cpu = time.process_time() - started
    held, peak = tracemalloc.get_traced_memory()
    return held - base, peak - base, cpu


def spread(values: list[float]) -> str:
    return f"min {min(values):.2f}  median {statistics.median(values):.2f}  max {max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inputs", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,10", help="multiples of --inputs to run")
    args = parser.parse_args()
    scales = [int(scale) for scale in args.scales.split(",")]
    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")
    root = Path(tempfile.mkdtemp(prefix="subsync-parent-"))
    # Nothing is written but the manifest: the outputs' bytes are the workers' business.
    nothing = mock.patch.object(pipeline_module, "write_outputs", lambda f, s, b: [None] * len(f))
    # Traced from before the first run: a block the interpreter moves (a table it grows) counts
    # as what it is, not as new.
    tracemalloc.start()
    try:
        with nothing:
            sizes = {scale: corpus(root, args.inputs * scale) for scale in scales}
            # The interpreter's own tables (the interned strings every path object adds to)
            # grown to the largest run's size once, as a long-lived process has them.
            one_run(sizes[max(scales)], root / "warm")
            results: dict[int, list[tuple[int, int, float]]] = {scale: [] for scale in scales}
            for _ in range(args.runs):
                for scale, inputs in sizes.items():
                    results[scale].append(one_run(inputs, root / f"out{scale}"))
    finally:
        tracemalloc.stop()
        shutil.rmtree(root)
    for scale, runs in results.items():
        outputs = args.inputs * scale * len(FORMATS)
        print(f"  {args.inputs * scale:>6} inputs, {outputs:>6} outputs:")
        print(f"    held when done KiB: {spread([r[0] / 1024 for r in runs])}")
        print(f"    most held KiB:      {spread([r[1] / 1024 for r in runs])}")
        print(f"    CPU s:              {spread([r[2] for r in runs])}")
    one, most = results[min(scales)], results[max(scales)]
    extra = args.inputs * (max(scales) - min(scales)) * len(FORMATS)
    held = [(b[0] - a[0]) / extra for a, b in zip(one, most, strict=True)]
    peak = [(b[1] - a[1]) / 1024 for a, b in zip(one, most, strict=True)]
    print(f"  bytes held when done per extra output: {spread(held)} (flat: 0)")
    print(f"  most held, largest run less smallest, KiB: {spread(peak)} (flat: a constant)")


if __name__ == "__main__":
    main()
