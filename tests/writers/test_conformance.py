"""Every SRT and WebVTT subsync writes from the fixtures, read by programs nobody on this
project wrote: headless Chromium, the W3C validator's parser, ffprobe, cdown/srt, pysubs2.

The cases come from the registries and the fixture folders (every input in
``fixtures/inputs``; the long clip under every preset, alone and on a 23.976 fps timeline
an hour in), so a new format or fixture is covered without touching this file. Readers
missing on a developer's machine skip with the reason; CI sets
``SUBSYNC_REQUIRE_READERS=1`` and installs them all, so there they always run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from subsync.batch.convert import Output, encoded
from subsync.layout.presets import PRESETS
from subsync.model import Cue, Document
from subsync.sources import ParseOptions, read
from subsync.timeline import Timeline, place
from subsync.writers import FORMATS, WriteOptions
from tests.support import conformance
from tests.support.conformance import Readers, check, expected, kind_of
from tests.support.helpers import INPUTS, ROOT

LONG = ROOT / "fixtures" / "long"
OPTIONS = (WriteOptions(), WriteOptions(speaker_labels=True))


@dataclass(frozen=True)
class Case:
    """One file subsync writes from a fixture, with the document it was written from."""

    name: str
    kind: str
    document: Document
    options: WriteOptions
    data: bytes


def _documents() -> list[tuple[str, Document]]:
    """Every fixture document as the converter writes it, named after where it came from."""
    found = []
    settings = [("", ParseOptions(), Timeline())]
    long_settings = [
        (f"{p}", ParseOptions(layout=layout), Timeline()) for p, layout in PRESETS.items()
    ]
    long_settings += [
        (f"{p}@23.976", ParseOptions(layout=layout), Timeline("23.976", "01:00:00:00"))
        for p, layout in PRESETS.items()
    ]
    for folder, variants in ((INPUTS, settings), (LONG, long_settings)):
        for path in sorted(folder.glob("*.json")):
            for label, options, timeline in variants:
                for document in read(path.read_bytes(), path.name, options=options).documents:
                    placed = place(document, timeline, options.layout)
                    parts = [path.stem, document.language, label]
                    found.append((".".join(p for p in parts if p), placed))
    return found


def _cases() -> list[Case]:
    cases, seen = [], set()
    for stem, document in _documents():
        for fmt in FORMATS.values():
            kind = kind_of(fmt)
            if kind is None:
                continue  # not read by these readers (JSON has its own schema tests)
            for options in OPTIONS:
                data = encoded(Output(stem, fmt.write(document, options)), stem)
                if (stem, fmt.name, data) in seen:
                    continue  # the options change nothing in this format
                seen.add((stem, fmt.name, data))
                labels = "+labels" if options.speaker_labels else ""
                cases.append(Case(f"{stem}.{fmt.name}{labels}", kind, document, options, data))
    return cases


CASES = _cases()
PAIRS = [(case, name) for case in CASES for name in Readers.NAMES[case.kind]]


@pytest.mark.parametrize(
    ("case", "reader"), PAIRS, ids=[f"{case.name}-{name}" for case, name in PAIRS]
)
def test_fixture_output_reads_back_as_the_model(case: Case, reader: str, readers: Readers) -> None:
    readers.require(reader)
    want = expected(case.document, case.kind, case.options)
    check(readers, reader, case.kind, case.data, want, "fixture")


def test_every_fixture_and_text_format_is_covered() -> None:
    kinds = {kind_of(f) for f in FORMATS.values()} - {None}
    assert kinds == {"srt", "vtt"}
    inputs = {p.stem for p in (*INPUTS.glob("*.json"), *LONG.glob("*.json"))}
    assert {case.name.split(".")[0] for case in CASES} == inputs
    # Every case has cues to read: an empty file would prove nothing.
    assert all(expected(c.document, c.kind, c.options) for c in CASES)


# --- Disagreements the fuzzing found, fixed in the writers and kept here -------------------

# A name ending "--" put "-->" into the payload ("<v Tom-->"): webvtt-py refused to write
# it (a traceback), and a browser would have cut the cue there.
DASHES = Document("regression", "en", (Cue(0, 1_000_000, ("Hi",), speaker="Tom--"),))
# A NUL reached the files as is: every WebVTT reader shows U+FFFD, but ffmpeg ended the
# cue there (WebVTT) or read no cue at all from the file (SRT).
NUL = Document("regression", "en", (Cue(0, 1_000_000, ("a\0b",), speaker="N\0"),))
REGRESSIONS = [
    (label, document, kind, name)
    for label, document in (("dashes", DASHES), ("nul", NUL))
    for kind, names in Readers.NAMES.items()
    for name in names
]


def test_a_voice_ending_in_dashes_is_written_without_an_arrow() -> None:
    text = FORMATS["vtt"].write(DASHES, WriteOptions())
    assert text == "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Tom-&#45;>Hi</v>\n"


def test_nul_is_written_as_the_replacement_character() -> None:
    for fmt in FORMATS.values():
        if kind_of(fmt):
            text = fmt.write(NUL, WriteOptions(speaker_labels=True))
            assert "\0" not in text
            assert "a\ufffdb" in text


@pytest.mark.parametrize(
    ("document", "kind", "reader"),
    [r[1:] for r in REGRESSIONS],
    ids=[f"{label}-{kind}-{name}" for label, _, kind, name in REGRESSIONS],
)
def test_fixed_disagreements_read_back_everywhere(
    document: Document, kind: str, reader: str, readers: Readers
) -> None:
    readers.require(reader)
    for options in OPTIONS:
        want = expected(document, kind, options)
        for fmt in (f for f in FORMATS.values() if kind_of(f) == kind):
            data = encoded(Output("regression", fmt.write(document, options)), "regression")
            check(readers, reader, kind, data, want, "regression")


def test_a_missing_reader_skips_with_its_reason_and_fails_when_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing to run here
    reason = Readers.unavailable("chromium")
    assert reason is not None and "apt-get install chromium" in reason
    monkeypatch.setattr(conformance, "REQUIRED", False)
    with pytest.raises(pytest.skip.Exception, match="`chromium` is not on PATH"):
        Readers().require("chromium")
    monkeypatch.setattr(conformance, "REQUIRED", True)
    with pytest.raises(pytest.fail.Exception, match="SUBSYNC_REQUIRE_READERS=1"):
        Readers().require("ffprobe")


# --- The readers themselves: they see what a player sees, bad cues included ------------------

HARNESS_VTT = (
    b"WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Al &amp; Bo>Fish &amp; <b>chips</b></v>\n\n"
    b"00:00:03,000 --> 00:00:04.000\ncomma: dropped by browsers\n\n"
    b"00:00:05.000 --> 00:00:06.000\nkept\n"
)


def test_chromium_decodes_entities_parses_tags_and_drops_bad_cues(readers: Readers) -> None:
    readers.require("chromium")
    read = readers.read("chromium", "vtt", HARNESS_VTT, "harness")
    assert read == conformance.Read(
        [(1000, 2500, "Fish & chips", ("Al & Bo",)), (5000, 6000, "kept", ())], []
    )
    assert readers.read("chromium", "vtt", b"WEBVTX\n", "harness").problems


def test_ffprobe_gives_one_packet_per_cue_and_stops_at_a_bad_timing(readers: Readers) -> None:
    readers.require("ffprobe")
    read = readers.read("ffprobe", "vtt", HARNESS_VTT, "harness")
    # FFmpeg 5 stops at the block it cannot read: the cue after it is lost too.
    assert read.cues == [(1000, 2500, "Fish & chips", ("Al & Bo",))]
    srt_text = (
        "1\n00:00:01,000 --> 00:00:02,000\nFish & chips\n\n2\n00:00:03,000 --> 00:00:04,000\nb\n\n"
    )
    read = readers.read("ffprobe", "srt", srt_text.encode(), "harness")
    assert read.cues == [(1000, 2000, "Fish & chips", ()), (3000, 4000, "b", ())]
