"""Language codes in their shortest BCP 47 form (``eng`` -> ``en``, ``cmn`` -> ``zh``)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=256)
def normalized(code: str) -> str:
    """The shortest BCP 47 tag for a code, through langcodes (loaded only when a code is
    not already a two-letter one); a code it cannot read stays as it is.

    >>> normalized("eng"), normalized("jpn"), normalized("cmn"), normalized("pt-br")
    ('en', 'ja', 'zh', 'pt-BR')
    """
    if len(code) == 2 and code.isascii() and code.isalpha() and code.islower():
        return code  # [a-z]{2}
    import langcodes  # imported here: most codes are short already
    from langcodes.tag_parser import LanguageTagError

    if not langcodes.tag_is_valid(code):
        return code  # not a tag langcodes knows: as the input spelled it
    try:
        return str(langcodes.standardize_tag(code, macro=True))
    except (ValueError, LanguageTagError):
        return code


def base(code: str | None) -> str | None:
    """The language without script or region: ``zh`` for ``zh-Hant-TW``."""
    return None if code is None else normalized(code).split("-")[0].lower()
