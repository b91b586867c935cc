"""``subsync review``: one self-contained HTML review page per input, every language on it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from subsync.cli.config import ConfiguredCommand
from subsync.cli.convert import jobs_option, run_conversion
from subsync.cli.help import CONVERSION_SECTIONS, examples
from subsync.cli.options import flag, negatable_conversion_options


@click.command(
    "review",
    cls=ConfiguredCommand,
    sections=CONVERSION_SECTIONS,
    epilog=examples(
        "subsync review dub.json -o review                  # review/dub.review.html",
        "subsync review dub.json --media dub.mp4 -o review  # with a player",
        "subsync review in/ --preset netflix --fps 23.976 -o review",
        "subsync review clip.json -o - > clip.html",
    ),
)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output-dir",
    default=".",
    show_default=True,
    metavar="DIR",
    help="Folder for the pages (<input name>.review.html), or - for standard output.",
)
@click.option(
    "--media",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    metavar="FILE",
    help="Audio or video to play on the page, with a subtitle track per language; the page "
    "refers to it by its path relative to DIR (it is not copied in).",
)
@jobs_option
@flag("force", "Rebuild every page, even those the manifest says are up to date.", negatable=True)
@negatable_conversion_options
def review_command(
    *,
    inputs: tuple[str, ...],
    output_dir: str,
    media: str | None,
    jobs: int | None,
    force: bool,
    **options: Any,
) -> None:
    """Write a review page for each input: a timeline with a lane per speaker and language
    (each dub under its source), cues with their words, every problem `subsync lint` finds
    under the preset marked on its cue and listed, and with --media a player whose playhead
    follows the cues. The page needs no network: open it from a file."""
    relative = None
    if media is not None:
        if any(Path(item).is_dir() for item in inputs):
            raise click.UsageError(
                "--media plays one file for every page: name the inputs as files, not folders"
            )
        base = os.path.abspath("." if output_dir == "-" else output_dir)
        relative = Path(os.path.relpath(os.path.abspath(media), base)).as_posix()
    run_conversion(
        inputs=inputs,
        formats=("html",),
        output_dir=output_dir,
        jobs=jobs,
        force=force,
        verify=False,
        report=None,
        options=options,
        media=relative,
    )
