"""Short answers: normalisation and typo tolerance, shared by scoring and response coercion.

A student who types `everything but arms`, `Everything-but-Arms` or `Évérything but Arms` means the
same answer; only the letters, digits and symbols count. White space and punctuation are dropped
entirely (not turned into spaces) so that `U.S.`, `U. S.` and `US` agree too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

# The ASCII characters the full rule drops: punctuation and controls that are not white space.
_ASCII_DROP = str.maketrans(
    "",
    "",
    "".join(
        char
        for char in map(chr, range(128))
        if unicodedata.category(char)[0] in "PC" and not char.isspace()
    ),
)


def normalize(text: str) -> str:
    """Casefolded, accents and punctuation removed, white space collapsed: for showing and keys.

    NFKD splits accented letters into a base letter and combining marks (dropped), and folds
    compatibility forms (full-width letters, ligatures) to plain ones; typographic quotes and
    dashes are punctuation and go with the rest, as do invisible format characters.
    """
    if text.isascii():  # the common case, ten times faster, and the same result
        return " ".join(text.translate(_ASCII_DROP).lower().split())
    return _normalize_unicode(text)


def _normalize_unicode(text: str) -> str:
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        category = unicodedata.category(char)
        if char.isspace() or category.startswith("Z"):
            kept.append(" ")
        elif category[0] not in "MPC":
            kept.append(char)
    return " ".join("".join(kept).casefold().split())


@lru_cache(maxsize=4096)
def match_key(text: str) -> str:
    """The text `normalized` comparison uses: `normalize` without any white space."""
    return normalize(text).replace(" ", "")


def typo_budget(key: str) -> int:
    """How many edits a fuzzy match forgives, by the length of the expected key.

    Keys of three characters or fewer get none: one edit turns `EU` into `US`.
    """
    length = len(key)
    if length <= 3:
        return 0
    if length <= 8:
        return 1
    if length <= 20:
        return 2
    return 3


def _digits(key: str) -> str:
    return "".join(char for char in key if char.isdigit())


@dataclass(frozen=True, slots=True)
class TextMatch:
    """Which accepted text a response matched, and how many typos that took (0 when none)."""

    accepted: str
    edits: int = 0


def find_match(
    response: str, accepted: Iterable[str], mode: str = "normalized"
) -> TextMatch | None:
    """The accepted text `response` matches under `mode` (`exact`, `normalized` or `fuzzy`).

    `exact` compares after stripping outer white space only. `normalized` compares `match_key`s;
    a text with no letters or digits at all (say `?!`) falls back to `exact`, so an empty
    response never matches by having nothing left. `fuzzy` is `normalized` first, then the
    closest accepted text within `typo_budget` edits (Levenshtein, from rapidfuzz); a typo in a
    number is not forgiven, since `2018` for `2019` is a different answer.
    """
    candidates = list(accepted)
    typed = response.strip()
    for text in candidates:
        if typed == text.strip():
            return TextMatch(text)
    if mode == "exact":
        return None
    key = match_key(response)
    if not key:
        return None
    keys = [(text, match_key(text)) for text in candidates]
    for text, candidate in keys:
        if candidate and candidate == key:
            return TextMatch(text)
    if mode != "fuzzy":
        return None
    best: TextMatch | None = None
    for text, candidate in keys:
        budget = typo_budget(candidate)
        if not budget or _digits(candidate) != _digits(key):
            continue
        edits = Levenshtein.distance(key, candidate, score_cutoff=budget)
        if edits <= budget and (best is None or edits < best.edits):
            best = TextMatch(text, edits)
    return best
