"""What a run counts as it goes: inputs by status, outputs by fate, failures."""

from __future__ import annotations

from dataclasses import dataclass, field

from subsync.errors import OutputError


@dataclass(slots=True)
class Tally:
    """Inputs by status; outputs made, written, current (``--check``), outdated, orphaned
    and pruned; each failure."""

    counts: dict[str, int] = field(
        default_factory=lambda: {"converted": 0, "skipped": 0, "failed": 0}
    )
    outputs: int = 0
    written: int = 0
    current: int = 0
    failures: list[dict[str, str | None]] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)


def only_one(count: int, name: str) -> None:
    """Refuse an input that makes other than one output when they go to standard output."""
    if count != 1:
        raise OutputError(
            f"makes {count} outputs but -o - takes exactly one; pick one language with --lang",
            input=name,
        )
