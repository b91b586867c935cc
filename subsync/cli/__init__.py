"""The ``subsync`` command line (click): one module per command; the only package that prints
or exits."""

from __future__ import annotations

import click

from subsync import __version__
from subsync.cli.convert import convert_command
from subsync.cli.fetch import fetch
from subsync.cli.lint import lint_command
from subsync.cli.review import review_command

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="subsync")
def main() -> None:
    """Subtitles from the timing data of ElevenLabs dubbing and Resemble AI clips."""


main.add_command(convert_command)
main.add_command(fetch)
main.add_command(lint_command)
main.add_command(review_command)
