"""Reading a response body in pieces, decompressed here, never past a size limit."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Protocol

# Pieces read from the socket, and the most one decompression step may produce: a 64 KiB
# piece of a gzip bomb holds some 64 MiB, so output is drawn out a step at a time.
_PIECE = 1 << 16
_STEP = 1 << 20
#: Content-Encodings subsync asks for and decodes itself.
ACCEPTED_ENCODINGS = "gzip, deflate"


class BodyTooLarge(Exception):
    """The body (decoded, or as sent) is larger than the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the response body is larger than the limit of {size_label(limit)}")
        self.limit = limit


class BadEncoding(Exception):
    """The body is not what its Content-Encoding says, or that encoding is not one asked for."""


class RawBody(Protocol):
    """What is read from: urllib3's response, its own decoding off."""

    # urllib3's own signature, which this Protocol must match.
    def read(self, amt: int | None = None, decode_content: bool | None = None) -> bytes: ...  # noqa: FBT001


def read_limited(raw: RawBody, encoding: str | None, length: str | None, limit: int) -> bytes:
    """The whole body of a response, decoded, refused as soon as it passes ``limit`` bytes
    (as declared by Content-Length, as sent, or as decompressed)."""
    declared = _declared(length)
    if declared is not None and declared > limit:
        raise BodyTooLarge(limit)
    decoder = _decoder(encoding)
    body = bytearray()
    received = 0
    while piece := raw.read(_PIECE, decode_content=False):
        received += len(piece)
        if received > limit:
            raise BodyTooLarge(limit)
        for out in decoder.decode(piece):
            _append(body, out, limit)
    for out in decoder.finish():
        _append(body, out, limit)
    return bytes(body)


def _append(body: bytearray, out: bytes, limit: int) -> None:
    if len(body) + len(out) > limit:
        raise BodyTooLarge(limit)
    body += out


def _declared(length: str | None) -> int | None:
    try:
        return int(length) if length is not None else None
    except ValueError:
        return None


class _Identity:
    def decode(self, data: bytes) -> Iterator[bytes]:
        yield data

    def finish(self) -> Iterator[bytes]:
        yield from ()


class _Inflate:
    """gzip (every member of a multi-member body) or deflate, a step of output at a time."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._z: zlib._Decompress | None = None
        # The first bytes, until there are two to tell zlib-wrapped deflate from raw.
        self._head = b""
        self._ended = False

    def _start(self, data: bytes) -> zlib._Decompress:
        if self.encoding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" is meant to be zlib-wrapped, but many servers send it raw.
        wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)

    def decode(self, data: bytes) -> Iterator[bytes]:
        if self._z is None:
            data, self._head = self._head + data, b""
            if len(data) < 2:
                self._head = data
                return
        try:
            yield from self._inflate(data)
        except zlib.error as exc:
            raise self._invalid(exc) from None

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        while data and not self._ended:
            if self._z is None:
                self._z = self._start(data)
            out = self._z.decompress(data, _STEP)
            yield out
            data = self._z.unconsumed_tail
            if self._z.eof:
                # Another gzip member may follow; after deflate, nothing should.
                data = self._z.unused_data if self.encoding == "gzip" else b""
                self._ended = self.encoding != "gzip"
                self._z = None
            elif not data and len(out) == _STEP:
                # The step was full: more output may wait inside the decompressor.
                yield from self._drain()

    def _invalid(self, exc: zlib.error) -> BadEncoding:
        return BadEncoding(f"the response body is not valid {self.encoding} ({exc})")

    def finish(self) -> Iterator[bytes]:
        if self._head:
            raise BadEncoding(f"the response body is not valid {self.encoding} (too short)")
        try:
            yield from self._drain()
        except zlib.error as exc:
            raise self._invalid(exc) from None
        if self._z is not None:
            raise BadEncoding(f"the response body is not valid {self.encoding} (cut short)")

    def _drain(self) -> Iterator[bytes]:
        while self._z is not None and not self._z.eof:
            out = self._z.decompress(b"", _STEP)
            if not out:
                return
            yield out
        if self._z is not None and self._z.eof:
            self._ended = self.encoding != "gzip"
            self._z = None


def _decoder(encoding: str | None) -> _Identity | _Inflate:
    name = (encoding or "identity").strip().lower()
    if name in ("", "identity"):
        return _Identity()
    if name in ("gzip", "x-gzip"):
        return _Inflate("gzip")
    if name == "deflate":
        return _Inflate("deflate")
    raise BadEncoding(
        f"the response has a Content-Encoding that was not asked for ({name[:40]!r}); "
        f"subsync asks for {ACCEPTED_ENCODINGS}"
    )


def size_label(size: int) -> str:
    """A byte count for messages, in the largest binary unit that divides it.

    >>> size_label(256 * 1024 * 1024), size_label(1536), size_label(1000)
    ('256 MiB', '1.5 KiB', '1000 bytes')
    """
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"
