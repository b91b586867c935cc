"""SHA-256 hex digests of inputs, outputs and options, as the manifest records them."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, cast

# hashlib loads OpenSSL (libcrypto and its config), ~3 ms of every start; CPython's own
# SHA-256 loads in no time but hashes ~4x slower. The digests are the same, so the first
# bytes a process hashes (a one-file run's input, outputs and options, all of them) go
# through CPython's own, and everything after through hashlib: a big run loses at most
# what hashing this many bytes slowly costs, about what loading OpenSSL costs.
BUILTIN_BUDGET = 256 << 10


def _builtin() -> Callable[[bytes], Any] | None:
    """CPython's own SHA-256 (``_sha2`` from 3.12, ``_sha256`` before); None where there
    is none (another Python, or a build without it): hashlib does it all."""
    for name in ("_sha2", "_sha256"):
        try:
            return cast("Callable[[bytes], Any]", importlib.import_module(name).sha256)
        except (ImportError, AttributeError):
            continue
    return None


_BUILTIN = _builtin()
# What this process may still hash with CPython's own.
_budget = BUILTIN_BUDGET if _BUILTIN is not None else 0


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``.

    >>> sha256(b"")[:16]
    'e3b0c44298fc1c14'
    """
    global _budget
    if _BUILTIN is not None and len(data) <= _budget:
        _budget -= len(data)
        return str(_BUILTIN(data).hexdigest())
    import hashlib  # loaded once: past the budget

    return hashlib.sha256(data).hexdigest()
