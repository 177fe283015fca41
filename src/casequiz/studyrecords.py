"""Study cards and their reviews as plain records: the contract between study mode and the store.

Like `casequiz.records`, they hold JSON-friendly values only, so the study engine need not know
SQL and the store need not know FSRS. A card is keyed by student, bank id and question id, never
by a question's wording, so editing a prompt keeps its history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class CardRecord:
    """One student's schedule for one question, as the store keeps it."""

    student: str
    bank_id: str
    question_id: str
    card: dict[str, Any]
    """The FSRS card (`fsrs.Card.to_dict()`), stored whole so it round-trips exactly."""
    state: str
    """learning, review or relearning (a question never reviewed has no card at all)."""
    due: str
    """When the question is due again: ISO 8601 in UTC, so text order is time order."""
    last_review: str | None = None
    reviews: int = 0
    lapses: int = 0
    """Times the question was forgotten after it was learned (rated Again in review)."""
    retired_at: str | None = None
    """Set when the question left its bank: the card is kept but no longer studied or counted."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.bank_id, self.question_id)

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One rated answer in study mode: what was answered, the verdict, and the FSRS review log."""

    uid: str
    """Unique per answer: a rating changed before the next question replaces the row it names."""
    student: str
    bank_id: str
    question_id: str
    rating: int
    """The rating that stands: 1 Again, 2 Hard, 3 Good, 4 Easy (FSRS's numbers)."""
    suggested: int
    """The rating the verdict suggested; it differs from `rating` when the student overrode it."""
    reviewed_at: str
    log: dict[str, Any]
    """The FSRS review log (`fsrs.ReviewLog.to_dict()`)."""
    response: Any
    verdict: dict[str, Any]
    due: str
    """The due time this review set, in UTC."""
    seconds: float | None = None
