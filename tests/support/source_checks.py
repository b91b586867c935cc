"""A check the source tests share: a bad input fails `subsync convert` with one located line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from subsync.cli import main


def assert_fails_at(path: Path, where: str, fragment: str, *options: str) -> None:
    """Converting ``path`` exits 1 with one error line naming the file, then ``where``,
    holding ``fragment``, and writes nothing."""
    out = path.parent / "out"
    result = CliRunner().invoke(main, ["convert", str(path), *options, "-o", str(out)])
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f"subsync: error: {path}: {where}: "), result.stderr
    assert fragment in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
