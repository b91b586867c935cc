"""``--help`` in sections (input, layout, timeline, output, batch), drawn by rich-click, which
is imported only when help is asked for: it costs start-up (rich) that no conversion needs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import click

#: The sections of the conversion commands' options, in order; options in none of them
#: (--help, a command's own) come last, under "Options".
CONVERSION_SECTIONS: Mapping[str, Sequence[str]] = {
    "Input": (
        "--lang",
        "--max-input-size",
        "--source",
        "--strict",
        "--input-encoding",
        "--include",
        "--time-unit",
        "--alignment",
        "--keep-tags",
        "--audio-events",
        "--relayout",
        "--speaker-names",
        "--speaker-name",
    ),
    "Layout": (
        "--preset",
        "--max-line-width",
        "--max-lines",
        "--max-cps",
        "--min-duration",
        "--max-duration",
        "--min-gap",
        "--split-gap",
    ),
    "Timeline": ("--fps", "--start-tc", "--offset"),
    "Output": ("--to", "--output-dir", "--speaker-labels", "--karaoke", "--label-level"),
    "Batch": (
        "--jobs",
        "--cluster",
        "--force",
        "--check",
        "--prune",
        "--lint",
        "--report",
        "--quiet",
        "--verbose",
    ),
}


def examples(*lines: str) -> str:
    """An epilog of examples, each line kept as written (click rewraps paragraphs)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def sectioned_help(
    command: click.Command, ctx: click.Context, sections: Mapping[str, Sequence[str]]
) -> str:
    """The command's help with its options in ``sections``, drawn by rich-click without
    colour, as wide as the terminal allows (at most 100 columns)."""
    import rich_click

    present = {opt for param in command.params for opt in getattr(param, "opts", ())}
    groups: list[Any] = [
        {"name": name, "options": [o for o in options if o in present]}
        for name, options in sections.items()
    ]
    config = rich_click.RichHelpConfiguration(
        option_groups={ctx.command_path: groups},
        max_width=100,
        color_system=None,
        text_markup=None,
        options_table_column_types=["opt_long", "opt_short", "help"],
        options_table_help_sections=["help", "envvar", "default", "metavar"],
    )
    # The examples are added as written: rich-click would rewrap them.
    rich = rich_click.RichCommand(
        name=command.name, params=command.params, help=command.help, short_help=command.short_help
    )
    context = rich_click.RichContext(
        rich, info_name=ctx.info_name, parent=ctx.parent, rich_help_config=config
    )
    context.show_default = ctx.show_default
    drawn = "\n".join(line.rstrip() for line in rich.get_help(context).splitlines()).rstrip()
    epilog = (command.epilog or "").replace("\b\n", "")
    return f"{drawn}\n\n{epilog}\n" if epilog else drawn + "\n"
