"""A progress bar on a terminal: files done, failures, rate and time left."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass

import click

from subsync.times import elapsed


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a batch stands: ``done`` of ``total`` inputs (``failed`` of them failed) after
    ``elapsed`` seconds."""

    label: str
    done: int
    total: int
    failed: int
    elapsed: float

    def line(self, width: int = 24) -> str:
        """One line for a terminal.

        >>> Progress("converting", 250, 1000, 2, 10.0).line(width=8)
        'converting [##------] 250/1000, 2 failed, 25.0 files/s, 0:30 left'
        """
        filled = width * self.done // self.total if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        rate = self.done / self.elapsed if self.elapsed > 0 else 0.0
        parts = [f"{self.label} [{bar}] {self.done}/{self.total}"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if rate:
            parts.append(f"{rate:.1f} files/s")
            parts.append(f"{elapsed((self.total - self.done) / rate)} left")
        return ", ".join(parts)


class Bar:
    """A progress line on standard error (a terminal), redrawn at most ten times a second."""

    def __init__(self, label: str, total: int) -> None:
        self.label = label
        self.total = total
        self.started = time.monotonic()
        self.drawn = 0.0
        self.shown = False

    def update(self, counts: dict[str, int]) -> None:
        now = time.monotonic()
        done = sum(counts.values())
        if now - self.drawn < 0.1 and done < self.total:
            return
        self.drawn = now
        progress = Progress(self.label, done, self.total, counts["failed"], now - self.started)
        width = shutil.get_terminal_size().columns - 1
        click.echo("\r" + progress.line()[:width] + "\x1b[K", err=True, nl=False)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.shown = False
            self.drawn = 0.0
