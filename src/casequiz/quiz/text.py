"""Short answers: normalisation and typo tolerance, shared by scoring and response coercion.

A student who types `everything but arms`, `Everything-but-Arms` or `Évérything but Arms` means the
same answer; only the letters, digits and symbols count. White space and punctuation are dropped
entirely (not turned into spaces) so that `U.S.`, `U. S.` and `US` agree too.

One rule reads dates: where an accepted answer is a date (a year, a month, or a day, month and
year in any order), `in 1979`, `since 1979`, `from 1994`, `on April 29`, `Aug.` and `in Aug 2020`
mean the date they name. Only the framing word and the month's spelling may differ: every part
of the date must still be there and equal, so `1978`, `August 2019` or `before 1979` stay wrong.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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


_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_NAMES = {name: name for name in _MONTHS} | {name[:3]: name for name in _MONTHS}
_MONTH_NAMES["sept"] = "september"
_DATE_LEADS = frozenset({"in", "since", "from", "on"})
"""Words that only frame a date: `in 1979` is 1979. `before`, `after`, `until`, `by` and
`about` change the date meant and are not among them."""


def _date_part(word: str) -> tuple[int, str] | None:
    """One word of a date as (kind, canonical form): 0 a day, 1 a month, 2 a year."""
    if word in _MONTH_NAMES:
        return 1, _MONTH_NAMES[word]
    digits = word[:-2] if word.endswith(("st", "nd", "rd", "th")) else word
    if not (digits.isascii() and digits.isdigit()):
        return None
    if digits == word and len(word) == 4:
        return 2, word
    if len(digits) <= 2 and 1 <= int(digits) <= 31:
        return 0, str(int(digits))
    return None


def date_key(text: str, *, framed: bool = False) -> str | None:
    """The date `text` names, as one canonical string (`29 april 2019`), or None if it is not
    a date: one to three words, at most one day, month and year each, with a month or a year.

    `framed` allows one leading framing word (`in`, `since`, `from`, `on`), as a response may
    have; an accepted answer is read without it.
    """
    words = normalize(text).split()
    if framed and len(words) > 1 and words[0] in _DATE_LEADS:
        words = words[1:]
    if not 1 <= len(words) <= 3:
        return None
    parts: dict[int, str] = {}
    for word in words:
        part = _date_part(word)
        if part is None or part[0] in parts:
            return None
        parts[part[0]] = part[1]
    if 1 not in parts and 2 not in parts:
        return None
    return " ".join(parts[kind] for kind in sorted(parts))


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
    response never matches by having nothing left; a date matches the same date however it is
    framed and its month spelled (`date_key`). `fuzzy` is `normalized` first, then the
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
    typed_date = date_key(response, framed=True)
    if typed_date is not None:
        for text in candidates:
            if date_key(text) == typed_date:
                return TextMatch(text)
    if mode != "fuzzy":
        return None
    from rapidfuzz.distance import Levenshtein  # here: a student's start-up need not load it

    best: TextMatch | None = None
    for text, candidate in keys:
        budget = typo_budget(candidate)
        if not budget or _digits(candidate) != _digits(key):
            continue
        edits = Levenshtein.distance(key, candidate, score_cutoff=budget)
        if edits <= budget and (best is None or edits < best.edits):
            best = TextMatch(text, edits)
    return best
