"""Finding an excerpt in its source text, forgiving only what copying text legitimately changes.

A quote copied from an article may differ from it in white space (line breaks, no-break spaces,
doubled spaces) and in straight vs typographic quotation marks. Nothing else is forgiven: an
excerpt is evidence, and evidence is word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The form in which a quote and its source are compared."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True, slots=True)
class Span:
    """Where an excerpt stands in the original text (character offsets, end exclusive)."""

    start: int
    end: int


class SourceText:
    """A source's text with an index from its normalised form back to the original offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        offsets: list[int] = []
        in_space = True  # so that leading white space is dropped, as `normalize` does
        for index, char in enumerate(text.translate(_QUOTES)):
            if char.isspace():
                if not in_space:
                    chars.append(" ")
                    offsets.append(index)
                in_space = True
            else:
                chars.append(char)
                offsets.append(index)
                in_space = False
        self.normalized = "".join(chars)
        self._offsets = offsets

    def find(self, quote: str) -> Span | None:
        """The span of `quote` in the original text, or None if it is not there verbatim."""
        wanted = normalize(quote)
        if not wanted:
            return None
        at = self.normalized.find(wanted)
        if at < 0:
            return None
        return Span(self._offsets[at], self._offsets[at + len(wanted) - 1] + 1)

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
