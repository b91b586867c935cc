"""Shared pytest fixtures: a session-wide WebVTT validator backed by node's webvtt-parser."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# --import-mode=importlib does not put tests/ on sys.path; pyproject's `pythonpath` does,
# but keep conftest working without it.
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

from readers import WebVTTValidator, webvtt_validator_available  # noqa: E402


@pytest.fixture(scope="session")
def vtt_validator() -> Iterator[WebVTTValidator]:
    """A started WebVTTValidator; skips (with the reason) when node or the package is missing."""
    reason = webvtt_validator_available()
    if reason is not None:
        pytest.skip(reason)
    validator = WebVTTValidator()
    try:
        yield validator
    finally:
        validator.close()
