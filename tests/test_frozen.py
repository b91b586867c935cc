"""Each class built on subsync.frozen.Frozen behaves as the frozen dataclass it stands for
(checked against that dataclass made by dataclasses itself), and subsync.frozen's
NamedTuple as typing's."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import re
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subsync.frozen as subsync_frozen
from subsync.frozen import Frozen, NamedTuple
from subsync.layout.presets import PRESETS, Layout
from subsync.sources.base import Notice, Parsed, ParseOptions
from subsync.timeline import FRAME_RATES, Timeline
from subsync.writers.common import WriteOptions

CLASSES: list[type[Any]] = [Layout, Notice, ParseOptions, Parsed, WriteOptions, Timeline]


def reference(cls: type[Any]) -> type[Any]:
    """The frozen, slotted dataclass with ``cls``'s fields, as dataclasses generates it."""
    fields = [
        (
            f.name,
            f.type,
            dataclasses.field(default=f.default, repr=f.repr, hash=f.hash, compare=f.compare),
        )
        for f in dataclasses.fields(cls)
    ]
    namespace = {"__post_init__": cls.__post_init__} if hasattr(cls, "__post_init__") else {}
    made = dataclasses.make_dataclass(
        cls.__name__, fields, frozen=True, slots=True, namespace=namespace
    )
    made.__qualname__ = cls.__qualname__
    return made


def test_every_frozen_class_is_checked_here() -> None:
    import subsync.layout.presets
    import subsync.sources.base
    import subsync.timeline
    import subsync.writers.common

    modules = (subsync.layout.presets, subsync.sources.base, subsync.timeline)
    found = {
        value
        for module in (*modules, subsync.writers.common)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Frozen) and value is not Frozen
    }
    assert found == set(CLASSES)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_the_signature_and_fields_are_the_dataclass_ones(cls: type[Any]) -> None:
    ours, theirs = inspect.signature(cls), inspect.signature(reference(cls))
    assert [(p.name, p.kind, p.default) for p in ours.parameters.values()] == [
        (p.name, p.kind, p.default) for p in theirs.parameters.values()
    ]
    assert cls.__match_args__ == reference(cls).__match_args__
    assert dataclasses.is_dataclass(cls)
    params = vars(cls)["__dataclass_params__"]
    assert (params.frozen, hasattr(cls, "__slots__")) == (True, True)


# A small pool, so that equal values (and equal hashes) come up often.
_VALUES = st.one_of(
    st.none(), st.integers(0, 2), st.sampled_from(["", "a", "b"]), st.booleans(), st.just(())
)


def _values(cls: type[Any], draw: st.DrawFn) -> list[object]:
    if cls is Timeline:  # it checks its fields: a known rate, no timecode without one
        return [draw(st.sampled_from([None, *sorted(FRAME_RATES)])), None, draw(st.integers())]
    if cls is Layout and draw(st.booleans()):
        preset = draw(st.sampled_from(sorted(PRESETS)))
        return list(dataclasses.astuple(PRESETS[preset]))
    return [draw(_VALUES) for _ in dataclasses.fields(cls)]


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[type[Any], list[object], list[object]]:
    cls = draw(st.sampled_from(CLASSES))
    first = _values(cls, draw)
    # The second differs from the first in at most one field (often in none).
    second = list(first)
    if draw(st.booleans()):
        index = draw(st.integers(0, len(first) - 1))
        second[index] = _values(cls, draw)[index]
    return cls, first, second


@given(_pairs())
def test_repr_equality_and_hash_are_the_dataclass_ones(
    pair: tuple[type[Any], list[object], list[object]],
) -> None:
    cls, first, second = pair
    ref = reference(cls)
    ours, theirs = (cls(*first), cls(*second)), (ref(*first), ref(*second))
    assert [repr(o) for o in ours] == [repr(t) for t in theirs]
    assert (ours[0] == ours[1]) == (theirs[0] == theirs[1])
    assert (ours[0] != ours[1]) == (theirs[0] != theirs[1])
    if theirs[0] == theirs[1]:
        assert hash(ours[0]) == hash(ours[1])
    assert hash(ours[0]) == hash(theirs[0])  # the same tuple is hashed
    assert (ours[0] == theirs[0]) is False  # another class is never equal, as in dataclasses
    assert ours[0].__eq__(object()) is NotImplemented


@given(_pairs())
def test_copies_pickles_and_refusals_are_the_dataclass_ones(
    pair: tuple[type[Any], list[object], list[object]],
) -> None:
    cls, first, _ = pair
    record = cls(*first)
    assert dataclasses.astuple(record) == tuple(first)
    assert dataclasses.replace(record) == record
    assert pickle.loads(pickle.dumps(record)) == record
    name = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, name, first[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(record, name)
    with pytest.raises(AttributeError):
        record.__dict__  # noqa: B018 (slotted: no instance dictionary)


def _span_body(namespace: dict[str, Any]) -> None:
    """One record class's body: fields, defaults, a docstring, a method, a property and a
    class method."""
    namespace["__annotations__"] = {"start": "int", "end": "int", "label": "str | None"}
    namespace["__module__"] = __name__
    namespace["__doc__"] = "A span of time."
    namespace.update(end=0, label=None)
    namespace["length"] = lambda self: self.end - self.start
    namespace["empty"] = property(lambda self: self.end == self.start)
    namespace["at"] = classmethod(lambda cls, start: cls(start, start))


# The same class made by subsync.frozen's NamedTuple and by typing's.
LeanSpan: Any = types.new_class("LeanSpan", (NamedTuple,), exec_body=_span_body)
TypingSpan: Any = types.new_class("TypingSpan", (typing.NamedTuple,), exec_body=_span_body)


@given(st.integers(), st.integers(), st.none() | st.text(max_size=3), st.integers(0, 2))
def test_a_named_tuple_is_typings(start: int, end: int, label: str | None, given_: int) -> None:
    args = (start, end, label)[: given_ + 1]
    lean, typed = LeanSpan(*args), TypingSpan(*args)
    assert repr(lean).replace("Lean", "Typing") == repr(typed)
    assert lean == typed and hash(lean) == hash(typed) and tuple(lean) == tuple(typed)
    assert lean._asdict() == typed._asdict()
    assert lean._replace(label="x") == typed._replace(label="x")
    assert LeanSpan._make(args + (0, None)[len(args) - 1 :]) == TypingSpan._make(
        args + (0, None)[len(args) - 1 :]
    )
    assert (lean.length(), lean.empty, LeanSpan.at(start)) == (
        typed.length(),
        typed.empty,
        TypingSpan.at(start),
    )
    assert pickle.loads(pickle.dumps(lean)) == lean
    assert type(pickle.loads(pickle.dumps(lean))) is LeanSpan


def test_a_named_tuple_class_is_typings() -> None:
    for attribute in ("_fields", "_field_defaults", "__doc__", "__module__"):
        assert getattr(LeanSpan, attribute) == getattr(TypingSpan, attribute), attribute
    assert list(LeanSpan.__annotations__) == list(TypingSpan.__annotations__)
    ours, theirs = inspect.signature(LeanSpan), inspect.signature(TypingSpan)
    assert [(p.name, p.default) for p in ours.parameters.values()] == [
        (p.name, p.default) for p in theirs.parameters.values()
    ]
    assert LeanSpan.__qualname__ == "LeanSpan" and issubclass(LeanSpan, tuple)


def test_a_named_tuple_refuses_what_typing_refuses() -> None:
    def default_then_bare(namespace: dict[str, Any]) -> None:
        namespace["__annotations__"] = {"a": "int", "b": "int"}
        namespace["a"] = 0

    with pytest.raises(TypeError, match="without a default follows"):
        types.new_class("Bad", (NamedTuple,), exec_body=default_then_bare)
    with pytest.raises(TypeError, match="only inherit from NamedTuple"):
        types.new_class("Bad", (NamedTuple, object), exec_body=_span_body)


def test_subsync_defines_named_tuples_with_the_lean_base_only() -> None:
    package = Path(subsync_frozen.__file__).parent
    typing_ones = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "frozen.py"
        and re.search(r"^from typing import [^\n]*\bNamedTuple\b", path.read_text(), re.M)
    ]
    assert typing_ones == []
