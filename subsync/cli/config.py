"""Options from a config file: ``subsync.toml`` (top-level keys) or the ``[tool.subsync]`` table
of ``pyproject.toml``, in the current folder or the nearest parent that has one."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import click

from subsync.errors import SubsyncError

#: The files looked for in each folder, the first found winning.
CONFIG_NAMES = ("subsync.toml", "pyproject.toml")


class ConfigError(SubsyncError):
    """A config file that cannot be read, or that holds a key or value subsync does not take:
    ``input`` is the file, ``where`` the key."""


@dataclass(frozen=True, slots=True)
class Config:
    """The options of one config file, keys as written there; ``table`` is where they are
    (``tool.subsync`` in pyproject.toml, ``""`` for the top level)."""

    path: Path
    table: str
    values: Mapping[str, object]

    def where(self, key: str) -> str:
        """How a key is named in messages: with its table, as TOML would write it."""
        return f"{self.table}.{key}" if self.table else key


def find_config(start: Path) -> Config | None:
    """The config that applies in ``start``: the first folder from it upwards with a
    ``subsync.toml``, or a ``pyproject.toml`` that has a ``[tool.subsync]`` table."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            path = folder / name
            if not path.is_file():
                continue
            document = _read_toml(path)
            if name == "subsync.toml":
                return Config(path, "", document)
            table = document.get("tool", {}).get("subsync")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError("expected a table", input=str(path), where="tool.subsync")
                return Config(path, "tool.subsync", table)
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    # tomllib is the standard library's from Python 3.11 on; tomli is the same code before.
    toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    try:
        return cast(dict[str, Any], toml.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, toml.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read it as TOML: {exc}", input=str(path)) from None


def option_values(config: Config, options: Mapping[str, str]) -> dict[str, object]:
    """The config's values by parameter name. ``options`` maps each option name (``to``,
    ``max-line-width``) to its parameter; keys may use ``-`` or ``_``; a list of strings
    becomes a comma list, as ``--to srt,vtt`` takes it.

    >>> config = Config(Path("subsync.toml"), "", {"to": ["srt", "vtt"], "max_lines": 1})
    >>> option_values(config, {"to": "formats", "max-lines": "max_lines"})
    {'formats': 'srt,vtt', 'max_lines': 1}
    """
    values: dict[str, object] = {}
    for key, value in config.values.items():
        param = options.get(key.replace("_", "-"))
        if param is None:
            known = ", ".join(sorted(options))
            raise _error(config, key, f"unknown key; the keys are the options: {known}")
        if param in values:
            raise _error(config, key, "given twice (with '-' and with '_')")
        values[param] = _value(config, key, value)
    return values


def _value(config: Config, key: str, value: object) -> object:
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise _error(config, key, "expected a list of strings")
        return ",".join(value)
    if not isinstance(value, str | int | float | bool):
        raise _error(config, key, "expected a string, a number, true or false, or a list")
    return value


def _error(config: Config, key: str, message: str) -> ConfigError:
    return ConfigError(message, input=str(config.path), where=config.where(key))


class ConfiguredCommand(click.Command):
    """A command whose option defaults come from the nearest ``subsync.toml`` or
    ``[tool.subsync]`` of ``pyproject.toml``; the command line overrides them."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        config = _config()
        if config is not None:
            defaults = _config_defaults(self, config)
            _check_defaults(ctx, self, config, defaults)
            ctx.default_map = {**defaults, **(ctx.default_map or {})}
        return super().parse_args(ctx, args)


def _check_defaults(
    ctx: click.Context, command: click.Command, config: Config, defaults: dict[str, object]
) -> None:
    """Check each value as if it were given on the command line, so that a bad one is
    reported with its file even when the command line overrides it."""
    for param in command.params:
        if param.name in defaults:
            try:
                param.process_value(ctx, defaults[param.name])
            except click.BadParameter as error:
                error.param = param
                raise click.UsageError(f"{config.path}: {error.format_message()}") from None


def _config() -> Config | None:
    try:
        return find_config(Path.cwd())
    except ConfigError as error:
        raise click.UsageError(str(error)) from None


def _config_defaults(command: click.Command, config: Config) -> dict[str, object]:
    names = {
        opt[2:]: param.name
        for param in command.params
        if isinstance(param, click.Option) and param.name and param.name != "help"
        for opt in param.opts
        if opt.startswith("--")
    }
    try:
        values = option_values(config, names)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    # Paths in a config file are relative to its folder, wherever subsync runs from.
    for name in ("output_dir", "report"):
        value = values.get(name)
        if isinstance(value, str) and value != "-":
            values[name] = os.path.relpath(config.path.parent / value)
    return values
