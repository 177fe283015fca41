"""Many processes writing answers into one results store at the same moment.

Students sharing a machine, or a grader importing while a class takes an exam, all write to one
SQLite file. Every process here starts on a store that does not exist yet (so they also race to
create and migrate it), then commits many answers: none may be lost, and "database is locked"
must never reach anyone.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any

import pytest

from casequiz.store.db import Store

ENGINE = Path(__file__).parent / "data" / "engine"
PROCESSES = 8
ROUNDS = 3
"""Each process answers every question of the mixed bank this many times (10 per round)."""


pytestmark = pytest.mark.usefixtures("env")


def take_attempt(db: str, student: str, barrier: Any, mode: str = "practice") -> tuple[str, Any]:
    """One process: wait for the others, then open the store (a path or a URL) and answer,
    answer, answer."""
    try:
        from casequiz.bank.load import load_banks
        from casequiz.quiz.attempt import Attempt, Mode
        from casequiz.quiz.draw import Selection
        from casequiz.store.base import open_store

        banks = load_banks([ENGINE / "mixed.yaml"])
        barrier.wait(timeout=60)
        with open_store(db) as store:
            attempt = Attempt.start(
                banks, Selection(seed=len(student)), student=student, mode=Mode(mode), log=store
            )
            given: dict[int, Any] = {}
            for round_ in range(ROUNDS):
                for index, slot in enumerate(attempt.slots):
                    attempt.go(index)
                    response = respond(slot, f"{student} round {round_}", round_)
                    attempt.answer(response)
                    given[index] = response
                    if round_ == 0:
                        attempt.toggle_flag()
            result = attempt.finish()
            return "ok", (attempt.id, given, result.score)
    except BaseException:  # everything goes back to the test, which shows it
        return "error", traceback.format_exc()


def respond(slot: Any, text: str, round_: int) -> Any:
    """A response of the right shape that differs from round to round."""
    choices = slot.choices()
    kind = slot.question.type
    if kind == "single":
        return choices[round_ % len(choices)]
    if kind in ("multiple", "order"):
        return choices[round_ % len(choices) :] + choices[: round_ % len(choices)]
    if kind == "true_false":
        return round_ % 2 == 0
    if kind == "match":
        return {left: choices[round_ % len(choices)] for left in slot.question.pairs}
    return text


@pytest.mark.slow
def test_processes_writing_at_once_lose_nothing(env: Path) -> None:
    db = str(env / "casequiz.db")
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    barrier = context.Manager().Barrier(PROCESSES)
    students = [f"student-{'x' * n}" for n in range(PROCESSES)]
    with context.Pool(PROCESSES) as pool:
        outcomes = pool.starmap(take_attempt, [(db, s, barrier) for s in students])
    errors = [detail for status, detail in outcomes if status == "error"]
    assert not errors, "\n".join(errors)

    with Store(db) as store:
        for student, (_, (attempt_id, given, score)) in zip(students, outcomes, strict=True):
            record = store.attempt(attempt_id)
            assert record is not None and record.student == student and record.finished
            assert {a.slot: a.response for a in record.answers} == given
            assert record.score == score
        total = store.conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    assert total == PROCESSES * 10, "each process's latest answer to each of 10 questions"


@pytest.mark.slow
def test_plain_mode_processes_at_once_never_see_a_locked_store(env: Path) -> None:
    """The real command, eight times at once, each piping a whole exam: no error on stderr."""
    command = [sys.executable, "-m", "casequiz", "exam", str(ENGINE / "singles.yaml"), "--plain"]
    processes = [
        subprocess.Popen(
            [*command, "--student", f"s{n}", "--seed", str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ},
        )
        for n in range(PROCESSES)
    ]
    answers = "1\n2\n3\n1\n2\n3\n"
    outputs = [p.communicate(answers, timeout=120) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert err == "", err
        assert "locked" not in out and "Result file to hand in" in out
    with Store(env / "casequiz.db") as store:
        records = list(store.attempts(finished=True))
    assert sorted(r.student for r in records) == sorted(f"s{n}" for n in range(PROCESSES))
    assert all(len(r.answers) == 6 for r in records)
