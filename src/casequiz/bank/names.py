"""The patterns a bank's names follow, apart from the model so that code which only reads names
(a cloze text's blanks, the validator's fast path) need not import pydantic."""

from __future__ import annotations

SLUG = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
"""An id: a lowercase slug such as `eba-share`."""

BLANK_NAME = r"^(?:[1-9][0-9]*|[a-z0-9]+(?:[-_.][a-z0-9]+)*)$"
"""The name of a cloze blank: a slug, or a number written without leading zeros."""

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    from collections.abc import Callable


def is_slug(text: str) -> bool:
    """Whether `text` is a slug (`re.fullmatch(SLUG, text)`), without compiling the pattern:
    runs of lowercase ASCII letters and digits, one `-`, `_` or `.` between two runs."""
    if not text.isascii():
        return False
    for run in text.replace("-", ".").replace("_", ".").split("."):
        if not (run.isdigit() or (run.isalnum() and run.islower())):
            return False  # empty (a separator at an end, or two together), or another character
    return True


def full_match(pattern: str) -> Callable[[str], bool] | None:
    """The check of whether a text matches `pattern` whole, made without `re`, when `pattern`
    is one of the names' patterns here; else None. (Compiling them costs a small bank's check
    more than checking every name of it.)"""
    return _BY_TEXT.get(pattern)


_BY_TEXT: dict[str, Callable[[str], bool]] = {
    SLUG: is_slug,
    BLANK_NAME: is_slug,  # a number written without leading zeros is a slug too
}
