"""The model: subsync JSON round trips any document exactly; model and errors pickle."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsync.errors import InputError, OutputError, SubsyncError
from subsync.model import Cue, Document, Mark, Word
from subsync.sources import read
from subsync.times import MAX_TIME_US
from subsync.writers.jsonout import document_to_dict, json_schema, write_json
from tests.support.helpers import parse_fixture

_text = st.text(st.characters(codec="utf-8"), max_size=8)
# Every reader refuses times from 100 hours on (and the span adds up to 1,000 s).
_time = st.integers(0, MAX_TIME_US - 1 - 10**9)


def _span(draw: st.DrawFn) -> tuple[int, int]:
    start = draw(_time)
    return start, start + draw(st.integers(0, 10**9))


@st.composite
def _marks(draw: st.DrawFn) -> Mark:
    return Mark(draw(_text), *_span(draw))


_range = st.none() | st.tuples(st.integers(0, 50), st.integers(50, 100))


@st.composite
def _words(draw: st.DrawFn) -> Word:
    text = draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=8))
    return Word(text, *_span(draw), draw(_range), draw(_range))


@st.composite
def _cues(draw: st.DrawFn) -> Cue:
    return Cue(
        *_span(draw),
        lines=tuple(draw(st.lists(_text, max_size=3))),
        speaker=draw(st.none() | _text),
        words=tuple(draw(st.lists(_words(), max_size=3))),
        segment=draw(st.none() | _text),
    )


_documents = st.builds(
    Document,
    source=_text,
    language=st.none() | _text,
    cues=st.lists(_cues(), max_size=4).map(tuple),
    graphemes=st.lists(_marks(), max_size=4).map(tuple),
    phonemes=st.lists(_marks(), max_size=4).map(tuple),
)


@settings(max_examples=200)
@given(_documents)
def test_json_round_trips_every_document_and_follows_the_schema(document: Document) -> None:
    text = write_json(document)
    decoded = json.loads(text)
    # The hand-assembled text decodes to exactly the dict form, key order included.
    assert list(decoded.items()) == list(document_to_dict(document).items())
    assert json.dumps(decoded, ensure_ascii=False) == json.dumps(
        document_to_dict(document), ensure_ascii=False
    )
    jsonschema.validate(decoded, json_schema())
    (again,) = read(text.encode("utf-8"), "x.json").documents
    assert again == document


def test_model_and_errors_pickle() -> None:
    parsed = parse_fixture("elevenlabs_dubbing_review.json")
    assert pickle.loads(pickle.dumps(parsed)) == parsed
    for error in (
        SubsyncError("boom"),
        InputError("expected a number", input="a.json", where="$.x"),
        OutputError("cannot write", input="out/a.srt"),
    ):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert (str(again), again.input, again.where) == (str(error), error.input, error.where)


def test_a_mark_made_by_its_own_init_is_a_frozen_dataclass_as_the_others() -> None:
    mark = Mark("a", 1, 2)
    assert mark == Mark(text="a", start=1, end=2) and hash(mark) == hash(Mark("a", 1, 2))
    assert repr(mark) == "Mark(text='a', start=1, end=2)"
    assert dataclasses.replace(mark, end=5) == Mark("a", 1, 5)
    assert dataclasses.asdict(mark) == {"text": "a", "start": 1, "end": 2}
    assert pickle.loads(pickle.dumps(mark)) == mark and copy.deepcopy(mark) == mark
    with pytest.raises(dataclasses.FrozenInstanceError):
        mark.text = "b"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Mark("a", 1)  # type: ignore[call-arg]
