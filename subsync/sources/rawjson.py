"""Typed, path-aware access to raw JSON, so every parse error names the field it is about."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from subsync.errors import InputError
from subsync.sources.columns import plain_columns, plain_spans
from subsync.times import MAX_TIME_US, message_seconds

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# The types of an array of strings only, checked for a whole array at once.
_STR = {str}

N = TypeVar("N", int, float)


def ordered(
    start: N,
    end: N,
    refuse: Callable[[str], InputError],
    shown: Callable[[N], str] = str,
    *,
    tolerance: N | int = 0,
) -> tuple[N, N]:
    """A start and end pair, or ``refuse(message)`` raised when the end comes before the
    start: the one place every source (JSON or subtitle text) says so, in one wording. An
    end at most ``tolerance`` before its start is a rounding artefact: it becomes the start.

    >>> ordered(1, 2, InputError)
    (1, 2)
    >>> ordered(2_000_000, 1_500_000, InputError, message_seconds)
    Traceback (most recent call last):
    subsync.errors.InputError: ends (1.500 s) before it starts (2.000 s)
    """
    if end < start - tolerance:
        raise refuse(f"ends ({shown(end)}) before it starts ({shown(start)})")
    return start, max(start, end)


def load_json(data: bytes) -> object:
    """Decode UTF-8 JSON bytes, turning every failure into an InputError that says where.

    >>> load_json(b'{"a": [1, 2]}')
    {'a': [1, 2]}
    >>> load_json(b'{"a": [1,')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    subsync.errors.InputError: invalid JSON at line 1 column 10: ... (is the file truncated?)
    """
    if not data.strip():
        raise InputError("the file is empty; expected a JSON document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x}); "
            "expected a JSON document, is this a binary file?"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        hint = " (is the file truncated?)" if exc.pos >= len(text.rstrip()) else ""
        raise InputError(
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}{hint}"
        ) from None
    except RecursionError:
        raise InputError("JSON nested too deeply to read") from None
    except ValueError as exc:  # an integer literal past Python's digit limit
        raise InputError(f"a number in the JSON cannot be read: {exc}") from None


class JsonLines(list[object]):
    """The values of newline-delimited JSON (a streamed response saved as it came), with
    the line each came from, so errors can name the line."""

    def __init__(self, values: list[object], line_numbers: list[int]) -> None:
        super().__init__(values)
        self.line_numbers = line_numbers


def load_json_lines(data: bytes) -> JsonLines | None:
    """The values of newline-delimited JSON: two or more lines, the first a whole JSON
    value. None when ``data`` is not that (one JSON document, however it is laid out).

    >>> load_json_lines(b'{"a": 1}\\n\\n{"a": 2}\\n')
    [{'a': 1}, {'a': 2}]
    >>> load_json_lines(b'{\\n"a": 1}') is None
    True
    >>> load_json_lines(b'{"a": 1}\\n{"a": ') # doctest: +ELLIPSIS
    Traceback (most recent call last):
    subsync.errors.InputError: line 2: invalid JSON at column 7: ... (is the file truncated?)
    """
    # Decided on the first line alone: every input passes here, and splitting a pretty-printed
    # document into its lines cost as much as parsing it.
    head, newline, rest = data.lstrip().partition(b"\n")
    if not newline or not rest.strip():
        return None
    try:
        first = json.loads(head.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    numbered = [(n, line) for n, line in enumerate(data.splitlines(), 1) if line.strip()]
    values: list[object] = [first]
    for number, line in numbered[1:]:
        try:
            values.append(load_json(line))
        except InputError as error:
            message = error.message.replace(" line 1 column", " column")
            raise InputError(message, where=f"line {number}") from None
    return JsonLines(values, [number for number, _ in numbered])


def describe(value: object) -> str:
    """Name a JSON value's type, with a short preview, for error messages.

    >>> describe("a" * 50), describe(None), describe(True), describe([1])
    ("a string 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa…'", 'null', 'true', 'an array')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        preview = value if len(value) <= 30 else value[:29] + "…"
        return f"a string {preview!r}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "an array"
    return "an object"


class Node:
    """A JSON value together with its JSON path (``$.a.b[3]``)."""

    __slots__ = ("_key", "_parent", "_path", "value")

    def __init__(self, value: object, path: str = "$") -> None:
        self.value = value
        self._path: str | None = path
        self._parent: Node | None = None
        self._key: str | int = ""

    def child(self, key: str | int, value: object) -> Node:
        """The node of ``value`` at ``key`` under this one. Its path is spelled out only
        when asked for (in an error), since most nodes never need it."""
        node = Node.__new__(Node)
        node.value, node._path, node._parent, node._key = value, None, self, key
        return node

    @property
    def path(self) -> str:
        """The JSON path of this node, such as ``$.a.b[3]``."""
        if self._path is None:
            assert self._parent is not None  # only child() leaves the path unset
            self._path = self._parent._child_path(self._key)
        return self._path

    def error(self, message: str) -> InputError:
        """An InputError located at this node."""
        return InputError(message, where=self.path)

    def expected(self, what: str) -> InputError:
        """An InputError saying what this node should have been."""
        return self.error(f"expected {what}, got {describe(self.value)}")

    def _child_path(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        if _IDENTIFIER.match(key):
            return f"{self.path}.{key}"
        return f"{self.path}[{json.dumps(key, ensure_ascii=False)}]"

    def obj(self) -> dict[str, object]:
        """The value as an object."""
        if not isinstance(self.value, dict):
            raise self.expected("an object")
        return self.value

    def has(self, key: str) -> bool:
        """Whether this is an object with ``key`` set to something other than null."""
        return isinstance(self.value, dict) and self.value.get(key) is not None

    def get(self, key: str) -> Node:
        """The required field ``key``."""
        fields = self.obj()
        if key not in fields:
            raise self.child(key, None).error("required field is missing")
        return self.child(key, fields[key])

    def opt(self, key: str) -> Node | None:
        """The optional field ``key``, or None when it is missing or null."""
        value = self.obj().get(key)
        return None if value is None else self.child(key, value)

    def items(self) -> Iterator[tuple[str, Node]]:
        """The fields of an object, in order; keys are checked like string values, since
        they become segment ids and language codes."""
        for key, value in self.obj().items():
            self.child(key, key).str()
            yield key, self.child(key, value)

    def elements(self) -> list[Node]:
        """The elements of an array."""
        if not isinstance(self.value, list):
            raise self.expected("an array")
        return [self.child(i, v) for i, v in enumerate(self.value)]

    def strings(self) -> list[str]:
        """The value as an array of strings that can be written as UTF-8."""
        value = self.value
        # Fast path for the common case, one check for the whole array; anything odd is
        # walked element by element so the error names the element.
        if isinstance(value, list) and set(map(type, value)) <= _STR:
            try:
                "".join(value).encode("utf-8")
            except UnicodeEncodeError:
                pass
            else:
                return value
        return [node.str() for node in self.elements()]

    def spans(self) -> list[tuple[float, float]]:
        """The value as an array of ``[start, end]`` pairs of finite numbers with
        ``0 <= start <= end``."""
        fast = plain_spans(self.value)
        if fast is not None:
            return fast
        return [node.span() for node in self.elements()]

    def span_columns(self) -> tuple[list[float], list[float]]:
        """:meth:`spans` as two columns, the starts and the ends, made at C speed for the
        common case (a clip has thousands of pairs)."""
        columns = plain_columns(self.value)
        if columns is None:
            spans = self.spans()  # finds and names the bad element
            return [start for start, _ in spans], [end for _, end in spans]
        return list(map(float, columns[0])), list(map(float, columns[1]))

    def span(self) -> tuple[float, float]:
        """The value as one ``[start, end]`` pair of finite numbers, ``0 <= start <= end``."""
        values = self.elements()
        if len(values) != 2:
            raise self.expected("a [start, end] pair of numbers")
        start, end = (value.number() for value in values)
        if start < 0:
            raise values[0].expected("a time of 0 or more")
        return ordered(start, end, self.error)

    def times(
        self, start_key: str, end_key: str, us_per_unit: int, tolerance: int = 0
    ) -> tuple[int, int]:
        """Two fields as a start and end time in microseconds, the end not before the start
        (but for ``tolerance``, see ``ordered``)."""
        end = self.get(end_key)
        start_us, end_us = self.get(start_key).time(us_per_unit), end.time(us_per_unit)
        return ordered(start_us, end_us, end.error, message_seconds, tolerance=tolerance)

    def str(self) -> str:
        """The value as a string that can be written as UTF-8."""
        if not isinstance(self.value, str):
            raise self.expected("a string")
        try:
            self.value.encode("utf-8")
        except UnicodeEncodeError as exc:
            code = ord(self.value[exc.start])
            raise self.error(
                f"the string holds a lone surrogate (U+{code:04X}) at character {exc.start}, "
                "which no UTF-8 output can hold; fix the text in the source"
            ) from None
        return self.value

    def bool(self) -> bool:
        """The value as a boolean."""
        if not isinstance(self.value, bool):
            raise self.expected("true or false")
        return self.value

    def number(self) -> float:
        """The value as a finite number."""
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.expected("a number")
        try:
            number = float(value)
        except OverflowError:
            raise self.expected("a number of ordinary size") from None
        if not math.isfinite(number):
            raise self.expected("a finite number")
        return number

    def whole(self) -> int:
        """The value as a whole number, 0 or more."""
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.expected("a whole number, 0 or more")
        return value

    def time(self, us_per_unit: int, *, least_us: int = 0) -> int:
        """The value as a time in the given unit, converted to microseconds; below
        ``least_us`` (0 unless a caller takes rounding artefacts, such as an end 1 ms before
        a start at 0, and repairs them itself) it is refused."""
        value = self.number()
        if value * us_per_unit < least_us:
            raise self.expected("a time of 0 or more")
        if value * us_per_unit >= MAX_TIME_US:  # before round(): 1e308 * 1e6 is infinite
            raise self.past_bound(value)
        return round(value * us_per_unit)

    def micros(self) -> int:
        """The value as a whole number of microseconds within the bound on every time."""
        us = self.whole()
        if us >= MAX_TIME_US:
            raise self.past_bound(us)
        return us

    def past_bound(self, value: float) -> InputError:
        """The error for a time past the bound: no subtitle format holds it."""
        return self.error(f"is {_shown(value)}, past 100 hours: expected a time in the media")


def _shown(value: float) -> str:
    """A number for a message, however large (str() of a JSON int may be refused).

    >>> _shown(1e308), _shown(360_000_000_000), _shown(10**400)
    ('1e+308', '360000000000', 'a number of 1329 bits')
    """
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value) if value.bit_length() <= 64 else f"a number of {value.bit_length()} bits"
