"""Subtitle bytes to text: UTF-8, a UTF-16 or UTF-32 byte-order mark, or the encoding the
user names. Nothing is guessed silently: a file in another encoding is refused with the
guess of charset-normalizer in the message, and the option that reads it."""

from __future__ import annotations

import codecs

from subsync.errors import InputError

# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)
#: The option that names an input's encoding, as messages tell it.
ENCODING_OPTION = "--input-encoding"


def bom_encoding(data: bytes) -> str:
    """The codec a byte-order mark at the start asks for (it removes the mark), else UTF-8.

    >>> bom_encoding(codecs.BOM_UTF16_LE + b"x"), bom_encoding(b"x")
    ('utf-16', 'utf-8')
    """
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), "utf-8")


def sniff(data: bytes, size: int = 512) -> str:
    """The start of the text, for telling its kind (a cut character shows as U+FFFD).

    >>> sniff("\\ufeffWEBVTT".encode("utf-16-be"))
    'WEBVTT'
    """
    codec = bom_encoding(data)
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    return decoder.decode(data[:size])


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """The text of subtitle bytes: in ``encoding`` when it is given, else by a byte-order
    mark, else UTF-8; one leading byte-order mark is removed.

    >>> decode_text("\\ufeff1\\n".encode("utf-16-le")), decode_text(b"caf\\xe9", "latin-1")
    ('1\\n', 'café')
    >>> decode_text(b"caf\\xe9 au lait, s'il vous pla\\xeet")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    subsync.errors.InputError: line 1: not UTF-8 text (byte 3 is 0xe9); ... --input-encoding ...
    """
    codec = encoding or bom_encoding(data)
    try:
        codecs.lookup(codec)
    except LookupError:
        raise InputError(f"unknown encoding {codec!r} for {ENCODING_OPTION}") from None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not {_name(codec)} text (byte {exc.start} is 0x{data[exc.start]:02x}); "
            + (_hint(data) if encoding is None else "is it in another encoding?"),
            where=f"line {line}",
        ) from None
    return text.removeprefix("\ufeff") if encoding else text


def _name(codec: str) -> str:
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}.get(
        codec, codec
    )


def _hint(data: bytes) -> str:
    """What to do about text that is not UTF-8, with charset-normalizer's guess (imported
    only here: reading a UTF-8 file never pays for it)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is None:
        return f"name its encoding with {ENCODING_OPTION} NAME (subsync does not guess)"
    return (
        f"it looks like {best.encoding} (charset-normalizer's guess, not used): read it with "
        f"{ENCODING_OPTION} {best.encoding} if that is right, or save it as UTF-8"
    )
