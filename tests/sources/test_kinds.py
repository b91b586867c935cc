"""The one list of input kinds drives the folder walk, output names and the subtitle reader."""

from __future__ import annotations

from pathlib import Path

from subsync.batch.convert import input_stem
from subsync.batch.inputs import Input, expand
from subsync.sources.kinds import INPUT_KINDS, SUBTITLE_KINDS
from subsync.sources.subtitles import KINDS
from subsync.writers import FORMATS


def test_a_folder_collects_exactly_the_collected_kinds(tmp_path: Path) -> None:
    for kind in INPUT_KINDS:
        for extension in kind.extensions:
            (tmp_path / f"{kind.name}.{extension}").write_text("{}", encoding="utf-8")
    found = {Path(item.path).name for item in expand([str(tmp_path)]) if isinstance(item, Input)}
    expected = {f"{k.name}.{e}" for k in INPUT_KINDS if k.collected for e in k.extensions}
    assert found == expected


def test_output_names_leave_out_every_input_extension_and_only_those() -> None:
    for kind in INPUT_KINDS:
        for extension in kind.extensions:
            assert input_stem(f"talk.{extension.upper()}") == "talk"
    assert input_stem("talk.txt") == "talk.txt"


def test_no_collected_kind_is_an_extension_subsync_writes() -> None:
    written = {fmt.extension.rsplit(".", 1)[-1].lower() for fmt in FORMATS.values()}
    collected = {e for k in INPUT_KINDS if k.collected for e in k.extensions}
    assert collected - {"json"} == collected - written
    # subsync's own JSON is collected on purpose: outputs are passed over by the manifest.
    assert "json" in written


def test_the_subtitle_reader_takes_the_subtitle_kinds() -> None:
    assert KINDS == SUBTITLE_KINDS == ("srt", "vtt")
