"""A state machine over an attempt backed by a real results store.

Random sequences of answers (right, wrong and malformed), skips, moves, flags, quits and
resumes, checked against a model after every step: nothing answered is lost, the latest response
to each question is the one kept, the position and the flags survive a resume, and the totals
always agree with the answers. "Never loses an answer", as a property.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from casequiz.bank.load import LoadedBank, load_banks
from casequiz.bank.model import (
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.quiz.attempt import Attempt, AttemptClosed, Mode
from casequiz.quiz.draw import Selection, Slot
from casequiz.quiz.responses import ResponseError
from casequiz.quiz.scoring import Verdict, score
from casequiz.store.db import Store

BANK = Path(__file__).parent / "data" / "engine" / "mixed.yaml"
STUDENT = "ann"

_banks: list[LoadedBank] = []


pytestmark = pytest.mark.usefixtures("env")


def banks() -> list[LoadedBank]:
    """The test bank, loaded once: loading is not what this module tests."""
    if not _banks:
        _banks.extend(load_banks([BANK]))
    return _banks


def valid_response(slot: Slot) -> st.SearchStrategy[Any]:
    """Responses of the right shape for the slot's question: right, wrong, odd text."""
    question, choices = slot.question, slot.choices()
    text = st.text(max_size=15)
    if isinstance(question, SingleQuestion):
        return st.sampled_from(choices) | text
    if isinstance(question, MultipleQuestion):
        return st.lists(st.sampled_from(choices), unique=True, max_size=len(choices))
    if isinstance(question, TrueFalseQuestion):
        return st.booleans()
    if isinstance(question, NumericQuestion):
        examples = ["5.8", "$5.8bn", "5,800 million", "45%", "44 percent", "6", "abc", ""]
        return st.sampled_from(examples) | text
    if isinstance(question, ShortQuestion):
        return (
            st.sampled_from([question.answer, question.answer.lower(), "Everything but Arm"]) | text
        )
    if isinstance(question, OrderQuestion):
        return st.permutations(choices)
    if isinstance(question, MatchQuestion):
        return st.dictionaries(st.sampled_from(list(question.pairs)), st.sampled_from(choices))
    raise AssertionError(f"no strategy for {question.type}")


class AttemptMachine(RuleBasedStateMachine):
    """Drives one attempt at a time; the model is what a student has done so far."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="casequiz-machine-"))
        self.path = self.folder / "casequiz.db"
        self.store = Store(self.path)
        self.attempt: Attempt
        self.model_answers: dict[int, tuple[Any, Verdict]] = {}
        self.model_position = 0
        self.model_flags: set[int] = set()
        self.finished = False

    @initialize(
        mode=st.sampled_from([Mode.PRACTICE, Mode.EXAM]),
        seed=st.integers(0, 2**31 - 1),
        count=st.sampled_from([None, None, 8, 5, 2]),
    )
    def start(self, mode: Mode, seed: int, count: int | None) -> None:
        selection = Selection(count=count, seed=seed)
        self.attempt = Attempt.start(banks(), selection, student=STUDENT, mode=mode, log=self.store)
        self.plan = [slot.to_plan() for slot in self.attempt.slots]

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- what a student does ------------------------------------------------------------------

    @precondition(lambda self: not self.finished)
    @rule(data=st.data())
    def answer(self, data: st.DataObject) -> None:
        slot = self.attempt.current
        response = data.draw(valid_response(slot), label="response")
        verdict = self.attempt.answer(response)
        assert verdict == score(slot.question, response), "scoring is a pure function"
        assert 0 <= verdict.score <= slot.question.points
        self.model_answers[self.model_position] = (response, verdict)

    @precondition(lambda self: not self.finished)
    @rule(data=st.data())
    def answer_and_next(self, data: st.DataObject) -> None:
        """What a student mostly does: answer, then on to the next question."""
        self.answer(data)
        self.next()

    @precondition(lambda self: not self.finished)
    @rule(response=st.sampled_from([None, [None], 3.5j]))
    def answer_malformed(self, response: Any) -> None:
        """A response of the wrong shape is refused and changes nothing, here or in the store."""
        before = dict(self.attempt.answers)
        stored = self._stored_answers()
        with pytest.raises(ResponseError):
            self.attempt.answer(response)
        assert self.attempt.answers == before
        assert self._stored_answers() == stored

    @precondition(lambda self: self.finished)
    @rule()
    def answer_after_finish(self) -> None:
        with pytest.raises(AttemptClosed):
            self.attempt.answer(True)

    @rule(move=st.sampled_from(["skip", "next", "back", "go"]), data=st.data())
    def move(self, move: str, data: st.DataObject) -> None:
        """One rule for every way of moving, so that answering stays the common step."""
        if move == "skip":
            unanswered = [i for i in range(len(self.plan)) if i not in self.model_answers]
            later = [i for i in unanswered if i > self.model_position]
            earlier = [i for i in unanswered if i < self.model_position]
            self._moved((later or earlier or [self.model_position + 1])[0])
            self.attempt.skip()
        elif move == "next":
            self.next()
        elif move == "back":
            self._moved(self.model_position - 1)
            self.attempt.back()
        else:
            index = data.draw(st.integers(-2, len(self.plan) + 1), label="index")
            self._moved(index)
            self.attempt.go(index)

    def next(self) -> None:
        self._moved(self.model_position + 1)
        self.attempt.next()

    @precondition(lambda self: not self.finished)
    @rule(data=st.data())
    def toggle_flag(self, data: st.DataObject) -> None:
        index = data.draw(st.none() | st.integers(0, len(self.plan) - 1), label="index")
        target = self.model_position if index is None else index
        flagged = self.attempt.toggle_flag(index)
        self.model_flags ^= {target}
        assert flagged == (target in self.model_flags)

    @rule(reopen=st.booleans(), by_id=st.booleans())
    def quit_and_resume(self, reopen: bool, by_id: bool) -> None:
        """Drop the attempt as a killed terminal would, then find it again in the store."""
        attempt_id = self.attempt.id
        assert attempt_id is not None
        del self.attempt
        if reopen:  # a new process: a new connection
            self.store.close()
            self.store = Store(self.path)
        if by_id or self.finished:
            record = self.store.attempt(attempt_id)
        else:
            waiting = self.store.unfinished(STUDENT)
            assert [r.id for r in waiting] == [attempt_id]
            record = waiting[0]
        assert record is not None
        assert record.finished == self.finished
        self.attempt = Attempt.resume(record, banks(), log=self.store)
        assert [slot.to_plan() for slot in self.attempt.slots] == self.plan
        if not self.finished:
            assert self.attempt.position == self.model_position
            assert self.attempt.flags == self.model_flags
        else:
            self.model_position = self.attempt.position
            self.model_flags = set(self.attempt.flags)
        for index, (response, verdict) in self.model_answers.items():
            assert self.attempt.answers[index].response == response
            assert self.attempt.answers[index].verdict == verdict

    @precondition(lambda self: not self.finished)
    @rule()
    def finish(self) -> None:
        result = self.attempt.finish()
        self.finished = True
        record = self.store.attempt(self.attempt.id or 0)
        assert record is not None and record.finished
        assert math.isclose(record.score or 0.0, result.score, abs_tol=1e-9)
        assert math.isclose(record.max_score or 0.0, result.max, abs_tol=1e-9)
        assert self.store.unfinished(STUDENT) == []

    # -- what must always hold ----------------------------------------------------------------

    def _moved(self, index: int) -> None:
        self.model_position = min(max(index, 0), len(self.plan) - 1)

    def _stored_answers(self) -> dict[int, Any]:
        record = self.store.attempt(self.attempt.id or 0)
        assert record is not None
        return {a.slot: (a.response, a.score, a.question_id) for a in record.answers}

    @invariant()
    def nothing_answered_is_lost(self) -> None:
        stored = self._stored_answers()
        assert set(stored) == set(self.model_answers)
        for index, (response, verdict) in self.model_answers.items():
            given, points, question_id = stored[index]
            assert given == response, "the latest response to a question is the one kept"
            assert points == verdict.score
            assert question_id == self.plan[index]["question"]
        assert {i: a.response for i, a in self.attempt.answers.items()} == {
            i: r for i, (r, _) in self.model_answers.items()
        }

    @invariant()
    def position_and_flags_are_saved(self) -> None:
        assert self.attempt.position == self.model_position
        if not self.finished:
            record = self.store.attempt(self.attempt.id or 0)
            assert record is not None
            assert record.position == self.model_position
            assert set(record.flags) == self.model_flags

    @invariant()
    def totals_agree_with_answers(self) -> None:
        result = self.attempt.result()
        slots = self.attempt.slots
        assert math.isclose(result.score, sum(v.score for _, v in self.model_answers.values()))
        assert math.isclose(result.max, sum(s.question.points for s in slots))
        assert result.answered == len(self.model_answers)
        assert result.correct == sum(1 for _, v in self.model_answers.values() if v.correct)
        assert 0 <= result.score <= result.max
        by_topic: dict[str, list[float]] = {}
        for index, slot in enumerate(slots):
            totals = by_topic.setdefault(slot.question.topic or "General", [0.0, 0.0, 0, 0])
            totals[1] += slot.question.points
            totals[3] += 1
            if index in self.model_answers:
                totals[0] += self.model_answers[index][1].score
                totals[2] += 1
        assert {t.topic for t in result.topics} == set(by_topic)
        for topic in result.topics:
            expected = by_topic[topic.topic]
            assert math.isclose(topic.score, expected[0], abs_tol=1e-9)
            assert math.isclose(topic.max, expected[1])
            assert (topic.answered, topic.questions) == (expected[2], expected[3])
        assert math.isclose(sum(t.score for t in result.topics), result.score, abs_tol=1e-9)


def test_attempt_state_machine() -> None:
    """Each example commits real answers (fsync), so the example count is kept modest."""
    run_state_machine_as_test(
        AttemptMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
