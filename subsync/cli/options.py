"""The command line's shared options (click decorators) and what they build: a Layout, a
Timeline and a conversion Request. Nothing here prints or exits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import click

from subsync.batch.convert import Request
from subsync.cli.forms import comma_list, offset_us, parse_fps
from subsync.errors import SubsyncError
from subsync.layout.presets import PRESETS, Layout
from subsync.sources import SOURCES, ParseOptions
from subsync.sources.base import AlignmentChoice, TimeUnit
from subsync.speakers import Names, name_pairs, names_file
from subsync.timeline import FRAME_RATES, Timeline, frame_rate, parse_timecode
from subsync.writers import WriteOptions
from subsync.writers.common import TRACK_LEVELS, TrackLevel

F = TypeVar("F", bound=Callable[..., Any])

#: How the layout's single rules show their default: the preset decides it.
FROM_PRESET = "  [default: from --preset]"
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def flag(name: str, help: str, *, negatable: bool, short: tuple[str, ...] = ()) -> Decorator:
    """A boolean flag; ``negatable`` adds ``--no-NAME`` (a config file may turn it on)."""
    declaration = f"--{name}/--no-{name}" if negatable else f"--{name}"
    return click.option(*short, declaration, is_flag=True, default=False, help=help)


def choice(name: str, choices: Iterable[str], help: str, dest: str | None = None) -> Decorator:
    """An option that takes one of ``choices``, the first being the default."""
    names = [name] if dest is None else [name, dest]
    listed = list(choices)
    return click.option(
        *names, type=click.Choice(listed), default=listed[0], show_default=True, help=help
    )


def _seconds_option(name: str, help: str) -> Decorator:
    return click.option(
        name, type=click.FloatRange(min=0), default=None, metavar="SECONDS", help=help
    )


def _min_gap(
    ctx: click.Context, param: click.Parameter, value: str | dict[str, object] | None
) -> dict[str, object] | None:
    """``--min-gap``'s callback: the Layout changes it stands for (parsed once, here)."""
    if value is None or isinstance(value, dict):
        return value
    return _gap_rule(value)


def _gap_rule(value: str) -> dict[str, object]:
    """``--min-gap`` as Layout changes: seconds (``0.083``) or frames (``2f``)."""
    text = value.strip().lower()
    try:
        if text.endswith("f"):
            frames = int(text[:-1])
            if frames < 0:
                raise ValueError
            return {"min_gap_frames": frames or None, "min_gap_us": 0}
        seconds = float(text)
        if not 0 <= seconds < 60:
            raise ValueError
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a gap: give seconds (0.083) or whole frames (2f)"
        ) from None
    return {"min_gap_us": round(seconds * 1_000_000), "min_gap_frames": None}


def _layout_options(*, for_lint: bool = False) -> list[Decorator]:
    """The layout's options; ``for_lint`` leaves out --split-gap, which no rule checks."""
    split_gap = (
        []
        if for_lint
        else [_seconds_option("--split-gap", "A silence this long starts a new cue." + FROM_PRESET)]
    )
    return [
        choice(
            "--preset",
            PRESETS,
            "Layout and timing rules: "
            + "; ".join(f"{p.name}: {p.description}" for p in PRESETS.values())
            + ". The options below override single rules.",
        ),
        click.option(
            "--max-line-width",
            type=click.IntRange(min=8),
            default=None,
            help="Characters per line (CJK characters count 2)." + FROM_PRESET,
        ),
        click.option(
            "--max-lines",
            type=click.IntRange(min=1),
            default=None,
            help="Lines per cue." + FROM_PRESET,
        ),
        click.option(
            "--max-cps",
            type=click.FloatRange(min=0, min_open=True),
            default=None,
            help="Characters per second (reading speed)." + FROM_PRESET,
        ),
        _seconds_option("--min-duration", "Shortest time a cue shows." + FROM_PRESET),
        _seconds_option("--max-duration", "Longest time a cue shows." + FROM_PRESET),
        click.option(
            "--min-gap",
            default=None,
            metavar="SECONDS|Nf",
            callback=_min_gap,
            help="Smallest gap between cues, in seconds or frames (2f; needs --fps)." + FROM_PRESET,
        ),
        *split_gap,
        click.option(
            "--fps",
            default=None,
            metavar="RATE",
            callback=parse_fps,
            help=f"Frame rate: cue edges snap to frames ({', '.join(FRAME_RATES)}; 23.98 is "
            "23.976; 29.97 and 59.94 count timecodes drop-frame, the ndf names do not).  "
            "[default: none: times stay in milliseconds]",
        ),
    ]


def layout_options(command: F) -> F:
    """The options that choose the Layout lint checks against (and the frame rate)."""
    for option in reversed(_layout_options(for_lint=True)):
        command = cast(F, option(command))
    return command


def _conversion_options(*, negatable: bool) -> list[Decorator]:
    return [
        click.option(
            "--lang",
            default=None,
            help="Comma list of language codes to convert.  [default: every language]",
        ),
        click.option(
            "--source",
            type=click.Choice(list(SOURCES)),
            default=None,
            help="Read every input as this kind instead of detecting it.  [default: detected]",
        ),
        flag(
            "strict",
            "Refuse SRT and WebVTT inputs at their first flaw instead of reading them as "
            "players do (with a warning for what is dropped or ignored).",
            negatable=negatable,
        ),
        click.option(
            "--input-encoding",
            default=None,
            metavar="NAME",
            help="Encoding of SRT and WebVTT inputs that are not UTF-8 (cp1252, shift_jis...).  "
            "[default: UTF-8, or the byte-order mark's]",
        ),
        flag("speaker-labels", "Prefix SRT cues with 'Speaker: '.", negatable=negatable),
        click.option(
            "--speaker-names",
            metavar="FILE",
            default=None,
            help='JSON or TOML mapping speaker ids to names ({speaker_0 = "Holmes"}).',
        ),
        click.option(
            "--speaker-name",
            "speaker_name",
            metavar="ID=NAME",
            multiple=True,
            help="Name one speaker (repeatable): --speaker-name speaker_0=Holmes.",
        ),
        flag(
            "karaoke",
            "Write SRT and WebVTT as one cue per word, the spoken word underlined.",
            negatable=negatable,
        ),
        choice(
            "--label-level",
            TRACK_LEVELS,
            "What --to labels labels: words, graphemes or phonemes.",
        ),
        choice(
            "--time-unit",
            ["auto", "s", "ms"],
            "Unit of Resemble times; auto refuses times that look like milliseconds.",
        ),
        flag(
            "relayout",
            "Rebuild ElevenLabs subtitle frames from the segment text under the layout "
            "(by default they are kept as edited).",
            negatable=negatable,
        ),
        choice(
            "--alignment",
            ["original", "normalized"],
            "ElevenLabs text to speech: the alignment of the text as sent, or as "
            "normalized for speech (numbers spelled out, CJK romanized).",
        ),
        flag(
            "keep-tags",
            "Keep audio tags ([excited]) and SSML markup of ElevenLabs alignments in the "
            "subtitles (by default they are left out, with a warning).",
            negatable=negatable,
        ),
        choice(
            "--audio-events",
            ["keep", "drop"],
            "ElevenLabs speech to text: audio events ((laughter)) as cues of their own, "
            "or left out.",
        ),
        *_layout_options(),
        click.option(
            "--start-tc",
            default=None,
            metavar="HH:MM:SS:FF",
            help="Timecode the video timeline starts at (needs --fps), e.g. 01:00:00:00.  "
            "[default: 00:00:00:00]",
        ),
        click.option(
            "--offset",
            default="0",
            metavar="TIME",
            help="Move every time by seconds (-1.5), a duration (1m30s, -500ms), a time "
            "(00:01:30.000) or frames (12f, with --fps); negative moves earlier.",
        ),
        flag(
            "lint",
            "Check what is written against the layout's rules; exit 1 on a broken hard rule.",
            negatable=negatable,
        ),
        flag("quiet", "Print no warnings and no progress bar.", negatable=negatable, short=("-q",)),
        flag(
            "verbose",
            "Print each warning as it comes, even under a progress bar (which otherwise "
            "groups them by kind at the end).",
            negatable=negatable,
            short=("-v",),
        ),
    ]


def conversion_options(command: F, *, negatable: bool = False) -> F:
    """The options that shape a conversion, shared by ``convert`` and ``fetch``."""
    for option in reversed(_conversion_options(negatable=negatable)):
        command = cast(F, option(command))
    return command


def negatable_conversion_options(command: F) -> F:
    """``conversion_options`` with ``--no-NAME`` for each flag."""
    return conversion_options(command, negatable=True)


_SECONDS_RULES = {
    "min_duration": "min_duration_us",
    "max_duration": "max_duration_us",
    "split_gap": "split_gap_us",
}


def build_layout(options: dict[str, Any]) -> Layout:
    """The preset, with the rules given one by one on the command line changed."""
    layout = PRESETS[options["preset"]]
    changes: dict[str, object] = {
        name: options[name]
        for name in ("max_line_width", "max_lines")
        if options.get(name) is not None
    }
    if options.get("max_cps") is not None:
        changes["max_cps"] = options["max_cps"]
    for name, field in _SECONDS_RULES.items():
        if options.get(name) is not None:
            changes[field] = round(options[name] * 1_000_000)
    if options.get("min_gap") is not None:
        changes.update(options["min_gap"])
    if not changes:
        return layout
    layout = layout.with_changes(**changes)
    if layout.max_duration_us is not None and layout.min_duration_us > layout.max_duration_us:
        raise click.UsageError(
            f"--min-duration ({layout.min_duration_us / 1e6:g} s) is longer than "
            f"--max-duration ({layout.max_duration_us / 1e6:g} s)"
        )
    if layout.min_gap_frames and not options.get("fps") and options.get("min_gap"):
        raise click.UsageError("--min-gap in frames needs --fps")
    return layout


def build_timeline(options: dict[str, Any]) -> Timeline:
    """Where the cues go: ``--offset``, ``--start-tc`` and ``--fps``; bad values are usage
    errors."""
    fps, start_tc = options.get("fps"), options.get("start_tc")
    if start_tc is not None:
        if fps is None:
            raise click.UsageError("--start-tc needs --fps (a timecode counts frames)")
        try:
            parse_timecode(start_tc, frame_rate(fps))
        except SubsyncError as error:
            raise click.BadParameter(error.message, param_hint="'--start-tc'") from None
    offset = offset_us(options.get("offset") or 0, fps)
    return Timeline(fps=fps, start_tc=start_tc, offset_us=offset)


def build_speaker_names(options: dict[str, Any]) -> Names:
    """``--speaker-names FILE`` then each ``--speaker-name ID=NAME`` (the later wins)."""
    try:
        from_file = names_file(options["speaker_names"]) if options.get("speaker_names") else ()
        given = name_pairs(options.get("speaker_name") or ())
    except SubsyncError as error:
        raise click.BadParameter(error.message) from None
    return tuple(dict((*from_file, *given)).items())


def build_request(formats: tuple[str, ...], options: dict[str, Any]) -> Request:
    """A conversion Request from the command line's options."""
    parse = ParseOptions(
        time_unit=cast(TimeUnit, options["time_unit"]),
        layout=build_layout(options),
        relayout=bool(options.get("relayout")),
        alignment=cast(AlignmentChoice, options["alignment"]),
        keep_tags=bool(options.get("keep_tags")),
        audio_events=options["audio_events"] == "keep",
        strict=bool(options.get("strict")),
        input_encoding=options.get("input_encoding"),
        speaker_names=build_speaker_names(options),
        speaker_labels=bool(options.get("speaker_labels")) and "srt" in formats,
    )
    return Request(
        formats=formats,
        languages=comma_list(options["lang"]),
        source=options["source"],
        parse=parse,
        write=WriteOptions(
            speaker_labels=options["speaker_labels"],
            frame_rate=options.get("fps"),
            label_level=cast(TrackLevel, options.get("label_level") or "word"),
            karaoke=bool(options.get("karaoke")),
        ),
        timeline=build_timeline(options),
    )
