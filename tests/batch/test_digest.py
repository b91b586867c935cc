"""SHA-256 digests are hashlib's whichever implementation makes them: CPython's own for the
first bytes a process hashes, hashlib's (OpenSSL) once that budget is spent."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsync.batch import digest


@given(data=st.binary(max_size=4096))
def test_a_digest_is_hashlibs(data: bytes) -> None:
    assert digest.sha256(data) == hashlib.sha256(data).hexdigest()


def test_past_the_budget_hashlib_makes_the_digests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest, "_budget", 10)
    small, big = b"0123456789", b"x" * (digest.BUILTIN_BUDGET + 1)
    assert digest.sha256(small) == hashlib.sha256(small).hexdigest()
    assert digest._budget == 0
    for data in (small, big, b""):
        assert digest.sha256(data) == hashlib.sha256(data).hexdigest()
    assert digest._budget == 0


def test_without_cpythons_own_hashlib_makes_every_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest, "_BUILTIN", None)
    assert digest.sha256(b"abc") == hashlib.sha256(b"abc").hexdigest()


def test_a_process_that_hashes_little_never_loads_openssl() -> None:
    probe = (
        "import sys; from subsync.batch.digest import sha256; sha256(b'x' * 1000); "
        "print('hashlib' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ("True" if digest._BUILTIN is None else "False")
