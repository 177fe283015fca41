"""Scoring a response sheet: a mapping of question id to response, collected on paper or a form.

Every question of the bank gets a line in the outcome: answered, unanswered, or unreadable with
the reason. Ids the bank does not have are reported, not fatal: one typo in a sheet must not
lose the other answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from casequiz.quiz.draw import Slot
from casequiz.quiz.numbers import NumberError, read_number
from casequiz.quiz.responses import ResponseError, coerce_response
from casequiz.quiz.scoring import Verdict, expected_response, score

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank
    from casequiz.bank.model import ClozeQuestion
    from casequiz.quiz.responses import Response


@dataclass(frozen=True, slots=True)
class SheetLine:
    """The outcome for one question of the bank."""

    slot: Slot
    given: Any
    response: Response | None
    verdict: Verdict | None
    error: str | None = None

    @property
    def status(self) -> str:
        if self.error is not None:
            return "unreadable"
        if self.verdict is None:
            return "unanswered"
        return self.verdict.status

    @property
    def score(self) -> float:
        return self.verdict.score if self.verdict else 0.0

    def to_json(self) -> dict[str, Any]:
        question = self.slot.question
        expected = (
            self.verdict.expected
            if self.verdict
            else score(question, expected_response(question)).expected
        )
        data: dict[str, Any] = {
            "id": question.id,
            "score": self.score,
            "max": question.points,
            "correct": bool(self.verdict and self.verdict.correct),
            "response": self.given,
            "expected": expected,
            "verdict": self.status,
        }
        if self.verdict and self.verdict.reading:
            data["reading"] = self.verdict.reading
        if self.error:
            data["error"] = self.error
        return data


@dataclass
class SheetResult:
    bank: LoadedBank
    lines: list[SheetLine]
    unknown: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(line.score for line in self.lines)

    @property
    def max(self) -> float:
        return sum(line.slot.question.points for line in self.lines)

    @property
    def problems(self) -> int:
        return len(self.unknown) + sum(1 for line in self.lines if line.error)

    def to_json(self) -> dict[str, Any]:
        return {
            "bank": self.bank.bank.id,
            "score": self.score,
            "max": self.max,
            "questions": [line.to_json() for line in self.lines],
            "unknown": self.unknown,
        }


def _as_typed(value: Any) -> Any:
    """A sheet value as the text that was written where YAML read more into it: an unquoted
    `2019-05-01` is a date to YAML but an answer to the teacher (and must stay JSON-writable)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_as_typed(item) for item in value]
    if isinstance(value, dict):
        return {str(_as_typed(k)): _as_typed(v) for k, v in value.items()}
    return value


def _read_figures(question: ClozeQuestion, response: dict[str, str]) -> None:
    """A numeric blank's answer that is no number makes the sheet's line unreadable, as for
    a numeric question: a transcription slip, not the student's mistake."""
    for name, text in response.items():
        blank = question.blanks[name]
        if blank.type == "numeric":
            try:
                read_number(text, blank.unit)
            except NumberError as exc:
                raise NumberError(f"blank {name!r}: {exc}") from None


def score_sheet(bank: LoadedBank, responses: dict[Any, Any]) -> SheetResult:
    """Score every question of `bank` against the sheet's responses."""
    by_id = {str(key): _as_typed(value) for key, value in responses.items()}
    lines: list[SheetLine] = []
    for question in bank.bank.questions:
        slot = Slot(bank, question)
        if question.id not in by_id or by_id[question.id] is None:
            lines.append(SheetLine(slot, None, None, None))
            continue
        given = by_id[question.id]
        try:
            response = coerce_response(question, given)
            if question.type == "numeric" and isinstance(response, str):
                read_number(response, question.unit)  # unreadable, not wrong, like any other
            if question.type == "cloze" and isinstance(response, dict):
                _read_figures(question, response)
        except (ResponseError, NumberError) as exc:
            lines.append(SheetLine(slot, given, None, None, str(exc)))
            continue
        lines.append(SheetLine(slot, given, response, score(question, response)))
    known = {q.id for q in bank.bank.questions}
    return SheetResult(bank, lines, [key for key in by_id if key not in known])
