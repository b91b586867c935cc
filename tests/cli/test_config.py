"""Options from subsync.toml or [tool.subsync] in pyproject.toml, found upwards from the current
folder; the command line overrides them; unknown keys and bad values are usage errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subsync.cli import main
from subsync.cli.config import Config, find_config
from tests.support.helpers import INPUTS, ROOT

ELEVENLABS = "elevenlabs_dubbing_review.json"
RESEMBLE_V1 = "resemble_v1_docs_clip.json"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding clip.json (Resemble v1) and a sub-folder to run from."""
    shutil.copy(INPUTS / RESEMBLE_V1, tmp_path / "clip.json")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["convert", *args])


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_subsync_toml_sets_options(project: Path) -> None:
    (project / "subsync.toml").write_text(
        'to = ["srt", "vtt"]\nmax-line-width = 20\nquiet = true\n'
    )
    result = run("clip.json", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert names(project / "out") == ["clip.srt", "clip.vtt"]
    srt = (project / "out" / "clip.srt").read_text()
    assert "Resemble increases\nproductivity\n" in srt  # 20 characters a line


def test_the_command_line_overrides_the_config(project: Path) -> None:
    (project / "subsync.toml").write_text('to = "srt,vtt"\nmax_line_width = 20\n')
    result = run("clip.json", "-o", "out", "--to", "json", "--max-line-width", "42")
    assert result.exit_code == 0, result.stderr
    assert names(project / "out") == ["clip.json"]
    wide = run("clip.json", "-o", "wide", "--to", "srt")
    assert "Resemble increases productivity\n" not in (project / "wide" / "clip.srt").read_text()
    assert wide.exit_code == 0
    default = run("clip.json", "-o", "default", "--max-line-width", "42", "--to", "srt")
    assert default.exit_code == 0
    assert "Resemble increases productivity\n" in (project / "default" / "clip.srt").read_text()


def test_a_flag_set_in_the_config_is_turned_off_with_no(project: Path) -> None:
    shutil.copy(INPUTS / ELEVENLABS, project / "dub.json")
    (project / "subsync.toml").write_text("quiet = true\nspeaker-labels = true\n")
    quiet = run("dub.json", "-o", "out", "--lang", "en")
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert "Maya: Welcome back" in (project / "out" / "dub.en.srt").read_text()
    loud = run("dub.json", "-o", "loud", "--lang", "en", "--no-quiet", "--no-speaker-labels")
    assert loud.exit_code == 0
    assert "subsync: warning: dub.json: " in loud.stderr
    assert "Maya:" not in (project / "loud" / "dub.en.srt").read_text()


def test_pyproject_table_found_from_a_sub_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.subsync]\nto = ["vtt"]\noutput-dir = "subs"\n'
    )
    monkeypatch.chdir(project / "sub")
    result = run("../clip.json", "-q")
    assert result.exit_code == 0, result.stderr
    # output-dir is relative to the folder of the config file, not to where subsync runs.
    assert names(project / "subs") == ["clip.vtt"]
    assert names(project / "sub") == []


def test_subsync_toml_wins_and_a_pyproject_without_the_table_is_passed_over(
    project: Path,
) -> None:
    (project / "subsync.toml").write_text('to = "json"\n')
    (project / "pyproject.toml").write_text('[tool.subsync]\nto = "vtt"\n')
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "inner"\n')
    found = find_config(project / "sub")
    assert found == Config(project / "subsync.toml", "", {"to": "json"})
    (project / "subsync.toml").unlink()
    found = find_config(project / "sub")
    assert found is not None and found.path == project / "pyproject.toml"
    assert found.where("to") == "tool.subsync.to"


def test_without_a_config_the_defaults_apply(project: Path) -> None:
    assert find_config(project) is None
    result = run("clip.json", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert names(project / "out") == ["clip.srt"]


@pytest.mark.parametrize(
    ("file_name", "text", "fragments"),
    [
        pytest.param(
            "subsync.toml",
            'to = "srt"\nmax-line-widht = 30\n',
            ("subsync.toml: max-line-widht: unknown key; did you mean max-line-width?",),
            id="unknown-key",
        ),
        pytest.param(
            "pyproject.toml",
            "[tool.subsync]\nmax_lines = 2\nverbos = true\n",
            ("pyproject.toml: tool.subsync.verbos: unknown key; did you mean verbose?",),
            id="unknown-key-pyproject",
        ),
        pytest.param(
            "subsync.toml",
            "max-lines = 2\nmax_lines = 3\n",
            ("subsync.toml: max_lines: given twice",),
            id="key-twice",
        ),
        pytest.param(
            "subsync.toml",
            "max-lines = 0\n",
            ("--max-lines", "0 is not in the range", "subsync.toml"),
            id="value-out-of-range",
        ),
        pytest.param(
            "subsync.toml",
            'to = "srt,docx"\n',
            ("unknown format docx", "subsync.toml"),
            id="unknown-format",
        ),
        pytest.param(
            "subsync.toml",
            "lang = [1, 2]\n",
            ("subsync.toml: lang: expected a list of strings",),
            id="list-of-numbers",
        ),
        pytest.param(
            "subsync.toml",
            "to = \n",
            ("subsync.toml: cannot read it as TOML",),
            id="invalid-toml",
        ),
        pytest.param(
            "pyproject.toml",
            'tool = {subsync = "srt"}\n',
            ("pyproject.toml: tool.subsync: expected a table",),
            id="not-a-table",
        ),
    ],
)
def test_config_errors_are_usage_errors_naming_the_file(
    project: Path, file_name: str, text: str, fragments: tuple[str, ...]
) -> None:
    (project / file_name).write_text(text)
    result = run("clip.json", "-o", "out")
    assert result.exit_code == 2, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert str(project / file_name) in result.stderr
    assert not (project / "out").exists()


def test_the_readme_config_example_is_taken_as_shown(tmp_path: Path) -> None:
    """The [tool.subsync] table the README shows is a working configuration."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"^```toml\n(.*?)^```$", readme, re.DOTALL | re.MULTILINE)
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    clip = ROOT / "fixtures" / "inputs" / "resemble_v1_docs_clip.json"
    result = subprocess.run(
        [sys.executable, "-m", "subsync", "convert", str(clip), "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "captions").iterdir() if p.suffix != ".json")
    assert written == ["resemble_v1_docs_clip.srt", "resemble_v1_docs_clip.vtt"]
    # fps 23.976 was taken: the last cue's end (3.611 s) moved out to frame 87.
    vtt = (tmp_path / "captions" / "resemble_v1_docs_clip.vtt").read_text(encoding="utf-8")
    assert "00:00:03.629" in vtt
