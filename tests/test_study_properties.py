"""Properties of study scheduling, over any history of ratings and any spacing of reviews.

Reviews go through the engine's `review` (the function a session commits with), and each card
passes through JSON between reviews as it does through the store. Reviews may come early, late,
or even before the previous one (a clock set back): the properties must hold all the same.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from fsrs import Rating
from hypothesis import given, settings
from hypothesis import strategies as st

from casequiz.quiz.schedule import default_scheduler, review
from casequiz.studyrecords import CardRecord

START = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
)
RATINGS = st.sampled_from(list(Rating))
GAPS = st.floats(min_value=-2 * 86400, max_value=400 * 86400, allow_nan=False)
"""Seconds from one review to the next: from a clock set back two days to 400 days late."""
HISTORY = st.lists(st.tuples(RATINGS, GAPS), max_size=12)

PROPERTY = settings(max_examples=300, deadline=None)


def _through_json(record: CardRecord) -> CardRecord:
    stored = json.loads(json.dumps(record.card))
    return CardRecord(
        record.student,
        record.bank_id,
        record.question_id,
        stored,
        record.state,
        record.due,
        record.last_review,
        record.reviews,
        record.lapses,
    )


def _replay(
    start: datetime, history: list[tuple[Rating, float]]
) -> tuple[CardRecord | None, datetime]:
    scheduler = default_scheduler()
    card: CardRecord | None = None
    now = start
    for rating, gap in history:
        now += timedelta(seconds=gap)
        after, _ = review(scheduler, card, rating, now, student="s", bank_id="b", question_id="q")
        assert datetime.fromisoformat(after.due) > now
        card = _through_json(after)
    return card, now


@PROPERTY
@given(START, HISTORY, RATINGS, GAPS)
def test_the_next_due_time_is_never_in_the_past(
    start: datetime, history: list[tuple[Rating, float]], rating: Rating, gap: float
) -> None:
    card, now = _replay(start, history)
    now += timedelta(seconds=gap)
    after, log = review(
        default_scheduler(), card, rating, now, student="s", bank_id="b", question_id="q"
    )
    due = datetime.fromisoformat(after.due)
    assert due > now
    assert datetime.fromisoformat(log["review_datetime"]) == now
    assert after.reviews == (card.reviews if card else 0) + 1


@PROPERTY
@given(START, HISTORY, GAPS)
def test_again_never_schedules_later_than_good(
    start: datetime, history: list[tuple[Rating, float]], gap: float
) -> None:
    card, now = _replay(start, history)
    now += timedelta(seconds=gap)
    scheduler = default_scheduler()
    again, _ = review(scheduler, card, Rating.Again, now, student="s", bank_id="b", question_id="q")
    good, _ = review(scheduler, card, Rating.Good, now, student="s", bank_id="b", question_id="q")
    assert datetime.fromisoformat(again.due) <= datetime.fromisoformat(good.due)
    assert again.lapses >= good.lapses
