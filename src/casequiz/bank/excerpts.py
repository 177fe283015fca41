"""Finding an excerpt in its source text, forgiving only what copying text legitimately changes.

A quote copied from an article may differ from it in white space (line breaks, no-break spaces,
doubled spaces) and in straight vs typographic quotation marks. Nothing else is forgiven: an
excerpt is evidence, and evidence is word for word.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import


_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
    }
)


_ASCII_ODD_SPACE = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
"""The ASCII white space other than spaces and line breaks (what `str.isspace` also knows)."""


def normalize(text: str) -> str:
    """The form in which a quote and its source are compared: every run of white space one
    space (`str.split` and `\\s` know the same white space), none at either end."""
    if text.isascii() and not any(odd in text for odd in _ASCII_ODD_SPACE):
        # Most source texts: ASCII (no typographic quotes), spaces and line breaks only.
        # Replacing in C is three times as fast as splitting into a list of every word.
        spaced = text.replace("\n", " ")
        while "  " in spaced:
            spaced = spaced.replace("  ", " ")
        return spaced.strip(" ")
    return " ".join(text.translate(_QUOTES).split())


class Span(namedtuple("Span", ("start", "end"))):
    """Where an excerpt stands in the original text (character offsets, end exclusive)."""

    __slots__ = ()

    start: int
    end: int


class SourceText:
    """A source's text with an index from its normalised form back to the original offsets.

    The index costs a list entry per character, so it is built only when a span is asked for:
    checking a bank's quotes needs just the normalised text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._normalized: str | None = None
        self._spaced: str | None = None
        self._offsets: list[int] | None = None

    @property
    def normalized(self) -> str:
        """The text as `normalize` makes a quote, made on first use: a quote copied exactly
        is found in the text itself (`contains`), and a bank's sources can be megabytes."""
        if self._normalized is None:
            joined = normalize(self.text)  # split and joined: a third of the time of `\\s+`
            # Leading white space is dropped, as `normalize` does; a trailing space is kept,
            # so that the text and its index have one length.
            last = self.text[-1:]
            self._normalized = joined + " " if joined and last.isspace() else joined
            self._spaced = None  # what `contains` looked in first, no longer needed
        return self._normalized

    def _index(self) -> list[int]:
        """For each character of the normalised text, its offset in the original."""
        if self._offsets is None:
            offsets: list[int] = []
            in_space = True
            for index, char in enumerate(self.text):
                if char.isspace():
                    if not in_space:
                        offsets.append(index)
                    in_space = True
                else:
                    offsets.append(index)
                    in_space = False
            self._offsets = offsets
        return self._offsets

    def contains(self, quote: str) -> bool:
        """Whether `quote` is in the text verbatim, as `find` understands it."""
        wanted = normalize(quote)
        # Found in the text with its line breaks made spaces, it is found in the normalised
        # text too: its white space is single spaces between other characters, which
        # normalising leaves, and it has no typographic quotation marks (and normalising makes
        # none). So a quote copied exactly, even across a line break of a wrapped text, is found
        # without normalising the whole text, whose runs of spaces only a search character by
        # character finds: the most of a small bank's check of its excerpts.
        if not wanted:
            return False
        if self._normalized is None:
            if self._spaced is None:
                self._spaced = self.text.replace("\n", " ")
            if wanted in self._spaced:
                return True
        return wanted in self.normalized

    def find(self, quote: str) -> Span | None:
        """The span of `quote` in the original text, or None if it is not there verbatim."""
        wanted = normalize(quote)
        if not wanted:
            return None
        at = self.normalized.find(wanted)
        if at < 0:
            return None
        offsets = self._index()
        return Span(offsets[at], offsets[at + len(wanted) - 1] + 1)

    def closest(self, quote: str) -> str | None:
        """The passage most like `quote`, to show a teacher what the source really says."""
        from rapidfuzz import fuzz

        wanted = normalize(quote)
        if not wanted or not self.normalized:
            return None
        found = fuzz.partial_ratio_alignment(wanted, self.normalized)
        if found is None or found.score < 60:
            return None
        return self.normalized[found.dest_start : found.dest_end]
