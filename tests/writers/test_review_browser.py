"""The review page in headless Chromium: blocks where the times say, lint marks, the player,
keyboard, hostile text, right-to-left and CJK lanes, 200% zoom, contrast, and a screenshot."""

from __future__ import annotations

import tempfile
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from subsync.model import Document
from subsync.timeline import format_timecode, frame_rate
from subsync.writers.common import WriteOptions, display_lines, speaker_name
from subsync.writers.review import write_review_page
from tests.support.chromium import chromium_unavailable
from tests.support.conformance import missing
from tests.support.helpers import INPUTS
from tests.support.page_browser import PageBrowser, png_pixels
from tests.support.review_pages import (
    hostile_document,
    lint_json,
    page_data,
    run,
    save_input,
    world_documents,
)
from tests.writers.test_conformance_fuzz import documents

DUBBING = INPUTS / "elevenlabs_dubbing_review.json"

# Every cue block as the page laid it out: where it is (CSS pixels, from the left of its
# lane's track), its lane, its text and marks.
_CUES = """
Array.from(document.querySelectorAll('.cue'), (el) => {
  const row = el.closest('.row');
  const box = el.getBoundingClientRect();
  const track = row.querySelector('.track').getBoundingClientRect();
  const lane = row.getBoundingClientRect();
  const text = el.querySelector('.text');
  return {id: el.id, lang: row.dataset.lang, speaker: row.dataset.speaker,
    lines: Array.from(el.querySelectorAll('.line'), (line) => line.textContent),
    left: box.left - track.left, width: box.width, top: box.top, bottom: box.bottom,
    laneTop: lane.top, laneBottom: lane.bottom, x: box.left, right: box.right,
    textLeft: text.getBoundingClientRect().left, textRight: text.getBoundingClientRect().right,
    direction: getComputedStyle(text).direction, classes: Array.from(el.classList),
    title: el.title, tags: Array.from(el.querySelectorAll('*'), (n) => n.localName)};
})
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[PageBrowser]:
    reason = chromium_unavailable()
    if reason:
        missing(reason)
    page_browser = PageBrowser()
    yield page_browser
    page_browser.close()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dubbing fixture's page with a 13 s silent WAV, and its SRT files, in one folder."""
    folder = tmp_path_factory.mktemp("review")
    with wave.open(str(folder / "speech.wav"), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(8000)
        audio.writeframes(bytes([128]) * 8000 * 13)
    media = str(folder / "speech.wav")
    assert run("review", str(DUBBING), "-o", str(folder), "--media", media, "-q").exit_code == 0
    assert run("convert", str(DUBBING), "--to", "srt", "-o", str(folder), "-q").exit_code == 0
    return folder


def _page(folder: Path) -> Path:
    return folder / "elevenlabs_dubbing_review.review.html"


def _data(folder: Path) -> dict[str, Any]:
    return page_data(_page(folder).read_text(encoding="utf-8"))


def _wait(browser: PageBrowser, expression: str) -> Any:
    """The expression's value once truthy, within a generous budget (no timing is asserted)."""
    for _ in range(200):
        value = browser.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"never true: {expression}")


def test_one_block_per_cue_per_language_where_its_times_say(
    browser: PageBrowser, made: Path
) -> None:
    browser.open(_page(made))
    blocks = {b["id"]: b for b in browser.evaluate(_CUES)}
    data = _data(made)
    expected = [(lang, cue) for lang in data["languages"] for cue in lang["cues"]]
    assert len(blocks) == len(expected) == 22
    origin = min(cue["start"] for _, cue in expected)
    last = max(expected, key=lambda pair: pair[1]["start"])
    first = min(expected, key=lambda pair: pair[1]["start"])
    ids = (f"{last[0]['id']}-c{last[1]['n']}", f"{first[0]['id']}-c{first[1]['n']}")
    scale = (blocks[ids[0]]["left"] - blocks[ids[1]]["left"]) / (
        last[1]["start"] - first[1]["start"]
    )
    assert scale > 0
    for lang, cue in expected:
        block = blocks[f"{lang['id']}-c{cue['n']}"]
        assert block["lang"] == lang["code"] and block["speaker"] == cue["speaker"]
        assert block["lines"] == cue["lines"]
        assert block["left"] == pytest.approx(
            (cue["start"] - origin // 1_000_000 * 1_000_000) * scale, abs=1
        )
        assert block["width"] == pytest.approx((cue["end"] - cue["start"]) * scale, abs=1)
        assert block["laneTop"] <= block["top"] and block["bottom"] <= block["laneBottom"]
    # Each dub's lane is under its source's, speaker by speaker.
    lanes = browser.evaluate(
        "Array.from(document.querySelectorAll('.row'), r => [r.dataset.speaker, r.dataset.lang])"
    )
    assert lanes == [[s, code] for s in ("Maya", "Daniel") for code in ("en", "es", "fr", "ja")]
    assert browser.problems() == []


def test_lint_marks_match_subsync_lint(browser: PageBrowser, made: Path) -> None:
    browser.open(_page(made))
    blocks = {b["id"]: b for b in browser.evaluate(_CUES)}
    data = _data(made)
    listed = 0
    for lang in data["languages"]:
        found = lint_json(made / f"elevenlabs_dubbing_review.{lang['code']}.srt")
        for cue in lang["cues"]:
            block = blocks[f"{lang['id']}-c{cue['n']}"]
            mine = [v for v in found if v["cue"] == cue["n"]]
            levels = {v["level"] for v in mine}
            level = "error" if "error" in levels else "warning" if levels else None
            assert [c for c in block["classes"] if c in ("error", "warning")] == (
                [level] if level else []
            )
            assert ("svg" in block["tags"]) == bool(mine), "an icon, not colour alone"
            for v in mine:
                assert f"{v['level']}: {v['rule']}: {v['message']}" in block["title"]
            listed += len(mine)
    assert listed == browser.evaluate("document.querySelectorAll('#findings li').length") == 9
    counts = browser.evaluate(
        "Array.from(document.querySelectorAll('#counts li'), l => l.textContent)"
    )
    assert sorted(counts) == ["gap-below-minimum: 2", "overlap: 1", "reading-speed: 6"]


def test_a_click_on_a_cue_seeks_the_media_and_nothing_leaves_the_machine(
    browser: PageBrowser, made: Path
) -> None:
    browser.open(_page(made))
    _wait(browser, "document.querySelector('audio').readyState >= 1")
    data = _data(made)
    for lang, cue in (
        (data["languages"][1], data["languages"][1]["cues"][2]),
        (data["languages"][3], data["languages"][3]["cues"][4]),
    ):
        target = f"document.getElementById('{lang['id']}-c{cue['n']}')"
        browser.evaluate(f"{target}.scrollIntoView({{block: 'center', inline: 'center'}})")
        box = browser.evaluate(
            f"(() => {{const r = {target}.getBoundingClientRect(); "
            "return [r.left + r.width / 2, r.top + r.height / 2];})()"
        )
        browser.click(*box)
        seconds = cue["start"] / 1_000_000
        assert _wait(
            browser, f"Math.abs(document.querySelector('audio').currentTime - {seconds}) < 1e-3"
        )
        assert _wait(browser, f"{target}.classList.contains('current')")
    tracks = browser.evaluate(
        "Array.from(document.querySelector('audio').textTracks, t => [t.label, t.language])"
    )
    assert tracks == [["en", "en"], ["es", "es"], ["fr", "fr"], ["ja", "ja"]]
    assert browser.problems() == []
    schemes = {url.split(":", 1)[0] for url in browser.requests()}
    assert schemes <= {"file", "data", "blob"}, browser.requests()
    assert any(url.endswith("/speech.wav") for url in browser.requests())


def test_the_keyboard_reaches_every_cue(browser: PageBrowser, made: Path) -> None:
    browser.open(_page(made))
    cue_ids = {b["id"] for b in browser.evaluate(_CUES)}
    focusable = browser.evaluate("document.querySelectorAll('button, [tabindex], audio').length")
    reached = set()
    for _ in range(focusable + 3):
        browser.key("Tab")
        reached.add(browser.evaluate("document.activeElement.id"))
    assert cue_ids <= reached
    # Arrows move along a lane and between lanes; Enter seeks; n jumps to a problem.
    browser.evaluate("document.getElementById('l0-c1').focus()")
    browser.key("ArrowRight")
    assert browser.evaluate("document.activeElement.id") == "l0-c2"
    browser.key("ArrowDown")
    assert browser.evaluate("document.activeElement.id") == "l1-c2"
    browser.key("n")
    assert browser.evaluate(
        "document.activeElement.classList.contains('warning') || "
        "document.activeElement.classList.contains('error')"
    )
    width = browser.evaluate("document.getElementById('l0-c1').getBoundingClientRect().width")
    browser.key("+", text="+")
    wider = browser.evaluate("document.getElementById('l0-c1').getBoundingClientRect().width")
    assert wider == pytest.approx(width * 1.5, abs=1)
    assert browser.problems() == []


def _check_shown_as_text(browser: PageBrowser, page: Path, documents: list[Document]) -> None:
    browser.open(page)
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.problems() == []
    blocks = browser.evaluate(_CUES)
    shown = [
        (display_lines(cue), speaker_name(cue))
        for document in documents
        for cue in document.cues
        if display_lines(cue)
    ]
    assert sorted((b["lines"], b["speaker"]) for b in blocks) == sorted(shown)
    for block in blocks:
        assert set(block["tags"]) <= {"span", "svg", "path"}
    heads = browser.evaluate(
        "Array.from(document.querySelectorAll('.row-head .speaker'), s => s.textContent)"
    )
    assert set(heads) == {name or "(no speaker)" for _, name in shown}


def test_hostile_text_speakers_and_file_names_show_as_text_and_run_nothing(
    browser: PageBrowser, tmp_path: Path
) -> None:
    source = save_input(tmp_path / '"<img src=x onerror=window.__pwned=9>.json', hostile_document())
    assert run("review", str(source), "-o", str(tmp_path), "-q").exit_code == 0
    (page,) = tmp_path.glob("*.html")
    _check_shown_as_text(browser, page, [hostile_document()])
    title = browser.evaluate("document.getElementById('title').textContent")
    assert title.endswith('"<img src=x onerror=window.__pwned=9>.json')


@settings(max_examples=12, deadline=None)
@given(document=documents)
def test_the_conformance_fuzz_text_shows_as_text(browser: PageBrowser, document: Document) -> None:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "fuzz.html"
        page.write_text(write_review_page([document], "fuzz"), encoding="utf-8")
        _check_shown_as_text(browser, page, [document])


def test_right_to_left_and_cjk_text_render_in_their_lanes(
    browser: PageBrowser, tmp_path: Path
) -> None:
    page = tmp_path / "world.html"
    page.write_text(write_review_page(world_documents(), "world"), encoding="utf-8")
    browser.open(page)
    blocks = browser.evaluate(_CUES)
    assert len(blocks) == 8
    for block in blocks:
        assert block["direction"] == ("rtl" if block["lang"] in ("ar", "he") else "ltr")
        assert block["x"] - 1 <= block["textLeft"] and block["textRight"] <= block["right"] + 1
        assert block["laneTop"] <= block["top"] and block["bottom"] <= block["laneBottom"]
    # A right-to-left line starts at the right of its block.
    arabic = next(b for b in blocks if b["lang"] == "ar")
    line = browser.evaluate(
        f"(() => {{const r = document.getElementById('{arabic['id']}').querySelector('.line')"
        ".getClientRects()[0]; return [r.left, r.right];})()"
    )
    assert line[1] > (arabic["x"] + arabic["right"]) / 2
    assert browser.problems() == []


def test_readable_at_200_percent_zoom(browser: PageBrowser, made: Path) -> None:
    browser.open(_page(made), width=640, height=400, scale=2)
    overflow = browser.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the page itself never scrolls sideways; the timeline does"
    clipped = browser.evaluate(
        "Array.from(document.querySelectorAll("
        "'.cue .text, .row-head, .findings button, .counts li'))"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"
    )
    assert clipped == []
    assert browser.problems() == []


_CONTRAST = """
(() => {
  const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const selector = '.cue .line, .span, .tick, .row-head span, .counts li span, .findings button, ' +
    '.summary, .keys, .tools button, h1, .details dd, .details dt';
  return Array.from(document.querySelectorAll(selector), (el) => {
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    return [el.className || el.localName, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
})()
"""


def test_text_contrast_meets_wcag_aa(browser: PageBrowser, made: Path) -> None:
    browser.open(_page(made))
    browser.evaluate("document.getElementById('l0-c4').click()")  # fills the details panel
    ratios = browser.evaluate(_CONTRAST)
    assert len(ratios) > 40
    low = [(name, ratio) for name, ratio in ratios if ratio < 4.5]
    assert low == []


def test_timecodes_on_the_ruler_are_subsync_s(browser: PageBrowser, tmp_path: Path) -> None:
    page = tmp_path / "tc.html"
    for rate in ("29.97", "23.976", "25"):
        options = WriteOptions(frame_rate=rate)
        page.write_text(write_review_page(world_documents(), "tc", options=options))
        browser.open(page)
        for us in (0, 1_000_000, 60_060_000, 599_999_999, 3_599_996_400, 36_000_000_000):
            python = format_timecode(us, frame_rate(rate))
            assert browser.evaluate(f"window.subsyncTimecode({us})") == python
        ticks = browser.evaluate(
            "Array.from(document.querySelectorAll('.tick'), t => t.textContent)"
        )
        assert ticks and all(len(t) == 11 for t in ticks), ticks


def test_screenshot_of_the_dubbing_page_has_a_lane_per_speaker_where_the_dom_says(
    browser: PageBrowser, tmp_path: Path
) -> None:
    assert run("convert", str(DUBBING), "--to", "html", "-o", str(tmp_path), "-q").exit_code == 0
    browser.open(_page(tmp_path), width=1280, height=800)
    layout = browser.evaluate(
        """(() => {
      const px = (v) => parseFloat(v);
      const cues = Array.from(document.querySelectorAll('.cue'), (el) => {
        const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        return {speaker: el.closest('.row').dataset.speaker, left: r.left, top: r.top,
          right: r.right, bottom: r.bottom, border: px(s.borderLeftWidth),
          background: s.backgroundColor, edge: s.borderLeftColor};
      });
      const rows = Array.from(document.querySelectorAll('.row'), (el) => {
        const r = el.getBoundingClientRect();
        const head = el.querySelector('.row-head').getBoundingClientRect();
        return {speaker: el.dataset.speaker, top: r.top, bottom: r.bottom, head: head.right};
      });
      return {cues, rows};
    })()"""
    )
    width, height, rows = png_pixels(browser.screenshot())
    assert (width, height) == (1280, 800)

    def pixel(x: float, y: float) -> tuple[int, ...]:
        row = rows[int(y)]
        return tuple(row[int(x) * 3 : int(x) * 3 + 3])

    def colour(css: str) -> tuple[int, ...]:
        return tuple(int(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])

    seen: dict[str, tuple[int, ...]] = {}
    checked = 0
    for cue in layout["cues"]:
        y = (cue["top"] + cue["bottom"]) / 2
        if not 0 <= y < height - 1:
            continue
        # Inside the left padding, clear of text and icon: the speaker's colour.
        assert pixel(cue["left"] + cue["border"] + 2, y) == colour(cue["background"])
        assert pixel(cue["left"] + cue["border"] / 2, y) == colour(cue["edge"])
        seen.setdefault(cue["speaker"], colour(cue["background"]))
        checked += 1
    assert checked >= 16 and len(set(seen.values())) == len(seen) == 2
    for lane in layout["rows"]:
        y = lane["bottom"] - 2
        if y >= height:
            continue
        # Each lane's head on the left, and plain track where none of its cues are.
        assert pixel(lane["head"] - 4, y) == (0xF4, 0xF4, 0xF4)
        assert pixel(lane["head"] + 3, y) == (255, 255, 255)
    assert browser.problems() == []


def test_words_graphemes_and_phonemes_are_finer_lanes_under_the_cues(
    browser: PageBrowser, tmp_path: Path
) -> None:
    clip = INPUTS / "resemble_v1_docs_clip.json"
    assert run("review", str(clip), "-o", str(tmp_path), "-q").exit_code == 0
    page = tmp_path / "resemble_v1_docs_clip.review.html"
    data = page_data(page.read_text(encoding="utf-8"))
    browser.open(page)
    lanes = browser.evaluate(
        """Array.from(document.querySelectorAll('.sub'), (sub) => {
          const track = sub.closest('.track').getBoundingClientRect();
          const cues = Array.from(sub.closest('.track').querySelectorAll('.cue'),
            (c) => c.getBoundingClientRect().bottom);
          return {level: sub.classList[1], top: sub.getBoundingClientRect().top,
            cuesEnd: Math.max(...cues),
            spans: Array.from(sub.children, (s) => [s.textContent,
              s.getBoundingClientRect().left - track.left, s.getBoundingClientRect().width])};
        })"""
    )
    cues = data["languages"][0]["cues"]
    assert [lane["level"] for lane in lanes] == ["words", "graphemes", "phonemes"]
    blocks = {b["id"]: b for b in browser.evaluate(_CUES)}
    first, last = cues[0], cues[-1]
    scale = (blocks[f"l0-c{last['n']}"]["left"] - blocks["l0-c1"]["left"]) / (
        last["start"] - first["start"]
    )
    origin = first["start"] // 1_000_000 * 1_000_000
    for lane in lanes:
        assert lane["top"] >= lane["cuesEnd"], "under the cues"
        marks = [mark for cue in cues for mark in cue[lane["level"]]]
        assert len(lane["spans"]) == len(marks) > 10
        for (text, left, width), (mark, start, end) in zip(lane["spans"], marks, strict=True):
            assert text == mark
            assert left == pytest.approx((start - origin) * scale, abs=1)
            assert width == pytest.approx(max((end - start) * scale, 1), abs=1)
    assert browser.problems() == []
