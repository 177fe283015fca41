"""Study mode: spaced repetition of a bank's questions, scheduled for each student by FSRS.

A session asks the questions due now (the most overdue first), then up to `new` never seen,
up to `limit` in all. Each answer is scored as in practice; the verdict suggests an FSRS rating
(`suggest_rating`) and the student may change it. The `fsrs` package computes every due date:
nothing here is an interval formula.

Like `Attempt`, the session stores nothing itself. It hands each review to a `StudyLog` (the
results store) the moment an answer is scored, with the suggested rating, so a killed terminal
loses no answer; a rating changed before the next question replaces that review, computed
again from the card as it was before, so what is stored is what FSRS gives for the rating that
stands.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from fsrs import Rating, Scheduler

from casequiz.quiz.draw import Selection, Slot, draw
from casequiz.quiz.schedule import default_scheduler, iso, review, suggest_rating, utc_now
from casequiz.quiz.scoring import Verdict, score
from casequiz.studyrecords import CardRecord, ReviewRecord

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank
    from casequiz.quiz.responses import Response

Clock = Callable[[], datetime]

DEFAULT_NEW = 10
"""Questions never seen that a session adds after the due ones, unless `--new` says otherwise."""

LEARN_AHEAD = timedelta(minutes=20)
"""When the session's queue is empty, a question still being learned that falls due within
this time is asked again (Anki's "learn ahead" limit), so a failed question comes back before
the session ends."""


class StudyLog(Protocol):
    """Where a study session reads cards and commits reviews: the store, or nothing in tests."""

    def sync_questions(
        self, student: str, questions: Mapping[str, Sequence[str]], at: str
    ) -> None: ...
    def cards(self, student: str) -> list[CardRecord]: ...
    def save_review(self, card: CardRecord, review: ReviewRecord) -> None: ...


@dataclass(frozen=True, slots=True)
class Rated:
    """A committed review: the rating that stands and when the question is due again."""

    slot: Slot
    rating: Rating
    suggested: Rating
    reviewed_at: datetime
    due: datetime
    state: str

    @property
    def wait(self) -> timedelta:
        return self.due - self.reviewed_at


@dataclass(frozen=True, slots=True)
class Graded:
    """An answer scored and committed with its suggested rating, waiting for the student's."""

    slot: Slot
    response: Response
    verdict: Verdict
    seconds: float | None
    suggested: Rating
    rated: Rated


@dataclass(frozen=True, slots=True)
class _Pending:
    """The answer given to the current question, and the card as it was before it."""

    slot: Slot
    response: Response
    verdict: Verdict
    seconds: float | None
    suggested: Rating
    before: CardRecord | None
    uid: str
    rated: Rated | None = None


@dataclass
class StudySession:
    """One student's study session over some banks."""

    student: str
    banks: list[LoadedBank]
    queue: list[Slot]
    cards: dict[tuple[str, str], CardRecord]
    log: StudyLog | None = None
    scheduler: Scheduler = field(default_factory=default_scheduler)
    clock: Clock = utc_now
    learn_ahead: timedelta = LEARN_AHEAD
    due_count: int = 0
    new_count: int = 0
    current: Slot | None = None
    history: list[Rated] = field(default_factory=list)
    shown: int = 0
    """Questions shown so far, the current one included (rated, skipped or waiting)."""
    _pending: _Pending | None = field(default=None, repr=False)
    _shown_at: datetime | None = field(default=None, repr=False)
    _slots: dict[tuple[str, str], Slot] = field(default_factory=dict, repr=False)

    @classmethod
    def start(
        cls,
        banks: Sequence[LoadedBank],
        *,
        student: str,
        new: int = DEFAULT_NEW,
        limit: int | None = None,
        log: StudyLog | None = None,
        scheduler: Scheduler | None = None,
        clock: Clock = utc_now,
        seed: int | None = None,
        learn_ahead: timedelta = LEARN_AHEAD,
    ) -> StudySession:
        """Retire the cards of questions gone from their banks, then queue what is due and new."""
        now = clock()
        if log is not None:
            present = {b.bank.id: [q.id for q in b.bank.questions] for b in banks}
            log.sync_questions(student, present, iso(now))
        known = {r.key: r for r in log.cards(student)} if log is not None else {}
        due, fresh = plan(banks, known, now)
        keys = due + fresh[: max(new, 0)]
        if limit is not None:
            keys = keys[: max(limit, 0)]
        slots: dict[tuple[str, str], Slot] = {}
        if keys:
            wanted = tuple(f"{bank}:{question}" for bank, question in keys)
            for slot in draw(banks, Selection(seed=seed, question_ids=wanted)):
                slots[(slot.bank.bank.id, slot.question.id)] = slot
        session = cls(
            student=student,
            banks=list(banks),
            queue=[slots[key] for key in keys],
            cards={key: record for key, record in known.items() if not record.retired},
            log=log,
            scheduler=scheduler or default_scheduler(),
            clock=clock,
            learn_ahead=learn_ahead,
            due_count=sum(1 for key in keys if key in known),
            new_count=sum(1 for key in keys if key not in known),
            _slots=dict(slots),
        )
        session._advance()
        return session

    # -- the state a screen shows -------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def answered(self) -> bool:
        """The current question is answered and waits for its rating."""
        return self._pending is not None

    def is_new(self, slot: Slot) -> bool:
        """Never reviewed before this session."""
        return (slot.bank.bank.id, slot.question.id) not in self.cards

    def card_state(self, slot: Slot) -> str:
        record = self.cards.get((slot.bank.bank.id, slot.question.id))
        return record.state if record else "new"

    @property
    def remaining(self) -> int:
        """Questions still queued after the current one (questions asked again come on top)."""
        return len(self.queue)

    def next_due(self) -> datetime | None:
        """When the earliest of the student's cards in these banks is due."""
        dues = [datetime.fromisoformat(r.due) for r in self.cards.values()]
        return min(dues) if dues else None

    # -- what a student can do ----------------------------------------------------------------

    def answer(self, response: Response) -> Graded:
        """Score the current question and commit the review with the suggested rating."""
        slot = self._require_open()
        if self._pending is not None:
            raise RuntimeError("the answer is already given: rate it first")
        now = self.clock()
        verdict = score(slot.question, response)
        seconds = (now - self._shown_at).total_seconds() if self._shown_at else None
        if seconds is not None:
            seconds = max(seconds, 0.0)
        suggested = suggest_rating(slot.question, verdict, seconds)
        before = self.cards.get((slot.bank.bank.id, slot.question.id))
        pending = _Pending(slot, response, verdict, seconds, suggested, before, uuid.uuid4().hex)
        rated = self._commit(pending, suggested, now)
        self._pending = replace(pending, rated=rated)
        return Graded(slot, response, verdict, seconds, suggested, rated)

    @property
    def rated(self) -> Rated | None:
        """The review committed for the current answer, while it waits to be confirmed."""
        return self._pending.rated if self._pending is not None else None

    def change_rating(self, rating: Rating) -> Rated:
        """Replace the committed rating of the current answer, staying on the question.

        The card is computed again from its state before the answer, so changing one's mind
        any number of times stores exactly what FSRS gives for the last rating.
        """
        pending = self._pending
        if pending is None or pending.rated is None:
            raise RuntimeError("no answer to rate")
        if Rating(rating) == pending.rated.rating:
            return pending.rated
        rated = self._commit(pending, Rating(rating), pending.rated.reviewed_at)
        self._pending = replace(pending, rated=rated)
        return rated

    def rate(self, rating: Rating | None = None) -> Rated:
        """Keep the rating committed (None) or replace it; then move to the next question."""
        rated = self.change_rating(rating) if rating is not None else self.rated
        if rated is None:
            raise RuntimeError("no answer to rate")
        self._pending = None
        self.history.append(rated)
        self._advance(last=rated.slot)
        return rated

    def skip(self) -> None:
        """Leave the current question for another day: its card is not touched."""
        self._require_open()
        if self._pending is not None:
            raise RuntimeError("the answer is already given: rate it first")
        self._advance(last=self.current)

    # -- inside -------------------------------------------------------------------------------

    def _require_open(self) -> Slot:
        if self.current is None:
            raise RuntimeError("the study session is over")
        return self.current

    def _commit(self, pending: _Pending, rating: Rating, now: datetime) -> Rated:
        slot = pending.slot
        card, log = review(
            self.scheduler,
            pending.before,
            rating,
            now,
            student=self.student,
            bank_id=slot.bank.bank.id,
            question_id=slot.question.id,
            seconds=pending.seconds,
        )
        record = ReviewRecord(
            uid=pending.uid,
            student=self.student,
            bank_id=slot.bank.bank.id,
            question_id=slot.question.id,
            rating=int(rating),
            suggested=int(pending.suggested),
            reviewed_at=iso(now),
            log=log,
            response=pending.response,
            verdict=_verdict_json(pending.verdict),
            due=card.due,
            seconds=pending.seconds,
        )
        if self.log is not None:
            self.log.save_review(card, record)
        self.cards[card.key] = card
        return Rated(
            slot,
            rating,
            pending.suggested,
            now.astimezone(UTC),
            datetime.fromisoformat(card.due),
            card.state,
        )

    def _advance(self, last: Slot | None = None) -> None:
        """Show the next queued question; once the queue is empty, a question still being
        learned that falls due within `learn_ahead` (never the one just asked)."""
        if not self.queue:
            self.queue = self._learning_again(last)
        self.current = self.queue.pop(0) if self.queue else None
        self._shown_at = self.clock() if self.current is not None else None
        self.shown += self.current is not None

    def _learning_again(self, last: Slot | None) -> list[Slot]:
        horizon = self.clock() + self.learn_ahead
        studied = {(r.slot.bank.bank.id, r.slot.question.id) for r in self.history}
        skip = (last.bank.bank.id, last.question.id) if last is not None else None
        waiting = [
            (record.due, key)
            for key, record in self.cards.items()
            if key in studied
            and key != skip
            and record.state != "review"
            and datetime.fromisoformat(record.due) <= horizon
        ]
        return [self._slots[key] for _, key in sorted(waiting)[:1]]


def plan(
    banks: Sequence[LoadedBank], cards: Mapping[tuple[str, str], CardRecord], now: datetime
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The questions due at `now` (most overdue first) and those never seen (in bank order)."""
    stamp = iso(now)
    due: list[tuple[str, int, tuple[str, str]]] = []
    fresh: list[tuple[str, str]] = []
    order = 0
    for bank in banks:
        for question in bank.bank.questions:
            key = (bank.bank.id, question.id)
            record = cards.get(key)
            if record is None:
                fresh.append(key)
            elif not record.retired and record.due <= stamp:
                due.append((record.due, order, key))
            order += 1
    return [key for _, _, key in sorted(due)], fresh


def _verdict_json(verdict: Verdict) -> dict[str, object]:
    data = asdict(verdict)
    data["detail"] = list(verdict.detail)
    return data
