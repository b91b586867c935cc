"""A pipeline listener that keeps what a run tells instead of printing it (the Python API's)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from subsync.batch.listener import InputResult
from subsync.errors import SubsyncError
from subsync.sources import Notice

if TYPE_CHECKING:
    from subsync.lint import Violation


@dataclass(slots=True)
class Collector:
    """Everything a run told, in order: warnings by input, failures, outdated outputs, the
    standard-output bytes, lint findings by output, and progress counts."""

    warnings: list[tuple[str, Notice]] = field(default_factory=list)
    failures: list[SubsyncError] = field(default_factory=list)
    run_warnings: list[str] = field(default_factory=list)
    outdated_paths: list[Path] = field(default_factory=list)
    outdated_why: list[str] = field(default_factory=list)
    stdout: bytearray = field(default_factory=bytearray)
    violations: list[tuple[str, Violation]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def warning(self, name: str, notice: Notice) -> None:
        self.warnings.append((name, notice))

    def failure(self, error: SubsyncError) -> None:
        self.failures.append(error)

    def run_warning(self, message: str) -> None:
        self.run_warnings.append(message)

    def outdated(self, path: Path, why: str) -> None:
        self.outdated_paths.append(path)
        self.outdated_why.append(why)

    def printed(self, data: bytes) -> None:
        self.stdout += data

    def linted(self, name: str, violations: Sequence[Violation]) -> None:
        self.violations.extend((name, v) for v in violations)

    def progressed(self, counts: dict[str, int]) -> None:
        self.counts = counts


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What ``subsync.convert_files`` did: one result per input (each output's status, the
    input's warnings and error), the lint findings, and the report ``--report`` writes."""

    results: tuple[InputResult, ...]
    violations: tuple[tuple[str, Violation], ...]
    report: dict[str, object]

    @property
    def ok(self) -> bool:
        """Whether every input converted (or was up to date) and lint found no error."""
        errors = any(v.level == "error" for _, v in self.violations)
        return not errors and all(r.status != "failed" for r in self.results)
