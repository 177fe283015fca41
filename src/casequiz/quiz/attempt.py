"""An attempt: the state of one student working through drawn questions, and its rules.

The terminal UI, the plain line mode and the tests all drive this one class. It never stores
anything itself: it hands every change to an `AttemptLog` (the results store) before it returns,
so whatever a student answered is committed before the next screen can show.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from casequiz import __version__
from casequiz.bank.collector import collector_paused
from casequiz.quiz.draw import Selection, Slot, draw, restore
from casequiz.quiz.outcome import Answer, Result, TopicScore, tally
from casequiz.quiz.scoring import Verdict, score

__all__ = [
    "Answer",
    "Attempt",
    "AttemptClosed",
    "AttemptLog",
    "Mode",
    "Result",
    "TopicScore",
    "utc_now",
]
from casequiz.records import AnswerRecord, AttemptLog, AttemptRecord

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank
    from casequiz.quiz.responses import Response

MAX_TIME_LIMIT_S = 7 * 24 * 3600
"""The longest time limit an attempt may have (`casequiz.cli.options` mirrors it)."""


class Mode(StrEnum):
    PRACTICE = "practice"
    """The verdict, explanation and excerpts right after each answer."""
    EXAM = "exam"
    """No verdict until the attempt is finished; then a full review."""
    SHEET = "sheet"
    """Answers collected on paper or in a form, scored from a response sheet."""


class AttemptClosed(RuntimeError):
    """The attempt is finished (or its time ran out): it takes no more answers."""


Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass
class Attempt:
    """One student's attempt at a list of slots, in practice or exam mode."""

    student: str
    mode: Mode
    slots: list[Slot]
    seed: int | None = None
    selection: Selection = field(default_factory=Selection)
    time_limit: float | None = None
    """Seconds from the start; when they run out the attempt finishes with what was answered."""
    log: AttemptLog | None = None
    clock: Clock = utc_now
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    id: int | None = None
    answers: dict[int, Answer] = field(default_factory=dict)
    flags: set[int] = field(default_factory=set)
    position: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    _shown_at: datetime | None = field(default=None, repr=False)

    # -- starting and resuming ----------------------------------------------------------------

    @classmethod
    def start(
        cls,
        banks: Sequence[LoadedBank],
        selection: Selection,
        *,
        student: str,
        mode: Mode,
        time_limit: float | None = None,
        log: AttemptLog | None = None,
        clock: Clock = utc_now,
    ) -> Attempt:
        """Draw the questions and record the new attempt before the first one is shown."""
        with collector_paused():  # a large bank makes many objects, none of them garbage
            return cls._start(banks, selection, student, mode, time_limit, log, clock)

    @classmethod
    def _start(
        cls,
        banks: Sequence[LoadedBank],
        selection: Selection,
        student: str,
        mode: Mode,
        time_limit: float | None,
        log: AttemptLog | None,
        clock: Clock,
    ) -> Attempt:
        from casequiz.quiz.draw import SelectionError, new_seed

        if time_limit is not None and not 0 < time_limit <= MAX_TIME_LIMIT_S:
            raise SelectionError("the time limit must be more than zero and at most 7 days")
        if selection.seed is None:
            selection = Selection(
                selection.topics,
                selection.tags,
                selection.count,
                new_seed(),
                selection.question_ids,
            )
        slots = draw(banks, selection)
        attempt = cls(student, mode, slots, selection.seed, selection, time_limit, log, clock)
        attempt.started_at = attempt._shown_at = clock()
        if log is not None:
            attempt.id = log.create_attempt(attempt.to_record())
        return attempt

    @classmethod
    def resume(
        cls,
        record: AttemptRecord,
        banks: Sequence[LoadedBank],
        *,
        log: AttemptLog | None = None,
        clock: Clock = utc_now,
    ) -> Attempt:
        """Continue a recorded attempt exactly where it stopped."""
        slots = restore(banks, record.plan)
        selection = Selection(
            tuple(record.selection.get("topics", ())),
            tuple(record.selection.get("tags", ())),
            record.selection.get("count"),
            record.seed,
            tuple(record.selection.get("question_ids", ())),
        )
        attempt = cls(
            record.student,
            Mode(record.mode),
            slots,
            record.seed,
            selection,
            record.time_limit,
            log,
            clock,
            record.uid,
            record.id,
        )
        attempt.started_at = datetime.fromisoformat(record.started_at)
        attempt.finished_at = (
            datetime.fromisoformat(record.finished_at) if record.finished_at else None
        )
        for answer in record.answers:
            if 0 <= answer.slot < len(slots):
                attempt.answers[answer.slot] = Answer(
                    answer.response,
                    _verdict(answer),
                    datetime.fromisoformat(answer.answered_at),
                    answer.seconds,
                )
        attempt.flags = {f for f in record.flags if 0 <= f < len(slots)}
        attempt.position = min(max(record.position, 0), len(slots) - 1)
        attempt._shown_at = clock()
        return attempt

    # -- the state a screen shows -------------------------------------------------------------

    @property
    def current(self) -> Slot:
        return self.slots[self.position]

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def deadline(self) -> datetime | None:
        if self.time_limit is None or self.started_at is None:
            return None
        try:
            return self.started_at + timedelta(seconds=self.time_limit)
        except (OverflowError, ValueError):
            # A limit past the calendar's end, stored by a casequiz that did not bound it:
            # no deadline a student could ever reach, so none at all.
            return None

    def time_left(self) -> float | None:
        """Seconds left before the time limit, never below zero; None without a limit."""
        deadline = self.deadline
        if deadline is None:
            return None
        return max(0.0, (deadline - self.clock()).total_seconds())

    @property
    def expired(self) -> bool:
        left = self.time_left()
        return left is not None and left <= 0

    def answer_at(self, index: int) -> Answer | None:
        return self.answers.get(index)

    def unanswered(self) -> list[int]:
        return [i for i in range(len(self.slots)) if i not in self.answers]

    def shows_verdicts(self) -> bool:
        """Practice shows each verdict at once; an exam only once it is finished."""
        return self.mode is Mode.PRACTICE or self.finished

    # -- what a student can do ----------------------------------------------------------------

    def answer(self, response: Response) -> Verdict:
        """Score and commit a response to the current question; the position does not move."""
        self._check_open()
        slot = self.current
        now = self.clock()
        verdict = score(slot.question, response)
        seconds = (now - self._shown_at).total_seconds() if self._shown_at else None
        answer = Answer(response, verdict, now, seconds)
        if self.log is not None and self.id is not None:
            self.log.save_answer(
                self.id, self._answer_record(self.position, answer), position=self.position
            )
        self.answers[self.position] = answer
        return verdict

    def go(self, index: int) -> Slot:
        """Move to a question (clamped to the attempt) and remember the place for `resume`."""
        index = min(max(index, 0), len(self.slots) - 1)
        if index != self.position:
            self.position = index
            self._shown_at = self.clock()
            if self.log is not None and self.id is not None and not self.finished:
                self.log.save_progress(self.id, position=index)
        return self.current

    def next(self) -> Slot:
        return self.go(self.position + 1)

    def back(self) -> Slot:
        return self.go(self.position - 1)

    def skip(self) -> Slot:
        """Leave the current question unanswered and go to the next unanswered one, if any."""
        later = [i for i in self.unanswered() if i > self.position]
        earlier = [i for i in self.unanswered() if i < self.position]
        target = (later or earlier or [self.position + 1])[0]
        return self.go(target)

    @property
    def at_end(self) -> bool:
        return self.position == len(self.slots) - 1

    def toggle_flag(self, index: int | None = None) -> bool:
        """Flag a question to come back to (or unflag it); returns whether it is now flagged."""
        index = self.position if index is None else index
        if not 0 <= index < len(self.slots):
            raise IndexError(f"no question {index + 1} in this attempt")
        flags = self.flags ^ {index}
        if self.log is not None and self.id is not None and not self.finished:
            self.log.save_progress(self.id, flags=sorted(flags))
        self.flags = flags  # only once committed, as with answers
        return index in self.flags

    def finish(self) -> Result:
        """Close the attempt: unanswered questions score zero, and the result is committed."""
        if not self.finished:
            self.finished_at = min(self.clock(), self.deadline or self.clock())
            result = self.result()
            if self.log is not None and self.id is not None:
                self.log.finish_attempt(self.id, _iso(self.finished_at), result.score, result.max)
            return result
        return self.result()

    def _check_open(self) -> None:
        if self.finished:
            raise AttemptClosed("the attempt is finished")
        if self.expired:
            self.finish()
            raise AttemptClosed("the time limit has run out; the attempt is finished")

    # -- results ------------------------------------------------------------------------------

    def result(self) -> Result:
        """Totals so far: unanswered questions count for nothing."""
        return tally(self.slots, self.answers)

    def wrong(self) -> list[int]:
        """Slots not answered fully right: what "retry the wrong ones" draws again."""
        return [
            i
            for i in range(len(self.slots))
            if i not in self.answers or not self.answers[i].verdict.correct
        ]

    def retry_wrong(self, *, log: AttemptLog | None = None) -> Attempt:
        """A new practice attempt over the questions this one got wrong, shuffled anew."""
        keys = tuple(self.slots[i].key for i in self.wrong())
        if not keys:
            raise ValueError("no wrong answers to retry")
        banks = list({id(s.bank): s.bank for s in self.slots}.values())
        seed = (self.seed or 0) + 1
        return Attempt.start(
            banks,
            Selection(seed=seed, question_ids=keys),
            student=self.student,
            mode=Mode.PRACTICE,
            log=log or self.log,
            clock=self.clock,
        )

    # -- records ------------------------------------------------------------------------------

    def _answer_record(self, index: int, answer: Answer) -> AnswerRecord:
        slot = self.slots[index]
        verdict = asdict(answer.verdict)
        return AnswerRecord(
            slot=index,
            bank_id=slot.bank.bank.id,
            question_id=slot.question.id,
            topic=slot.question.topic,
            response=answer.response,
            score=answer.verdict.score,
            max_score=answer.verdict.max,
            status=answer.verdict.status,
            verdict=verdict,
            answered_at=_iso(answer.answered_at),
            seconds=answer.seconds,
        )

    def to_record(self) -> AttemptRecord:
        """Everything needed to resume, grade or hand in this attempt."""
        banks = list({id(s.bank): s.bank for s in self.slots}.values())
        result = self.result() if self.finished else None
        return AttemptRecord(
            uid=self.uid,
            student=self.student,
            mode=str(self.mode),
            banks=[
                {
                    "id": b.bank.id,
                    "title": b.bank.title,
                    "hash": b.digest,
                    "path": str(b.path.resolve()),
                }
                for b in banks
            ],
            plan=[slot.to_plan() for slot in self.slots],
            started_at=_iso(self.started_at or self.clock()),
            version=__version__,
            seed=self.seed,
            selection=self.selection.to_json(),
            position=self.position,
            flags=sorted(self.flags),
            time_limit=self.time_limit,
            finished_at=_iso(self.finished_at) if self.finished_at else None,
            score=result.score if result else None,
            max_score=result.max if result else None,
            id=self.id,
            answers=[self._answer_record(i, a) for i, a in sorted(self.answers.items())],
        )


def _verdict(record: AnswerRecord) -> Verdict:
    data: dict[str, Any] = dict(record.verdict)
    if "detail" in data:
        data["detail"] = tuple(data["detail"])
    known = {name for name in Verdict.__dataclass_fields__}
    return Verdict(**{k: v for k, v in data.items() if k in known})
