"""Arrays of [start, end] pairs checked and split into columns at C speed (rawjson names faults)."""

from __future__ import annotations

import operator
from collections.abc import Sequence

_PLAIN_TYPES = frozenset((int, float))
_LIST = {list}
_PAIR = {2}
# Below float's range, so float() of a plain int never overflows on the fast path.
_FAR = 1e300


def plain_spans(value: object) -> list[tuple[float, float]] | None:
    """The pairs of an array of ``[start, end]`` plain numbers in order, or None when any
    element is not one (then ``Node.span`` finds and names it).

    >>> plain_spans([[0, 0.5], [0.5, 1]]), plain_spans([[0, True]]), plain_spans([[1, 0]])
    ([(0.0, 0.5), (0.5, 1.0)], None, None)
    """
    columns = plain_columns(value)
    if columns is None:
        return None
    starts, ends = columns
    return list(zip(map(float, starts), map(float, ends), strict=True))


def plain_columns(value: object) -> tuple[Sequence[float], Sequence[float]] | None:
    """The starts and the ends of an array of plain ``[start, end]`` pairs (as
    :func:`plain_spans` takes them), or None. Every check runs over a whole column at C
    speed (``map``, ``set``, ``min``): a clip has thousands of pairs.

    >>> plain_columns([[0, 0.5], [0.5, 1]]), plain_columns([]), plain_columns([[0, 1, 2]])
    (((0, 0.5), (0.5, 1)), ((), ()), None)
    """
    if type(value) is not list:
        return None
    if not value:
        return (), ()
    if set(map(type, value)) != _LIST or set(map(len, value)) != _PAIR:
        return None
    starts, ends = zip(*value, strict=True)
    # type() rather than isinstance: bool is an int but not a JSON number. NaN fails
    # every comparison and infinity fails the last one, so both fall to the slow path.
    if not set(map(type, starts)).union(map(type, ends)) <= _PLAIN_TYPES:
        return None
    if not (min(starts) >= 0 and max(ends) < _FAR and all(map(operator.le, starts, ends))):
        return None
    return starts, ends
