"""A caller of the public API, type-checked with mypy --strict by tests/test_api.py."""

from __future__ import annotations

import subsync


def subtitles(path: str) -> dict[str | None, str]:
    parsed: subsync.Parsed = subsync.load(path)
    layout = subsync.Layout(max_line_width=37, max_lines=2)
    out: dict[str | None, str] = {}
    for document in parsed.documents:
        shaped: subsync.Document = subsync.relayout(document, layout)
        out[document.language] = subsync.render(shaped, "vtt", subsync.WriteOptions())
    return out


def first_cue_text(data: bytes) -> str:
    try:
        cue: subsync.Cue = subsync.parse(data, name="upload").documents[0].cues[0]
    except subsync.InputError as error:
        return f"{error.input}: {error.where}: {error.message}"
    return cue.text


def fetch(dubbing_id: str) -> bytes:
    policy = subsync.HttpPolicy(retries=1)
    return subsync.fetch_elevenlabs(dubbing_id, region="eu", policy=policy)


def convert_folder(folder: str, out: str) -> list[tuple[str, str]]:
    result = subsync.convert_files([folder], out, ["srt", "vtt"], languages=["en"])
    failed = [(r.name, str(r.error)) for r in result.results if r.error is not None]
    written: list[tuple[str, str]] = [(o.path, o.status) for r in result.results for o in r.outputs]
    return failed or written
