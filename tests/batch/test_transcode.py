"""SRT to SRT and WebVTT in one pass gives exactly what the model's path gives (outputs,
warnings), takes the files it is for, and hands back every input and request it is not for."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.batch import convert as converting
from subsync.batch import transcode
from subsync.batch.convert import Converted, Request, convert, convert_by_model
from subsync.layout.presets import PRESETS
from subsync.sources import ParseOptions, srt_fast
from subsync.sources.findings import Tally
from subsync.sources.srt_fast import TextBlocks
from subsync.timeline import Timeline
from subsync.writers import WriteOptions
from tests.support.srt_strategies import fair_srt, ordered_srt, quirky_srt

_FORMATS = st.sampled_from([("vtt",), ("srt",), ("srt", "vtt"), ("vtt", "srt")])
_NAMES = st.sampled_from(["x.srt", "x.SRT", "x.txt", "x.vtt", "x"])
_NEWLINES = ["\n", "\r\n"]


def _both(data: bytes, name: str, request: Request) -> tuple[Converted | None, object]:
    """The one-pass result (None: handed back) and what the model's path gives, or the
    error it raises."""
    try:
        model: object = convert_by_model(data, name, request)
    except Exception as error:
        model = (type(error), str(error))
    try:
        made = convert(data, name, request)
    except Exception as error:
        assert model == (type(error), str(error))
        return None, model
    assert isinstance(model, Converted) and _shown(made) == _shown(model)
    return converting._in_one_pass(data, name, request), model


def _shown(converted: Converted) -> object:
    """What a conversion gives, its errors as their kind and message (an error is equal
    only to itself)."""
    outputs = [
        (o.name, o.text, o.error and (type(o.error), str(o.error))) for o in converted.outputs
    ]
    return outputs, converted.notices


@settings(max_examples=300)
@given(st.one_of(quirky_srt, fair_srt, ordered_srt), _FORMATS, _NAMES, st.sampled_from(_NEWLINES))
def test_one_pass_gives_what_the_model_gives(
    text: str, formats: tuple[str, ...], name: str, newline: str
) -> None:
    _both(text.replace("\n", newline).encode(), name, Request(formats=formats))


@settings(max_examples=200)
@given(ordered_srt, _FORMATS)
def test_cues_in_order_and_apart_are_taken_in_one_pass(text: str, formats: tuple[str, ...]) -> None:
    made, _ = _both(text.encode(), "x.srt", Request(formats=formats))
    # Handed back only near SRT's last time (99:59:59,999), where the model's path fails
    # SRT, or where WebVTT lists a cue before the one of 0 ms that starts with it.
    spans = re.findall(r"(\S+) --> (\S+)", text)
    reordered = any(a == b and b == c for (a, b), (c, _) in itertools.pairwise(spans))
    assert made is not None or "99:" in text or "100:" in text or reordered


def _stamp(ms: int, decimal: str = ",") -> str:
    clock = f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}"
    return f"{clock}{decimal}{ms % 1000:03d}"


def _spy_on_fast(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether srt_fast took each chunk, as the one-pass path reads them."""
    taken: list[bool] = []
    read_fast = srt_fast.read_fast

    def spy(chunk: str, line: int, counted: Tally) -> TextBlocks | None:
        blocks = read_fast(chunk, line, counted)
        taken.append(blocks is not None)
        return blocks

    monkeypatch.setattr(transcode, "read_fast", spy)
    return taken


def test_a_long_file_in_many_chunks_is_taken_and_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    # Chunks of every kind in one file: plain and <i> (read as text), an override tag, times
    # with a full stop, a cue of 0 ms (each read by the column reader).
    lines = ["Plain line.", "<i>Tagged</i> line & more", "x > y", "<b>Bold</b>", "42"]
    blocks = []
    for n in range(80_000):  # about 17,500 blocks a chunk
        start = n * 1_500
        end = start if n == 60_000 else start + 1_000
        decimal = "." if 40_000 <= n < 50_000 else ","
        text = "{\\an8}Up" if n == 20_000 else f"{lines[n % 5]}\n{lines[(n + 2) % 5]}"
        blocks.append(f"{n + 1}\n{_stamp(start, decimal)} --> {_stamp(end, decimal)}\n{text}\n")
    data = "\n".join(blocks).encode()
    fast = _spy_on_fast(monkeypatch)
    made, model = _both(data, "long.srt", Request(formats=("vtt", "srt")))
    assert made is not None and _shown(made) == _shown(model)  # type: ignore[arg-type]
    # Chunks of 17,000-odd blocks: an override, times with a full stop, a cue of 0 ms, none.
    assert fast[:5] == [True, False, False, False, True]
    assert [n.message.split(",")[0] for n in made.notices] == [
        "64001 styling tags dropped (the text is kept)",  # <i>, <b> and {\\an8}
        "1 zero-length cue kept (SRT and WebVTT outputs give them 1 ms)",
    ]


_SAMPLE = (
    b"1\n00:00:01,000 --> 00:00:02,000\nHi & <i>bye</i>\n\n2\n00:00:03,000 --> 00:00:04,000\nYo\n"
)
_CHANGED = {
    "offset": Request(formats=("vtt",), timeline=Timeline(offset_us=500_000)),
    "fps": Request(formats=("vtt",), timeline=Timeline(fps="25")),
    "lang": Request(formats=("vtt",), languages=("en",)),
    "relayout": Request(formats=("vtt",), parse=ParseOptions(relayout=True)),
    "strict": Request(formats=("vtt",), parse=ParseOptions(strict=True)),
    "karaoke": Request(formats=("vtt",), write=WriteOptions(karaoke=True)),
    "labels": Request(formats=("srt",), write=WriteOptions(speaker_labels=True)),
    "names": Request(formats=("srt",), parse=ParseOptions(speaker_names=(("a", "A"),))),
    "json": Request(formats=("vtt", "json")),
    "source vtt": Request(formats=("vtt",), source="vtt"),
}


@pytest.mark.parametrize("name", sorted(_CHANGED))
def test_requests_that_change_cues_go_the_models_way(name: str) -> None:
    made, _ = _both(_SAMPLE, "x.srt", _CHANGED[name])
    assert made is None


def test_a_preset_alone_changes_nothing_here_and_is_taken() -> None:
    request = Request(formats=("srt",), parse=ParseOptions(layout=PRESETS["netflix"]))
    made, model = _both(_SAMPLE, "x.srt", request)
    assert made is not None and _shown(made) == _shown(model)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1\n00:00:05,000 --> 00:00:06,000\nB\n\n2\n00:00:01,000 --> 00:00:02,000\nA\n", "order"),
        ("1\n00:00:01,000 --> 00:00:03,000\nA\n\n2\n00:00:02,000 --> 00:00:04,000\nB\n", "overlap"),
        ("1\n99:59:59,000 --> 99:59:59,999\nA\n", "SRT's last time"),
        ("1\r00:00:01,000 --> 00:00:02,000\rA\r", "lone CR"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nA\n", "WebVTT in a .srt file"),
    ],
)
def test_what_the_model_reads_differently_is_handed_back(text: str, why: str) -> None:
    made, model = _both(text.encode(), "x.srt", Request(formats=("vtt", "srt")))
    assert made is None, why
    assert isinstance(model, Converted)


def test_bytes_that_are_not_utf8_are_handed_back_and_refused_as_before() -> None:
    made, model = _both(
        b"1\n00:00:01,000 --> 00:00:02,000\n\xff\n", "x.srt", Request(formats=("vtt",))
    )
    assert made is None and isinstance(model, tuple) and "UTF-8" in str(model[1])


def test_an_input_encoding_is_honoured_in_one_pass() -> None:
    data = "1\n00:00:01,000 --> 00:00:02,000\ncafé\n".encode("latin-1")
    request = Request(formats=("vtt",), parse=ParseOptions(input_encoding="latin-1"))
    made, _ = _both(data, "x.srt", request)
    assert made is not None and "café" in made.outputs[0].text


def test_an_empty_or_blank_file_goes_the_models_way() -> None:
    for data in (b"", b"\n\n\n"):
        made, _ = _both(data, "x.srt", Request(formats=("vtt",)))
        assert made is None


def test_the_request_fields_the_one_pass_path_reads_are_all_named() -> None:
    # A new field of Request, ParseOptions, WriteOptions or Timeline must be judged: does
    # it change what SRT to SRT or WebVTT makes? Then convert._in_one_pass must hand back.
    judged = {
        "Request": {"formats", "languages", "source", "parse", "write", "timeline"},
        "ParseOptions": {"time_unit", "layout", "relayout", "alignment", "keep_tags"}
        | {"audio_events", "strict", "input_encoding", "speaker_names", "speaker_labels"},
        "WriteOptions": {"speaker_labels", "frame_rate", "label_level", "karaoke", "media"},
        "Timeline": {"fps", "start_tc", "offset_us"},
    }
    assert set(Request._fields) == judged["Request"]
    for kind in (ParseOptions, WriteOptions, Timeline):
        assert {f.name for f in dataclasses.fields(kind)} == judged[kind.__name__]
