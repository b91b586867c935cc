"""The ``subsync`` command line (click): one module per command; the only package that prints
or exits."""

from __future__ import annotations

import importlib

import click

from subsync import __version__

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
    """A group whose commands are imported when first asked for."""

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


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="subsync")
def main() -> None:
    """Subtitles from the timing data of ElevenLabs dubbing and Resemble AI clips."""
