"""TTML (IMSC 1.1 Text) and Apple iTT: golden files and Hypothesis round trips read back by
ttconv, Sandflow's IMSC reader, with the same text and times (media, frames, timecodes)."""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest
import ttconv.model as tt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ttconv.imsc import reader

from subsync.batch.convert import Request, convert
from subsync.errors import OutputError
from subsync.model import Cue, Document
from subsync.timeline import FRAME_RATES, Timeline, frame_rate, parse_timecode, place
from subsync.writers import WriteOptions
from subsync.writers.common import display_lines
from subsync.writers.ttml import write_itt, write_ttml
from tests.support.helpers import GOLDEN, INPUTS, ROOT, cues, intended_cues, parse_fixture

FRAMES = ROOT / "fixtures" / "frames"
UPDATE = os.environ.get("SUBSYNC_UPDATE_GOLDEN") == "1"
WRITERS = {"ttml": write_ttml, "itt": write_itt}
TTM = "{http://www.w3.org/ns/ttml#metadata}"
TTML = "{http://www.w3.org/ns/ttml}"
ELEVENLABS = "elevenlabs_dubbing_review.json"
RESEMBLE = "resemble_v1_docs_clip.json"


def read_back(text: str, caplog: pytest.LogCaptureFixture) -> list[tuple[Fraction, Fraction, str]]:
    """Every paragraph as ttconv reads it: begin and end in seconds, text with line breaks;
    ttconv logs what it finds wrong instead of raising, so any warning fails the test."""
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        document = reader.to_model(ET.ElementTree(ET.fromstring(text)))
    assert [r.getMessage() for r in caplog.records] == []
    assert document is not None
    body = document.get_body()
    assert body is not None
    paragraphs = []
    for div in body:
        for p in div:
            parts = []
            for child in p:
                if isinstance(child, tt.Br):
                    parts.append("\n")
                else:
                    parts.extend(t.get_text() for t in child if isinstance(t, tt.Text))
            # ttconv gives a begin of 0 as None (no offset from the parent).
            paragraphs.append((p.get_begin() or Fraction(0), p.get_end(), "".join(parts)))
    return paragraphs


def in_ms(document: Document) -> list[tuple[Fraction, Fraction, str]]:
    """What a reader should see without a frame rate: times to the millisecond."""
    return [(Fraction(s, 1000), Fraction(e, 1000), t) for s, e, t in intended_cues(document)]


def in_frames(document: Document, fps: str) -> list[tuple[Fraction, Fraction, str]]:
    """What a reader should see at a frame rate: each edge on its nearest frame, exactly."""
    rate = frame_rate(fps)
    want = []
    for cue in document.cues:
        lines = display_lines(cue)
        if lines:
            first = rate.frame_of(cue.start)
            last = max(rate.frame_of(cue.end), first + 1)
            want.append((first / rate.fps, last / rate.fps, "\n".join(lines)))
    return want


def _goldens(ext: str) -> list[tuple[Path, Document]]:
    pairs = []
    for name in sorted(p.name for p in INPUTS.glob("*.json")):
        stem = name.removesuffix(".json")
        for document in parse_fixture(name).documents:
            file_name = ".".join(p for p in (stem, document.language, ext) if p)
            pairs.append((GOLDEN / file_name, document))
    return pairs


@pytest.mark.parametrize("ext", ["ttml", "itt"])
def test_golden_files_read_back_in_ttconv(ext: str, caplog: pytest.LogCaptureFixture) -> None:
    for path, document in _goldens(ext):
        assert read_back(path.read_text(encoding="utf-8"), caplog) == in_ms(document), path.name


# With a frame rate: ElevenLabs at 23.976 (frame counts), and at 29.97 drop-frame from a
# start timecode (iTT timecodes); Resemble at 25.
FRAME_CASES = [
    (ELEVENLABS, "23.976", None),
    (ELEVENLABS, "29.97", "01:00:00:00"),
    (RESEMBLE, "25", "10:00:00:00"),
]


@pytest.mark.parametrize(("name", "fps", "start_tc"), FRAME_CASES)
def test_frame_golden_files_read_back_on_their_frames(
    name: str, fps: str, start_tc: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    timeline = Timeline(fps=fps, start_tc=start_tc)
    request = Request(
        formats=("ttml", "itt"),
        languages=("en",),
        timeline=timeline,
        write=WriteOptions(frame_rate=fps),
    )
    outputs = convert((INPUTS / name).read_bytes(), name, request).outputs
    (document,) = [d for d in parse_fixture(name).documents if d.language in ("en", None)]
    placed = place(document, timeline, request.parse.layout)
    for output in outputs:
        file_name = output.name.replace(".en.", f".en.{fps}fps.")
        if UPDATE:
            FRAMES.mkdir(parents=True, exist_ok=True)
            (FRAMES / file_name).write_bytes(output.text.encode("utf-8"))
        assert (FRAMES / file_name).read_bytes() == output.text.encode("utf-8"), file_name
        assert read_back(output.text, caplog) == in_frames(placed, fps), file_name


def test_itt_writes_smpte_timecodes_and_ttml_frame_counts() -> None:
    cue = Cue(3_600_000_000, 3_601_001_000, ("Hi",))
    document = Document("test", "en", (cue,))
    itt = write_itt(document, WriteOptions(frame_rate="25"))
    assert 'ttp:timeBase="smpte" ttp:frameRate="25" ttp:dropMode="nonDrop"' in itt
    assert 'begin="01:00:00:00" end="01:00:01:00"' in itt
    ttml = write_ttml(document, WriteOptions(frame_rate="23.976"))
    assert 'ttp:frameRate="24" ttp:frameRateMultiplier="1000 1001"' in ttml
    assert 'begin="86314f" end="86338f"' in ttml  # 3600 s * 24000/1001, rounded
    assert "imsc1.1/text" in ttml
    # At 59.94 the timecodes count drop-frame, as --start-tc reads them.
    rate = frame_rate("59.94")
    hour = Cue(parse_timecode("01:00:00;00", rate), parse_timecode("01:00:01;00", rate), ("Hi",))
    itt = write_itt(Document("test", "en", (hour,)), WriteOptions(frame_rate="59.94"))
    assert 'ttp:frameRate="60" ttp:frameRateMultiplier="1000 1001" ttp:dropMode="dropNTSC"' in itt
    assert 'begin="01:00:00:00" end="01:00:01:00"' in itt


def test_speakers_become_agents_and_text_is_escaped() -> None:
    cues = (
        Cue(0, 1_000_000, ("R&D <b>", "--> ok"), speaker="Tom & <Jerry>"),
        Cue(1_000_000, 2_000_000, ("x",), speaker="Ana"),
        Cue(2_000_000, 3_000_000, ("y",), speaker="Tom & <Jerry>"),
    )
    for write in WRITERS.values():
        root = ET.fromstring(write(Document("test", "en", cues), WriteOptions()))
        agents = {
            a.get("{http://www.w3.org/XML/1998/namespace}id"): a.find(f"{TTM}name").text  # type: ignore[union-attr]
            for a in root.iter(f"{TTM}agent")
        }
        assert agents == {"speaker1": "Tom & <Jerry>", "speaker2": "Ana"}
        said = [p.get(f"{TTM}agent") for p in root.iter(f"{TTML}p")]
        assert said == ["speaker1", "speaker2", "speaker1"]
        first = next(root.iter(f"{TTML}p"))
        assert "".join(first.itertext()) == "R&D <b>--> ok"


# NUL is not among them: every writer shows it as U+FFFD (writers.common.visible).
@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x01", "\ufffe", "\uffff"])
@pytest.mark.parametrize("fmt", ["ttml", "itt"])
def test_characters_xml_cannot_hold_are_refused_by_name(char: str, fmt: str) -> None:
    document = Document("test", "en", (Cue(0, 1, ("ok",)), Cue(5, 9, (f"a{char}b",))))
    with pytest.raises(OutputError, match=f"U\\+{ord(char):04X}") as caught:
        WRITERS[fmt](document, WriteOptions())
    assert caught.value.where == "cue 2"


def test_a_control_character_is_a_one_line_cli_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from subsync.cli import main

    clip = {
        "graph_chars": list("Hi\x07 there."),
        "graph_times": [[i / 10, i / 10 + 0.1] for i in range(10)],
    }
    source = tmp_path / "bell.json"
    source.write_text(__import__("json").dumps(clip), encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(source), "--to", "ttml", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"subsync: error: {source}: cue 1: holds U+0007, a character XML 1.0 "
        "cannot hold; remove it from the input or choose srt, vtt or json"
    ]


# --- Hypothesis: arbitrary text and times read back the same in ttconv ---------------------

_PIECES = [
    "&",
    "<b>",
    "]]>",
    "&amp;",
    "<",
    ">",
    '"',
    "'",
    "  ",
    "\t",
    "\n",
    "-->",
    "שלום",
    "日本語",
]
_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
_text = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(_chars, min_size=1, max_size=8)),
    min_size=1,
    max_size=5,
).map("".join)
_cue = cues(_text, _text)
_documents = st.lists(_cue, max_size=6).map(lambda cues: Document("test", "en", tuple(cues)))
_slow = settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_slow
@given(
    document=_documents,
    fmt=st.sampled_from(["ttml", "itt"]),
    fps=st.none() | st.sampled_from(list(FRAME_RATES)),
)
def test_any_document_reads_back_in_ttconv(
    document: Document, fmt: str, fps: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    text = WRITERS[fmt](document, WriteOptions(frame_rate=fps))
    want = in_frames(document, fps) if fps else in_ms(document)
    assert read_back(text, caplog) == want
