"""Options from a config file: ``subsync.toml`` or the ``[tool.subsync]`` table of
``pyproject.toml``, from the current folder up to the repository's root; shared keys and a
table per command."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import click

from subsync.errors import SubsyncError
from subsync.frozen import NamedTuple

#: The files looked for in each folder, the first found winning.
CONFIG_NAMES = ("subsync.toml", "pyproject.toml")

#: Keys a config file may never set: a cloned repository must not choose where the user's
#: key goes, nor which key is sent.
NEVER_FROM_CONFIG = ("base-url", "api-key", "api-key-file")

#: The tables of commands: ``[tool.subsync.lint]`` holds keys for ``subsync lint`` only.
COMMANDS = ("convert", "fetch", "lint", "review")

#: Options whose value is a path: relative to the config's folder, and kept inside its root.
PATH_KEYS = ("output_dir", "report")


class ConfigError(SubsyncError):
    """A config file that cannot be read, or that holds a key or value subsync does not take:
    ``input`` is the file, ``where`` the key."""


class Config(NamedTuple):
    """The options of one config file, keys as written there; ``table`` is where they are
    (``tool.subsync`` in pyproject.toml, ``""`` for the top level)."""

    path: Path
    table: str
    values: Mapping[str, object]

    def where(self, key: str) -> str:
        """How a key is named in messages: with its table, as TOML would write it."""
        return f"{self.table}.{key}" if self.table else key


def search_folders(start: Path, home: Path | None = None) -> list[Path]:
    """The folders a config is looked for in: ``start`` and its parents up to the nearest
    one holding ``.git`` (the repository's root) or the user's home, and no further, so that
    a file above the project cannot set its options."""
    home = Path.home() if home is None else home
    folders = []
    for folder in (start, *start.parents):
        folders.append(folder)
        if (folder / ".git").exists() or folder == home:
            break
    return folders


def find_config(start: Path, home: Path | None = None) -> Config | None:
    """The config that applies in ``start``: the first of its ``search_folders`` with a
    ``subsync.toml``, or a ``pyproject.toml`` that has a ``[tool.subsync]`` table."""
    for folder in search_folders(start, home):
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


def option_values(
    config: Config, options: Mapping[str, str], *, command: str, known: Callable[[], set[str]]
) -> dict[str, object]:
    """The config's values for ``command`` by parameter name: its shared keys that the
    command takes, then its ``[command]`` table's (which win). ``options`` maps each option
    name of the command (``to``, ``max-line-width``) to its parameter; ``known()`` is every
    option name of every command: a shared key another command takes is passed over, one no
    command takes is an error naming the nearest. Keys may use ``-`` or ``_``; a list of
    strings comes as a tuple (``click_default`` makes it the option's form).

    >>> config = Config(Path("subsync.toml"), "", {"to": ["srt", "vtt"], "max_lines": 1,
    ...                 "lint": {"max-lines": 2}})
    >>> every = lambda: {"to", "max-lines", "format"}
    >>> option_values(config, {"to": "formats", "max-lines": "max_lines"}, command="convert",
    ...               known=every)
    {'formats': ('srt', 'vtt'), 'max_lines': 1}
    >>> option_values(config, {"max-lines": "max_lines"}, command="lint", known=every)
    {'max_lines': 2}
    """
    shared = {k: v for k, v in config.values.items() if not isinstance(v, dict)}
    tables = {k: v for k, v in config.values.items() if isinstance(v, dict)}
    for name in tables:
        if name not in COMMANDS:
            raise _error(config, name, f"unknown table; the tables are {', '.join(COMMANDS)}")
    values = _taken(config, shared, options, known, table="")
    own = tables.get(command, {})
    values.update(_taken(config, own, options, known, table=command))
    return values


def _taken(
    config: Config,
    keys: Mapping[str, object],
    options: Mapping[str, str],
    known: Callable[[], set[str]],
    *,
    table: str,
) -> dict[str, object]:
    """The values of one table the command takes; ``table`` is "" for the shared keys."""
    values: dict[str, object] = {}
    for key, value in keys.items():
        name = key.replace("_", "-")
        where = f"{table}.{key}" if table else key
        if name in NEVER_FROM_CONFIG:
            raise _error(
                config,
                where,
                f"never taken from a config file (a repository must not choose where your key "
                f"goes); give --{name} on the command line",
            )
        param = options.get(name)
        if param is None:
            every = known()
            if name in every and not table:
                continue  # another command's option: shared keys serve every command
            raise _error(config, where, _unknown(name, every, options, command=table))
        if param in values:
            raise _error(config, where, "given twice (with '-' and with '_')")
        values[param] = _value(config, where, value)
    return values


def _unknown(name: str, every: set[str], options: Mapping[str, str], *, command: str) -> str:
    if command and name in every:
        return f"{command} does not take --{name}; its keys are its options"
    import difflib  # only for a key no command takes

    nearest = difflib.get_close_matches(name, sorted(options if command else every), n=1)
    hint = f"; did you mean {nearest[0]}?" if nearest else ""
    return f"unknown key{hint} (the keys are the commands' long options)"


def _value(config: Config, key: str, value: object) -> object:
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise _error(config, key, "expected a list of strings")
        return tuple(value)
    if not isinstance(value, str | int | float | bool):
        raise _error(config, key, "expected a string, a number, true or false, or a list")
    return value


def _error(config: Config, key: str, message: str) -> ConfigError:
    return ConfigError(message, input=str(config.path), where=config.where(key))


class ConfiguredCommand(click.Command):
    """A command whose option defaults come from the nearest ``subsync.toml`` or
    ``[tool.subsync]`` of ``pyproject.toml``: the shared keys it takes and its own table
    (``config_table``, the command's name by default); the command line overrides them."""

    def __init__(
        self,
        *args: Any,
        config_table: str | None = None,
        sections: Mapping[str, Sequence[str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.config_table = config_table or self.name or ""
        self.sections = sections

    def get_help(self, ctx: click.Context) -> str:
        """The help, its options in sections when the command has them."""
        if self.sections is None:
            return super().get_help(ctx)
        from subsync.cli.help import sectioned_help

        return sectioned_help(self, ctx, self.sections)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        config = _config()
        if config is not None:
            defaults = _config_defaults(ctx, self, config)
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


def long_options(command: click.Command) -> dict[str, str]:
    """A command's long option names (without ``--``) and the parameter each sets."""
    return {
        opt[2:]: param.name
        for param in command.params
        if isinstance(param, click.Option) and param.name and param.name != "help"
        for opt in param.opts
        if opt.startswith("--")
    }


def every_option(ctx: click.Context) -> set[str]:
    """The long option names of every command under the root group (commands are loaded
    only when a config file holds a key the running command does not take)."""
    names: set[str] = set()
    pending: list[tuple[click.Context, click.Command]] = [(ctx, ctx.find_root().command)]
    while pending:
        context, command = pending.pop()
        names.update(long_options(command))
        if isinstance(command, click.Group):
            for name in command.list_commands(context):
                sub = command.get_command(context, name)
                if sub is not None:
                    pending.append((context, sub))
    return names


def _config_defaults(
    ctx: click.Context, command: ConfiguredCommand, config: Config
) -> dict[str, object]:
    try:
        values = option_values(
            config,
            long_options(command),
            command=command.config_table,
            known=lambda: every_option(ctx),
        )
        multiple = {p.name for p in command.params if getattr(p, "multiple", False)}
        values = {k: click_default(v, multiple=k in multiple) for k, v in values.items()}
        # Paths in a config file are relative to its folder, wherever subsync runs from.
        for name in PATH_KEYS:
            value = values.get(name)
            if isinstance(value, str) and value != "-":
                values[name] = os.path.relpath(inside_root(config, name, value))
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    return values


def click_default(value: object, *, multiple: bool) -> object:
    """A config value as the option takes it: a list for a repeatable option (``--to``,
    ``--include``), a comma list for the others (``lang = ["en", "es"]``).

    >>> click_default(("en", "es"), multiple=False), click_default("srt", multiple=True)
    ('en,es', ['srt'])
    """
    if multiple:
        return list(value) if isinstance(value, tuple) else [value]
    return ",".join(value) if isinstance(value, tuple) else value


def inside_root(config: Config, name: str, value: str) -> Path:
    """A path a config file gives, made from its folder; it must stay inside the project
    (the nearest folder holding ``.git``, else the config's own folder), so that a cloned
    repository cannot send outputs elsewhere."""
    folder = config.path.parent.resolve()
    root = next((f for f in (folder, *folder.parents) if (f / ".git").exists()), folder)
    path = (folder / value).resolve()
    if Path(value).is_absolute() or not path.is_relative_to(root):
        key = name.replace("_", "-")
        raise _error(
            config,
            key,
            f"{value!r} is outside {root}: a config file's {key} must be a relative path "
            "inside the project (give another on the command line)",
        )
    return path
