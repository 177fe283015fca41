"""Markdown for reports: tables whose cells show any text literally, and readable numbers.

Names and responses come from students: a `|` would split a cell, a `*` or `<b>` would be
rendered as markup. Every text cell is escaped so the report shows exactly what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["escape", "number", "table"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")


def escape(text: str) -> str:
    """Text shown literally inside a Markdown table cell."""
    text = text.replace("&", "&amp;")
    text = _SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split()) if any(c in text for c in "\r\n\t") else text


def number(value: float | int | None, decimals: int = 2) -> str:
    """A number as a person reads it: `3`, `2.5`, `66.67`; an empty cell for None."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _cell(value: object, decimals: int) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value, decimals)
    return escape(str(value))


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    decimals: int = 2,
) -> str:
    """A GitHub-flavoured Markdown table; numeric columns (by their first value) align right."""
    rows = [list(row) for row in rows]
    numeric = [
        any(isinstance(row[i], int | float) and not isinstance(row[i], bool) for row in rows[:50])
        for i in range(len(columns))
    ]
    lines = [
        "| " + " | ".join(escape(c) for c in columns) + " |",
        "|" + "|".join("---:" if n else "---" for n in numeric) + "|",
    ]
    lines += ["| " + " | ".join(_cell(v, decimals) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
