"""ASS with {\\k} karaoke: golden files and Hypothesis documents read back by pysubs2 (and by
ffprobe/ffmpeg when installed) with the same text, times, speakers and \\k sums."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pysubs2
import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings

from subsync.cli import main
from subsync.errors import OutputError
from subsync.model import Cue, Document, Word
from subsync.writers.ass import write_ass
from tests.support.helpers import GOLDEN, INPUTS, golden_model, intended, intended_tags
from tests.support.readers import ffmpeg_cues
from tests.support.word_strategies import timed_documents

ZWSP = "\u200b"
_K = re.compile(r"\{\\k(\d+)\}")
_slow = settings(max_examples=200)


def _cs(ms: int) -> int:
    return (ms + 5) // 10


def _unescape(text: str) -> str:
    """Our reading of ASS text after the \\k blocks: \\N is a line break, \\{ and \\} are
    braces (as libass reads them); zero-width spaces are the writer's protection."""
    return text.replace("\\N", "\n").replace("\\{", "{").replace("\\}", "}").replace(ZWSP, "")


def _check(document: Document, text: str) -> int:
    """pysubs2 reads the file back as the document; returns how many \\k beats it saw."""
    subs = pysubs2.SSAFile.from_string(text, format_="ass")
    assert subs.info["PlayResX"] == "1920" and subs.info["ScaledBorderAndShadow"] == "yes"
    assert list(subs.styles) == ["Default"]
    shown = [cue for cue in document.cues if intended(cue)[2]]
    assert len(subs.events) == len(shown)
    beats = 0
    for event, cue in zip(subs.events, shown, strict=True):
        start_ms, end_ms, plain = intended(cue)
        start, end = _cs(start_ms), max(_cs(end_ms), _cs(start_ms) + 1)
        assert (event.start, event.end) == (start * 10, end * 10)
        assert event.style == "Default" and event.type == "Dialogue"
        assert event.name == " ".join((cue.speaker or "").split()).replace(",", "\u201a")
        parts = _K.split(event.text)
        if not cue.words:
            assert len(parts) == 1
            assert _unescape(event.text) == plain.replace(ZWSP, "")
            continue
        assert parts[0] == ""
        durations = [int(d) for d in parts[1::2]]
        pieces = [_unescape(p) for p in parts[2::2]]
        assert sum(durations) == end - start
        assert "".join(pieces) == plain.replace(ZWSP, "")
        # Each beat after the first starts at its word, to the centisecond.
        starts = [start + sum(durations[:i]) for i in range(1, len(durations))]
        tags = intended_tags(cue)
        assert starts == [min(max(_cs(at), start), end) for at, _ in tags]
        assert all(
            p.startswith(w.replace(ZWSP, "")) for p, (_, w) in zip(pieces[1:], tags, strict=True)
        )
        if "\\" not in plain and "{" not in plain and "}" not in plain:
            assert event.plaintext == plain
        beats += len(durations)
    return beats


def _document_of(path: Path) -> Document:
    return golden_model(path, "ass")


GOLDEN_ASS = sorted(GOLDEN.glob("*.ass"))


@pytest.mark.parametrize("path", GOLDEN_ASS, ids=lambda p: p.name)
def test_golden_ass_reads_back_in_pysubs2(path: Path) -> None:
    document = _document_of(path)
    beats = _check(document, path.read_text(encoding="utf-8"))
    if document.source == "resemble":
        assert beats >= sum(len(c.words) for c in document.cues) // 2


def test_docs_clip_k_durations_add_up_to_each_cue() -> None:
    text = (GOLDEN / "resemble_v1_docs_clip.ass").read_text(encoding="utf-8")
    assert (
        "Dialogue: 0,0:00:05.18,0:00:06.08,Default,,0,0,0,,"
        "{\\k18}What {\\k12}do {\\k12}you {\\k48}think?\n"
    ) in text


def _ffprobe_packets(path: Path) -> list[tuple[int, int]]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "packet=pts,duration", "-of", "json", path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [(p["pts"], p["duration"]) for p in json.loads(out)["packets"]]


@pytest.mark.skipif(
    shutil.which("ffprobe") is None or shutil.which("ffmpeg") is None,
    reason="ffmpeg/ffprobe not installed (apt-get install -y ffmpeg): the second ASS reader",
)
@pytest.mark.parametrize("path", GOLDEN_ASS, ids=lambda p: p.name)
def test_golden_ass_reads_back_in_ffmpeg(path: Path) -> None:
    subs = pysubs2.SSAFile.from_string(path.read_text(encoding="utf-8"), format_="ass")
    # ffmpeg's ASS packets count centiseconds.
    assert _ffprobe_packets(path) == [(e.start // 10, (e.end - e.start) // 10) for e in subs]
    read = ffmpeg_cues(path)
    assert [(start, end) for start, end, _ in read] == [(e.start, e.end) for e in subs]
    shown = [c for c in _document_of(path).cues if intended(c)[2]]
    # ffmpeg's SRT encoder puts the style in <font> tags and writes a "<" in text as it
    # is, so texts holding one cannot be told from markup.
    texts = [re.sub("<[^>]*>", "", text) for _, _, text in read]
    want = [intended(c)[2] for c in shown]
    assert len(texts) == len(want)
    assert [t for t, w in zip(texts, want, strict=True) if "<" not in w] == [
        w for w in want if "<" not in w
    ]


def test_speaker_is_the_actor_and_text_is_escaped() -> None:
    words = (Word("{x}", 0, 1), Word("a\\N", 500_000, 1), Word("b\\", 700_000, 1))
    cue = Cue(0, 1_000_000, ("{x} a\\N", "b\\"), speaker="Ana, Lucía", words=words)
    line = write_ass(Document("t", None, (cue,))).splitlines()[-1]
    assert line == (
        "Dialogue: 0,0:00:00.00,0:00:01.00,Default,Ana\u201a Lucía,0,0,0,,"
        f"{{\\k50}}\\{{x\\}} {{\\k20}}a\\{ZWSP}N\\N{{\\k30}}b\\{ZWSP}"
    )


def test_shows_a_nul_as_the_replacement_character_and_refuses_times_from_10_hours() -> None:
    # As in every format (writers.common.visible): a NUL would end the line in libass.
    text = write_ass(Document("t", None, (Cue(0, 1_000_000, ("a\0b",), speaker="N\0"),)))
    assert "\0" not in text and "a\ufffdb" in text and ",N\ufffd," in text
    with pytest.raises(OutputError, match="10 hours"):
        write_ass(Document("t", None, (Cue(0, 36_000_000_000, ("late",)),)))


@_slow
@given(document=timed_documents)
@example(
    document=Document(
        "t", None, (Cue(0, 4_000, ("a b",), words=(Word("a", 0, 1), Word("b", 3_000, 1))),)
    )
)
def test_any_word_timed_document_reads_back_in_pysubs2(document: Document) -> None:
    _check(document, write_ass(document))


def test_convert_lint_skips_ass_and_checks_the_rest(tmp_path: Path) -> None:
    source = str(INPUTS / "resemble_v1_docs_clip.json")
    args = ["convert", source, "--to", "ass,srt", "--lint", "-o", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "resemble_v1_docs_clip.ass").is_file()
