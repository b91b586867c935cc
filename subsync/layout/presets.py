"""Layout rules as data: the Layout type and the named presets (``--preset``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from subsync.frozen import Frozen


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Layout(Frozen):
    """The rules cues are built and checked under. Times are microseconds; None means the
    rule is off. ``chain_gap_us``: gaps shorter than this are closed to the minimum gap;
    ``split_gap_us``: a pause this long starts a new cue; ``min_gap_frames``, when a frame
    rate is known, replaces ``min_gap_us``; ``max_lead_us``: how far a cue too fast to read
    may start before its speech, taking the silence before it."""

    name: str = "custom"
    max_line_width: int = 42
    max_lines: int = 2
    max_cue_chars: int | None = None
    max_cps: float | None = None
    max_wpm: float | None = None
    min_duration_us: int = 0
    max_duration_us: int | None = None
    min_gap_us: int = 0
    min_gap_frames: int | None = None
    chain_gap_us: int = 0
    split_gap_us: int = 500_000
    max_lead_us: int = 0
    description: str = field(default="", compare=False)
    #: Columns a ``Name: `` speaker label takes on each cue's first line (SRT labels).
    label_width: int = 0
    #: The rules the user set, which per-language defaults (CJK) never replace.
    explicit: tuple[str, ...] = field(default=(), compare=False)

    def __init__(  # as @dataclass writes it (see subsync/frozen.py)
        self,
        name: str = "custom",
        max_line_width: int = 42,
        max_lines: int = 2,
        max_cue_chars: int | None = None,
        max_cps: float | None = None,
        max_wpm: float | None = None,
        min_duration_us: int = 0,
        max_duration_us: int | None = None,
        min_gap_us: int = 0,
        min_gap_frames: int | None = None,
        chain_gap_us: int = 0,
        split_gap_us: int = 500_000,
        max_lead_us: int = 0,
        description: str = "",
        label_width: int = 0,
        explicit: tuple[str, ...] = (),
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "name", name)
        set_field(self, "max_line_width", max_line_width)
        set_field(self, "max_lines", max_lines)
        set_field(self, "max_cue_chars", max_cue_chars)
        set_field(self, "max_cps", max_cps)
        set_field(self, "max_wpm", max_wpm)
        set_field(self, "min_duration_us", min_duration_us)
        set_field(self, "max_duration_us", max_duration_us)
        set_field(self, "min_gap_us", min_gap_us)
        set_field(self, "min_gap_frames", min_gap_frames)
        set_field(self, "chain_gap_us", chain_gap_us)
        set_field(self, "split_gap_us", split_gap_us)
        set_field(self, "max_lead_us", max_lead_us)
        set_field(self, "description", description)
        set_field(self, "label_width", label_width)
        set_field(self, "explicit", explicit)

    def with_changes(self, **changes: object) -> Layout:
        """A copy with some rules changed (named ``custom`` unless a name is given)."""
        explicit = tuple(sorted({*self.explicit, *changes} - {"name", "description"}))
        return replace(self, **{"name": "custom", **changes, "explicit": explicit})  # type: ignore[arg-type]


#: Every preset by name. Numbers from Netflix's Timed Text Style Guides, the BBC Subtitle
#: Guidelines and ElevenLabs' own speech-to-text SRT export defaults.
PRESETS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            name="default",
            max_cps=20.0,
            min_duration_us=833_000,
            max_duration_us=7_000_000,
            min_gap_us=83_000,
            description="42 x 2, 20 characters/s, 5/6 s to 7 s, 83 ms gaps; no chaining",
        ),
        Layout(
            name="netflix",
            max_cps=20.0,
            min_duration_us=833_000,
            max_duration_us=7_000_000,
            min_gap_us=83_000,
            min_gap_frames=2,
            chain_gap_us=500_000,
            description="Netflix English: 42 x 2, 20 characters/s, 5/6 s to 7 s, "
            "2-frame gaps, gaps under 1/2 s closed",
        ),
        Layout(
            name="bbc",
            max_line_width=37,
            max_wpm=180.0,
            min_duration_us=1_000_000,
            max_duration_us=7_000_000,
            min_gap_us=80_000,
            min_gap_frames=2,
            chain_gap_us=1_000_000,
            max_lead_us=1_500_000,
            description="BBC: 37 x 2, 180 words/min, 1 s to 7 s, pauses under 1 s closed, "
            "up to 1.5 s early for reading speed",
        ),
        Layout(
            name="elevenlabs",
            max_cue_chars=84,
            max_duration_us=4_000_000,
            split_gap_us=800_000,
            description="ElevenLabs' SRT export: 42 per line, 84 per cue, 4 s per cue, "
            "split at silences over 0.8 s",
        ),
    )
}

DEFAULT_LAYOUT = PRESETS["default"]
