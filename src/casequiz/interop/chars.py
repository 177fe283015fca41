"""Bank text made safe for the formats other tools read.

Bank text is data, whatever it holds. XML 1.0 cannot hold most C0 control characters at all,
and Anki joins a note's fields with U+001F, so a control character in a bank would either break
the file or shift every field after it. They become U+FFFD, the replacement character, which
shows that something was there; tab and line breaks stay, as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = ["html_text", "number", "printable", "unrevealing"]

_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with every character XML 1.0 forbids (and DEL) replaced by U+FFFD."""
    return _UNPRINTABLE.sub("\ufffd", text)


def number(value: float) -> str:
    """A number as a teacher wrote it: `5800000000`, `5.8`, never `5800000000.0`."""
    text = repr(float(value))
    return text.removesuffix(".0") if "e" not in text else text


def html_text(text: str) -> str:
    """Bank text as HTML that shows exactly that text, line breaks included: bank text is
    data, and never becomes markup in the tool that shows it."""
    return html.escape(printable(text), quote=False).replace("\n", "<br>")


def unrevealing(items: Iterable[str]) -> list[str]:
    """Items in an order that gives nothing away (alphabetical) and is the same every time:
    the items of an order question, the right sides of a match."""
    return sorted(items, key=lambda item: (item.casefold(), item))
