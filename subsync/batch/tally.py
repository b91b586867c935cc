"""What a run counts as it goes: inputs by status, outputs by fate, failures."""

from __future__ import annotations

from subsync.errors import OutputError


class Tally:
    """Inputs by status; outputs made, written, current (``--check``), outdated, orphaned
    and pruned; each failure."""

    __slots__ = (
        "counts",
        "current",
        "failures",
        "orphaned",
        "outdated",
        "outputs",
        "pruned",
        "written",
    )

    def __init__(self) -> None:
        self.counts = {"converted": 0, "skipped": 0, "failed": 0}
        self.outputs = 0
        self.written = 0
        self.current = 0
        self.failures: list[dict[str, str | None]] = []
        self.outdated: list[str] = []
        self.orphaned: list[str] = []
        self.pruned: list[str] = []


def only_one(count: int, name: str) -> None:
    """Refuse an input that makes other than one output when they go to standard output."""
    if count != 1:
        raise OutputError(
            f"makes {count} outputs but -o - takes exactly one; pick one language with --lang",
            input=name,
        )
