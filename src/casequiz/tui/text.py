"""Bank text as Textual content: always literal, never markup, control characters visible.

A bank is written by someone else. `[bold]` in a prompt is text, and an escape sequence must
not reach the terminal, so every piece of bank text goes through `plain` (or `marked`) before a
widget sees it; widgets are never handed a bank string that Textual could parse as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content

from casequiz.quiz.literal import literal


def plain(text: str, style: str = "") -> Content:
    """`text` exactly as written, with control characters shown as escapes like `\\x1b`."""
    return Content.styled(literal(text), style) if style else Content(literal(text))


def marked(text: str, spans: Sequence[tuple[int, int]], style: str) -> Content:
    """`text` with `style` on the given character spans, literal as `plain` makes it.

    The spans index the original text; each piece is made visible on its own, so the escapes
    that replace control characters cannot shift a highlight onto the wrong words.
    """
    pieces: list[Content] = []
    at = 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        pieces.append(plain(text[at:start]))
        pieces.append(plain(text[start:end], style))
        at = end
    pieces.append(plain(text[at:]))
    return Content("").join(pieces)


def join(parts: Iterable[Content | str], separator: str = "") -> Content:
    """Content pieces joined; `str` parts are trusted UI text, never bank text."""
    return Content(separator).join(parts)


def points(value: float) -> str:
    """A score as people write it: `1`, `0.5`, `0.67`."""
    return f"{round(value, 2):g}"
