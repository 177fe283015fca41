"""The patterns a bank's names follow, apart from the model so that code which only reads names
(a cloze text's blanks, the validator's fast path) need not import pydantic."""

SLUG = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
"""An id: a lowercase slug such as `eba-share`."""

BLANK_NAME = r"^(?:[1-9][0-9]*|[a-z0-9]+(?:[-_.][a-z0-9]+)*)$"
"""The name of a cloze blank: a slug, or a number written without leading zeros."""
