"""The text of a progress bar: files done, failures, rate and time left (printing is the CLI's)."""

from __future__ import annotations

from dataclasses import dataclass


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
            parts.append(f"{clock((self.total - self.done) / rate)} left")
        return ", ".join(parts)


def clock(seconds: float) -> str:
    """Seconds as ``M:SS`` or ``H:MM:SS``.

    >>> clock(5), clock(754.4), clock(3725)
    ('0:05', '12:34', '1:02:05')
    """
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
