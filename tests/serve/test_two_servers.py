"""One sitting served by two `casequiz serve` processes on one PostgreSQL store (docs/serving.md):
students on either server, one who moves from one to the other half-way, and one who opens the
exam on both at once; no answer lost, no student with a second attempt."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backends import drop_schema, fresh_schema_name, in_schema, require_server
from casequiz.bank.load import load_banks
from casequiz.serve.roster import load_codes
from casequiz.serve.sitting import Settings, attempt_for, attempts_of
from casequiz.store.base import open_store
from serve.client import Student
from serve.conftest import BANK, write_roster
from serve.test_cli_serve import free_port
from serve.test_web import RIGHT


@pytest.fixture
def department() -> Iterator[str]:
    """A fresh schema of the test server: the department's store."""
    server = require_server()
    schema = fresh_schema_name()
    yield in_schema(server, schema)
    drop_schema(server, schema)


def test_two_app_processes_starting_one_exam_at_once_store_one_attempt(
    store_location: str | Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import casequiz.serve.sitting as sitting

    banks = load_banks([BANK])
    settings = Settings(banks=[str(BANK)], store="", sitting="s1")
    with open_store(store_location) as here, open_store(store_location) as there:
        first = attempt_for(here, settings, "Ada", banks)
        first.answer(first.current.question.answer)  # type: ignore[attr-defined]
        looked: list[bool] = []

        def too_early(store: object, settings: Settings, student: str) -> list:
            if not looked:  # the other process looked before the first one stored its attempt
                looked.append(True)
                return []
            return attempts_of(store, settings, student)

        monkeypatch.setattr(sitting, "attempts_of", too_early)
        second = attempt_for(there, settings, "Ada", banks)
        assert looked and second.uid == first.uid and second.id == first.id
        assert len(second.answers) == 1
        assert [s.question.id for s in second.slots] == [s.question.id for s in first.slots]
        assert [r.uid for r in here.attempts(finished=None)] == [first.uid]


def serve(port: int, roster: Path, url: str) -> subprocess.Popen[str]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "casequiz",
            "--db",
            url,
            "serve",
            str(BANK),
            "--roster",
            str(roster),
            "--port",
            str(port),
            "--seed",
            "7",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ.copy(),
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    assert f"http://127.0.0.1:{port}/" in line, line
    return server


@pytest.mark.slow
def test_two_servers_one_postgresql_store(tmp_path: Path, env: Path, department: str) -> None:
    roster = write_roster(tmp_path, 6)
    codes = load_codes(roster)
    code = {seat.student.name: seat.code for seat in codes.seats}
    servers = [serve(free_port(), roster, department) for _ in range(2)]
    urls = [f"http://127.0.0.1:{s.args[s.args.index('--port') + 1]}/" for s in servers]

    async def finish(student: Student, question: str, left: int) -> None:
        """Answer the `left` questions still to go, right, and hand the exam in."""
        for number in range(left):
            nxt = await student.answer(question, RIGHT[question], last=number == left - 1)
            question = nxt or question
        await student.press("\r")
        await student.wait_for("The exam is finished")

    async def sit(name: str, where: int) -> None:
        student = Student(urls[where], urls[where].rstrip("/"))
        try:
            assert await student.login(code[name]) == 303
            await student.connect()
            await finish(student, await student.question(), 3)
        finally:
            await student.close()

    async def move(name: str) -> None:
        """Half-way on the first server, then the rest on the second."""
        first = Student(urls[0], urls[0].rstrip("/"))
        try:
            await first.login(code[name])
            await first.connect()
            question = await first.question()
            second_question = await first.answer(question, RIGHT[question])
        finally:
            await first.close()
        then = Student(urls[1], urls[1].rstrip("/"))
        try:
            await then.login(code[name])
            await then.connect()
            question = await then.question()
            assert question == second_question and "Question 2 of 3" in then.screen
            await finish(then, question, 2)
        finally:
            await then.close()

    async def both(name: str) -> None:
        """The same code on both servers at the same moment."""
        students = [Student(url, url.rstrip("/")) for url in urls]
        try:
            for student in students:
                await student.login(code[name])
            await asyncio.gather(*(student.connect() for student in students))
            shown = await asyncio.gather(*(student.question() for student in students))
            assert shown[0] == shown[1]
        finally:
            for student in students:
                await student.close()

    async def lesson() -> None:
        await asyncio.gather(
            sit("Student 01", 0),
            sit("Student 02", 0),
            sit("Student 03", 1),
            sit("Student 04", 1),
            move("Student 05"),
            both("Student 06"),
        )

    try:
        asyncio.run(lesson())
    finally:
        for server in servers:
            server.send_signal(signal.SIGINT)
        outs = [server.communicate(timeout=60)[0] for server in servers]
    assert [s.returncode for s in servers] == [0, 0], outs
    assert not any("Traceback" in out for out in outs)
    with open_store(department) as store:
        attempts = list(store.attempts(finished=None))
    by_student = {a.student: a for a in attempts}
    assert len(attempts) == len(by_student) == 6  # one attempt each, none twice
    for number in range(1, 6):
        done = by_student[f"Student {number:02d}"]
        assert done.finished and len(done.answers) == 3 and done.score == 3, done
    assert not by_student["Student 06"].finished
