"""Which attempts, and which part of each, a report covers: `--bank` and `--attempts`.

A grader thinks in banks: a bank is the quiz they handed out. An attempt drawn from several
banks (casequiz draws from every bank it is given) is seen through one bank at a time when a
bank is named, as the questions it drew from that bank and the score it earned on them. With no
bank named an export shows each attempt whole, and "the quiz" is the set of banks it drew from.

`--attempts first|last|best|all` then keeps, for each student and quiz, Moodle's choice of
attempts: the first started, the last started, the one with the highest percentage (the
earliest of equals), or every one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from casequiz.grade.source import GradedAnswer, GradedAttempt

__all__ = ["WHICH", "Part", "Which", "choose", "parts"]

Which = Literal["first", "last", "best", "all"]
WHICH: tuple[Which, ...] = ("first", "last", "best", "all")


@dataclass(frozen=True, slots=True)
class Part:
    """An attempt, or the part of it drawn from one bank.

    `score` and `max` are the stored totals for a whole attempt and the sums over the bank's
    questions for a part; `max` counts drawn questions left unanswered, whose points come from
    `question_max` (the caller's catalog).
    """

    attempt: GradedAttempt
    banks: tuple[str, ...]
    drawn: tuple[tuple[str, str], ...]
    answers: tuple[GradedAnswer, ...]
    score: float
    max: float

    @property
    def quiz(self) -> str:
        """The quiz this part belongs to, for grouping: its bank ids, sorted, joined by '+'."""
        return "+".join(self.banks)

    @property
    def percent(self) -> float | None:
        return 100 * self.score / self.max if self.max else None


def parts(
    attempts: Iterable[GradedAttempt],
    bank: str | None,
    question_max: dict[tuple[str, str], float],
) -> list[Part]:
    """Each attempt whole (bank None), or its part drawn from `bank` for those that drew any."""
    found: list[Part] = []
    for attempt in attempts:
        if bank is None or attempt.bank_ids == (bank,):  # the whole attempt
            found.append(
                Part(
                    attempt,
                    attempt.bank_ids,
                    attempt.drawn,
                    attempt.answers,
                    attempt.score,
                    attempt.max_score,
                )
            )
            continue
        if bank not in attempt.bank_ids:
            continue
        drawn = tuple(key for key in attempt.drawn if key[0] == bank)
        answers = tuple(a for a in attempt.answers if a.bank == bank)
        maxima = {(a.bank, a.question): a.max for a in answers}
        for key in drawn:
            maxima.setdefault(key, question_max.get(key, 1.0))
        found.append(
            Part(
                attempt,
                (bank,),
                drawn,
                answers,
                math.fsum(a.score for a in answers),
                math.fsum(maxima.values()),
            )
        )
    return found


def _rank(part: Part) -> float:
    return part.percent or 0.0


def choose(found: Sequence[Part], which: Which) -> list[Part]:
    """Moodle's attempts to analyse, per student and quiz, in the order given."""
    if which == "all":
        return list(found)
    if which not in WHICH:
        raise ValueError(f"--attempts must be one of {', '.join(WHICH)}, not {which!r}")
    kept: dict[tuple[str, str], Part] = {}
    for part in sorted(found, key=lambda p: (p.attempt.started_at, p.attempt.uid)):
        key = (part.attempt.student, part.quiz)
        held = kept.get(key)
        better = which == "best" and held is not None and _rank(part) > _rank(held)
        if held is None or which == "last" or better:
            kept[key] = part
    chosen = {id(p) for p in kept.values()}
    return [p for p in found if id(p) in chosen]
