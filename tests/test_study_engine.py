"""Study mode: the session, the rating rule, and cards in the store round-tripped exactly."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from casequiz.bank.load import LoadedBank, load_banks
from casequiz.quiz.schedule import EXPECTED_SECONDS, FAST_SHARE, suggest_rating
from casequiz.quiz.scoring import Verdict, expected_response
from casequiz.quiz.study import StudySession
from casequiz.quiz.studystats import bank_counts, forecast, study_stats
from casequiz.store.cards import CardStore
from casequiz.store.db import Store

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

BANK = """\
casequiz: 1
id: drill
title: Drill
questions:
  - id: first
    type: true_false
    prompt: The first statement is true.
    answer: true
  - id: second
    type: true_false
    prompt: The second statement is false.
    answer: false
  - id: third
    type: short
    prompt: What does EBA stand for?
    answer: Everything but Arms
    match: fuzzy
  - id: fourth
    type: multiple
    prompt: Which goods?
    options: [garments, footwear, arms]
    answers: [garments, footwear]
"""


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def write_bank(folder: Path, text: str = BANK) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "drill.yaml"
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def banks_at(path: Path) -> list[LoadedBank]:
    return load_banks([path], use_cache=False)


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    return write_bank(tmp_path / "bank")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


def no_fuzz() -> Scheduler:
    return Scheduler(enable_fuzzing=False)


def start(path: Path, db: Path, clock: FakeClock, **options: object) -> tuple[StudySession, Store]:
    store = Store(db)
    session = StudySession.start(
        banks_at(path),
        student="ana",
        log=CardStore(store),
        clock=clock,
        scheduler=options.pop("scheduler", None) or no_fuzz(),  # type: ignore[arg-type]
        learn_ahead=options.pop("learn_ahead", timedelta(0)),  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )
    return session, store


# -- the rating rule ------------------------------------------------------------------------------


def _verdict(status: str, fuzzy: bool = False) -> Verdict:
    score = {"correct": 1.0, "partial": 0.5, "wrong": 0.0}[status]
    return Verdict(score, 1.0, status, "x", fuzzy=fuzzy)  # type: ignore[arg-type]


def test_the_verdict_suggests_the_rating(bank_file: Path) -> None:
    questions = {q.id: q for q in banks_at(bank_file)[0].bank.questions}
    tf, short, multiple = questions["first"], questions["third"], questions["fourth"]
    fast = EXPECTED_SECONDS["true_false"] * FAST_SHARE
    assert suggest_rating(tf, _verdict("wrong"), 1) is Rating.Again
    assert suggest_rating(tf, _verdict("correct"), fast - 0.1) is Rating.Easy
    assert suggest_rating(tf, _verdict("correct"), fast + 0.1) is Rating.Good
    assert suggest_rating(tf, _verdict("correct"), None) is Rating.Good
    assert suggest_rating(short, _verdict("correct", fuzzy=True), 1) is Rating.Hard
    assert suggest_rating(multiple, _verdict("partial"), 1) is Rating.Hard


def test_answers_are_rated_from_their_verdicts(bank_file: Path, db: Path) -> None:
    clock = FakeClock()
    session, store = start(bank_file, db, clock, new=4)
    with store:
        slow = timedelta(seconds=40)
        answers = {
            "first": False,
            "second": False,
            "third": "Everything but Armss",
            "fourth": ["garments"],
        }
        expected = {
            "first": Rating.Again,
            "second": Rating.Good,
            "third": Rating.Hard,
            "fourth": Rating.Hard,
        }
        while not session.finished:
            clock.now += slow
            slot = session.current
            assert slot is not None
            graded = session.answer(answers[slot.question.id])
            assert graded.suggested is expected[slot.question.id], slot.question.id
            session.rate()
        stored = {r.question_id: r.rating for r in CardStore(store).reviews("ana")}
        assert stored == {key: int(value) for key, value in expected.items()}


# -- FSRS computes the schedule, and the store keeps it exactly -----------------------------------

SCRIPT = [
    Rating.Good,
    Rating.Good,
    Rating.Again,
    Rating.Hard,
    Rating.Good,
    Rating.Easy,
    Rating.Again,
    Rating.Again,
    Rating.Good,
    Rating.Good,
    Rating.Hard,
    Rating.Easy,
]


def test_scripted_ratings_give_the_due_dates_fsrs_computes(bank_file: Path, db: Path) -> None:
    """Each review happens in a new session over a store opened afresh, so the card state
    must survive the store exactly for the due dates to match a pure FSRS run."""
    clock = FakeClock()
    pure_scheduler = no_fuzz()
    pure = Card(card_id=int(T0.timestamp() * 1000), due=T0)  # created when first reviewed
    pure_dues: list[datetime] = []
    dues: list[datetime] = []
    for step, rating in enumerate(SCRIPT):
        clock.now = max(clock.now, pure.due) + timedelta(hours=step)
        session, store = start(bank_file, db, clock, new=1 if step == 0 else 0)
        with store:
            assert session.current is not None
            assert session.current.question.id == "first"
            session.answer(True)
            rated = session.rate(rating)
            assert rated.rating is rating
        pure, _ = pure_scheduler.review_card(pure, rating, clock.now)
        pure_dues.append(pure.due)
        dues.append(rated.due)
        with Store(db) as store:
            (card,) = CardStore(store).cards("ana")
            assert card.card == pure.to_dict()
            assert datetime.fromisoformat(card.due) == pure.due
    assert dues == pure_dues
    with Store(db) as store:
        reviews = list(CardStore(store).reviews("ana"))
    assert [r.rating for r in reviews] == [int(r) for r in SCRIPT]
    assert [datetime.fromisoformat(r.due) for r in reviews] == pure_dues
    assert [r.log["rating"] for r in reviews] == [int(r) for r in SCRIPT]


def test_an_overridden_rating_replaces_the_suggested_one(bank_file: Path, db: Path) -> None:
    clock = FakeClock()
    session, store = start(bank_file, db, clock, new=1)
    with store:
        graded = session.answer(True)
        assert graded.suggested is Rating.Easy  # answered at once
        with Store(db) as other:  # already committed, before the student rates it
            assert [r.rating for r in CardStore(other).reviews("ana")] == [int(Rating.Easy)]
        rated = session.rate(Rating.Again)
        reviews = list(CardStore(store).reviews("ana"))
        (card,) = CardStore(store).cards("ana")
    assert [(r.rating, r.suggested) for r in reviews] == [(int(Rating.Again), int(Rating.Easy))]
    pure, _ = no_fuzz().review_card(Card(card_id=int(T0.timestamp() * 1000), due=T0), 1, T0)
    assert card.card == pure.to_dict()
    assert rated.due == pure.due
    assert card.reviews == 1


def test_changing_the_rating_again_and_again_stores_only_the_last(
    bank_file: Path, db: Path
) -> None:
    clock = FakeClock()
    session, store = start(bank_file, db, clock, new=1)
    with store:
        session.answer(True)
        for rating in (Rating.Hard, Rating.Easy, Rating.Again, Rating.Good):
            rated = session.change_rating(rating)
            assert rated.rating is rating
            assert session.current is not None  # still on the question
        session.rate()
        assert session.finished
        reviews = list(CardStore(store).reviews("ana"))
        (card,) = CardStore(store).cards("ana")
    pure, _ = no_fuzz().review_card(
        Card(card_id=int(T0.timestamp() * 1000), due=T0), Rating.Good, T0
    )
    assert [r.rating for r in reviews] == [int(Rating.Good)]
    assert card.card == pure.to_dict() and card.reviews == 1
    with pytest.raises(RuntimeError):
        session.rate()


# -- what a session asks ------------------------------------------------------------------------


def test_due_questions_come_oldest_first_then_new_up_to_the_limit(
    bank_file: Path, db: Path
) -> None:
    clock = FakeClock()
    session, store = start(bank_file, db, clock, new=2)
    with store:
        order = []
        for rating in (Rating.Good, Rating.Again):
            assert session.current is not None
            order.append(session.current.question.id)
            session.answer(True)
            session.rate(rating)
        assert session.finished
    assert order == ["first", "second"]  # new questions in bank order

    clock.advance(days=30)
    session, store = start(bank_file, db, clock, new=1)
    with store:
        assert (session.due_count, session.new_count) == (2, 1)
        asked = []
        while not session.finished:
            assert session.current is not None
            asked.append(session.current.question.id)
            session.skip()
    # both are due after 30 days; "second" (Again: a minute) was due before "first" (Good: ten)
    assert asked == ["second", "first", "third"]

    session, store = start(bank_file, db, clock, new=5, limit=1)
    with store:
        assert (session.due_count, session.new_count, session.remaining) == (1, 0, 0)


def test_a_skipped_question_keeps_its_card(bank_file: Path, db: Path) -> None:
    clock = FakeClock()
    session, store = start(bank_file, db, clock, new=1)
    with store:
        session.skip()
        assert session.finished
        assert CardStore(store).cards("ana") == []


def test_a_failed_question_comes_back_before_the_session_ends(bank_file: Path, db: Path) -> None:
    clock = FakeClock()
    session, store = start(bank_file, db, clock, new=2, learn_ahead=timedelta(minutes=20))
    with store:
        asked = []
        while not session.finished and len(asked) < 10:
            assert session.current is not None
            asked.append(session.current.question.id)
            clock.advance(seconds=30)
            session.answer(True)
            session.rate(Rating.Again if asked[-1] == "first" else Rating.Easy)
        assert session.finished
    # "first" (Again, due in a minute) comes back once "second" is done; never twice in a row
    assert asked == ["first", "second", "first"]


# -- a question's history follows its id, not its wording ---------------------------------------


def test_editing_keeps_history_and_deleting_retires(tmp_path: Path, db: Path) -> None:
    path = write_bank(tmp_path / "bank")
    clock = FakeClock()
    session, store = start(path, db, clock, new=2)
    with store:
        session.answer(True)
        session.rate(Rating.Good)
        session.answer(False)
        session.rate(Rating.Good)

    edited = BANK.replace("The first statement is true.", "The first statement, reworded.")
    edited = edited.replace(
        "  - id: second\n    type: true_false\n    prompt: The second statement is false.\n"
        "    answer: false\n",
        "",
    )
    write_bank(tmp_path / "bank", edited)
    clock.advance(days=60)
    session, store = start(path, db, clock, new=0)
    with store:
        asked = [session.current.question.id] if session.current else []
        cards = {c.question_id: c for c in CardStore(store).cards("ana")}
        banks = banks_at(path)
        stats = study_stats(banks, list(cards.values()), [], clock.now, tz=UTC)
    assert asked == ["first"] and session.remaining == 0
    assert cards["first"].reviews == 1 and not cards["first"].retired
    assert cards["second"].retired and cards["second"].reviews == 1
    assert stats[0].states == {"new": 2, "learning": 1, "review": 0, "relearning": 0, "retired": 1}

    write_bank(tmp_path / "bank")  # the question comes back, and so does its card
    session, store = start(path, db, clock, new=0)
    with store:
        assert {s.question.id for s in [session.current, *session.queue] if s} == {
            "first",
            "second",
        }
        assert not any(c.retired for c in CardStore(store).cards("ana"))


def test_students_have_their_own_schedules(bank_file: Path, db: Path) -> None:
    clock = FakeClock()
    session, store = start(bank_file, db, clock, new=4)
    with store:
        session.answer(True)
        session.rate(Rating.Good)
        assert CardStore(store).cards("bo") == []
        other = StudySession.start(banks_at(bank_file), student="bo", log=CardStore(store))
        assert other.new_count == 4


# -- counts, retention and forecast -------------------------------------------------------------


def test_counts_retention_and_forecast(bank_file: Path, db: Path) -> None:
    clock = FakeClock()
    session, store = start(bank_file, db, clock, new=4)
    with store:
        ratings = [Rating.Easy, Rating.Again, Rating.Good, Rating.Easy]
        for rating in ratings:
            assert session.current is not None
            session.answer(expected_response(session.current.question))
            session.rate(rating)
        cards = CardStore(store).cards("ana")
        reviews = list(CardStore(store).reviews("ana"))
    banks = banks_at(bank_file)
    (counts,) = bank_counts(banks, cards, clock.now)
    assert (counts.due, counts.new, counts.learned) == (0, 0, 2)
    (stats,) = study_stats(banks, cards, reviews, clock.now, tz=UTC)
    assert stats.states == {"new": 0, "learning": 2, "review": 2, "relearning": 0, "retired": 0}
    assert (stats.reviews, stats.recalled, stats.retention) == (4, 3, 0.75)
    days = forecast(cards, clock.now, tz=UTC)
    assert len(days) == 14 and days[0].day == T0.date()
    assert days[0].due == 2  # the Again and Good ones are due again in minutes
    assert sum(d.due for d in days) == 4
    data = stats.to_json()
    assert data["retention"] == {"days": 30, "reviews": 4, "recalled": 3, "rate": 0.75}
    assert data["forecast"][0] == {"date": "2025-03-03", "due": 2}

    later = clock.now + timedelta(days=40)
    (old,) = study_stats(banks, cards, reviews, later, tz=UTC)
    assert old.retention is None  # the reviews are past the 30-day window
    assert forecast(cards, later, tz=UTC)[0].due == 4  # overdue counts as due today
