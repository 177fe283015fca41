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

json_text = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""A value as the results store keeps it in a text column: `json.dumps` with these options,
through one encoder made once (an import writes some forty values a file)."""


class SealedMapping(dict[str, Any]):
    """A mapping that cannot change once made, and so keeps its JSON text (`json_text`).

    Re-scoring gives every answer with the same response to the same question one verdict:
    sealed, it is shared by those answers safely, and the store writes its text without
    encoding it again for each. It is a `dict` in every other way (equal to one, encoded as
    one); `dict(sealed)` or `sealed.copy()` gives a plain dict to change.
    """

    __slots__ = ("text",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text: str = json_text(self)

    def _sealed(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a sealed mapping cannot change; change a copy (dict(mapping))")

    __setitem__ = __delitem__ = __ior__ = _sealed
    clear = pop = popitem = setdefault = update = _sealed

    def __reduce__(self) -> tuple[Any, ...]:
        return (SealedMapping, (dict(self),))


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
        answers = [_answer(answer) for answer in data.get("answers", [])]
        return cls(**{k: v for k, v in data.items() if k in known}, answers=answers)


_ANSWER_FIELDS = frozenset(AnswerRecord.__dataclass_fields__)


def _answer(data: Any) -> AnswerRecord:
    """One answer of `AttemptRecord.from_json`: its fields by name where it has them all (the
    answers of a result file, by the thousand), else the general way, whose error says which
    field is missing."""
    if type(data) is dict:
        try:
            return AnswerRecord(
                slot=data["slot"],
                bank_id=data["bank_id"],
                question_id=data["question_id"],
                topic=data["topic"],
                response=data["response"],
                score=data["score"],
                max_score=data["max_score"],
                status=data["status"],
                verdict=data["verdict"],
                answered_at=data["answered_at"],
                seconds=data.get("seconds"),
            )
        except KeyError:
            pass
    return AnswerRecord(**{k: v for k, v in data.items() if k in _ANSWER_FIELDS})


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
    return hashlib.sha256(_canonical(content).encode("utf-8")).hexdigest()


_canonical = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
"""`json.dumps` with these options, through one encoder made once: the text digests hash."""


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
