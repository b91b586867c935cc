"""The ``subsync`` command line (click): one module per command; the only package that prints
or exits."""

from __future__ import annotations

import click

from subsync import __version__
from subsync.cli.convert import convert_command
from subsync.cli.fetch import fetch
from subsync.cli.lint import lint_command
from subsync.cli.review import review_command
from subsync.cli.stdout import guarded
from subsync.cli.terminal import shown

__all__ = ["main"]


class _Group(click.Group):
    """The main group: click prints usage errors itself, so their text (which may quote a
    file name or a value given) is escaped here, as every other message is."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            with guarded():
                return super().invoke(ctx)
        except click.UsageError as error:
            raise click.UsageError(shown(error.format_message()), error.ctx) from None
        except click.ClickException as error:
            # Every other ClickException of click's (FileError, say) exits 1 as this does.
            raise click.ClickException(shown(error.format_message())) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="subsync")
def main() -> None:
    """Subtitles from the timing data of ElevenLabs dubbing and Resemble AI clips."""


main.add_command(convert_command)
main.add_command(fetch)
main.add_command(lint_command)
main.add_command(review_command)
