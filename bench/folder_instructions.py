"""Instructions per input of the folder goal's conversions, counted by valgrind's callgrind:
steady where CPU seconds are not (a shared machine), and free of start-up, since it is the
difference between converting 1 and 11 inputs of a kind, divided by 10.

Run: python bench/folder_instructions.py [--kind resemble|elevenlabs] (needs valgrind; about
30 s a kind). Each count converts the first N inputs of the bench corpus to srt, vtt, json
with ``convert()``, nothing written.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus
from goals import FOLDER_SIZES

_CONVERT = """
import sys
from pathlib import Path
from subsync.batch.convert import Request, convert
request = Request(formats=("srt", "vtt", "json"))
for path in sorted(Path(sys.argv[1]).rglob("*.json"))[: int(sys.argv[2])]:
    convert(path.read_bytes(), str(path), request)
"""


def collected(folder: Path, count: int) -> int:
    """The instructions callgrind counts for converting the first ``count`` inputs."""
    return instructions([sys.executable, "-c", _CONVERT, str(folder), str(count)])


def instructions(command: list[str]) -> int:
    """The instructions callgrind counts for ``command``, its children not followed."""
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    done = subprocess.run([*valgrind, *command], capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no count from callgrind: {done.stderr[-500:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kind", default="resemble", choices=["resemble", "elevenlabs"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="subsync-instructions-") as folder:
        write_corpus(Path(folder), 150, 150, FOLDER_SIZES, indent=None)
        inputs = Path(folder) / args.kind
        one, eleven = collected(inputs, 1), collected(inputs, 11)
    print(f"{args.kind}: {(eleven - one) / 10 / 1e6:.1f} M instructions an input")


if __name__ == "__main__":
    main()
