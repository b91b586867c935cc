"""The ``subsync`` command line (click): one module per command; the only package that prints
or exits."""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

import click

from subsync import __version__
from subsync.cli.stdout import guarded
from subsync.cli.terminal import shown

__all__ = ["main"]

# Each command's module loads only when that command runs (or help lists it), so
# `subsync --version` and each command import only what they use.
_COMMANDS = {
    "convert": "subsync.cli.convert:convert_command",
    "fetch": "subsync.cli.fetch:fetch",
    "lint": "subsync.cli.lint:lint_command",
    "review": "subsync.cli.review:review_command",
}


class _Commands(click.Group):
    """The main group: its commands are imported when first asked for; click prints usage
    errors itself, so their text (which may quote a file name or a value given) is escaped
    here, as every other message is."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, name = target.partition(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line. The cyclic garbage collector sleeps while the command's
        modules load (importing makes no garbage worth a collection: ~3% of a one-file
        run's instructions) and wakes when the command runs, with what loaded frozen out
        of its later collections."""
        self._collect = gc.isenabled()
        gc.disable()
        try:
            return super().main(*args, **kwargs)
        finally:
            if self._collect:
                gc.enable()

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        found = super().resolve_command(ctx, args)
        if getattr(self, "_collect", False) and not gc.isenabled():
            gc.freeze()
            gc.enable()
        return found

    def invoke(self, ctx: click.Context) -> object:
        try:
            with guarded():
                return super().invoke(ctx)
        except click.UsageError as error:
            raise click.UsageError(shown(error.format_message()), error.ctx) from None
        except click.ClickException as error:
            # Every other ClickException of click's (FileError, say) exits 1 as this does.
            raise click.ClickException(shown(error.format_message())) from None
        except Exception as error:
            from subsync.errors import SubsyncError  # loaded already by whatever raised one

            if not isinstance(error, SubsyncError):
                raise
            # A failure of the run itself, not of one input (its temporary folder full, say):
            # one line, and what was done is on disk.
            click.echo(shown(f"subsync: error: {' '.join(str(error).split())}"), err=True)
            sys.exit(1)


MAIN_HELP = (
    "Subtitles you can ship from speech timing data.\n\n\b\n"
    "Reads: ElevenLabs dubbing resources and transcripts, text to speech and dialogue with "
    "timestamps (and their streams), history items, forced alignments, speech to text; "
    "Resemble AI clips; subsync JSON; SRT; WebVTT.\n"
    "Writes: SRT, WebVTT (word-timed too), JSON, ASS karaoke, TTML/IMSC, Apple iTT, Praat "
    "TextGrid, Audacity labels, mouth cues, a review page."
)


@click.group(
    cls=_Commands,
    help=MAIN_HELP,
    context_settings={"help_option_names": ["-h", "--help"], "show_default": True},
    epilog="""\b
Examples:
  subsync convert dub.json --to srt,vtt -o captions
  subsync convert 'in/**/*.json' --preset netflix --fps 23.976 -o out --check --lint
  subsync lint captions/ --format github
  subsync fetch elevenlabs DUBBING_ID --to srt,vtt -o captions
  subsync review dub.json --media dub.mp4 -o review""",
)
@click.version_option(__version__, prog_name="subsync")
def main() -> None:
    """The subsync command group (click shows MAIN_HELP)."""
