"""Standard output that may be closed, full or a pipe whose reader left: one line and exit
1, or a quiet exit for a reader that left (as SIGPIPE would), never a traceback."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

import click


class StdoutError(OSError):
    """Standard output cannot be written (closed, or its disk full)."""


def write_stdout(data: bytes) -> None:
    """Bytes on standard output, as they are."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed (>&-)
        raise StdoutError("standard output is closed")
    with _failing_as_stdout():
        stream.buffer.write(data)
        stream.flush()


def echo_stdout(text: str, *, newline: bool = True) -> None:
    """Text on standard output, as click.echo writes it."""
    if sys.stdout is None:
        raise StdoutError("standard output is closed")
    with _failing_as_stdout():
        click.echo(text, nl=newline)


@contextlib.contextmanager
def _failing_as_stdout() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise  # the reader left: quiet
    except (OSError, ValueError) as exc:  # ValueError: the stream was closed
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StdoutError(reason) from None


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Run a command; a reader that left ends it quietly, a standard output that cannot be
    written with one line; both exit 1."""
    try:
        yield
    except BrokenPipeError:
        _silence()
        sys.exit(1)
    except StdoutError as error:
        _silence()
        click.echo(f"subsync: error: cannot write to standard output: {error}", err=True)
        sys.exit(1)


def _silence() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of
    what is still buffered fails no more."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
