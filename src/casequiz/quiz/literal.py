"""Bank text shown as typed: control characters made visible instead of obeyed.

A bank is data from a stranger. An escape sequence in a prompt must not recolour, move or
clear the student's terminal, so every control character except line breaks and tabs is shown
as its escape (`\\x1b`), in the TUI and the plain mode alike.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def literal(text: str) -> str:
    """`text` with control and bidirectional-override characters written as escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
