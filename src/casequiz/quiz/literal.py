"""Bank text shown as typed: control characters made visible instead of obeyed.

A bank is data from a stranger. An escape sequence in a prompt must not recolour, move or
clear the student's terminal, so every control character except line breaks and tabs is shown
as its escape (`\\x1b`), in the TUI and the plain mode alike.
"""

from __future__ import annotations

import re
from typing import Any

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


def visible_json(value: Any, *, indent: int | None = None) -> str:
    """`value` as JSON text that is safe on a terminal and still the same JSON: the control and
    bidirectional characters JSON leaves raw (DEL, C1, overrides) written as `\\uXXXX` escapes,
    which every JSON reader reads back as the same text (`literal`'s `\\x85` would not parse)."""
    import json  # here: `--help` and `validate` need no JSON encoder

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
