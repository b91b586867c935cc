"""The ``subsync`` command and ``python -m subsync``: the command line, loaded lean."""

from __future__ import annotations

import gc


def run() -> None:
    """Run the command line (the console script's entry point).

    The cyclic collector sleeps while click and the command line load: importing makes no
    garbage worth a collection, and each collection walks every object made so far (~3% of
    a one-file run's instructions). What loaded is then frozen out of later collections;
    ``_Commands`` does the same for the command's own modules.
    """
    collecting = gc.isenabled()
    gc.disable()
    from subsync.cli import main

    if collecting:
        gc.freeze()
        gc.enable()
    main(prog_name="subsync")


if __name__ == "__main__":
    run()
