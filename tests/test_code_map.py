"""The README's code map lists every module of the package, and no module is too long."""

from __future__ import annotations

import re

from tests.support.helpers import ROOT


def _listed() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout of the code", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^(subsync/\S+\.py)\s", section, flags=re.M)


def _mapped() -> set[str]:
    return set(_listed())


def test_the_code_map_lists_each_module_once() -> None:
    listed = _listed()
    assert sorted({p for p in listed if listed.count(p) > 1}) == []


def test_every_module_is_in_the_readme_code_map() -> None:
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "subsync").rglob("*.py")}
    assert sorted(modules - _mapped()) == []


def test_the_code_map_names_no_module_that_is_gone() -> None:
    assert sorted(p for p in _mapped() if not (ROOT / p).is_file()) == []


def test_no_module_is_over_350_lines() -> None:
    lengths = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in (ROOT / "subsync").rglob("*.py")
    }
    assert {path: n for path, n in lengths.items() if n > 350} == {}
