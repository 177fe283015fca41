"""Scheduling one question for one student: the rating an answer suggests, and FSRS's review.

Every due date comes from the `fsrs` package (`Scheduler.review_card`); this module only
chooses the rating from a verdict and carries the FSRS card in and out of a `CardRecord`, whole,
so the store round-trips it exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from fsrs import Card, Rating, Scheduler, State

from casequiz.studyrecords import CardRecord

if TYPE_CHECKING:
    from casequiz.bank.model import Question
    from casequiz.quiz.scoring import Verdict

EXPECTED_SECONDS: Mapping[str, float] = {
    "true_false": 15,
    "single": 20,
    "multiple": 30,
    "numeric": 30,
    "short": 30,
    "order": 45,
    "match": 60,
    "cloze": 20,
}
"""How long a student who knows the answer takes to read and answer each type of question (a
cloze: each of its blanks)."""

FAST_SHARE = 1 / 3
"""A right answer given in under this share of the expected time is rated Easy: it was known
at once, not worked out."""

STATE_NAMES: Mapping[State, str] = {
    State.Learning: "learning",
    State.Review: "review",
    State.Relearning: "relearning",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """UTC with microseconds always written, so stored times sort as text in time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def default_scheduler() -> Scheduler:
    """FSRS with its published defaults: 90% desired retention, 1 and 10 minute learning steps,
    and a little random fuzz on review intervals so questions learned together spread out."""
    return Scheduler()


def fast_limit(question: Question) -> float:
    """Seconds under which a right answer counts as fast."""
    parts = len(getattr(question, "blanks", ())) or 1
    return EXPECTED_SECONDS.get(question.type, 30) * parts * FAST_SHARE


def suggest_rating(question: Question, verdict: Verdict, seconds: float | None) -> Rating:
    """Wrong is Again; right with partial credit or only thanks to a fuzzy match is Hard; right
    and fast is Easy; otherwise right is Good."""
    if verdict.status == "wrong":
        return Rating.Again
    if verdict.status == "partial" or verdict.fuzzy:
        return Rating.Hard
    if seconds is not None and seconds < fast_limit(question):
        return Rating.Easy
    return Rating.Good


def new_card(now: datetime) -> Card:
    """A card for a question never reviewed, due at once."""
    return Card(card_id=int(now.timestamp() * 1000), due=now)


def card_of(record: CardRecord) -> Card:
    return Card.from_dict(record.card)  # type: ignore[arg-type]


def review(
    scheduler: Scheduler,
    before: CardRecord | None,
    rating: Rating,
    now: datetime,
    *,
    student: str,
    bank_id: str,
    question_id: str,
    seconds: float | None = None,
) -> tuple[CardRecord, dict[str, object]]:
    """The card after rating it `rating` at `now` (FSRS's own computation), and the review log."""
    now = now.astimezone(UTC)
    card = card_of(before) if before is not None else new_card(now)
    duration = None if seconds is None else max(0, round(seconds * 1000))
    after, log = scheduler.review_card(card, rating, now, duration)
    lapse = before is not None and card.state is State.Review and rating is Rating.Again
    record = CardRecord(
        student=student,
        bank_id=bank_id,
        question_id=question_id,
        card=dict(after.to_dict()),
        state=STATE_NAMES[after.state],
        due=iso(after.due),
        last_review=iso(now),
        reviews=(before.reviews if before else 0) + 1,
        lapses=(before.lapses if before else 0) + int(lapse),
    )
    return record, dict(log.to_dict())
