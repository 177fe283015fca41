"""What an attempt comes to: each answer, the totals, and the score per topic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from casequiz.quiz.draw import Slot
from casequiz.quiz.scoring import Verdict

if TYPE_CHECKING:
    from casequiz.quiz.responses import Response


@dataclass(frozen=True, slots=True)
class Answer:
    """A response given to a slot and its verdict."""

    response: Response
    verdict: Verdict
    answered_at: datetime
    seconds: float | None = None


@dataclass(frozen=True, slots=True)
class TopicScore:
    topic: str
    score: float
    max: float
    answered: int
    questions: int

    @property
    def percent(self) -> float:
        return 100 * self.score / self.max if self.max else 0.0


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of an attempt so far: totals, by topic, and each slot with its answer."""

    score: float
    max: float
    answered: int
    correct: int
    topics: list[TopicScore]
    items: list[tuple[Slot, Answer | None]]

    @property
    def percent(self) -> float:
        return 100 * self.score / self.max if self.max else 0.0


def tally(slots: Sequence[Slot], answers: Mapping[int, Answer]) -> Result:
    """The result of `answers` to `slots` (by index): totals, by topic, and every slot."""
    items = [(slot, answers.get(i)) for i, slot in enumerate(slots)]
    topics: dict[str, list[float]] = {}
    for slot, answer in items:
        totals = topics.setdefault(slot.question.topic or "General", [0.0, 0.0, 0, 0])
        totals[1] += slot.question.points
        totals[3] += 1
        if answer is not None:
            totals[0] += answer.verdict.score
            totals[2] += 1
    return Result(
        score=sum(a.verdict.score for _, a in items if a),
        max=sum(slot.question.points for slot in slots),
        answered=len(answers),
        correct=sum(1 for a in answers.values() if a.verdict.correct),
        topics=[TopicScore(name, s, m, int(a), int(n)) for name, (s, m, a, n) in topics.items()],
        items=items,
    )
