"""Record classes cheap to define at every start: a frozen dataclass's repr, equality and
hash shared by the option classes, and NamedTuple without typing's checks of each field."""

from __future__ import annotations

import collections
import dataclasses
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

#: Per class: the values its equality compares, and those its hash takes.
_KEYS: dict[type, tuple[Callable[[object], tuple[object, ...]], ...]] = {}


class Frozen:
    """A base for ``@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)``
    classes that write their own ``__init__`` (each field set with ``object.__setattr__``,
    then ``__post_init__`` if there is one): the ``__repr__``, ``__eq__`` and ``__hash__``
    the dataclass would have had.

    dataclasses compiles each method it generates from source, about 0.5 M instructions a
    field: the option classes (16 fields in ``Layout`` alone) cost a one-file convert more
    than its conversion. ``tests/test_frozen.py`` checks each such class against the
    dataclass it stands for.
    """

    __slots__ = ()
    # Set by @dataclass on each subclass; declared so type checkers see a dataclass.
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def __repr__(self) -> str:
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self) if f.repr)
        return f"{type(self).__qualname__}({', '.join(shown)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = _keys(type(self))[0]
        return compared(self) == compared(other)

    def __hash__(self) -> int:
        return hash(_keys(type(self))[1](self))


def _keys(cls: type) -> tuple[Callable[[object], tuple[object, ...]], ...]:
    """What ``cls``'s equality and hash take, chosen by the rules of dataclasses: fields
    with ``compare``, and for the hash those with ``hash`` (``compare`` when not given)."""
    keys = _KEYS.get(cls)
    if keys is None:
        fields = dataclasses.fields(cls)
        compared = [f.name for f in fields if f.compare]
        hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
        keys = _KEYS[cls] = (_getter(compared), _getter(hashed))
    return keys


def _getter(names: list[str]) -> Callable[[object], tuple[object, ...]]:
    """The values of ``names`` as one tuple (``attrgetter`` gives a lone value bare)."""
    if len(names) == 1:
        single = operator.attrgetter(names[0])
        return lambda record: (single(record),)
    if not names:
        return lambda record: ()
    getter: Callable[[object], tuple[object, ...]] = operator.attrgetter(*names)
    return getter


if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:

    class _NamedTupleMaker(type):
        """Makes ``class X(NamedTuple): ...`` a ``collections.namedtuple``, as typing does.

        typing turns each annotation into a ForwardRef, compiling its text (annotations are
        text under ``from __future__ import annotations``): about 0.3 M instructions a field,
        ~1.2 M a class, against ~0.35 M for the namedtuple itself. The fields, defaults,
        methods, docstring, pickling and tuple behaviour are the same; ``__annotations__``
        keeps the text as written. Type checkers see typing's NamedTuple.
        ``tests/test_frozen.py`` compares the two.
        """

        def __new__(cls, typename: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> type:
            if not bases:  # NamedTuple itself
                return super().__new__(cls, typename, bases, namespace)
            if bases != (NamedTuple,):
                raise TypeError("a NamedTuple can only inherit from NamedTuple")
            fields = namespace.get("__annotations__", {})
            defaulted = [name for name in fields if name in namespace]
            if defaulted != list(fields)[len(fields) - len(defaulted) :]:
                raise TypeError(f"{typename}: a field without a default follows one with one")
            made = collections.namedtuple(
                typename,
                list(fields),
                defaults=[namespace[name] for name in defaulted],
                module=namespace["__module__"],
            )
            made.__annotations__ = dict(fields)
            for key, value in namespace.items():
                if key not in fields and key not in ("__module__", "__annotations__"):
                    setattr(made, key, value)
            return made

    class NamedTuple(metaclass=_NamedTupleMaker):
        """Base of a record class: ``class Span(NamedTuple): start: int`` (see above)."""
