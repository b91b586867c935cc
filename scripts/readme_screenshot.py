"""Make docs/review.png, the README's picture of the review page: the dubbing fixture's page
with a silent WAV as its media, the overlapping cue selected, in headless Chromium at
1280x800. Run it after changing the page: ``python scripts/readme_screenshot.py``.

Needs Debian's ``chromium``, and ``fonts-noto-cjk`` for the Japanese lane to show its text.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the DevTools driver the tests use: tests.support

from click.testing import CliRunner  # noqa: E402

from subsync.cli import main as subsync  # noqa: E402
from tests.support.page_browser import PageBrowser  # noqa: E402

# Relative, as a user would name it: the page's title is the input as named.
FIXTURE = Path("fixtures") / "inputs" / "elevenlabs_dubbing_review.json"
TARGET = ROOT / "docs" / "review.png"


def make_page(folder: Path) -> Path:
    """The review page of the fixture, playing 13 s of silence."""
    media = folder / "dub.wav"
    with wave.open(str(media), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(8000)
        audio.writeframes(bytes([128]) * 8000 * 13)
    args = ["review", str(FIXTURE), "-o", str(folder), "--media", str(media), "-q", "-j", "1"]
    result = CliRunner().invoke(subsync, args)
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return folder / "elevenlabs_dubbing_review.review.html"


def main() -> None:
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        page = make_page(Path(folder))
        browser = PageBrowser()
        try:
            browser.open(page, width=1280, height=800)
            for _ in range(200):
                if browser.evaluate("document.querySelector('audio').readyState >= 1"):
                    break
                time.sleep(0.05)
            # The English cue that overlaps the one before: selected, played from its start.
            browser.evaluate("document.getElementById('l0-c5').click()")
            for _ in range(200):
                if browser.evaluate("document.querySelectorAll('.cue.current').length"):
                    break
                time.sleep(0.05)
            browser.evaluate("document.activeElement.blur()")
            TARGET.write_bytes(browser.screenshot())
        finally:
            browser.close()
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
