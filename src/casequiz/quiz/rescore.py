"""Re-scoring an imported attempt against the bank the grader holds.

A result file is written on the student's machine, so every number in it may have been edited.
What the student cannot change without it showing is what they answered: each response is
scored again here with the same scoring as a live attempt, and the stored scores, verdicts,
totals and topics come from that, never from the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casequiz.quiz.responses import ResponseError
from casequiz.quiz.scorememo import ScoreMemo
from casequiz.records import AnswerRecord, AttemptRecord, SealedMapping

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank
    from casequiz.quiz.scoring import Verdict

_EPSILON = 1e-9


class RescoreError(ValueError):
    """The attempt cannot be an attempt at the bank: an unknown question, a misplaced answer."""


@dataclass(frozen=True, slots=True)
class Rescored:
    """The attempt as re-scored, what the file had claimed, and whether the two differ."""

    record: AttemptRecord
    claimed_score: float
    claimed_max: float
    disagrees: bool
    """The file's numbers are not the bank's: its totals, or any answer's score or status."""


def check_plan(record: AttemptRecord) -> None:
    """Every answer answers the question its slot drew, from a bank the attempt lists.

    This much holds with or without the bank, so it is checked for unverified imports too.
    """
    listed = set(record.bank_ids)
    for entry in record.plan:
        if entry["bank"] not in listed:
            raise RescoreError(
                f"its plan draws from bank {entry['bank']!r}, which it does not list"
            )
    for answer in record.answers:
        entry = record.plan[answer.slot]
        if (answer.bank_id, answer.question_id) != (entry["bank"], entry["question"]):
            raise RescoreError(
                f"the answer in slot {answer.slot} answers {answer.question_id!r}, "
                f"not the question drawn there ({entry['question']!r})"
            )


def check_claims(record: AttemptRecord) -> None:
    """The file's own numbers hold together: what an attempt imported without its bank (so
    not re-scored) must at least satisfy, since its scores are then the file's."""
    check_plan(record)
    for answer in record.answers:
        if answer.score > answer.max_score:
            raise RescoreError(f"the answer in slot {answer.slot} scores above its `max_score`")
    total = sum(a.score for a in record.answers)
    if abs(total - float(record.score or 0.0)) > _EPSILON * max(1.0, total):
        raise RescoreError("its `score` is not the sum of its answers' scores")
    if float(record.score or 0.0) > float(record.max_score or 0.0):
        raise RescoreError("its `score` is above its `max_score`")


class Rescorer:
    """Scores attempts on a set of banks, each bank's questions indexed once for all files,
    and each distinct response to a question scored once for all files (`ScoreMemo`)."""

    def __init__(self, banks: Iterable[LoadedBank]) -> None:
        self._questions: dict[tuple[str, str, str], ScoreMemo] = {
            (bank.bank.id, bank.digest, question.id): ScoreMemo(question)
            for bank in banks
            for question in bank.bank.questions
        }

    def rescore(self, record: AttemptRecord) -> Rescored:
        """`record` with every answer scored again on the banks of the hashes it names.

        Raises `RescoreError` for what no real attempt holds: a question the bank lacks, an
        answer in the wrong slot, a response of a shape the question cannot take.
        """
        check_plan(record)
        hashes = {bank["id"]: bank["hash"] for bank in record.banks}
        drawn: list[ScoreMemo] = []
        for entry in record.plan:
            memo = self._questions.get((entry["bank"], hashes[entry["bank"]], entry["question"]))
            if memo is None:
                raise RescoreError(
                    f"question {entry['question']!r} is not in bank {entry['bank']!r}"
                )
            drawn.append(memo)
        scored: list[tuple[AnswerRecord, str | None, Verdict, SealedMapping]] = []
        differs = False
        for answer in record.answers:
            memo = drawn[answer.slot]
            try:
                verdict, fields = memo.score(answer.response)
            except (ResponseError, TypeError, ValueError) as exc:
                raise RescoreError(
                    f"the response in slot {answer.slot} cannot be read ({exc})"
                ) from None
            differs = differs or (
                abs(verdict.score - answer.score) > _EPSILON
                or abs(verdict.max - answer.max_score) > _EPSILON
                or verdict.status != answer.status
            )
            scored.append((answer, memo.question.topic, verdict, fields))
        for answer, topic, verdict, fields in scored:  # once every response is read, not before
            answer.topic, answer.verdict = topic, fields
            answer.score, answer.max_score = verdict.score, verdict.max
            answer.status = verdict.status
        total = sum(a.score for a in record.answers)
        most = float(sum(memo.question.points for memo in drawn))
        claimed_score, claimed_max = float(record.score or 0.0), float(record.max_score or 0.0)
        differs = (
            differs or abs(total - claimed_score) > _EPSILON or abs(most - claimed_max) > _EPSILON
        )
        record.score, record.max_score = total, most
        return Rescored(record, claimed_score, claimed_max, differs)
