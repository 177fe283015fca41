"""Study cards and reviews in the results store: what `casequiz study` remembers between sessions.

`CardStore` wraps a `Store` and satisfies the study engine's `StudyLog` protocol. A card and the
review that produced it are written in one transaction, so the store never holds a review
without the schedule it set, nor a schedule without its review.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from casequiz.store.base import ResultsStore
from casequiz.store.db import student_id as _student_id
from casequiz.studyrecords import CardRecord, ReviewRecord

_SAVE_CARD = """INSERT INTO study_cards(student_id, bank_id, question_id, card, state, due,
        last_review, reviews, lapses, retired_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(student_id, bank_id, question_id) DO UPDATE SET
        card = excluded.card, state = excluded.state, due = excluded.due,
        last_review = excluded.last_review, reviews = excluded.reviews,
        lapses = excluded.lapses, retired_at = excluded.retired_at"""

_SAVE_REVIEW = """INSERT INTO study_reviews(uid, student_id, bank_id, question_id, rating,
        suggested, reviewed_at, log, response, verdict, due, seconds)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(uid) DO UPDATE SET
        rating = excluded.rating, suggested = excluded.suggested,
        reviewed_at = excluded.reviewed_at, log = excluded.log,
        response = excluded.response, verdict = excluded.verdict,
        due = excluded.due, seconds = excluded.seconds"""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _card_params(student: int, card: CardRecord, retired_at: str | None) -> tuple[Any, ...]:
    return (
        student,
        card.bank_id,
        card.question_id,
        _dumps(card.card),
        card.state,
        card.due,
        card.last_review,
        card.reviews,
        card.lapses,
        retired_at,
    )


def _review_params(student: int, review: ReviewRecord) -> tuple[Any, ...]:
    return (
        review.uid,
        student,
        review.bank_id,
        review.question_id,
        review.rating,
        review.suggested,
        review.reviewed_at,
        _dumps(review.log),
        _dumps(review.response),
        _dumps(review.verdict),
        review.due,
        review.seconds,
    )


class CardStore:
    """Study cards and reviews of one store."""

    def __init__(self, store: ResultsStore) -> None:
        self.store = store

    # -- writing ------------------------------------------------------------------------------

    def save_review(self, card: CardRecord, review: ReviewRecord) -> None:
        """Commit a card's new schedule and the review that set it, durably and together.

        A review with a `uid` already stored replaces it: a rating changed before the next
        question overwrites the one it corrects instead of counting as a second review.
        """
        with self.store.transaction() as conn:
            student = _student_id(conn, card.student)
            conn.execute(_SAVE_CARD, _card_params(student, card, None))
            conn.execute(_SAVE_REVIEW, _review_params(student, review))

    def merge(self, cards: Sequence[CardRecord], reviews: Sequence[ReviewRecord]) -> int:
        """Bring one student's cards and reviews from another store in; returns reviews new here.

        A card already here is replaced only by one reviewed later, and a review only by a
        later correction of itself (same uid), so merging twice, or back, changes nothing.
        """
        new = 0
        with self.store.transaction() as conn:
            for card in cards:
                student = _student_id(conn, card.student)
                conn.execute(
                    _SAVE_CARD + " WHERE COALESCE(excluded.last_review, '') > "
                    "COALESCE(study_cards.last_review, '')",
                    _card_params(student, card, card.retired_at),
                )
            for review in reviews:
                student = _student_id(conn, review.student)
                known = conn.execute(
                    "SELECT 1 FROM study_reviews WHERE uid = ?", (review.uid,)
                ).fetchone()
                new += known is None
                conn.execute(
                    _SAVE_REVIEW + " WHERE excluded.reviewed_at > study_reviews.reviewed_at",
                    _review_params(student, review),
                )
        return new

    def sync_questions(self, student: str, questions: Mapping[str, Sequence[str]], at: str) -> None:
        """Retire the student's cards of questions no longer in their bank (as loaded now), and
        bring back those whose question has returned. Banks not named are left alone."""
        with self.store.transaction() as conn:
            row = conn.execute("SELECT id FROM students WHERE name = ?", (student,)).fetchone()
            if row is None:
                return
            for bank_id, ids in questions.items():
                present = set(ids)
                for card in conn.execute(
                    """SELECT question_id, retired_at FROM study_cards
                       WHERE student_id = ? AND bank_id = ?""",
                    (row[0], bank_id),
                ).fetchall():
                    gone = card["question_id"] not in present
                    if gone == (card["retired_at"] is not None):
                        continue
                    conn.execute(
                        """UPDATE study_cards SET retired_at = ?
                           WHERE student_id = ? AND bank_id = ? AND question_id = ?""",
                        (at if gone else None, row[0], bank_id, card["question_id"]),
                    )

    # -- reading ------------------------------------------------------------------------------

    def cards(self, student: str) -> list[CardRecord]:
        """Every card of the student, retired ones included, by bank and question."""
        rows = self.store.conn.execute(
            """SELECT c.*, s.name AS student FROM study_cards c
               JOIN students s ON s.id = c.student_id
               WHERE s.name = ? ORDER BY c.bank_id, c.question_id""",
            (student,),
        ).fetchall()
        return [
            CardRecord(
                student=row["student"],
                bank_id=row["bank_id"],
                question_id=row["question_id"],
                card=json.loads(row["card"]),
                state=row["state"],
                due=row["due"],
                last_review=row["last_review"],
                reviews=row["reviews"],
                lapses=row["lapses"],
                retired_at=row["retired_at"],
            )
            for row in rows
        ]

    def reviews(self, student: str, since: str | None = None) -> Iterator[ReviewRecord]:
        """The student's reviews, oldest first; with `since`, only those at or after it."""
        where, params = "WHERE s.name = ?", [student]
        if since is not None:
            where += " AND r.reviewed_at >= ?"
            params.append(since)
        for row in self.store.conn.execute(
            f"""SELECT r.*, s.name AS student FROM study_reviews r
                JOIN students s ON s.id = r.student_id
                {where} ORDER BY r.reviewed_at, r.id""",
            params,
        ):
            yield ReviewRecord(
                uid=row["uid"],
                student=row["student"],
                bank_id=row["bank_id"],
                question_id=row["question_id"],
                rating=row["rating"],
                suggested=row["suggested"],
                reviewed_at=row["reviewed_at"],
                log=json.loads(row["log"]),
                response=json.loads(row["response"]),
                verdict=json.loads(row["verdict"]),
                due=row["due"],
                seconds=row["seconds"],
            )

    def students(self) -> list[str]:
        """Students who have studied, by name."""
        return [
            row[0]
            for row in self.store.conn.execute(
                """SELECT DISTINCT s.name FROM study_cards c
                   JOIN students s ON s.id = c.student_id ORDER BY s.name"""
            )
        ]
