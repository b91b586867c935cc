"""Words measured once (display widths, spacing, times), so that the cue builder's many
questions about their spans (do words a to b fit one cue? where do their lines break?)
are answered with sums of integers, not by joining and measuring the text again."""

from __future__ import annotations

from collections.abc import Sequence

from subsync.layout.text import display_width
from subsync.layout.words import Piece


class Measured:
    """Facts about a run of words, by index: ``gaps[i]`` the space before word i (0 or 1),
    ``prefix[k]`` the columns of the first k words with the gap before each, and each
    word's start and end. A span is ``a`` to ``b`` (``b`` not included), the space before
    its first word not counted, as :func:`subsync.layout.words.join` shows it."""

    __slots__ = ("ends", "gaps", "pieces", "prefix", "ranks", "starts")

    def __init__(self, pieces: Sequence[Piece]) -> None:
        self.pieces = pieces
        self.gaps = [1 if piece.space_before else 0 for piece in pieces]
        self.prefix = [0] * (len(pieces) + 1)
        columns = 0
        for index, piece in enumerate(pieces):
            # Display width adds up over text joined (a column count per character), so
            # a span's width is a difference of two sums.
            text = piece.word.text
            plain = text.isascii() and text.isprintable()  # display_width's own shortcut
            columns += self.gaps[index] + (len(text) if plain else display_width(text))
            self.prefix[index + 1] = columns
        self.starts = [piece.word.start for piece in pieces]
        self.ends = [piece.word.end for piece in pieces]
        #: How good a line end each word makes, filled by the line breaker on first use.
        self.ranks: list[tuple[int, int, int]] | None = None

    def __len__(self) -> int:
        return len(self.pieces)

    def width(self, first: int, stop: int) -> int:
        """Columns words ``first`` to ``stop`` take joined (0 for none).

        >>> from subsync.layout.words import words_from_text
        >>> measured = Measured(words_from_text("ab cd 日本", 0, 1))
        >>> measured.width(0, 2), measured.width(1, 3), measured.width(2, 2)
        (5, 5, 0)
        """
        if stop <= first:
            return 0
        return self.prefix[stop] - self.prefix[first] - self.gaps[first]

    def widths(self) -> list[int]:
        """Columns of the first n words joined, for every n, as
        :func:`subsync.layout.words.prefix_widths` gives them (index 0 is 0).

        >>> from subsync.layout.words import prefix_widths, words_from_text
        >>> words = words_from_text("ab cd 日本", 0, 1)
        >>> Measured(words).widths() == prefix_widths(words) == [0, 2, 5, 8, 10]
        True
        """
        if not self.pieces:
            return [0]
        first_gap = self.gaps[0]  # the space before the first word is not shown
        return [0, *(columns - first_gap for columns in self.prefix[1:])]

    def duration(self, first: int, stop: int) -> int:
        """From the earliest start to the latest end of words ``first`` to ``stop``."""
        return max(self.ends[first:stop]) - min(self.starts[first:stop])
