"""Hand-written SRT files in the shapes players meet, each read by subsync and by ffmpeg,
pysubs2 and the ``srt`` library, to say where subsync follows them and where they disagree.
"""

from __future__ import annotations

#: name -> bytes. Text is plain (no tags), so every reader's text can be compared.
_TWO = b"00:00:03,000 --> 00:00:04,000\nB\n"
SRT_CASES: dict[str, bytes] = {
    "lf": b"1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n" + _TWO,
    "crlf": b"1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n2\r\n" + _TWO.replace(b"\n", b"\r\n"),
    "cr-only": b"1\r00:00:01,000 --> 00:00:02,000\rA\r\r2\r" + _TWO.replace(b"\n", b"\r"),
    "no-numbers": b"00:00:01,000 --> 00:00:02,000\nA\n\n" + _TWO,
    "wrong-numbers": b"7\n00:00:01,000 --> 00:00:02,000\nA\n\n7\n" + _TWO,
    "dot-decimal": b"1\n00:00:01.000 --> 00:00:02.000\nA\n\n2\n00:00:03.000 --> 00:00:04.000\nB\n",
    "no-blank-before-number": b"1\n00:00:01,000 --> 00:00:02,000\nA\n2\n" + _TWO,
    "no-blank-no-number": b"00:00:01,000 --> 00:00:02,000\nA\n" + _TWO,
    "extra-spaces": b"  1  \n 00:00:01,000  -->  00:00:02,000 \n A \n\n2\n" + _TWO,
    "coordinates": b"1\n00:00:01,000 --> 00:00:02,000 X1:40 X2:600 Y1:20 Y2:50\nA\n",
    "blank-line-in-text": b"1\n00:00:01,000 --> 00:00:02,000\nA\n\nA2\n\n2\n" + _TWO,
    "many-blank-lines": b"\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n\n\n\n2\n" + _TWO + b"\n\n",
    "space-lines": b"1\n00:00:01,000 --> 00:00:02,000\nA\n \n2\n" + _TWO + b"  \n",
    "no-final-newline": b"1\n00:00:01,000 --> 00:00:02,000\nA",
    "one-digit-hours": b"1\n0:00:01,000 --> 0:00:02,000\nA\n",
    "long-hours": b"1\n100:00:01,000 --> 100:00:02,000\nA\n",
    "minutes-60": b"1\n00:60:01,000 --> 00:61:02,000\nA\n",
    "empty-cue": b"1\n00:00:01,000 --> 00:00:02,000\n\n2\n" + _TWO,
    "zero-length": b"1\n00:00:01,000 --> 00:00:01,000\nA\n",
    "out-of-order": b"1\n00:00:05,000 --> 00:00:06,000\nB\n\n2\n00:00:01,000 --> 00:00:02,000\nA\n",
    "number-as-last-text-line": b"1\n00:00:01,000 --> 00:00:02,000\nTotal:\n42\n\n2\n" + _TWO,
}

#: The readers subsync reads each case as (all three unless listed), where they disagree:
#: measured by tests/sources/test_srt.py, which fails when a reader changes its mind.
SRT_FOLLOWS: dict[str, tuple[str, ...]] = {
    "cr-only": ("ffprobe",),  # srt refuses the file, pysubs2 finds no cue
    "no-numbers": ("srt", "pysubs2"),  # ffmpeg refuses a file that starts with a timing line
    "no-blank-no-number": ("pysubs2",),  # srt keeps the 2nd timing line as text, ffmpeg refuses
    "extra-spaces": ("pysubs2",),  # srt and ffmpeg refuse
    "long-hours": ("srt", "ffprobe"),  # pysubs2 drops hours past 99
    "empty-cue": ("srt", "pysubs2"),  # ffmpeg drops the cue
    "zero-length": ("srt", "pysubs2"),  # ffprobe reports no duration for it
}
ALL_READERS = ("srt", "pysubs2", "ffprobe")
