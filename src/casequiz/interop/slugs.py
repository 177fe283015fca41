"""Bank ids from Moodle names: a slug the bank format accepts, unique within the bank."""

from __future__ import annotations

import re
import unicodedata

from casequiz.bank.model import SLUG

_SLUG = re.compile(SLUG)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_LENGTH = 60


def is_slug(text: str) -> bool:
    return bool(_SLUG.match(text))


def slugify(text: str, fallback: str = "question") -> str:
    """`What's EBA?` -> `what-s-eba`: lower case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] or slug[:MAX_LENGTH]
    return slug.strip("-") or fallback


class Slugs:
    """Hands out ids, each unique: a second `intro` becomes `intro-2`."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, wanted: str) -> str:
        slug, n = wanted, 1
        while slug in self._taken:
            n += 1
            slug = f"{wanted}-{n}"
        self._taken.add(slug)
        return slug
