"""The quiz engine without a face: drawing questions, the time limit, modes, and retrying.

Everything a student can do is an operation on an `Attempt`, so these tests need no terminal.
The clock is injected wherever time matters, so nothing here sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casequiz.bank.load import LoadedBank, load_banks
from casequiz.quiz.attempt import Attempt, AttemptClosed, Mode
from casequiz.quiz.draw import Selection, SelectionError, draw, restore
from casequiz.store.db import Store

ENGINE = Path(__file__).parent / "data" / "engine"
_banks: dict[str, list[LoadedBank]] = {}


pytestmark = pytest.mark.usefixtures("env")


def banks(*names: str) -> list[LoadedBank]:
    """Test banks, loaded once per module: loading is tested elsewhere."""
    key = "+".join(names or ("mixed",))
    if key not in _banks:
        _banks[key] = load_banks([ENGINE / f"{name}.yaml" for name in names or ("mixed",)])
    return _banks[key]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "casequiz.db") as opened:
        yield opened


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def layout(slots: list) -> list[tuple[str, tuple[int, ...]]]:
    return [(slot.key, slot.order) for slot in slots]


# -- drawing ----------------------------------------------------------------------------------


def test_the_same_seed_draws_the_same_questions_and_option_orders() -> None:
    first = draw(banks(), Selection(seed=42))
    again = draw(banks(), Selection(seed=42))
    assert layout(first) == layout(again)
    assert [s.choices() for s in first] == [s.choices() for s in again]


def test_other_seeds_draw_other_orders() -> None:
    layouts = {tuple(layout(draw(banks(), Selection(seed=seed)))) for seed in range(8)}
    assert len(layouts) > 1


def test_a_seed_with_a_count_draws_a_prefix_of_the_same_shuffle() -> None:
    """`--count` takes the first N of the seed's shuffle, so a teacher can hand out the same
    short exam twice."""
    five = draw(banks(), Selection(count=5, seed=7))
    assert len(five) == 5
    assert layout(five) == layout(draw(banks(), Selection(count=5, seed=7)))
    assert len({slot.key for slot in five}) == 5


def test_a_count_larger_than_the_bank_draws_every_question_once() -> None:
    slots = draw(banks(), Selection(count=100, seed=1))
    assert sorted(s.question.id for s in slots) == sorted(q.id for q in banks()[0].bank.questions)


def test_choices_are_a_permutation_of_the_options() -> None:
    shuffled = 0
    for slot in draw(banks(), Selection(seed=3)):
        question = slot.question
        listed = getattr(question, "options", None) or getattr(question, "items", None)
        if question.type == "match":
            listed = [*question.pairs.values(), *question.distractors]  # type: ignore[union-attr]
        if listed is None:
            assert slot.order == ()
            continue
        assert sorted(slot.order) == list(range(len(listed)))
        assert sorted(slot.choices()) == sorted(listed)
        shuffled += slot.choices() != list(listed)
    assert shuffled, "some choices are shown in another order than the bank's"


@pytest.mark.parametrize("topic", ["Timeline", "timeline", "TIMELINE"])
def test_topic_filter_is_case_insensitive(topic: str) -> None:
    slots = draw(banks(), Selection(topics=(topic,), seed=1))
    assert {s.question.topic for s in slots} == {"Timeline"}
    assert len(slots) == 4


def test_several_topics_add_up() -> None:
    slots = draw(banks(), Selection(topics=("Places", "Timeline"), seed=1))
    assert {s.question.topic for s in slots} == {"Places", "Timeline"}
    assert len(slots) == 6


def test_tag_filter_keeps_questions_with_any_of_the_tags() -> None:
    slots = draw(banks(), Selection(tags=("figures",), seed=1))
    assert sorted(s.question.id for s in slots) == ["exports", "share"]
    slots = draw(banks(), Selection(tags=("figures", "geography"), seed=1))
    assert sorted(s.question.id for s in slots) == ["capital", "exports", "share"]


def test_topic_and_tag_and_count_combine() -> None:
    slots = draw(banks(), Selection(topics=("Trade",), tags=("eu",), count=2, seed=5))
    assert len(slots) == 2
    for slot in slots:
        assert slot.question.topic == "Trade" and "eu" in slot.question.tags


def test_an_unknown_topic_names_the_known_ones() -> None:
    with pytest.raises(SelectionError) as error:
        draw(banks(), Selection(topics=("Geography",), seed=1))
    message = str(error.value)
    assert "'Geography'" in message
    for topic in ("Places", "Timeline", "Trade"):
        assert topic in message


def test_an_unknown_tag_names_the_known_ones() -> None:
    with pytest.raises(SelectionError) as error:
        draw(banks(), Selection(tags=("nope",), seed=1))
    assert "'nope'" in str(error.value) and "figures" in str(error.value)


def test_topic_names_in_an_error_cannot_act_on_the_terminal() -> None:
    with pytest.raises(SelectionError) as error:
        draw(banks("hostile"), Selection(topics=("x",), seed=1))
    assert "\x1b" not in str(error.value)
    assert "\\x1b[31m" in str(error.value)


def test_a_count_below_one_is_refused() -> None:
    with pytest.raises(SelectionError):
        draw(banks(), Selection(count=0, seed=1))


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_an_order_question_is_never_shown_in_order(seed: int) -> None:
    """A two-item order question has one wrong order only: the shuffle must always find it."""
    for slot in draw(banks(), Selection(topics=("Timeline",), seed=seed)):
        if slot.question.type == "order":
            assert slot.choices() != list(slot.question.items)


def test_restore_rebuilds_the_plan_exactly() -> None:
    slots = draw(banks(), Selection(seed=11))
    assert layout(restore(banks(), [slot.to_plan() for slot in slots])) == layout(slots)


def test_restore_names_a_question_that_is_gone() -> None:
    plan = [{"bank": "engine-mixed", "question": "no-such-question", "order": []}]
    with pytest.raises(SelectionError, match="no-such-question"):
        restore(banks(), plan)


# -- attempts ---------------------------------------------------------------------------------


def start(mode: Mode = Mode.PRACTICE, **options: object) -> Attempt:
    selection = options.pop("selection", Selection(seed=1))
    return Attempt.start(banks(), selection, student="ann", mode=mode, **options)  # type: ignore[arg-type]


def answer_right(attempt: Attempt) -> None:
    from casequiz.quiz.scoring import expected_response

    attempt.answer(expected_response(attempt.current.question))


def test_practice_shows_verdicts_at_once_and_exam_only_at_the_end() -> None:
    practice, exam = start(Mode.PRACTICE), start(Mode.EXAM)
    assert practice.shows_verdicts()
    assert not exam.shows_verdicts()
    exam.finish()
    assert exam.shows_verdicts()


def test_answering_does_not_move_and_skip_goes_to_the_next_unanswered() -> None:
    attempt = start()
    answer_right(attempt)
    assert attempt.position == 0
    attempt.go(2)
    answer_right(attempt)
    attempt.go(1)
    attempt.skip()
    assert attempt.position == 3, "skip passes over the answered question 2"
    attempt.go(len(attempt.slots) - 1)
    attempt.skip()
    assert attempt.position == 1, "at the end, skip wraps to the first unanswered"


def test_go_is_clamped_to_the_attempt() -> None:
    attempt = start()
    assert attempt.go(-5) is attempt.slots[0]
    assert attempt.go(99) is attempt.slots[-1]
    attempt.back()
    assert attempt.position == len(attempt.slots) - 2


def test_a_flag_on_a_question_that_is_not_there_is_refused() -> None:
    attempt = start()
    with pytest.raises(IndexError):
        attempt.toggle_flag(len(attempt.slots))
    assert attempt.flags == set()


def test_seconds_taken_count_from_when_the_question_was_shown(store: Store) -> None:
    clock = FakeClock()
    attempt = start(log=store, clock=clock)
    clock.advance(12)
    answer_right(attempt)
    attempt.next()
    clock.advance(3)
    answer_right(attempt)
    record = store.attempt(attempt.id or 0)
    assert record is not None
    assert [a.seconds for a in record.answers] == [12, 3]


def test_finish_scores_unanswered_questions_zero_and_closes(store: Store) -> None:
    attempt = start(Mode.EXAM, log=store)
    answer_right(attempt)
    result = attempt.finish()
    assert result.answered == 1 and result.correct == 1
    assert result.score == attempt.slots[0].question.points
    assert result.max == sum(s.question.points for s in attempt.slots)
    with pytest.raises(AttemptClosed):
        attempt.answer("anything")
    assert attempt.finish() == result, "finishing twice changes nothing"
    record = store.attempt(attempt.id or 0)
    assert record is not None and record.finished and record.score == result.score


def test_retry_wrong_draws_exactly_the_missed_questions(store: Store) -> None:
    attempt = start(log=store)
    answer_right(attempt)
    attempt.next()
    attempt.answer(_wrong(attempt))  # type: ignore[arg-type]
    result = attempt.finish()
    missed = {attempt.slots[i].key for i in attempt.wrong()}
    assert len(missed) == len(attempt.slots) - 1 == len(result.items) - result.correct
    retry = attempt.retry_wrong()
    assert retry.mode is Mode.PRACTICE
    assert {slot.key for slot in retry.slots} == missed
    assert retry.id is not None and retry.id != attempt.id, "the retry is an attempt of its own"


def _wrong(attempt: Attempt) -> object:
    question = attempt.current.question
    return {
        "true_false": not getattr(question, "answer", True),
        "multiple": [],
        "order": list(reversed(getattr(question, "items", []))),
        "match": {},
    }.get(question.type, "certainly not the answer")


def test_retry_with_nothing_wrong_is_refused() -> None:
    attempt = start(selection=Selection(seed=1, count=1))
    answer_right(attempt)
    attempt.finish()
    with pytest.raises(ValueError):
        attempt.retry_wrong()


# -- the time limit ---------------------------------------------------------------------------


def test_time_left_counts_down_and_stops_at_zero() -> None:
    clock = FakeClock()
    attempt = start(Mode.EXAM, time_limit=60, clock=clock)
    assert attempt.time_left() == 60
    clock.advance(45)
    assert attempt.time_left() == 15
    clock.advance(100)
    assert attempt.time_left() == 0 and attempt.expired
    assert start(Mode.EXAM).time_left() is None


def test_answering_after_the_deadline_closes_the_attempt_with_what_was_answered(
    store: Store,
) -> None:
    clock = FakeClock()
    attempt = start(Mode.EXAM, time_limit=60, clock=clock, log=store)
    clock.advance(30)
    answer_right(attempt)
    attempt.next()
    clock.advance(31)
    with pytest.raises(AttemptClosed, match="time limit"):
        answer_right(attempt)
    assert attempt.finished
    assert attempt.finished_at == attempt.deadline, "the attempt ends at the deadline"
    record = store.attempt(attempt.id or 0)
    assert record is not None and record.finished
    assert [a.slot for a in record.answers] == [0], "the late answer is not kept"
    assert record.score == attempt.slots[0].question.points
    assert store.unfinished() == []


def test_a_resumed_attempt_keeps_its_deadline(store: Store) -> None:
    clock = FakeClock()
    attempt = start(Mode.EXAM, time_limit=60, clock=clock, log=store)
    answer_right(attempt)
    clock.advance(50)
    record = store.unfinished("ann")[0]
    resumed = Attempt.resume(record, banks(), log=store, clock=clock)
    assert resumed.time_left() == 10
    clock.advance(11)
    with pytest.raises(AttemptClosed):
        resumed.answer("late")
    assert store.unfinished() == []


def test_finishing_late_records_the_deadline_not_the_moment_of_finishing(store: Store) -> None:
    clock = FakeClock()
    attempt = start(Mode.EXAM, time_limit=60, clock=clock, log=store)
    clock.advance(3600)
    attempt.finish()
    record = store.attempt(attempt.id or 0)
    assert record is not None
    assert datetime.fromisoformat(record.finished_at or "") == clock.now - timedelta(seconds=3540)
