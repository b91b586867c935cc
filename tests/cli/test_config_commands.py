"""Config per command: shared keys each command takes, tables per command, the README's
example under every command, and what a cloned repository's config may not do (issue 15)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subsync.cli import main
from subsync.cli.config import find_config
from tests.support.helpers import INPUTS, ROOT

RESEMBLE_V1 = "resemble_v1_docs_clip.json"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (it holds .git) with the README's [tool.subsync] table and one clip."""
    (tmp_path / ".git").mkdir()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"^```toml\n(.*?)^```$", readme, re.DOTALL | re.MULTILINE)
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    shutil.copy(INPUTS / RESEMBLE_V1, tmp_path / "clip.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_the_readme_config_works_under_every_command(repo: Path) -> None:
    converted = cli("convert", "clip.json", "-q")
    assert converted.exit_code == 0, converted.stderr
    assert (repo / "captions" / "clip.srt").is_file()
    linted = cli("lint", "captions/clip.srt")
    assert linted.exit_code == 0, linted.stderr
    assert "unknown key" not in linted.stderr
    reviewed = cli("review", "clip.json", "-o", "pages", "-q")
    assert reviewed.exit_code == 0, reviewed.stderr
    # fetch takes the shared keys before it needs a key: no "unknown key" for to or fps.
    fetched = cli("fetch", "resemble", "p", "c", "--api-key-file", "missing.txt")
    assert "unknown key" not in fetched.stderr
    assert fetched.exit_code != 0


def test_a_command_table_overrides_the_shared_keys(repo: Path) -> None:
    text = (repo / "pyproject.toml").read_text()
    text += '\n[tool.subsync.lint]\npreset = "default"\nmax-line-width = 10\n'
    (repo / "pyproject.toml").write_text(text)
    assert cli("convert", "clip.json", "-q").exit_code == 0
    linted = cli("lint", "captions/clip.srt")
    assert linted.exit_code == 1
    assert "line-too-long" in linted.stdout
    # The lint table is lint's alone: convert laid out at the shared preset (netflix).
    srt = (repo / "captions" / "clip.srt").read_text()
    assert max(len(line) for line in srt.splitlines()) > 10


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[tool.subsync]\nmax-line-widht = 3\n", "did you mean max-line-width?"),
        ('[tool.subsync.lint]\nto = "srt"\n', "tool.subsync.lint.to: lint does not take --to"),
        ('[tool.subsync.lnt]\nfps = "25"\n', "tool.subsync.lnt: unknown table"),
    ],
)
def test_keys_no_command_takes_are_errors(repo: Path, text: str, fragment: str) -> None:
    (repo / "pyproject.toml").write_text(text)
    result = cli("lint", "clip.json")
    assert result.exit_code == 2
    assert fragment in result.stderr


@pytest.mark.parametrize("key", ["base-url", "api-key", "api_key_file"])
def test_base_url_and_keys_are_never_taken_from_a_config(repo: Path, key: str) -> None:
    (repo / "pyproject.toml").write_text(f'[tool.subsync]\n{key} = "http://127.0.0.1:9"\n')
    for command in (["fetch", "elevenlabs", "d1"], ["convert", "clip.json"]):
        result = cli(*command)
        assert result.exit_code == 2
        assert "never taken from a config file" in result.stderr


def test_fetch_reads_output_dir_from_the_config(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.subsync.fetch]\noutput-dir = "../outside"\n')
    result = cli("fetch", "elevenlabs", "d1", "--api-key", "k")
    assert result.exit_code == 2
    assert "output-dir" in result.stderr and "outside" in result.stderr


@pytest.mark.parametrize("value", ["../out", "/tmp/out", "captions/../../x"])
def test_a_config_output_dir_may_not_leave_the_project(repo: Path, value: str) -> None:
    (repo / "pyproject.toml").write_text(f'[tool.subsync]\noutput-dir = "{value}"\n')
    result = cli("convert", "clip.json")
    assert result.exit_code == 2
    assert "inside the project" in result.stderr
    assert not (repo.parent / "out").exists()


def test_config_is_looked_for_up_to_the_repository_root_only(tmp_path: Path) -> None:
    (tmp_path / "subsync.toml").write_text('output-dir = "elsewhere"\n')
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "sub").mkdir()
    assert find_config(project / "sub", home=tmp_path / "nohome") is None
    (project / ".git").rmdir()
    found = find_config(project / "sub", home=tmp_path / "nohome")
    assert found is not None and found.path == tmp_path / "subsync.toml"
    # The home folder stops the search as .git does.
    assert find_config(project / "sub", home=project) is None
