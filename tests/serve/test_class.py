"""Twenty students at once over the real server: nothing lost, no lock errors, and each answer
in the store before the next question reaches the browser."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from serve.client import Student
from serve.conftest import start_server
from serve.test_web import RIGHT

CLASS = 20


@pytest.mark.slow
def test_twenty_students_answer_at_once(tmp_path: Path, env: Path) -> None:
    served, stop = start_server(tmp_path, students=CLASS)
    seen: dict[str, list[int]] = {}
    """Per student: how many answers the store held each time a new question was on screen."""

    def stored_answers(name: str) -> int:
        with served.store() as store:
            return sum(len(a.answers) for a in store.attempts(finished=None, student=name))

    async def sit(name: str, wrong: bool) -> None:
        student = Student(served.url, served.origin)
        try:
            assert await student.login(served.code_of(name)) == 303
            await student.connect()
            question = await student.question()
            counts = seen.setdefault(name, [])
            for number in range(3):
                key = RIGHT[question]
                if wrong and number == 0:
                    key = "2" if key == "1" else "1"
                nxt = await student.answer(question, key, last=number == 2)
                counts.append(await asyncio.to_thread(stored_answers, name))
                if nxt is not None:
                    question = nxt
            await student.press("\r")
            await student.wait_for("The exam is finished")
        finally:
            await student.close()

    async def lesson() -> None:
        names = [seat.student.name for seat in served.codes.seats]
        await asyncio.gather(*(sit(name, n % 2 == 1) for n, name in enumerate(names)))

    try:
        asyncio.run(lesson())
    finally:
        stop()
    assert all(counts == [1, 2, 3] for counts in seen.values()), seen
    with served.store() as store:
        attempts = list(store.attempts(finished=None))
    assert len(attempts) == CLASS
    assert {a.student for a in attempts} == {s.student.name for s in served.codes.seats}
    for number, attempt in enumerate(sorted(attempts, key=lambda a: a.student)):
        assert attempt.finished and len(attempt.answers) == 3
        assert attempt.score == (2 if number % 2 == 1 else 3)
    assert served.server.processes_started == CLASS
