"""Review page benchmark: page size, time to write it, and time until Chromium has laid it out
and can zoom it, for an ElevenLabs resource of N segments in 3 languages and the long Resemble
clip (every word, grapheme and phoneme a span). ``python bench/review_bench.py --segments 600``.
Needs Debian's ``chromium``."""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # tests.support (the DevTools driver), corpus

from corpus import Sizes, elevenlabs_resource  # noqa: E402

import subsync  # noqa: E402
from subsync.writers.review import write_review_page  # noqa: E402
from tests.support.page_browser import PageBrowser  # noqa: E402

LONG_CLIP = ROOT / "fixtures" / "long" / "resemble_long_clip.json"


def measure(browser: PageBrowser, name: str, raw: bytes, folder: Path) -> None:
    documents = subsync.parse(raw, name=name).documents
    started = time.perf_counter()
    html = write_review_page(documents, name)
    written = time.perf_counter() - started
    page = folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    started = time.perf_counter()
    browser.open(page)
    ready = time.perf_counter() - started
    started = time.perf_counter()
    browser.key("+", text="+")
    browser.evaluate("document.querySelectorAll('.cue').length")
    zoom = time.perf_counter() - started
    cues = sum(len(d.cues) for d in documents)
    spans = browser.evaluate("document.querySelectorAll('.span').length")
    print(
        f"{name}: {len(documents)} languages, {cues} cues, {spans} word/mark spans; "
        f"page {len(html.encode()) / 1024:.0f} KiB, written in {written:.2f} s, "
        f"ready in Chromium in {ready:.2f} s, zoom relaid in {zoom:.2f} s; "
        f"console problems: {len(browser.problems())}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--segments", type=int, default=600)
    args = parser.parse_args()
    resource = elevenlabs_resource(random.Random(1), Sizes(segments=args.segments))
    browser = PageBrowser()
    try:
        with tempfile.TemporaryDirectory() as folder:
            raw = json.dumps(resource).encode()
            measure(browser, f"elevenlabs_{args.segments}_segments", raw, Path(folder))
            measure(browser, "resemble_long_clip", LONG_CLIP.read_bytes(), Path(folder))
    finally:
        browser.close()


if __name__ == "__main__":
    main()
