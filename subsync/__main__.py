"""``python -m subsync``: the same as the ``subsync`` command."""

from subsync.cli import main

main(prog_name="subsync")
