"""The finished attempts a grader's reports are made of, read lean from the results store.

A report over a thousand attempts of a hundred questions reads a hundred thousand answers. The
store's `attempts()` decodes each answer's verdict and response from JSON, which a grade report
mostly does not need and which costs most of the time; so this module takes the store's
`report_rows()`, plain tuples of only the columns reports use, and keeps each response as the
JSON text the store holds (it is decoded only for the cells that show it). `from_record`
builds the same records from `AttemptRecord`s, for attempts that are not in a store, and so
the tests can check that both roads agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from casequiz.store.cells import response_text

if TYPE_CHECKING:
    from casequiz.records import AttemptRecord
    from casequiz.store.base import ResultsStore as Store

__all__ = [
    "BankRef",
    "GradedAnswer",
    "GradedAttempt",
    "from_record",
    "parse_since",
    "read_attempts",
    "response_text",
]


@dataclass(frozen=True, slots=True)
class BankRef:
    """A bank an attempt was drawn from, as the attempt recorded it."""

    id: str
    title: str
    hash: str
    path: str


class GradedAnswer(NamedTuple):
    """One committed answer; `response` is the response's JSON text, as stored.

    A named tuple rather than a frozen dataclass: a report builds a hundred thousand of them
    straight from database rows, and a tuple is made in one C call.
    """

    attempt_id: int
    """The store's id of the attempt (0 outside a store)."""
    slot: int
    bank: str
    question: str
    topic: str | None
    score: float
    max: float
    status: str
    response: str
    seconds: float | None


@dataclass(frozen=True, slots=True)
class GradedAttempt:
    """A finished attempt: who, which banks, what was drawn, when, its score, its answers."""

    uid: str
    student: str
    mode: str
    banks: tuple[BankRef, ...]
    drawn: tuple[tuple[str, str], ...]
    """(bank, question) of every question drawn, in the order shown."""
    started_at: str
    finished_at: str
    score: float
    max_score: float
    answers: tuple[GradedAnswer, ...]
    bank_ids: tuple[str, ...] = ()
    """Every bank it drew from, sorted: `bank_ids_of(banks, drawn)`."""
    verified: bool = True
    """Scored by casequiz against its bank; False for a result file imported without it."""

    @property
    def duration(self) -> float | None:
        """Seconds from start to finish; None when a timestamp cannot be read."""
        try:
            start = datetime.fromisoformat(self.started_at)
            end = datetime.fromisoformat(self.finished_at)
            return (end - start).total_seconds()
        except (TypeError, ValueError):
            return None


def parse_since(text: str) -> str:
    """`--since` as the store's UTC timestamp text, which compares correctly as a string.

    A date means midnight at its start, local time; a date and time without an offset is local
    time too. Raises ValueError for anything else.
    """
    value = text.strip()
    try:
        moment = datetime.combine(date.fromisoformat(value), time())
    except ValueError:
        moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # local time, as the user reads a clock
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _banks(raw: Any) -> tuple[BankRef, ...]:
    return tuple(
        BankRef(
            str(b.get("id", "")),
            str(b.get("title") or b.get("id", "")),
            str(b.get("hash", "")),
            str(b.get("path", "")),
        )
        for b in raw
    )


_make_answer = partial(tuple.__new__, GradedAnswer)
_bank_and_question = itemgetter("bank", "question")


def _drawn(raw: Any) -> tuple[tuple[str, str], ...]:
    return tuple(map(_bank_and_question, raw))


def bank_ids_of(banks: Iterable[BankRef], drawn: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(sorted({b.id for b in banks} | {bank for bank, _ in drawn}))


def read_attempts(
    store: Store,
    *,
    student: str | None = None,
    since: str | None = None,
    mode: str | None = None,
    responses: bool = True,
) -> list[GradedAttempt]:
    """The finished attempts in `store`, oldest first, filtered as `Store.attempts` filters.

    `since` is a timestamp from `parse_since`. Without `responses` every response is read as
    "null" and every time taken as None, for reports (statistics) that never show them.
    """
    attempts, rows = store.report_rows(student=student, since=since, mode=mode, responses=responses)
    if not attempts:
        return []
    answers: dict[int, list[GradedAnswer]] = {row[0]: [] for row in attempts}
    for answer in map(_make_answer, rows):  # C calls only: one tuple per row
        answers[answer[0]].append(answer)
    for found in answers.values():  # in slot order, which the table's order nearly always is
        slots = [a[1] for a in found]
        if slots != sorted(slots):
            found.sort(key=lambda a: a.slot)
    unverified = store.unverified()
    found = []
    for row in attempts:
        banks, drawn = _banks(json.loads(row[4])), _drawn(json.loads(row[5]))
        found.append(
            GradedAttempt(
                uid=row[1],
                student=row[2],
                mode=row[3],
                banks=banks,
                drawn=drawn,
                started_at=row[6],
                finished_at=row[7],
                score=float(row[8] or 0.0),
                max_score=float(row[9] or 0.0),
                answers=tuple(answers[row[0]]),
                bank_ids=bank_ids_of(banks, drawn),
                verified=row[1] not in unverified,
            )
        )
    return found


def from_record(record: AttemptRecord) -> GradedAttempt:
    """The graded view of an `AttemptRecord` (finished or not)."""
    banks, drawn = _banks(record.banks), _drawn(record.plan)
    return GradedAttempt(
        uid=record.uid,
        student=record.student,
        mode=record.mode,
        banks=banks,
        drawn=drawn,
        started_at=record.started_at,
        finished_at=record.finished_at or "",
        score=float(record.score or 0.0),
        max_score=float(record.max_score or 0.0),
        answers=tuple(
            GradedAnswer(
                record.id or 0,
                a.slot,
                a.bank_id,
                a.question_id,
                a.topic,
                a.score,
                a.max_score,
                a.status,
                json.dumps(a.response, ensure_ascii=False, separators=(",", ":")),
                a.seconds,
            )
            for a in sorted(record.answers, key=lambda a: a.slot)
        ),
        bank_ids=bank_ids_of(banks, drawn),
    )


def from_records(records: Iterable[AttemptRecord]) -> Iterator[GradedAttempt]:
    """The graded view of finished records, for attempts handled outside a store."""
    return (from_record(r) for r in records if r.finished)
