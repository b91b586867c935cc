"""What the review page tests share: the data block of a page, the lint of the same cues as
``subsync lint`` reports it, and inputs with hostile, right-to-left and CJK text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from subsync.cli import main
from subsync.model import Cue, Document
from subsync.writers.jsonout import write_json

_DATA = re.compile(r'<script type="application/json" id="review-data">(.*?)</script>', re.S)

#: Text that would run or break out if it were ever put in the page as HTML or script.
ATTACKS = (
    "<script>window.__pwned = 1</script>",
    '</script><script>window.__pwned = 2</script><script type="application/json">',
    '<img src="x" onerror="window.__pwned = 3">',
    "<svg onload=window.__pwned=4>",
    "<!-- <script>",
    "\u2028\u2029 ${window.__pwned = 5} `",
    '"; window.__pwned = 6; "',
    "&lt;b&gt; &amp; <b>bold</b> --> x",
)


def page_data(html: str) -> dict[str, Any]:
    """The JSON block of a review page, as the page's script reads it."""
    blocks = _DATA.findall(html)
    assert len(blocks) == 1, "the page holds exactly one data block"
    data: dict[str, Any] = json.loads(blocks[0])
    return data


def run(*args: str) -> Any:
    """``subsync ARGS`` in this process."""
    return CliRunner().invoke(main, list(args))


def lint_json(path: Path, *options: str) -> list[dict[str, Any]]:
    """``subsync lint --format json`` on a file."""
    result = run("lint", str(path), "--format", "json", *options)
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def save_input(path: Path, document: Document) -> Path:
    """A document as a subsync JSON input (the shape that carries any text and speaker)."""
    path.write_text(write_json(document), encoding="utf-8")
    return path


def hostile_document(language: str = "en") -> Document:
    """A cue for each attack, the attacks in the speakers' names too."""
    cues = tuple(
        Cue(i * 2_000_000, i * 2_000_000 + 1_500_000, (text, "second line"), speaker=text)
        for i, text in enumerate(ATTACKS)
    )
    return Document("subsync", language, cues)


def world_documents() -> list[Document]:
    """Arabic, Hebrew and Japanese beside English, one speaker each way."""
    lines = {
        "en": ("Welcome to the show.", "Thank you for coming."),
        "ar": ("مرحبا بكم في البرنامج.", "شكرا لحضوركم."),
        "he": ("ברוכים הבאים לתוכנית.", "תודה שבאתם."),
        "ja": ("番組へようこそ。", "来てくれてありがとうございます。"),
    }
    return [
        Document(
            "subsync",
            code,
            (
                Cue(500_000, 2_500_000, (first,), speaker="Host"),
                Cue(3_000_000, 5_000_000, (second,), speaker="Guest"),
            ),
        )
        for code, (first, second) in lines.items()
    ]
