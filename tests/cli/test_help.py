"""--help people can read: examples at the end of every command's help, convert's options in
sections, defaults shown, every input kind named, fetch's options in convert's order and
style, and rich-click loaded for --help only."""

from __future__ import annotations

import shlex
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from subsync.cli import main

COMMANDS = [
    ["convert"],
    ["lint"],
    ["review"],
    ["fetch"],
    ["fetch", "elevenlabs"],
    ["fetch", "resemble"],
    [],
]


def help_of(path: list[str]) -> str:
    result = CliRunner().invoke(main, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.stdout


def examples(text: str) -> list[str]:
    tail = text.rstrip().split("Examples:")[-1]
    return [line.strip() for line in tail.strip().splitlines()]


def command_of(path: list[str]) -> click.Command:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None
        command = found
    return command


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "subsync")
def test_every_help_ends_with_examples_that_parse(path: list[str]) -> None:
    lines = examples(help_of(path))
    assert 3 <= len(lines) <= 6, lines
    for line in lines:
        # The subsync part of a pipe, without a comment or a redirection.
        words = shlex.split(line.split("|")[-1].split(" #")[0].split(" > ")[0])
        assert words[0] == "subsync"
        command: click.Command = main
        rest = words[1:]
        while isinstance(command, click.Group):
            found = command.get_command(click.Context(command), rest[0])
            assert found is not None, line
            command, rest = found, rest[1:]
        # Parsed as the command would: every option it gives is one it takes.
        command.make_parser(click.Context(command)).parse_args(rest)


def test_convert_help_is_in_sections_with_defaults() -> None:
    text = help_of(["convert"])
    heads = [h for h in ("Input", "Layout", "Timeline", "Output", "Batch") if f"─ {h} " in text]
    assert heads == ["Input", "Layout", "Timeline", "Output", "Batch"]
    assert text.index("─ Input ") < text.index("--lang") < text.index("─ Layout ")
    assert text.index("─ Batch ") < text.index("--check") < text.index("Examples:")
    flat = " ".join(text.replace("│", " ").split())
    for shown in (
        "Lines per cue. [default: from --preset]",
        "[default: one per core]",
        "[default: srt]",
        "[default: every language]",
        "[default: 0]",
    ):
        assert shown in flat, shown


def test_lint_help_shows_defaults_plainly() -> None:
    flat = " ".join(help_of(["lint"]).split())
    assert "[default: text]" in flat and "[default: from --preset]" in flat


def test_the_main_help_names_every_input_kind_in_one_line() -> None:
    (line,) = [line for line in help_of([]).splitlines() if line.strip().startswith("Reads:")]
    for kind in ("ElevenLabs", "Resemble", "subsync JSON", "SRT", "WebVTT", "speech to text"):
        assert kind in line


def test_fetch_options_match_convert_in_names_order_and_style() -> None:
    convert, fetch = command_of(["convert"]), command_of(["fetch", "elevenlabs"])
    convert_opts = [(p.name, p.opts, p.secondary_opts) for p in convert.params]
    fetch_opts = [(p.name, p.opts, p.secondary_opts) for p in fetch.params]
    shared = [o for o in convert_opts if o[0] in {f[0] for f in fetch_opts}]
    assert [o for o in fetch_opts if o in shared] == shared
    assert {"formats", "output_dir", "jobs", "quiet", "lint", "strict"} <= {o[0] for o in shared}


def test_rich_click_is_loaded_for_help_only() -> None:
    probe = (
        "import sys\n"
        "from subsync.cli import main\n"
        "for args in {args!r}:\n"
        "    try:\n"
        "        main(args, prog_name='subsync')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('rich_click' in sys.modules, file=sys.stderr)\n"
    )
    for args, loaded in (
        ([["--version"], ["convert", "--to", "nope", "x"]], "False"),
        ([["convert", "--help"]], "True"),
    ):
        run = subprocess.run(
            [sys.executable, "-c", probe.format(args=args)], capture_output=True, text=True
        )
        assert run.stderr.strip().splitlines()[-1] == loaded, run.stderr
