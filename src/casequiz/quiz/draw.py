"""Drawing an attempt's questions from banks: which ones, in what order, with choices in what order.

Everything is decided by one seed, and the decisions are recorded in the attempt's plan, so an
attempt can be resumed exactly as it was and a teacher can hand out the same exam twice.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casequiz.quiz.literal import literal

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank
    from casequiz.bank.model import Question


class SelectionError(ValueError):
    """The selection asks for topics, tags or counts the banks cannot give."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Which questions an attempt draws: filters, how many, and the seed that orders them."""

    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    count: int | None = None
    seed: int | None = None
    question_ids: tuple[str, ...] = ()
    """Exactly these questions (`bank:question`), as when retrying the wrong ones."""

    def to_json(self) -> dict[str, Any]:
        return {
            "topics": list(self.topics),
            "tags": list(self.tags),
            "count": self.count,
            "question_ids": list(self.question_ids),
        }


@dataclass(frozen=True, slots=True)
class Slot:
    """One drawn question and the order in which its choices are shown."""

    bank: LoadedBank
    question: Question
    order: tuple[int, ...] = ()
    """A permutation of the options (single, multiple), items (order) or right-hand choices
    (match: right-hand sides, then distractors). Empty for the other types."""

    @property
    def key(self) -> str:
        return f"{self.bank.bank.id}:{self.question.id}"

    def choices(self) -> list[str]:
        """The options, items or right-hand choices in the order shown to the student."""
        base = _choices(self.question)
        return [base[i] for i in self.order] if self.order else base

    def to_plan(self) -> dict[str, Any]:
        return {"bank": self.bank.bank.id, "question": self.question.id, "order": list(self.order)}


def _choices(question: Question) -> list[str]:
    if question.type == "single" or question.type == "multiple":
        return list(question.options)
    if question.type == "order":
        return list(question.items)
    if question.type == "match":
        return list(dict.fromkeys([*question.pairs.values(), *question.distractors]))
    return []


def _permutation(question: Question, rng: random.Random) -> tuple[int, ...]:
    size = len(_choices(question))
    if size == 0:
        return ()
    order = list(range(size))
    rng.shuffle(order)
    if question.type == "order" and size > 1:
        while order == sorted(order):  # shown in the right order, the question answers itself
            rng.shuffle(order)
    return tuple(order)


def new_seed() -> int:
    return secrets.randbelow(2**31)


def draw(banks: Sequence[LoadedBank], selection: Selection) -> list[Slot]:
    """The slots of a new attempt; raises `SelectionError` when nothing matches."""
    seed = selection.seed if selection.seed is not None else new_seed()
    rng = random.Random(seed)
    pool = [(bank, q) for bank in banks for q in bank.bank.questions]
    if selection.question_ids:
        wanted = set(selection.question_ids)
        pool = [(b, q) for b, q in pool if f"{b.bank.id}:{q.id}" in wanted]
    if selection.topics:
        known = {q.topic.casefold(): q.topic for _, q in pool if q.topic}
        unknown = [t for t in selection.topics if t.casefold() not in known]
        if unknown:
            raise SelectionError(
                f"no topic {literal(', '.join(map(repr, unknown)))}; the topics are: "
                f"{literal(', '.join(sorted(known.values()))) or 'none'}"
            )
        topics = {t.casefold() for t in selection.topics}
        pool = [(b, q) for b, q in pool if q.topic and q.topic.casefold() in topics]
    if selection.tags:
        known = {t.casefold(): t for _, q in pool for t in q.tags}
        unknown = [t for t in selection.tags if t.casefold() not in known]
        if unknown:
            raise SelectionError(
                f"no tag {literal(', '.join(map(repr, unknown)))}"
                + (" among these topics" if selection.topics else "")
                + f"; the tags are: {literal(', '.join(sorted(known.values()))) or 'none'}"
            )
        tags = {t.casefold() for t in selection.tags}
        pool = [(b, q) for b, q in pool if tags & {t.casefold() for t in q.tags}]
    if not pool:
        raise SelectionError("no question matches the selection")
    if selection.count is not None and selection.count < 1:
        raise SelectionError("--count must be at least 1")
    rng.shuffle(pool)
    if selection.count is not None:
        pool = pool[: selection.count]
    return [Slot(bank, question, _permutation(question, rng)) for bank, question in pool]


def restore(banks: Sequence[LoadedBank], plan: Sequence[dict[str, Any]]) -> list[Slot]:
    """The slots of a recorded plan, found again by bank and question id.

    Raises `SelectionError` naming the first question that is no longer in its bank.
    """
    by_key = {(b.bank.id, q.id): (b, q) for b in banks for q in b.bank.questions}
    slots: list[Slot] = []
    for entry in plan:
        found = by_key.get((entry["bank"], entry["question"]))
        if found is None:
            raise SelectionError(
                f"question {entry['question']!r} of bank {entry['bank']!r} is no longer there"
            )
        bank, question = found
        order = tuple(entry.get("order") or ())
        if sorted(order) != list(range(len(_choices(question)))):
            order = tuple(range(len(_choices(question))))  # the choices changed since
        slots.append(Slot(bank, question, order))
    return slots
