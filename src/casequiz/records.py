"""Attempts and answers as plain records: the contract between the quiz engine and the store.

No behaviour and JSON-friendly values only, so the engine need not know SQL and the store need
not know questions. They are also the shape of a result file, so that an attempt taken on a
student's machine can be merged into a grader's store exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol


@dataclass(slots=True)
class AnswerRecord:
    """One response to one drawn question, with its verdict, as committed."""

    slot: int
    bank_id: str
    question_id: str
    topic: str | None
    response: Any
    score: float
    max_score: float
    status: str
    verdict: dict[str, Any]
    answered_at: str
    seconds: float | None = None


@dataclass(slots=True)
class AttemptRecord:
    """An attempt: who, what was drawn and how, when, and (once finished) the score."""

    uid: str
    student: str
    mode: str
    banks: list[dict[str, Any]]
    plan: list[dict[str, Any]]
    started_at: str
    version: str
    seed: int | None = None
    selection: dict[str, Any] = field(default_factory=dict)
    position: int = 0
    flags: list[int] = field(default_factory=list)
    time_limit: float | None = None
    finished_at: str | None = None
    score: float | None = None
    max_score: float | None = None
    origin: str = "local"
    id: int | None = None
    answers: list[AnswerRecord] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def bank_ids(self) -> list[str]:
        return [bank["id"] for bank in self.banks]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("id")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AttemptRecord:
        """Rebuild a record from `to_json` output; raises KeyError/TypeError when malformed.

        Fields this version does not know are left out, so that a result file written by a
        later casequiz of the same file format can still be read.
        """
        known = set(cls.__dataclass_fields__) - {"answers", "id"}
        answer_fields = set(AnswerRecord.__dataclass_fields__)
        answers = [
            AnswerRecord(**{k: v for k, v in answer.items() if k in answer_fields})
            for answer in data.get("answers", [])
        ]
        return cls(**{k: v for k, v in data.items() if k in known}, answers=answers)


def _first(item: list[Any]) -> Any:
    return item[0]


def content_digest(record: AttemptRecord) -> str:
    """What makes an attempt the same attempt, whatever its uid: who, on which banks, when it
    started and every response given. A copy of a result file under a fresh uid has the same
    digest; scores are left out, since they are re-scored on import anyway."""
    content = [
        record.student,
        sorted(str(bank.get("hash", "")) for bank in record.banks),
        record.started_at,
        sorted(
            ([a.slot, a.bank_id, a.question_id, a.response] for a in record.answers), key=_first
        ),
    ]
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AttemptLog(Protocol):
    """Where an attempt commits its changes: the results store (whose protocol extends this one),
    or nothing in tests. Here, below both the quiz engine and the store, so each names it."""

    def create_attempt(self, record: AttemptRecord) -> int: ...
    def save_answer(
        self,
        attempt_id: int,
        answer: AnswerRecord,
        position: int | None = None,
        flags: list[int] | None = None,
    ) -> None: ...
    def save_progress(
        self, attempt_id: int, position: int | None = None, flags: list[int] | None = None
    ) -> None: ...
    def finish_attempt(
        self, attempt_id: int, finished_at: str, score: float, max_score: float
    ) -> None: ...
