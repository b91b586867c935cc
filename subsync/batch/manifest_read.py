"""The manifest file read a bounded piece at a time, its entries one by one, so that neither its
size nor its nesting sets the memory a run needs; what ``json.loads`` reads, and no more."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import BinaryIO

# Bytes read from the file at a time.
_READ = 1 << 16
#: The longest string (or number) a manifest may hold: a path is at most a few KiB, so longer
#: is not a manifest subsync wrote, and is refused before it is held whole.
MAX_TOKEN = 1 << 16
#: Nesting deeper than ``json.loads`` reads (its recursion limit) is refused too.
MAX_DEPTH = 1000
# Enough of the file held ahead that an entry as subsync writes it is read in one match.
_AHEAD = 8192

_WS = "[ \t\n\r]*"
# A whole JSON string: no raw quote, backslash or control character but in an escape.
_STR = r'"[^"\\\x00-\x1f]*(?:\\.[^"\\\x00-\x1f]*)*"'
_STRING = re.compile(_STR, re.DOTALL)
_SPACE = re.compile(_WS)
_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
_SCALAR = re.compile(_NUMBER + "|true|false|null|NaN|-?Infinity")
_SURROGATE = re.compile("[\ud800-\udfff]")


def entry_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One entry with these fields in this order, as subsync writes them (any white space),
    and the comma after it if one comes: the key and each value, as JSON strings."""
    fields = f",{_WS}".join(f'"{name}"{_WS}:{_WS}({_STR}){_WS}' for name in names)
    entry = f"({_STR}){_WS}:{_WS}\\{{{_WS}{fields}\\}}"
    return re.compile(f"{_WS}{entry}{_WS}(?P<more>,?)", re.DOTALL)


def text_of(token: str) -> str:
    """A JSON string token's text."""
    if "\\" not in token:
        return token[1:-1]
    text: str = json.loads(token)  # one whole string: its escapes checked as json reads them
    return text


def _encodable(*texts: str) -> None:
    """Refuse an entry that UTF-8 cannot write back (a lone surrogate, raw or escaped), as no
    file name subsync records holds one; json.loads took it, and the save after it failed."""
    if any(_SURROGATE.search(text) for text in texts):
        raise ValueError("an entry holds a lone surrogate")


class Reader:
    """JSON text read in pieces: the tokens of one value after another, never a piece longer
    than ``MAX_TOKEN`` held whole. Bytes decode as ``json.loads`` takes them (UTF-8, or UTF-16
    or -32 as their first bytes say, surrogates passed)."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.text = ""
        self.at = 0
        self.passed = 0  # characters dropped before ``text``, for positions
        self.ended = False
        self.surrogates = False  # whether the text so far holds a raw one
        self._decode: codecs.IncrementalDecoder | None = None

    def fill(self, wanted: int) -> bool:
        """Hold at least ``wanted`` characters from ``at`` on (fewer only at the end of the
        file); whether they are held."""
        while len(self.text) - self.at < wanted and not self.ended:
            data = self.file.read(_READ)
            if self._decode is None:
                while len(data) < 4 and (start := self.file.read(_READ)):
                    data += start
                encoding = json.detect_encoding(data)
                self._decode = codecs.getincrementaldecoder(encoding)("surrogatepass")
            self.passed += self.at
            text = self._decode.decode(data, final=not data)
            self.surrogates = self.surrogates or _SURROGATE.search(text) is not None
            self.text = self.text[self.at :] + text
            self.at = 0
            self.ended = not data
        return len(self.text) - self.at >= wanted

    def where(self) -> str:
        return f"at character {self.passed + self.at}"

    def peek(self) -> str:
        """The next character after white space ("" at the end)."""
        while True:
            self.fill(1)
            self.at = _SPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text) or self.ended:
                return self.text[self.at : self.at + 1]

    def take(self, char: str) -> bool:
        """Pass over ``char`` if it comes next; whether it did."""
        if self.peek() == char:
            self.at += 1
            return True
        return False

    def expect(self, char: str) -> None:
        if not self.take(char):
            raise ValueError(f"expected {char!r} {self.where()}")

    def token(self, pattern: re.Pattern[str], what: str) -> str:
        """The next token, matched whole: held to the end of the file or past the match."""
        self.peek()
        while True:
            found = pattern.match(self.text, self.at)
            if found is not None and (found.end() < len(self.text) or self.ended):
                break
            if self.ended or len(self.text) - self.at > MAX_TOKEN + 2:
                longest = f"of at most {MAX_TOKEN} characters"
                raise ValueError(f"expected {what} {longest} {self.where()}")
            self.fill(len(self.text) - self.at + _READ)
        self.at = found.end()
        return found.group()

    def string(self) -> str:
        return text_of(self.token(_STRING, "a string"))

    def skip(self) -> None:
        """Pass over one value of any kind, its containers counted, not held."""
        closers: list[str] = []
        while True:
            char = self.peek()
            if char in ("[", "{"):
                self.at += 1
                if len(closers) + 2 > MAX_DEPTH:  # these, this one and the file's own object
                    raise ValueError(f"nested more than {MAX_DEPTH} deep {self.where()}")
                closer = "]" if char == "[" else "}"
                if not self.take(closer):
                    closers.append(closer)
                    if closer == "}":
                        self.string()
                        self.expect(":")
                    continue
            elif char == '"':
                self.string()
            else:
                self.token(_SCALAR, "a value")
            while closers and self.take(closers[-1]):
                closers.pop()
            if not closers:
                return
            self.expect(",")
            if closers[-1] == "}":
                self.string()
                self.expect(":")

    def members(self) -> Iterator[str]:
        """The names of an object's members, each read when its value has been (by the caller)."""
        self.expect("{")
        if self.take("}"):
            return
        while True:
            name = self.string()
            self.expect(":")
            yield name
            if self.take("}"):
                return
            self.expect(",")

    def end(self) -> None:
        if self.peek():
            raise ValueError(f"extra data {self.where()}")


def object_entries(
    file: BinaryIO, schema: str, names: tuple[str, ...]
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each member of the ``outputs`` object of a file ``{"schema": schema, "outputs": {key:
    {name: string, ...}}}``, in the file's order: its key and the strings of ``names``. A
    ValueError, at any point, says the file is not one: what came before it is void too."""
    reader = Reader(file)
    pattern = entry_pattern(names)
    found_schema: str | None = None
    outputs = False
    for member in reader.members():
        if member == "outputs":
            if outputs or reader.peek() != "{":
                raise ValueError("its outputs are not an object")
            outputs = True
            yield from _entries(reader, pattern, names)
        elif member == "schema" and reader.peek() == '"':
            found_schema = reader.string()
        else:
            found_schema = None if member == "schema" else found_schema
            reader.skip()
    reader.end()
    if found_schema != schema:
        raise ValueError(f"not a subsync manifest (no schema {schema!r})")
    if not outputs:
        raise ValueError("its outputs are not an object")


def _entries(
    reader: Reader, pattern: re.Pattern[str], names: tuple[str, ...]
) -> Iterator[tuple[str, tuple[str, ...]]]:
    reader.expect("{")
    if reader.take("}"):
        return
    while True:
        reader.fill(_AHEAD)
        found = pattern.match(reader.text, reader.at)
        if found is None:
            yield _entry(reader, names)
            if reader.take("}"):
                return
            reader.expect(",")
            continue
        reader.at = found.end()  # as subsync writes it: the common case, in one match
        tokens = found.groups()[:-1]
        if "\\" in found.group():  # escapes in it
            key, *values = map(text_of, tokens)
            _encodable(key, *values)
        else:
            key, *values = [token[1:-1] for token in tokens]
            if reader.surrogates:
                _encodable(key, *values)
        yield _checked(key), tuple(values)
        if not found.group("more"):
            reader.expect("}")
            return


def _entry(reader: Reader, names: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """One entry read token by token (its fields in any order, or not as they should be)."""
    key = _checked(reader.string())
    reader.expect(":")
    wrong = f"the entry of {key[:80]!r} is not an object of {sorted(names)}"
    if reader.peek() != "{":
        raise ValueError(wrong)
    values: dict[str, str | None] = {}
    for name in reader.members():
        if name not in names:
            raise ValueError(wrong)
        if reader.peek() == '"':
            values[name] = reader.string()
        else:
            values[name] = None
            reader.skip()
    if len(values) != len(names):
        raise ValueError(wrong)
    strings = tuple(values[name] for name in names)
    if any(value is None for value in strings):
        raise ValueError(f"the entry of {key[:80]!r} holds other than strings")
    _encodable(key, *strings)  # type: ignore[arg-type]
    return key, strings  # type: ignore[return-value]


def _checked(key: str) -> str:
    """The key of an output: a relative path inside the folder, no part of it ``..``."""
    if not key or key.startswith("/") or (".." in key and ".." in key.split("/")):
        raise ValueError(f"output {key[:80]!r} is not a path inside the folder")
    return key
