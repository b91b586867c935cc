"""Hand-written WebVTT files, one or more for each step of the W3C WebVTT parser that keeps,
drops or ignores something, for comparing subsync's reader with Chromium's on the same bytes.

Each case is bytes and the step it exercises; what the right reading is comes from the
browser, not from here. DEVIATIONS lists the cases where subsync reads otherwise on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

CUE = b"00:01.000 --> 00:02.000\nA\n"
CUE_B = b"00:03.000 --> 00:04.000\nB"
_REGION = b"REGION\nid:r1 width:40% lines:3 regionanchor:0%,100% viewportanchor:10%,90% scroll:up"
_NETFLIX_SETTINGS = b" position:50.00%,middle align:middle size:80.00% line:84.67%\n"
_NETFLIX = (
    b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000"
    + _NETFLIX_SETTINGS
    + b"-Where were you?\n-Out.\n \n2\n00:00:03.500 --> 00:00:05.000"
    + _NETFLIX_SETTINGS
    + b"<i>Nowhere.</i>\n"
)
_YOUTUBE = (
    b"WEBVTT\nKind: captions\nLanguage: en\n\n"
    b"00:00:00.030 --> 00:00:02.620 align:start position:0%\nso\n"
    b"00:00:02.620 --> 00:00:02.630 align:start position:0%\nso today\n\n"
    b"00:00:02.630 --> 00:00:05.000 align:start position:0%\n"
    b"today<00:00:03.100><c> we</c><00:00:03.400><c> cook</c>\n"
)


@dataclass(frozen=True)
class VttCase:
    """One file: a name, the step of the spec it exercises, its bytes."""

    name: str
    step: str
    data: bytes


def _vtt(body: str | bytes) -> bytes:
    return b"WEBVTT\n\n" + (body.encode() if isinstance(body, str) else body)


def _cue_with(settings: str) -> bytes:
    return _vtt(f"00:01.000 --> 00:02.000 {settings}\nA\n\n00:03.000 --> 00:04.000\nB\n")


def _text(text: str) -> bytes:
    return _vtt(f"00:01.000 --> 00:02.000\n{text}\n")


_SIGNATURE = [
    ("plain", b"WEBVTT\n\n" + CUE),
    ("text-after-space", b"WEBVTT - a title\n\n" + CUE),
    ("text-after-tab", b"WEBVTT\tkind\n\n" + CUE),
    ("signature-only", b"WEBVTT"),
    ("signature-newline-only", b"WEBVTT\n"),
    ("lowercase", b"webvtt\n\n" + CUE),
    ("suffix", b"WEBVTTX\n\n" + CUE),
    ("form-feed-after", b"WEBVTT\x0cx\n\n" + CUE),
    ("blank-line-before", b"\nWEBVTT\n\n" + CUE),
    ("space-before", b" WEBVTT\n\n" + CUE),
    ("nul-after", b"WEBVTT\x00\n\n" + CUE),
    ("utf8-bom", b"\xef\xbb\xbfWEBVTT\n\n" + CUE),
    ("two-utf8-boms", b"\xef\xbb\xbf\xef\xbb\xbfWEBVTT\n\n" + CUE),
    ("utf16le-bom", "\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\nÀ bientôt\n".encode("utf-16-le")),
    ("utf16be-bom", "\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\n字幕\n".encode("utf-16-be")),
    ("empty-file", b""),
    ("cr-only", b"WEBVTT\r\r00:01.000 --> 00:02.000\rA\rB\r\r00:03.000 --> 00:04.000\rC\r"),
    ("crlf", b"WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nA\r\nB\r\n"),
    (
        "mixed-line-ends",
        b"WEBVTT\r\n\r00:01.000 --> 00:02.000\nA\r\nB\r\r00:03.000 --> 00:04.000\nC",
    ),
    ("no-signature-vtt-times", CUE),
    (
        "no-signature-srt-shaped",
        b"1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n",
    ),
    ("no-signature-srt-no-numbers", b"00:00:01,000 --> 00:00:02,000\nA\n"),
    ("latin-1-text", "WEBVTT\n\n00:01.000 --> 00:02.000\nCafé\n".encode("latin-1")),
]

_HEADER = [
    ("header-lines", b"WEBVTT\nKind: captions\nLanguage: en\n\n" + CUE),
    ("cue-right-after-signature", b"WEBVTT\n" + CUE),
    ("cue-right-after-header-line", b"WEBVTT\nKind: captions\n" + CUE),
    ("hls-timestamp-map", b"WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n" + CUE),
    ("header-line-then-note", b"WEBVTT\nheader\n\nNOTE hi\n\n" + CUE),
]

_BLOCKS = [
    ("note", _vtt(b"NOTE a comment\n\n" + CUE)),
    ("note-alone", _vtt(b"NOTE\n\n" + CUE)),
    ("note-multiline", _vtt(b"NOTE\nline one\nline two\n\n" + CUE)),
    ("note-then-timing-on-line-2", _vtt(b"NOTE\n00:01.000 --> 00:02.000\nnoted\n")),
    ("note-with-arrow-on-line-1", _vtt(b"NOTE 00:01.000 --> 00:02.000\nX\n\n" + CUE)),
    (
        "note-between-cues",
        _vtt(b"00:01.000 --> 00:02.000\nA\n\nNOTE x\n\n00:03.000 --> 00:04.000\nB"),
    ),
    ("notes-prefix-word", _vtt(b"NOTES\n\n" + CUE)),
    ("style-before-cues", _vtt(b"STYLE\n::cue { color: red }\n\n" + CUE)),
    ("style-trailing-spaces", _vtt(b"STYLE  \n::cue { color: red }\n\n" + CUE)),
    (
        "style-after-cue",
        _vtt(b"00:01.000 --> 00:02.000\nA\n\nSTYLE\n::cue { color: red }\n\n" + CUE_B),
    ),
    ("style-then-timing", _vtt(b"STYLE\n00:01.000 --> 00:02.000\nstyled\n")),
    ("region-before-cues", _vtt(_REGION + b"\n\n00:01.000 --> 00:02.000 region:r1\nA\n")),
    (
        "region-after-cue",
        _vtt(
            b"00:01.000 --> 00:02.000\nA\n\nREGION\nid:r1\n\n00:03.000 --> 00:04.000 region:r1\nB"
        ),
    ),
    ("region-id-with-arrow", _vtt(b"REGION\nid:a-->b\n\n" + CUE)),
    ("text-block-without-timing", _vtt(b"stray words\nmore words\n\n" + CUE)),
    ("identifier", _vtt(b"intro\n" + CUE)),
    ("numeric-identifier", _vtt(b"1\n" + CUE + b"\n2\n00:03.000 --> 00:04.000\nB\n")),
    ("two-lines-before-timing", _vtt(b"a\nb\n" + CUE)),
    (
        "no-blank-line-between-cues",
        _vtt(b"00:01.000 --> 00:02.000\nA\n00:03.000 --> 00:04.000\nB\n"),
    ),
    (
        "many-blank-lines",
        _vtt(b"\n\n\n00:01.000 --> 00:02.000\nA\n\n\n\n00:03.000 --> 00:04.000\nB\n\n\n"),
    ),
    (
        "space-line-between-cues",
        _vtt(b"00:01.000 --> 00:02.000\nA\n \n00:03.000 --> 00:04.000\nB\n"),
    ),
    (
        "space-line-then-identifier",
        _vtt(b"00:01.000 --> 00:02.000\nA\n \nsecond\n00:03.000 --> 00:04.000\nB\n"),
    ),
    (
        "tab-line-between-cues",
        _vtt(b"00:01.000 --> 00:02.000\nA\n\t\n00:03.000 --> 00:04.000\nB\n"),
    ),
    ("space-lines-at-end", _vtt(b"00:01.000 --> 00:02.000\nA\n\n  \n \n\t\n")),
    ("identifier-then-blank", _vtt(b"lonely id\n\n" + CUE)),
]

_TIMINGS = [
    ("hours", _vtt(b"00:00:01.000 --> 00:00:02.000\nA\n")),
    ("long-hours", _vtt(b"100:00:01.000 --> 100:00:02.000\nA\n")),
    ("one-digit-minutes", _vtt(b"1:01.000 --> 1:02.000\nA\n\n" + CUE)),
    ("minutes-60", _vtt(b"60:00.000 --> 61:00.000\nA\n\n" + CUE)),
    ("seconds-60", _vtt(b"00:60.000 --> 01:00.000\nA\n\n" + CUE)),
    ("hour-minutes-60", _vtt(b"00:60:00.000 --> 01:00:00.000\nA\n\n" + CUE)),
    ("two-digit-fraction", _vtt(b"00:01.00 --> 00:02.000\nA\n\n" + CUE)),
    ("four-digit-fraction", _vtt(b"00:01.0000 --> 00:02.000\nA\n\n" + CUE)),
    ("comma-fraction", _vtt(b"00:01,000 --> 00:02,000\nA\n\n00:03.000 --> 00:04.000\nB")),
    ("no-spaces-around-arrow", _vtt(b"00:01.000-->00:02.000\nA\n")),
    ("tabs-around-arrow", _vtt(b"00:01.000\t-->\t00:02.000\nA\n")),
    ("spaces-before-timing", _vtt(b"   00:01.000 --> 00:02.000\nA\n")),
    ("single-dash-arrow", _vtt(b"00:01.000 -> 00:02.000\nA\n\n00:03.000 --> 00:04.000\nB")),
    ("end-before-start", _vtt(b"00:02.000 --> 00:01.000\nA\n\n00:03.000 --> 00:04.000\nB")),
    ("zero-length", _vtt(b"00:02.000 --> 00:02.000\nA\n")),
    ("settings-glued-to-end", _vtt(b"00:01.000 --> 00:02.000align:start\nA\n")),
    ("fullwidth-digits", _vtt("００:01.000 --> 00:02.000\nA\n\n00:03.000 --> 00:04.000\nB")),
    ("bad-timing-text-dropped", _vtt(b"00:01.000 --> later\nA\nB\n\n00:03.000 --> 00:04.000\nC")),
    ("bad-timing-then-timing", _vtt(b"00:01.000 --> later\nA\n00:03.000 --> 00:04.000\nC")),
    (
        "arrow-inside-cue-text",
        _vtt(b"00:01.000 --> 00:02.000\nA\nB --> C\nD\n\n00:05.000 --> 00:06.000\nE"),
    ),
    ("identifier-then-bad-timing", _vtt(b"id\n00:01.000 --> x\nA\n\n" + CUE)),
    ("timing-only-start", _vtt(b"00:01.000 -->\nA\n\n" + CUE)),
    ("out-of-order", _vtt(b"00:05.000 --> 00:06.000\nB\n\n00:01.000 --> 00:02.000\nA\n")),
]

_SETTINGS = [
    ("valid-vertical", _cue_with("vertical:rl")),
    ("valid-line-number", _cue_with("line:-1")),
    ("valid-line-percent-align", _cue_with("line:50%,end")),
    ("valid-position-align", _cue_with("position:10%,line-left")),
    ("valid-size-align", _cue_with("size:80% align:left")),
    ("netflix-position-align", _cue_with("position:50.00%,middle align:middle")),
    ("invalid-vertical", _cue_with("vertical:up")),
    ("invalid-line", _cue_with("line:1.5.5 line:--1 line:abc line:101% line:0,middle")),
    ("invalid-position", _cue_with("position:x position:101%")),
    ("invalid-size", _cue_with("size:50 size:-1%")),
    ("invalid-align", _cue_with("align:justify")),
    ("unknown-settings", _cue_with("foo:bar baz :x y: ::")),
    ("repeated-settings", _cue_with("align:start align:end line:0 line:1")),
    ("undefined-region", _cue_with("region:nowhere")),
    ("nbsp-between-settings", _cue_with("align:start\u00a0line:0")),
    (
        "region-invalid-settings",
        _vtt(
            b"REGION\nid:r width:x lines:a regionanchor:0% viewportanchor:x,y scroll:down\n\n" + CUE
        ),
    ),
    ("region-repeated-settings", _vtt(b"REGION\nid:a id:b width:10% width:20%\n\n" + CUE)),
    ("region-without-id", _vtt(b"REGION\nwidth:40%\n\n" + CUE)),
]

_CUE_TEXT = [
    ("tags", _text("<b>bold</b> <i>it</i> <u>u</u> <c.red.big>c</c> <lang en>l</lang>")),
    ("ruby", _text("<ruby>漢<rt>kan</rt>字<rt>ji</rt></ruby>")),
    ("voices", _text("<v Ana>Hi</v> <v.loud Bo>yo</v>\n<v Ana>again")),
    ("timestamp-tags", _text("one <00:01.500>two <00:00:01.800>three")),
    ("entities", _text("&amp; &lt; &gt; &nbsp;x &lrm;&rlm; &notin; &#x41;&#66; &bogus; &amp")),
    ("ampersands", _text("Fish & chips &&; a&b")),
    ("unclosed-tag", _text("<b>never closed")),
    ("lone-less-than", _text("a < b\nc <")),
    ("angle-at-end", _text("open <i")),
    ("nul-in-text", _text("A\0B")),
    ("empty-cue", _vtt(b"00:01.000 --> 00:02.000\n\n00:03.000 --> 00:04.000\nB")),
    ("spaces-in-text", _text("  padded  \n\n")),
    ("line-separator", _text("one\u2028two")),
    ("bidi", _text("\u202bمرحبا\u202c")),
    ("escaped-arrow", _text("a --&gt; b")),
    ("tag-with-newline", _vtt(b"00:01.000 --> 00:02.000\n<c\n.x>A</c>\n")),
]

_REAL_SHAPES = [
    ("netflix-style", _NETFLIX),
    ("youtube-dl-layout", _YOUTUBE),
    ("film-trailing-space-lines", _vtt(b"00:01.000 --> 00:02.000\nThe end.\n\n   \n\n \n")),
]

CASES = [
    VttCase(name, step, data)
    for step, group in (
        ("signature", _SIGNATURE),
        ("header", _HEADER),
        ("blocks", _BLOCKS),
        ("timings", _TIMINGS),
        ("settings", _SETTINGS),
        ("cue text", _CUE_TEXT),
        ("real-world shapes", _REAL_SHAPES),
    )
    for name, data in group
]

#: Cases subsync reads otherwise than Chromium, on purpose, and why.
DEVIATIONS = {
    "no-signature-srt-shaped": "read as SRT with a warning (Chromium refuses the file)",
    "no-signature-srt-no-numbers": "read as SRT with a warning (Chromium refuses the file)",
    "latin-1-text": "refused, naming the likely encoding and the option (Chromium shows U+FFFD)",
    "end-before-start": "the cue ends where it starts, with a warning (Chromium keeps end < start)",
}
