"""What a QTI package cannot hold of a bank, one line per bank and kind of loss.

The lines are said on standard error by `casequiz bank export`, in the form the other writers
use: `BANK: what (N questions: ids)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from casequiz.bank.model import AnyQuestion, Bank, ChoiceBlank, NumericBlank, ShortBlank

__all__ = ["losses"]

_LOSSES: tuple[tuple[str, Callable[[AnyQuestion], bool]], ...] = (
    (
        "written as matching questions, each item to its place, as QTI 1.2 has no ordering",
        lambda q: q.type == "order",
    ),
    (
        "partial credit on multiple-answer questions is the LMS's own rule (Canvas gives it; "
        "the package's own scoring is all or nothing)",
        lambda q: q.type == "multiple" and getattr(q, "scoring", "") == "partial",
    ),
    (
        "fuzzy matching of short answers is not held: the answer and its accepted texts are",
        lambda q: getattr(q, "match", "") == "fuzzy",
    ),
    (
        "a cloze with typed and choice blanks is written with typed blanks, the choices "
        "listed below the passage (Canvas puts dropdowns and typed blanks in different "
        "question types)",
        lambda q: (
            _blanks(q, ChoiceBlank)
            and not all(isinstance(b, ChoiceBlank) for b in getattr(q, "blanks", {}).values())
        ),
    ),
    (
        "numeric blanks are matched as the figure written (Canvas's blanks take text: no "
        "tolerance, no unit)",
        lambda q: _blanks(q, NumericBlank, lambda b: bool(b.tolerance or b.unit)),
    ),
    (
        "blanks are matched ignoring case as Canvas does (exact and fuzzy matching are not held)",
        lambda q: _blanks(q, ShortBlank, lambda b: b.match != "normalized"),
    ),
    (
        "Canvas shares a cloze's points equally among its blanks (the package's own scoring "
        "gives each blank its points)",
        lambda q: len({b.points for b in getattr(q, "blanks", {}).values()}) > 1,
    ),
    (
        "feedback per blank is not held by QTI",
        lambda q: _blanks(q, object, lambda b: bool(b.feedback)),
    ),
    ("hints are not held by QTI", lambda q: bool(q.hint)),
    (
        "topics, tags and difficulty are not held by QTI",
        lambda q: bool(q.topic or q.tags) or q.difficulty is not None,
    ),
)


def _blanks(
    question: AnyQuestion, kind: type, holds: Callable[[Any], bool] = lambda _: True
) -> bool:
    """Whether the question is a cloze with a blank of `kind` for which `holds` is true."""
    return any(isinstance(b, kind) and holds(b) for b in getattr(question, "blanks", {}).values())


def losses(banks: Sequence[Bank]) -> list[str]:
    """One line per bank and loss, naming the first few questions it touches."""
    lines = []
    for bank in banks:
        for what, applies in _LOSSES:
            ids = [q.id for q in bank.questions if applies(q)]
            if not ids:
                continue
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            noun = "question" if len(ids) == 1 else "questions"
            lines.append(f"{bank.id}: {what} ({len(ids)} {noun}: {shown})")
    return lines
