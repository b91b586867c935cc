"""The README's examples are real: its console blocks are run and their output compared,
its Python blocks are run as doctests, and its first two commands are the ones CI uses."""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
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
    # Two commands do all the set-up on a stock machine: no bare pip (PEP 668), no `python`
    # before the environment has one.
    venv = "python3 -m venv .venv && . .venv/bin/activate && "
    assert first.startswith(venv + "pip install . && subsync convert fixtures/inputs/")
    assert second.strip() == (
        venv + "pip install -e '.[test]' && npm ci --prefix tests/js && python -m pytest"
    )
    ci = (ROOT / ".ci" / "run").read_text()
    pattern = re.search(r'grep -m1 "(.*?)" README.md', ci)
    assert pattern is not None
    (found,) = [line for line in README.splitlines() if re.search(pattern[1], line)][:1]
    assert found == second.strip()


def test_the_first_command_needs_no_python_and_no_bare_pip(tmp_path: Path) -> None:
    """The first command's set-up on a PATH that has python3 but no `python` and no `pip`
    (as where PEP 668 refuses a bare pip): after its venv and activate steps, `python` and
    `pip` are the environment's, which install anywhere."""
    steps = _blocks("sh")[0].strip().split(" && ")
    assert steps[:3] == ["python3 -m venv .venv", ". .venv/bin/activate", "pip install ."]
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python3").symlink_to(sys.executable)
    setup = " && ".join([*steps[:2], "command -v python pip"])
    shown = subprocess.run(
        ["/bin/bash", "-c", setup],
        cwd=tmp_path,
        env={"PATH": f"{bare}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert shown.returncode == 0, shown.stderr
    venv = tmp_path / ".venv" / "bin"
    assert shown.stdout.split() == [str(venv / "python"), str(venv / "pip")]
