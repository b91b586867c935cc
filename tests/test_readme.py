"""The README's examples are real: its console blocks are run and their output compared,
its Python blocks are run as doctests, and its first two commands are the ones CI uses."""

from __future__ import annotations

import doctest
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.support.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def _blocks(kind: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if lang == kind]


def _console_examples() -> list[tuple[str, str]]:
    examples = []
    for body in _blocks("console"):
        for chunk in re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    return tmp_path


@pytest.mark.parametrize(("command", "output"), _console_examples(), ids=lambda v: v[:60])
def test_console_example_prints_what_the_readme_shows(
    command: str, output: str, workdir: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    shown = subprocess.run(
        ["bash", "-c", command],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert shown.stdout == output


def test_python_examples_run_as_shown(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The blocks read as one session, each building on the ones before.
    monkeypatch.chdir(workdir)
    session = "\n".join(_blocks("pycon"))
    test = doctest.DocTestParser().get_doctest(session, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.tries >= 10
    assert runner.failures == 0, "".join(report)


def test_readme_opens_with_the_install_and_test_commands_ci_runs() -> None:
    first, second = _blocks("sh")[:2]
    assert first.startswith("python -m pip install . && subsync convert fixtures/inputs/")
    assert second.strip() == (
        "python -m pip install -e '.[test]' && npm ci --prefix tests/js && python -m pytest"
    )
    assert "grep -m1" in (ROOT / ".ci" / "run").read_text()
