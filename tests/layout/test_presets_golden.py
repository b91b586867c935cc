"""Golden files for one long Resemble clip (450 words of generated narration at natural
speech rates, see bench/long_clip.py) laid out under each preset, with and without a frame
rate; each is read back by independent readers and passes the preset's hard rules.

Regenerate after a deliberate change with
``SUBSYNC_UPDATE_GOLDEN=1 pytest tests/layout/test_presets_golden.py`` and review the diff by eye.
"""

from __future__ import annotations

import datetime
import json
import os

import pysubs2
import pytest
import srt

from subsync.batch.convert import Request, convert
from subsync.layout.presets import PRESETS
from subsync.lint import check_file
from subsync.sources import ParseOptions
from subsync.timeline import FRAME_RATES, Timeline
from tests.support.helpers import ROOT
from tests.support.readers import WebVTTValidator

CLIP = ROOT / "fixtures" / "long" / "resemble_long_clip.json"
GOLDEN = ROOT / "fixtures" / "long" / "golden"
UPDATE = os.environ.get("SUBSYNC_UPDATE_GOLDEN") == "1"
# Each preset alone, and each with a frame rate its users work at.
CASES = [(name, None) for name in PRESETS] + [("netflix", "23.976"), ("bbc", "25")]


def _outputs(preset: str, fps: str | None) -> dict[str, bytes]:
    request = Request(
        formats=("srt", "vtt"),
        parse=ParseOptions(layout=PRESETS[preset]),
        timeline=Timeline(fps=fps),
    )
    converted = convert(CLIP.read_bytes(), CLIP.name, request)
    suffix = f"{preset}-{fps}fps" if fps else preset
    return {
        f"{suffix}.{output.name.rsplit('.', 1)[1]}": output.text.encode("utf-8")
        for output in converted.outputs
    }


@pytest.mark.parametrize(("preset", "fps"), CASES)
def test_long_clip_matches_golden_files(preset: str, fps: str | None) -> None:
    for name, data in _outputs(preset, fps).items():
        if UPDATE:
            GOLDEN.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
        assert (GOLDEN / name).read_bytes() == data, name


@pytest.mark.parametrize(("preset", "fps"), CASES)
def test_long_clip_keeps_every_hard_rule_of_its_preset(preset: str, fps: str | None) -> None:
    rate = float(FRAME_RATES[fps]) if fps else None
    for name, data in _outputs(preset, fps).items():
        violations = check_file(data, name, PRESETS[preset], rate)
        assert [v for v in violations if v.level == "error"] == [], name
        # Reading speed and durations are aims, not guarantees: speech can outrun them.
        # This clip is measured in the closing note; here the share must stay high.
        cues = data.count(b" --> ")
        assert len({v.cue for v in violations}) <= 0.1 * cues, name


@pytest.mark.parametrize(("preset", "fps"), CASES)
def test_long_clip_reads_back_the_same_in_independent_readers(
    preset: str,
    fps: str | None,
    vtt_validator: WebVTTValidator,
) -> None:
    outputs = _outputs(preset, fps)
    srt_text = next(d for n, d in outputs.items() if n.endswith(".srt")).decode("utf-8")
    vtt_text = next(d for n, d in outputs.items() if n.endswith(".vtt")).decode("utf-8")
    strict = [(_ms(s.start), _ms(s.end), s.content) for s in srt.parse(srt_text)]
    lenient = [
        (e.start, e.end, e.text.replace("\\N", "\n"))
        for e in pysubs2.SSAFile.from_string(srt_text, format_="srt")
    ]
    result = vtt_validator.parse(vtt_text)
    assert result.errors == ()
    vtt = [(round(c.start * 1000), round(c.end * 1000), c.plain) for c in result.cues]
    assert strict == lenient == vtt
    # Every word of the clip, in order, and nothing else.
    chars = json.loads(CLIP.read_bytes())["audio_timestamps"]["graph_chars"]
    assert " ".join(text for _, _, text in strict).split() == "".join(chars).split()
    if fps:
        frame = FRAME_RATES[fps]
        for start, end, _ in strict:
            for ms in (start, end):
                # Written in whole milliseconds: within half a millisecond of a frame edge.
                frames = ms / 1000 * frame
                assert abs(frames - round(frames)) * 1000 / frame <= 0.5 + 1e-9


def _ms(delta: datetime.timedelta) -> int:
    return round(delta.total_seconds() * 1000)
