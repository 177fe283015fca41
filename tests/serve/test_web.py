"""The exam server over real HTTP and websockets on 127.0.0.1: codes, Origin, cap, resume."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from serve.client import Student
from serve.conftest import Running, start_server

RIGHT = {"capital": "1", "arms": "2", "withdrawn": "1"}


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_wrong_code_starts_no_app_process(running: Running) -> None:
    async def go() -> None:
        student = Student(running.url, running.origin)
        try:
            assert await student.login("WRONG-CODE1") == 401
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await student.connect()
            assert refused.value.status == 401
            student.session.cookie_jar.update_cookies({"casequiz_session": "forged"})
            with pytest.raises(aiohttp.WSServerHandshakeError) as forged:
                await student.connect()
            assert forged.value.status == 401
        finally:
            await student.close()

    run(go())
    assert running.server.processes_started == 0
    with running.store() as store:
        assert list(store.attempts(finished=None)) == []


def test_a_right_code_gets_a_session_under_the_roster_name(running: Running) -> None:
    async def go() -> str:
        student = Student(running.url, running.origin)
        try:
            assert await student.login(running.code_of("Student 01").lower()) == 303
            await student.connect()
            return await student.question()
        finally:
            await student.close()

    assert run(go()) in RIGHT
    assert running.server.processes_started == 1
    with running.store() as store:
        (attempt,) = store.attempts(finished=None)
    assert attempt.student == "Student 01"
    assert attempt.origin == running.settings.origin


def test_a_foreign_origin_is_refused_with_403(running: Running) -> None:
    async def go() -> list[int]:
        student = Student(running.url, running.origin)
        statuses = []
        try:
            assert await student.login(running.code_of("Student 01")) == 303
            for origin in ("http://evil.example", "null", f"http://localhost.evil:{1}"):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await student.connect(origin=origin)
                statuses.append(refused.value.status)
            async with aiohttp.ClientSession() as bare:
                answer = await bare.post(
                    running.url + "login",
                    data={"code": running.code_of("Student 02")},
                    headers={"Origin": "http://evil.example"},
                    allow_redirects=False,
                )
                statuses.append(answer.status)
                rebound = await bare.get(running.url, headers={"Host": "evil.example"})
                statuses.append(rebound.status)
        finally:
            await student.close()
        return statuses

    assert run(go()) == [403] * 5
    assert running.server.processes_started == 0


def test_the_cap_holds_and_tells_the_next_student(tmp_path: Path, env: Path) -> None:
    served, stop = start_server(tmp_path, max_sessions=1)

    async def go() -> None:
        first, second = Student(served.url, served.origin), Student(served.url, served.origin)
        try:
            await first.login(served.code_of("Student 01"))
            await first.connect()
            await first.question()
            await second.login(served.code_of("Student 02"))
            with pytest.raises(aiohttp.WSServerHandshakeError) as full:
                await second.connect()
            assert full.value.status == 503
            page = await second.session.get(served.url)
            assert page.status == 503
            assert "All 1 places are taken" in await page.text()
            await first.ws.close()
            for _ in range(600):
                if not served.server.connected:
                    break
                await asyncio.sleep(0.05)
            await second.connect()
            await second.question()
        finally:
            await first.close()
            await second.close()

    try:
        run(go())
        assert served.server.processes_started == 2
    finally:
        stop()


def test_wrong_codes_are_rate_limited_before_the_right_one_is_checked(running: Running) -> None:
    async def go() -> list[int]:
        student = Student(running.url, running.origin)
        try:
            statuses = [await student.login(f"WRONG{n:05d}") for n in range(10)]
            statuses.append(await student.login(running.code_of("Student 01")))
            return statuses
        finally:
            await student.close()

    assert run(go()) == [401] * 10 + [429]


def test_a_dropped_connection_resumes_the_same_attempt_and_allows_no_second(
    running: Running,
) -> None:
    async def go() -> None:
        student = Student(running.url, running.origin)
        try:
            await student.login(running.code_of("Student 01"))
            await student.connect()
            first = await student.question()
            second = await student.answer(first, RIGHT[first])
            await student.ws.close()  # the connection drops
            await student.connect()
            assert await student.question() == second
            assert "Question 2 of 3" in student.screen
            third = await student.answer(second, RIGHT[second])
            await student.answer(third, RIGHT[third], last=True)
            await student.press("\r")
            await student.wait_for("The exam is finished")
            await student.ws.close()
            await student.connect()  # a second go: the end screen again, not a new attempt
            await student.wait_for("The exam is finished")
        finally:
            await student.close()

    run(go())
    with running.store() as store:
        (attempt,) = store.attempts(finished=None)
    assert attempt.finished and attempt.student == "Student 01"
    assert (attempt.score, attempt.max_score, len(attempt.answers)) == (3, 3, 3)


def test_a_second_connection_of_the_same_student_takes_over_the_first(running: Running) -> None:
    async def go() -> None:
        here, there = Student(running.url, running.origin), Student(running.url, running.origin)
        try:
            code = running.code_of("Student 01")
            await here.login(code)
            await here.connect()
            first = await here.question()
            await there.login(code)  # the same code, on another computer
            await there.connect()
            assert await there.question() == first
            assert len(running.server.connected) == 1
            with pytest.raises(AssertionError, match="the session closed"):
                await here.wait_for("never shown", timeout=60)
        finally:
            await here.close()
            await there.close()

    run(go())
    assert running.server.processes_started == 2
    with running.store() as store:
        assert len(list(store.attempts(finished=None))) == 1
