"""Copy one results store into another: a classroom's SQLite file into the department's
PostgreSQL database, or a department's attempts back into a file for a grader's laptop.

Everything goes through the `ResultsStore` interface, so any back end copies into any other.
Each attempt is merged in its own transaction and matched by its uid, each study review by its
uid, each card by student and question: copying again, or back, adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from casequiz.store.base import ResultsStore
from casequiz.store.cards import CardStore


@dataclass
class CopyCounts:
    attempts: int = 0
    """Attempts read from the source."""
    new_attempts: int = 0
    """Of those, attempts the destination did not hold yet."""
    reviews: int = 0
    new_reviews: int = 0
    cards: int = 0


def copy_store(source: ResultsStore, destination: ResultsStore) -> CopyCounts:
    """Merge every attempt (finished or not, with its answers) and every study card and review
    of `source` into `destination`."""
    counts = CopyCounts()
    for record in source.attempts(finished=None):
        counts.attempts += 1
        counts.new_attempts += destination.merge_attempt(record)
        _carry_trust(source, destination, record.uid)
    source_cards, destination_cards = CardStore(source), CardStore(destination)
    for student in source_cards.students():
        cards = source_cards.cards(student)
        reviews = list(source_cards.reviews(student))
        counts.cards += len(cards)
        counts.reviews += len(reviews)
        counts.new_reviews += destination_cards.merge(cards, reviews)
    return counts


_TRUST = "SELECT verified, content_digest, abandoned_at FROM attempts WHERE uid = ?"


def _carry_trust(source: ResultsStore, destination: ResultsStore, uid: str) -> None:
    """What the store knows of an attempt beyond its record: an attempt unverified in either
    store stays unverified, and its content digest and abandonment are kept."""
    row = source.conn.execute(_TRUST, (uid,)).fetchone()  # type: ignore[attr-defined]
    if row is None:
        return
    with destination.transaction() as conn:
        conn.execute(
            """UPDATE attempts SET verified = CASE WHEN ? < verified THEN ? ELSE verified END,
                   content_digest = COALESCE(content_digest, ?),
                   abandoned_at = COALESCE(abandoned_at, ?)
               WHERE uid = ?""",
            (row[0], row[0], row[1], row[2], uid),
        )
