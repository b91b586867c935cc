"""The review page as text: one page per input with every language, the data the page shows,
the lint marks as ``subsync lint`` finds them, escaping, and the page's own policy."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subsync
from subsync.model import Cue, Document
from subsync.writers.common import display_lines, speaker_name
from subsync.writers.review import write_review_page
from tests.support.helpers import INPUTS
from tests.support.review_pages import (
    ATTACKS,
    hostile_document,
    lint_json,
    page_data,
    run,
    save_input,
)

DUBBING = INPUTS / "elevenlabs_dubbing_review.json"


def test_convert_to_html_writes_one_page_per_input_with_every_language(tmp_path: Path) -> None:
    result = run("convert", str(DUBBING), "--to", "html,srt", "-o", str(tmp_path), "-q")
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in tmp_path.glob("*.html"))
    assert pages == ["elevenlabs_dubbing_review.review.html"]
    data = page_data((tmp_path / pages[0]).read_text(encoding="utf-8"))
    parsed = subsync.load(DUBBING)
    assert [lang["code"] for lang in data["languages"]] == ["en", "es", "fr", "ja"]
    run("convert", str(DUBBING), "--to", "vtt", "-o", str(tmp_path), "-q")
    for lang, document in zip(data["languages"], parsed.documents, strict=True):
        assert [c["lines"] for c in lang["cues"]] == [display_lines(c) for c in document.cues]
        assert [c["speaker"] for c in lang["cues"]] == [speaker_name(c) for c in document.cues]
        assert [(c["start"], c["end"]) for c in lang["cues"]] == [
            (c.start, c.end) for c in document.cues
        ]
        # The track the player plays is the WebVTT convert writes.
        vtt = tmp_path / f"elevenlabs_dubbing_review.{lang['code']}.vtt"
        assert lang["vtt"] == vtt.read_text(encoding="utf-8")
    assert data["speakers"] == ["Maya", "Daniel"]


@pytest.mark.parametrize(
    "options",
    [(), ("--preset", "netflix", "--fps", "25"), ("--preset", "bbc", "--relayout")],
    ids=["default", "netflix-25", "bbc-relayout"],
)
def test_lint_marks_are_what_subsync_lint_finds_in_the_written_files(
    tmp_path: Path, options: tuple[str, ...]
) -> None:
    result = run("convert", str(DUBBING), "--to", "html,srt", "-o", str(tmp_path), *options)
    assert result.exit_code == 0, result.output
    data = page_data((tmp_path / "elevenlabs_dubbing_review.review.html").read_text("utf-8"))
    lint_options = [o for o in options if o != "--relayout"]
    total = 0
    for lang in data["languages"]:
        found = lint_json(tmp_path / f"elevenlabs_dubbing_review.{lang['code']}.srt", *lint_options)
        marked = [
            (c["n"], f["rule"], f["level"], f["message"])
            for c in lang["cues"]
            for f in c["findings"]
        ]
        assert marked == [(v["cue"], v["rule"], v["level"], v["message"]) for v in found]
        total += len(found)
    assert total > 0, "the fixture breaks rules under every preset tested"


def test_review_command_refers_to_the_media_by_a_path_relative_to_the_page(
    tmp_path: Path,
) -> None:
    media = tmp_path / "media" / "take #1?.wav"
    media.parent.mkdir()
    media.write_bytes(b"RIFF")
    result = run("review", str(DUBBING), "-o", str(tmp_path / "pages"), "--media", str(media))
    assert result.exit_code == 0, result.output
    data = page_data((tmp_path / "pages" / "elevenlabs_dubbing_review.review.html").read_text())
    assert data["media"] == {"src": "../media/take%20%231%3F.wav", "kind": "audio"}
    assert data["preset"] == "default"


def test_review_refuses_media_for_folder_inputs_and_a_missing_media_file(tmp_path: Path) -> None:
    media = tmp_path / "a.mp4"
    media.write_bytes(b"")
    folder = run("review", str(INPUTS), "-o", str(tmp_path), "--media", str(media))
    assert folder.exit_code == 2 and "name the inputs as files" in folder.output
    missing = run("review", str(DUBBING), "-o", str(tmp_path), "--media", str(tmp_path / "no"))
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_a_bad_input_is_one_error_line_and_the_others_still_get_pages(tmp_path: Path) -> None:
    bad = INPUTS.parent / "bad" / "clip_missing_a_time.json"
    result = run("review", str(bad), str(DUBBING), "-o", str(tmp_path), "-j", "1")
    assert result.exit_code == 1
    assert "clip_missing_a_time.json: $.audio_timestamps.graph_times" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "elevenlabs_dubbing_review.review.html").exists()


def test_hostile_text_and_names_stay_inside_the_data_block(tmp_path: Path) -> None:
    source = save_input(tmp_path / '"<img src=x onerror=alert(1)>.json', hostile_document())
    result = run("review", str(source), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.output
    (page,) = (tmp_path / "out").glob("*.html")
    html = page.read_text(encoding="utf-8")
    # The template's own two scripts and nothing else; no attack's markup survives as such.
    assert html.count("<script") == 2 and html.count("</script>") == 2
    for attack in ATTACKS:
        assert attack not in html
    assert "\u2028" not in html and "<!--" not in html.split("<style>")[1]
    data = page_data(html)
    assert data["title"].endswith('"<img src=x onerror=alert(1)>.json')
    shown = [display_lines(cue) for cue in hostile_document().cues]
    assert [c["lines"] for c in data["languages"][0]["cues"]] == shown


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1, max_size=40), speaker=st.text(max_size=20))
def test_any_text_reads_back_from_the_data_block_as_written(text: str, speaker: str) -> None:
    document = Document("t", "en", (Cue(0, 1_000_000, (text,), speaker=speaker),))
    try:
        html = write_review_page([document], text)
    except subsync.OutputError:
        return  # a lone surrogate: refused, as by every writer
    data = page_data(html)
    written = [c for c in document.cues if display_lines(c)]
    assert [c["lines"] for c in data["languages"][0]["cues"]] == [display_lines(c) for c in written]
    assert data["title"] == text
    assert (
        re.search(r"</script|<!--", html.split('id="review-data">')[1].split("</script>")[0])
        is None
    )


def test_the_policy_allows_exactly_the_page_s_own_script_and_style() -> None:
    html = subsync.render(subsync.load(DUBBING).documents[0], "html")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    script = html.rsplit("<script>", 1)[1].split("</script>")[0]
    style = html.split("<style>", 1)[1].split("</style>")[0]
    for source, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}';" in policy.group(1)
    assert policy.group(1).startswith("default-src 'none';")
    assert "http" not in policy.group(1) and "connect-src" not in policy.group(1)
    # Nothing outside the page: no URL to any server, no font, no stylesheet, no script file.
    assert re.search(r"https?://(?!www\.w3\.org/2000/svg)", html) is None
    assert "@import" not in html and "url(" not in html and "<link" not in html
