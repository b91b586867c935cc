"""Start-up goal in instructions (valgrind's callgrind), steady where milliseconds are not:
``subsync --version`` and a one-file SRT -> WebVTT convert against pysubs2's, each installed
as a user installs it (``pip install .`` into a fresh virtual environment, not editable, with
bytecode compiled), and ``python -c pass`` for the interpreter's own share.

Run: python bench/startup_instructions.py [--venv DIR] (needs valgrind and pip's index;
about a minute). ``--venv`` reuses (or makes) that environment; reinstalling subsync there
each run measures the working tree.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from folder_instructions import instructions
from goals import write_srt

_REPO = Path(__file__).resolve().parent.parent


def install(venv: Path) -> Path:
    """A virtual environment with this tree's subsync and pysubs2; returns its bin folder."""
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "pysubs2"], check=True)
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(_REPO)], check=True)
    subprocess.run([*pip, str(_REPO)], check=True)  # its dependencies, once
    subprocess.run([str(python), "-m", "compileall", "-q", str(venv / "lib")], check=True)
    return venv / "bin"


def measure(bin_dir: Path, work: Path) -> None:
    small = work / "small.srt"
    write_srt(small, 20)
    python, ours = str(bin_dir / "python"), str(bin_dir / "subsync")
    pairs = {
        "--version": ([ours, "--version"], [python, "-m", "pysubs2", "--version"]),
        "one file": (
            [ours, "convert", str(small), "--to", "vtt", "-o", str(work / "s"), "-q", "--force"],
            [python, "-m", "pysubs2", "--to", "vtt", "-o", str(work / "p"), str(small)],
        ),
    }
    bare = instructions([python, "-c", "pass"])
    print(f"python -c pass: {bare / 1e6:.1f} M instructions")
    for name, (command, theirs) in pairs.items():
        a, b = instructions(command), instructions(theirs)
        print(f"$ {' '.join(command)}\n$ {' '.join(theirs)}")
        print(f"  {name}: subsync {a / 1e6:.1f} M, pysubs2 {b / 1e6:.1f} M: RATIO {a / b:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venv", type=Path, help="the environment to install into and reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="subsync-startup-") as temp:
        bin_dir = install(args.venv or Path(temp) / "venv")
        measure(bin_dir, Path(temp))


if __name__ == "__main__":
    main()
