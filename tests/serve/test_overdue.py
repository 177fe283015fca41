"""An exam whose time runs out while its student is away is closed by the server, as Moodle
submits overdue attempts: finished at the deadline, unanswered questions at zero, so `export`
and `stats` count it without the student ever coming back."""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from casequiz.bank.load import load_banks
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.serve.overdue import close_overdue
from casequiz.serve.roster import load_codes
from casequiz.serve.sitting import Settings, marked_store
from casequiz.store.db import Store
from serve.conftest import BANK, write_roster
from serve.test_cli_serve import free_port, serve_process

START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _exam(store: Store, settings: Settings, student: str, *, at: datetime, answered: int) -> int:
    """An exam of the sitting with a 10-minute limit, begun `at`, with `answered` right answers."""
    attempt = Attempt.start(
        load_banks([BANK]),
        Selection(seed=1),
        student=student,
        mode=Mode.EXAM,
        time_limit=600,
        log=marked_store(store, settings),
        clock=lambda: at,
    )
    for _ in range(answered):
        attempt.answer(attempt.current.question.answer)  # type: ignore[attr-defined]
        attempt.go(attempt.position + 1) if attempt.position + 1 < len(attempt.slots) else None
    assert attempt.id is not None
    return attempt.id


def _settings(tmp_path: Path, sitting: str) -> Settings:
    return Settings(banks=[str(BANK)], store="", sitting=sitting, time_limit=600)


def test_only_this_sittings_overdue_attempts_of_absent_students_are_closed(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path, "s1")
    other = _settings(tmp_path, "s2")
    banks = load_banks([BANK])
    with Store(tmp_path / "casequiz.db") as store:
        away = _exam(store, settings, "Away", at=START, answered=2)
        here = _exam(store, settings, "Here", at=START, answered=1)
        late = _exam(store, settings, "Late", at=START + timedelta(minutes=5), answered=0)
        elsewhere = _exam(store, other, "Away", at=START, answered=0)

        assert (
            close_overdue(store, settings, banks, {"Here"}, lambda: START + timedelta(minutes=9))
            == []
        )
        now = START + timedelta(minutes=12)
        assert close_overdue(store, settings, banks, {"Here"}, lambda: now) == ["Away"]
        assert close_overdue(store, settings, banks, {"Here"}, lambda: now) == []  # once

        closed = store.attempt(away)
        assert closed is not None and closed.finished
        assert datetime.fromisoformat(closed.finished_at) == START + timedelta(minutes=10)
        assert (closed.score, closed.max_score) == (2, 3)
        for still_open in (here, late, elsewhere):
            record = store.attempt(still_open)
            assert record is not None and not record.finished


@pytest.mark.slow
def test_the_running_server_closes_an_exam_left_open_past_its_time(
    tmp_path: Path, env: Path
) -> None:
    """An exam of the sitting begun two hours ago with a 10-minute limit and one answer: the
    server started on that roster closes it within seconds, and says so."""
    roster = write_roster(tmp_path, 2)
    codes = load_codes(roster)
    settings = _settings(tmp_path, codes.sitting)
    began = (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=0)
    with Store(env / "casequiz.db") as store:
        number = _exam(store, settings, "Student 01", at=began, answered=1)
    port = free_port()
    server = serve_process(roster, port, "--time-limit", "10m")
    try:
        finished = None
        for _ in range(300):
            with Store(env / "casequiz.db") as store:
                record = store.attempt(number)
            if record is not None and record.finished:
                finished = record
                break
            time.sleep(0.1)
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=60)
    assert finished is not None, out
    assert datetime.fromisoformat(finished.finished_at) == began + timedelta(minutes=10)
    assert finished.score == 1
    assert "Student 01: time is up, the exam is closed" in out
    assert "Traceback" not in out
