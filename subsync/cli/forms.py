"""The forms people type options in: formats in any case and repeated, frame rates as editors
name them, offsets as durations, timecodes or frames, sizes with binary units."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import click

from subsync.timeline import FRAME_RATES, rate_name
from subsync.times import MAX_TIME_US, US_PER_SECOND
from subsync.writers import FORMATS

FORMATS_HELP = (
    f"Output formats, a comma list or repeated (--to srt --to vtt): {', '.join(FORMATS)}."
)

# The offsets that are not plain seconds (compiled when first used: re keeps them).
# 1h2m3.5s, 1m30s, -500ms, 90s: units largest first, each at most once.
_DURATION = (
    r"(?P<sign>[-+]?)(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m(?!s))?"
    r"(?:(?P<s>\d+(?:\.\d+)?)s)?(?:(?P<ms>\d+(?:\.\d+)?)ms)?"
)
# 00:01:30.000, 1:30, 01:30,5: a clock, hours optional.
_CLOCK = r"(?P<sign>[-+]?)(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>\d+(?:[.,]\d+)?)"
_FRAMES = r"(?P<sign>[-+]?)(?P<f>\d+)f"
_SIZE = re.compile(r"(\d+)\s*([kmg]?)(?:i?b)?", re.IGNORECASE)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
#: The largest shift: the 100 hours every time subsync reads is bounded by.
MAX_OFFSET_US = MAX_TIME_US


def comma_list(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """The non-empty, trimmed items of a comma list (or of several).

    >>> comma_list("srt, vtt"), comma_list(["srt", "vtt,json"]), comma_list(None)
    (('srt', 'vtt'), ('srt', 'vtt', 'json'), ())
    """
    values = [value] if isinstance(value, str) else list(value or ())
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())


def parse_formats(
    ctx: click.Context, param: click.Parameter, value: str | Iterable[str] | None
) -> tuple[str, ...]:
    """``--to``'s callback: every ``--to`` given, comma lists too, in any case; known
    formats only, each once, in the order given."""
    formats = tuple(f.lower() for f in comma_list(value))
    if not formats:
        if value is None or value == ():
            return ()
        raise click.BadParameter(
            f"unknown format {value!r}: no format given; choose from {', '.join(FORMATS)}"
        )
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    return tuple(dict.fromkeys(formats))


def parse_fps(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--fps``'s callback: a FRAME_RATES name, as editors write it (23.98, 29.97NDF)."""
    if value is None:
        return None
    name = rate_name(str(value))
    if name is None:
        raise click.BadParameter(
            f"{value!r} is not a frame rate; choose from {', '.join(FRAME_RATES)} "
            "(23.98 is 23.976; 29.97 and 59.94 count timecodes drop-frame, the ndf names do not)"
        )
    return name


def offset_us(text: str | float, fps: str | None) -> int:
    """``--offset`` in microseconds: seconds (``-1.5``), a duration (``1m30s``, ``-500ms``),
    a clock (``00:01:30.000``) or frames (``12f``, which need ``fps``).

    >>> [offset_us(t, "25") for t in ("1m30s", "-500ms", "00:01:30.000", "12f", "-1.5", 2)]
    [90000000, -500000, 90000000, 480000, -1500000, 2000000]
    """
    value = str(text).strip().lower()
    us = _offset(value, fps)
    if us is None:
        raise click.BadParameter(
            f"{text!r} is not an offset: give seconds (-1.5), a duration (1m30s, -500ms), "
            "a time (00:01:30.000) or frames (12f, with --fps)",
            param_hint="'--offset'",
        )
    if abs(us) > MAX_OFFSET_US:
        raise click.BadParameter(f"{text} is more than 100 hours", param_hint="'--offset'")
    return us


def _offset(value: str, fps: str | None) -> int | None:
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return round(seconds * US_PER_SECOND) if math.isfinite(seconds) else None
    if frames := re.fullmatch(_FRAMES, value):
        if fps is None:
            raise click.BadParameter("an offset in frames needs --fps", param_hint="'--offset'")
        us = round(int(frames["f"]) / FRAME_RATES[fps] * US_PER_SECOND)
        return -us if frames["sign"] == "-" else us
    match = re.fullmatch(_CLOCK, value) or re.fullmatch(_DURATION, value)
    if match is None or not any(match.groupdict().get(k) for k in ("h", "m", "s", "ms")):
        return None
    parts = {
        k: float((v or "0").replace(",", ".")) for k, v in match.groupdict().items() if k != "sign"
    }
    seconds = parts["h"] * 3600 + parts["m"] * 60 + parts["s"] + parts.get("ms", 0.0) / 1000
    us = round(seconds * US_PER_SECOND)
    return -us if match["sign"] == "-" else us


class ByteSize(click.ParamType[int]):
    """A size in bytes: ``268435456``, ``256M``, ``256MiB`` or ``1G`` (binary units)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = _SIZE.fullmatch(str(value).strip())
        if match is None or int(match[1]) == 0:
            self.fail(f"{value!r} is not a size such as 268435456, 512M or 1G", param, ctx)
        return int(match[1]) * _UNITS[match[2].lower()]
