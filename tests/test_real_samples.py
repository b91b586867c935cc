"""Every real payload in ../shared/samples under every preset keeps the preset's promise and
every letter (fails, not skips, when SUBSYNC_REQUIRE_SAMPLES is set and they are missing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import samples
from tests.support.samples import PRESET_NAMES, measure, sample_paths

PATHS = sample_paths()


def test_the_samples_are_found_when_required() -> None:
    # sample_paths() raised at import if they were required and missing; say what ran.
    if not PATHS:
        pytest.skip(
            "no real samples next to the repository (set SUBSYNC_REQUIRE_SAMPLES=1 to fail)"
        )
    assert all(path.suffix == ".json" for path in PATHS)


@pytest.mark.parametrize("preset", PRESET_NAMES)
@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_every_real_sample_keeps_the_promise_and_every_letter(path, preset) -> None:  # type: ignore[no-untyped-def]
    row = measure(path, preset)
    assert row.hard_errors == 0, row
    assert row.over_maximum == 0, row
    assert row.under_floor == 0, row
    assert row.under_minimum <= 0.02 * row.cues, row
    assert row.letters_lost == 0, row


def test_missing_samples_fail_when_they_are_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(samples, "SAMPLES", tmp_path / "gone")
    monkeypatch.setenv("SUBSYNC_REQUIRE_SAMPLES", "1")
    with pytest.raises(AssertionError, match="holds no samples"):
        samples.sample_paths()
    monkeypatch.delenv("SUBSYNC_REQUIRE_SAMPLES")
    assert samples.sample_paths() == []
