"""Shared pytest fixtures: a session-wide WebVTT validator backed by node's webvtt-parser,
the independent readers of the conformance tests, and their Hypothesis profiles."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.support.conformance import READ_COUNTS, Readers, missing
from tests.support.rawserver import Answer, RawServer
from tests.support.readers import WebVTTValidator, webvtt_validator_available

# The Hypothesis profiles, registered here once. Every property runs without a deadline and
# may be slow to generate (a loaded 2-core machine is slow, and no test asserts timing);
# each test says only how many examples it needs.
settings.register_profile("subsync", deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Differential fuzzing of the writers (tests/writers/test_conformance_fuzz.py): "fast" by
# default and in CI, "long" with SUBSYNC_FUZZ=long for a local run.
settings.register_profile("conformance-fast", settings.get_profile("subsync"), max_examples=150)
settings.register_profile("conformance-long", settings.get_profile("subsync"), max_examples=3000)
# The fuzz over every fixture input (tests/test_fuzz_inputs.py): "fast" by default and in
# CI, "long" (10,000 cases) with SUBSYNC_FUZZ=long before an input-handling change lands.
settings.register_profile("inputs-fuzz-fast", settings.get_profile("subsync"), max_examples=60)
settings.register_profile("inputs-fuzz-long", settings.get_profile("subsync"), max_examples=10_000)
settings.load_profile("subsync")


@pytest.fixture
def raw_server() -> Iterator[Callable[[Answer], RawServer]]:
    """Start loopback servers on raw sockets (tests/support/rawserver.py); all closed at the end."""
    started: list[RawServer] = []

    def start(answer: Answer) -> RawServer:
        started.append(RawServer(answer))
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.fixture(scope="session")
def vtt_validator() -> Iterator[WebVTTValidator]:
    """A started WebVTTValidator; skips (with the reason) when node or the package is missing."""
    reason = webvtt_validator_available()
    if reason is not None:
        missing(reason)
    validator = WebVTTValidator()
    try:
        yield validator
    finally:
        validator.close()


@pytest.fixture(scope="session")
def readers() -> Iterator[Readers]:
    """Every independent reader, each started once for the whole session when first used."""
    pool = Readers()
    try:
        yield pool
    finally:
        pool.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many files each independent reader read, for the record (closing notes)."""
    if not READ_COUNTS:
        return
    terminalreporter.section("conformance: files read by each reader")
    for (name, kind, origin), count in sorted(READ_COUNTS.items()):
        terminalreporter.write_line(f"{name:>14} {kind}: {count:6d} {origin}")
