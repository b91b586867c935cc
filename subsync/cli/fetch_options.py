"""The fetch commands' keys, deadlines and limits (click options), and their exit on a signal."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TypeVar

import click

from subsync.cli.forms import ByteSize
from subsync.errors import SubsyncError
from subsync.remote.secrets import Secret

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_MAX_BODY = 256 << 20
# A key file is a line; anything longer is not a key (and /dev/zero is not read forever).
_MAX_KEY_FILE = 1 << 16
_SECONDS = click.FloatRange(min=0, min_open=True)


DEADLINE_OPTIONS = [
    click.option(
        "--connect-timeout",
        type=_SECONDS,
        default=10.0,
        show_default=True,
        help="Seconds to wait for a connection (within --timeout).",
    ),
    click.option(
        "--timeout",
        type=_SECONDS,
        default=60.0,
        show_default=True,
        help="Seconds for each whole request: connecting, the headers and the whole body. "
        "A server that sends a byte now and then is cut off when they run out.",
    ),
    click.option(
        "--total-timeout",
        type=_SECONDS,
        default=300.0,
        show_default=True,
        help="Seconds for one id, every retry and the waits between them included.",
    ),
    click.option(
        "--max-body-size",
        type=ByteSize(),
        default=DEFAULT_MAX_BODY,
        show_default=False,  # the help says it as people write it (256M)
        metavar="SIZE",
        help="Refuse a response larger than this, as sent or once decompressed: bytes, "
        "or with K, M or G.  [default: 256M]",
    ),
]


def api_key_options(variable: str, sent_as: str) -> Callable[[F], F]:
    """``--api-key`` (from ``variable`` by default) and ``--api-key-file``."""

    def decorate(command: F) -> F:
        command = click.option(
            "--api-key-file",
            type=click.Path(dir_okay=False, allow_dash=True),
            metavar="PATH",
            help="Read the API key from this file (- reads it from standard input).",
        )(command)
        return click.option(
            "--api-key",
            envvar=variable,
            show_envvar=True,
            metavar="KEY",
            help=f"API key (sent as {sent_as}). On the command line it shows in the process "
            f"list to other users: prefer {variable} or --api-key-file.",
        )(command)

    return decorate


def read_key(value: str | None, path: str | None, variable: str) -> Secret:
    """The key from ``--api-key-file`` (which wins over the environment variable), else from
    ``--api-key`` or ``variable``; a usage error naming where it came from, never the key."""
    if path is not None:
        given = click.get_current_context().get_parameter_source("api_key")
        if value and given == click.core.ParameterSource.COMMANDLINE:
            raise click.UsageError("give --api-key or --api-key-file, not both")
        value, origin = _key_file(path), f"--api-key-file {path}"
    else:
        origin = f"{variable} or --api-key"
    if not value:
        raise click.UsageError(
            f"no API key: set {variable}, or pass --api-key-file (or --api-key)"
            if path is None
            else f"{origin}: the file is empty"
        )
    try:
        return Secret(value)
    except SubsyncError as error:
        # The message says what is wrong and where, never the key itself.
        raise click.UsageError(f"{origin}: {error.message}") from None


def _key_file(path: str) -> str:
    try:
        if path == "-":
            data = sys.stdin.buffer.read(_MAX_KEY_FILE + 1)
        else:
            with open(path, "rb") as file:
                data = file.read(_MAX_KEY_FILE + 1)
    except OSError as exc:
        raise click.UsageError(f"--api-key-file {path}: {exc.strerror}") from None
    if len(data) > _MAX_KEY_FILE:
        raise click.UsageError(f"--api-key-file {path}: too long to be an API key")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise click.UsageError(f"--api-key-file {path}: not UTF-8 text") from None


class Terminated(BaseException):
    """SIGTERM, raised where the main thread is, as Ctrl-C raises KeyboardInterrupt."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def exit_on_signals() -> Iterator[None]:
    """Run a command that Ctrl-C ends with exit 130 and SIGTERM with 143, after the
    blocks it is in have cleaned up (the HTTP client cancels what is in flight)."""
    previous = signal.getsignal(signal.SIGTERM)
    # Handlers belong to the main thread; a parent that chose to ignore SIGTERM (a
    # nohup-like wrapper) keeps it ignored.
    handled = threading.current_thread() is threading.main_thread() and previous != signal.SIG_IGN
    if handled:
        signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    except KeyboardInterrupt:
        _stopped("interrupted", 130)
    except Terminated:
        _stopped("terminated", 143)
    finally:
        if handled:
            signal.signal(signal.SIGTERM, previous)


def _stopped(what: str, code: int) -> None:
    click.echo(f"\nsubsync: {what}", err=True)
    sys.stdout.flush()
    # os._exit would skip the joins of pool threads, which the client has already ended.
    sys.exit(code)
