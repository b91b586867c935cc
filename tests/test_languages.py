"""Language codes in their shortest BCP 47 form everywhere; --lang matches what the input
says in any form; nothing is said about languages the user did not select."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from subsync.cli import main
from subsync.languages import normalized
from tests.support.helpers import INPUTS


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, ["convert", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}")
    return result


def test_three_letter_and_macrolanguage_codes_become_their_shortest_form() -> None:
    assert [normalized(c) for c in ("eng", "jpn", "cmn", "kor", "en", "pt-br")] == [
        "en", "ja", "zh", "ko", "en", "pt-BR",
    ]  # fmt: skip


def test_scribe_outputs_are_named_and_tagged_en_and_lang_en_matches_eng(tmp_path: Path) -> None:
    result = run(str(INPUTS / "elevenlabs_stt_interview.json"), "--lang", "en", "--to",
                 "srt,ttml", "-o", str(tmp_path), "-q")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in tmp_path.glob("*.*") if not p.name.startswith("."))
    assert names == ["elevenlabs_stt_interview.en.srt", "elevenlabs_stt_interview.en.ttml"]
    assert 'xml:lang="en"' in (tmp_path / "elevenlabs_stt_interview.en.ttml").read_text()


def test_lang_eng_also_matches_an_input_that_says_en(tmp_path: Path) -> None:
    result = run(str(INPUTS / "elevenlabs_dubbing_review.json"), "--lang", "eng", "-o",
                 str(tmp_path), "-q")  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_nothing_is_said_about_dubs_the_user_did_not_select(tmp_path: Path) -> None:
    everything = run(str(INPUTS / "elevenlabs_dubbing_review.json"), "-o", str(tmp_path / "a"))
    assert ".dubs.es" in everything.stderr and "de dub" in everything.stderr
    english = run(str(INPUTS / "elevenlabs_dubbing_review.json"), "--lang", "en", "-o",
                  str(tmp_path / "b"))  # fmt: skip
    assert english.exit_code == 0, english.stderr
    assert ".dubs." not in english.stderr and "de output" not in english.stderr
    assert "falls outside its segment" in english.stderr  # the English frames' own notes
