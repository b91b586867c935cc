"""Every way subsync writes a time: the formats' timestamps, exact seconds, and times in
messages (frames and SMPTE timecodes are in timeline.py)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

#: Microseconds per second, the model's one unit of time.
US_PER_SECOND = 1_000_000

#: The one bound on every time subsync reads or writes: SRT's hours have two digits, and
#: no media is that long, so a later time is a wrong unit or a broken value.
MAX_TIME_US = 100 * 3600 * US_PER_SECOND


def us_to_ms(us: int) -> int:
    """Round microseconds to the nearest millisecond, halves up.

    >>> us_to_ms(1_499), us_to_ms(1_500), us_to_ms(23_200)
    (1, 2, 23)
    """
    return (us + 500) // 1000


def hms_parts(count: int, per_second: int) -> tuple[int, int, int, int]:
    """A time counted in units of ``1/per_second`` s as hours, minutes, seconds and units.

    >>> hms_parts(3_723_004, 1000), hms_parts(361, 100)
    ((1, 2, 3, 4), (0, 0, 3, 61))
    """
    seconds, units = divmod(count, per_second)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return hours, minutes, seconds, units


class _OnFirstUse:
    """A lookup table built on its first use, which then takes this stand-in's place among
    the module's names (the writers' timestamps read it by name on every call)."""

    __slots__ = ("_build", "_name")

    def __init__(self, name: str, build: Callable[[], tuple[str, ...]]) -> None:
        self._name = name
        self._build = build

    def __getitem__(self, index: int) -> str:
        table = self._build()
        globals()[self._name] = table
        return table[index]


def _minutes_seconds() -> tuple[str, ...]:
    two_digits = [f"{n:02d}" for n in range(60)]
    return tuple(map(":".join, itertools.product(two_digits, repeat=2)))


# Every "MM:SS" of an hour and every "mmm": an SRT or WebVTT timestamp is two lookups and
# one f-string (those writers format two a cue, hundreds of thousands for a long file).
# Built when first used: a run that writes no time (the one-pass SRT path copies them as
# text) does not pay the ~6 M instructions they cost.
_MINUTES_SECONDS: tuple[str, ...] | _OnFirstUse = _OnFirstUse("_MINUTES_SECONDS", _minutes_seconds)
_MILLIS: tuple[str, ...] | _OnFirstUse = _OnFirstUse(
    "_MILLIS", lambda: tuple(f"{n:03d}" for n in range(1000))
)


def srt_time(ms: int) -> str:
    """An SRT timestamp.

    >>> srt_time(3_723_004)
    '01:02:03,004'
    """
    seconds, millis = divmod(ms, 1000)
    return f"{seconds // 3600:02d}:{_MINUTES_SECONDS[seconds % 3600]},{_MILLIS[millis]}"


def srt_time_once(ms: int) -> str:
    """An SRT timestamp, as ``srt_time`` writes it, for a time formatted once (it does not
    build that function's tables).

    >>> srt_time_once(3_723_004), srt_time_once(3_723_004) == srt_time(3_723_004)
    ('01:02:03,004', True)
    """
    hours, minutes, seconds, millis = hms_parts(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def vtt_time(ms: int) -> str:
    """A WebVTT timestamp, always with hours (some readers need them).

    >>> vtt_time(3_723_004), vtt_time(360_000_000)
    ('01:02:03.004', '100:00:00.000')
    """
    seconds, millis = divmod(ms, 1000)
    return f"{seconds // 3600:02d}:{_MINUTES_SECONDS[seconds % 3600]}.{_MILLIS[millis]}"


def ass_time(cs: int) -> str:
    """An ASS time, ``H:MM:SS.cc``.

    >>> ass_time(361), ass_time(3_599_999)
    ('0:00:03.61', '9:59:59.99')
    """
    hours, minutes, seconds, hundredths = hms_parts(cs, 100)
    return f"{hours:d}:{minutes:02d}:{seconds:02d}.{hundredths:02d}"


def exact_seconds(us: int) -> str:
    """Microseconds as exact decimal seconds, without trailing zeros.

    >>> exact_seconds(0), exact_seconds(2_082_800), exact_seconds(5_000_000)
    ('0', '2.0828', '5')
    """
    whole, fraction = divmod(us, US_PER_SECOND)
    return f"{whole}.{fraction:06d}".rstrip("0").rstrip(".")


def fixed_seconds(us: int, digits: int) -> str:
    """Seconds with exactly ``digits`` decimals, the rest cut off (not rounded).

    >>> fixed_seconds(2_082_800, 6), fixed_seconds(2_089_999, 2)
    ('2.082800', '2.08')
    """
    whole, fraction = divmod(us, US_PER_SECOND)
    return f"{whole}.{fraction // 10 ** (6 - digits):0{digits}d}"


def message_seconds(us: int) -> str:
    """A time or duration in a message, in seconds to the millisecond.

    >>> message_seconds(1_234_567)
    '1.235 s'
    """
    return f"{us / US_PER_SECOND:.3f} s"


def message_duration(us: int) -> str:
    """A duration in a lint message, as exact as the model.

    >>> message_duration(833_000), message_duration(7_000_000), message_duration(832_600)
    ('0.833 s', '7 s', '0.8326 s')
    """
    return exact_seconds(us) + " s"


def message_clock(us: int) -> str:
    """A moment in a lint message, as WebVTT writes it.

    >>> message_clock(5_200_000)
    '00:00:05.200'
    """
    return vtt_time(us_to_ms(us))


def elapsed(seconds: float) -> str:
    """Wall-clock seconds (time left in a batch) as ``M:SS`` or ``H:MM:SS``.

    >>> elapsed(5), elapsed(754.4), elapsed(3725)
    ('0:05', '12:34', '1:02:05')
    """
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
