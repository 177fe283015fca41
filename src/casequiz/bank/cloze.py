"""Cloze questions: their passages (`passage`, re-exported here for every layer that shows or
scores one) and the excerpt a passage that `quotes` its source stands for.
"""

from __future__ import annotations

from casequiz.bank.light import construct
from casequiz.bank.passage import (
    GAP,
    Gap,
    Passage,
    answer_text,
    blank_names,
    blanks_in_order,
    fill,
    filled_passage,
    number_text,
    quoted_in,
    read_passage,
)

TYPE_CHECKING = False  # not from `typing`, which a quiz started from the cache never imports
if TYPE_CHECKING:
    from casequiz.bank.model import ClozeQuestion, Excerpt


def passage_excerpt(question: ClozeQuestion) -> Excerpt | None:
    """The passage as an excerpt of the source it `quotes`, for showing beside the feedback
    (of the kind the question is: the model's, or a light record)."""
    if question.quotes is None:
        return None
    excerpt: Excerpt = construct(
        question, "Excerpt", ref=question.quotes, quote=filled_passage(question)
    )
    return excerpt


def cited_excerpts(question: object) -> list[Excerpt]:
    """A question's excerpts: its `source`, and for a cloze that quotes, the passage itself."""
    excerpts = list(getattr(question, "source", ()))
    cloze = getattr(question, "type", None) == "cloze"
    own = passage_excerpt(question) if cloze else None  # type: ignore[arg-type]
    if own is not None and not any(e.ref == own.ref and e.quote == own.quote for e in excerpts):
        excerpts.append(own)
    return excerpts


__all__ = [
    "GAP",
    "Gap",
    "Passage",
    "answer_text",
    "blank_names",
    "blanks_in_order",
    "cited_excerpts",
    "fill",
    "filled_passage",
    "number_text",
    "passage_excerpt",
    "quoted_in",
    "read_passage",
]
