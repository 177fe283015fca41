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


_CONTROL_BUT_CRLF = re.compile(
    r"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def for_terminal(text: str) -> str:
    """A report bound for a terminal, its control characters made visible as `literal` does,
    but its line ends (CSV writes CRLF) kept: text from banks, result files and the store is
    shown, never obeyed. Files written with `-o` are not passed through this."""
    return _CONTROL_BUT_CRLF.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
