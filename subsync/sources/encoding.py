"""Subtitle bytes to text: UTF-8 only, never a guessed encoding."""

from __future__ import annotations

import codecs

from subsync.errors import InputError


def decode(data: bytes) -> str:
    """UTF-8 text without its byte-order mark; anything else is an InputError, since guessing
    an encoding garbles text without a word.

    >>> decode("\\ufeffcafé".encode())
    'café'
    >>> decode("café".encode("latin-1"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    subsync.errors.InputError: line 1: not UTF-8 text (byte 3 is 0xe9); save the file as UTF-8 ...
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x}){_bom_hint(data)}; "
            "save the file as UTF-8 (subsync does not guess encodings)",
            where=f"line {line}",
        ) from None


def _bom_hint(data: bytes) -> str:
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            return f": it starts with a {encoding} byte-order mark"
    return ""
