"""WebVTT cue and region settings, checked as the spec's parser reads them: the settings it
ignores are returned (the model keeps no placement, so valid ones change nothing).

Each rule is a step of the W3C algorithms "parse the WebVTT cue settings" and "collect WebVTT
region settings"; a setting without a ``:`` inside it, an unknown name or a bad value is
ignored by the spec (and by browsers), never an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

# A WebVTT percentage: digits, an optional fraction, a percent sign; then at most 100.
_PERCENTAGE = re.compile(r"[0-9]+(?:\.[0-9]+)?%")
# A line number: an optional minus, digits with at most one fraction part.
_LINE_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# Settings are apart by ASCII whitespace only (str.split would also split at U+00A0).
_SPACES = re.compile(r"[\t\n\f\r ]+")


def split_settings(settings: str) -> list[str]:
    """The settings in a line, apart by ASCII whitespace.

    >>> split_settings(" a:1\tb:2\u00a0c:3 ")
    ['a:1', 'b:2\xa0c:3']
    """
    return [s for s in _SPACES.split(settings) if s]


def percentage(value: str) -> bool:
    """Whether ``value`` is a WebVTT percentage from 0% to 100%.

    >>> percentage("50.00%"), percentage("100.5%"), percentage(".5%"), percentage("50")
    (True, False, False, False)
    """
    return _PERCENTAGE.fullmatch(value) is not None and float(value[:-1]) <= 100


def _with_alignment(value: str, position: Callable[[str], bool], alignments: set[str]) -> bool:
    place, comma, alignment = value.partition(",")
    return position(place) and (not comma or alignment in alignments)


def _line_position(value: str) -> bool:
    if not any(c.isascii() and c.isdigit() for c in value):
        return False
    return percentage(value) if value.endswith("%") else bool(_LINE_NUMBER.fullmatch(value))


def _anchor(value: str) -> bool:
    x, comma, y = value.partition(",")
    return bool(comma) and percentage(x) and percentage(y)


_CUE_SETTINGS: dict[str, Callable[[str], bool]] = {
    "vertical": lambda v: v in {"rl", "lr"},
    "line": lambda v: _with_alignment(v, _line_position, {"start", "center", "end"}),
    "position": lambda v: _with_alignment(v, percentage, {"line-left", "center", "line-right"}),
    "size": percentage,
    "align": lambda v: v in {"start", "center", "end", "left", "right"},
}

_REGION_SETTINGS: dict[str, Callable[[str], bool]] = {
    "id": lambda v: "-->" not in v,
    "width": percentage,
    "lines": lambda v: v.isascii() and v.isdigit(),
    "regionanchor": _anchor,
    "viewportanchor": _anchor,
    "scroll": lambda v: v == "up",
}


def _ignored(settings: str, rules: dict[str, Callable[[str], bool]]) -> list[str]:
    bad = []
    for setting in split_settings(settings):
        name, colon, value = setting.partition(":")
        rule = rules.get(name)
        if not (colon and name and value and rule and rule(value)):
            bad.append(setting)
    return bad


def ignored_cue_settings(settings: str, regions: Collection[str]) -> list[str]:
    """The settings of a timing line the spec ignores (a region not defined counts too).

    >>> ignored_cue_settings("position:50.00%,middle align:middle line:-1 size:80%", ())
    ['position:50.00%,middle', 'align:middle']
    >>> ignored_cue_settings("region:r1 region:r2 line:0%,end vertical: :x", {"r1"})
    ['region:r2', 'vertical:', ':x']
    """
    rules = {**_CUE_SETTINGS, "region": lambda v: v in regions}
    return _ignored(settings, rules)


def ignored_region_settings(settings: str) -> list[str]:
    """The settings of a REGION block the spec ignores.

    >>> ignored_region_settings("id:fred width:40% lines:3 regionanchor:0%,100% scroll:down")
    ['scroll:down']
    """
    return _ignored(settings, _REGION_SETTINGS)


def region_id(settings: str) -> str | None:
    """The identifier a REGION block defines (the last valid ``id:``), if any.

    >>> region_id("id:a width:40% id:b"), region_id("width:40%")
    ('b', None)
    """
    found = None
    for setting in split_settings(settings):
        name, _, value = setting.partition(":")
        if name == "id" and value and "-->" not in value:
            found = value
    return found
