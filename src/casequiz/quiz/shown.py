"""How every face (terminal UI, plain mode) writes an answer back to the student.

One place, so that the TUI and plain mode agree: true and false are written as the options are
shown (`True`, `False`), several answers are joined the way the expected answer is, an order
reads as arrows, a cloze as each blank's name and answer, and an excerpt gets quotation marks
only when it has none of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from casequiz.quiz.responses import Response

if TYPE_CHECKING:
    from casequiz.bank.model import AnyQuestion

OPENING = "“\"‘'«„"
CLOSING = "”\"’'»“"


def joined(texts: Sequence[str]) -> str:
    """Several answers in one line: `a, b`, or `a; b` when an answer holds a comma."""
    return ("; " if any("," in text for text in texts) else ", ").join(texts)


def response_text(question: AnyQuestion, response: Response) -> str:
    """A response as a student reads it back: options listed, an order as arrows."""
    if isinstance(response, bool):
        return "True" if response else "False"
    if isinstance(response, list):
        items = [str(item) for item in response]
        return " → ".join(items) if question.type == "order" else joined(items)
    if isinstance(response, dict) and question.type == "cloze":
        from casequiz.bank.cloze import blank_names

        return "; ".join(
            f"{name}: {response[name]}" for name in blank_names(question) if response.get(name)
        )
    if isinstance(response, dict):
        return "; ".join(f"{left} → {right}" for left, right in response.items())
    return str(response)


def expected_shown(question: AnyQuestion, expected: str) -> str:
    """The expected answer (from the verdict) in the same words as the response."""
    if question.type == "true_false":
        return "True" if question.answer else "False"
    if question.type == "order":
        return " → ".join(question.items)
    return expected


def quote_marks(quote: str) -> tuple[str, str]:
    """The marks to put around an excerpt: none when it begins or ends with its own."""
    text = quote.strip()
    if text and (text[0] in OPENING or text[-1] in CLOSING):
        return "", ""
    return "“", "”"
