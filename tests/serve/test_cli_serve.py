"""`casequiz serve` as the teacher runs it: a real process, a real port, Ctrl+C to stop."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casequiz.serve import live
from casequiz.serve.roster import load_codes
from casequiz.serve.sitting import Settings
from casequiz.store.db import Store
from serve.client import Student
from serve.conftest import BANK, write_roster
from serve.test_web import RIGHT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_process(roster: Path, port: int, *options: str) -> subprocess.Popen[str]:
    """`casequiz serve` on the test bank and `roster`, as the teacher starts it; its output,
    live table and log together, is read from `stdout`."""
    command = ["serve", str(BANK), "--roster", str(roster), "--port", str(port), *options]
    return subprocess.Popen(
        [sys.executable, "-m", "casequiz", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ.copy(),
    )


@pytest.mark.slow
def test_serve_runs_an_exam_and_stops_on_ctrl_c(tmp_path: Path, env: Path) -> None:
    roster = write_roster(tmp_path, 2)
    codes = load_codes(roster)
    port = free_port()
    server = serve_process(roster, port, "--seed", "7")
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, line
        url = f"http://127.0.0.1:{port}/"

        async def sit() -> str:
            student = Student(url, url.rstrip("/"))
            try:
                assert await student.login(codes.seats[0].code) == 303
                await student.connect()
                question = await student.question()
                for number in range(3):
                    nxt = await student.answer(question, RIGHT[question], last=number == 2)
                    question = nxt or question
                await student.press("\r")
                await student.wait_for("The exam is finished")
                return question
            finally:
                await student.close()

        assert asyncio.run(sit())
        for grading in (["export", "--format", "csv"], ["stats"]):  # while the exam runs
            graded = subprocess.run(
                [sys.executable, "-m", "casequiz", *grading],
                capture_output=True,
                text=True,
                env=os.environ.copy(),
                timeout=120,
            )
            assert graded.returncode == 0, graded.stderr
            assert "Student 01" in graded.stdout or grading[0] == "stats"
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=60)
    assert server.returncode == 0, out
    assert "Traceback" not in out
    with Store(env / "casequiz.db") as store:
        (attempt,) = store.attempts(finished=None)
    assert attempt.student == "Student 01" and attempt.seed == 7
    assert attempt.finished and attempt.score == 3


def test_the_live_table_names_each_student_and_where_they_are(tmp_path: Path) -> None:
    from casequiz.bank.load import load_banks
    from casequiz.serve.sitting import attempt_for

    codes = load_codes(write_roster(tmp_path, 3))
    settings = Settings(banks=[str(BANK)], store="", sitting=codes.sitting)
    banks = load_banks([BANK])
    with Store(tmp_path / "casequiz.db") as store:
        busy = attempt_for(store, settings, "Student 01", banks)
        busy.answer(busy.current.question.answer)  # type: ignore[attr-defined]
        busy.go(1)
        done = attempt_for(store, settings, "Student 02", banks)
        done.finish()
        table = live.rows(store, settings, codes, {"Student 01"})
    assert [(r.name, r.state, r.question, r.answered) for r in table] == [
        ("Student 01", "connected", "2 of 3", "1/3"),
        ("Student 02", "finished", "", "0/3"),
        ("Student 03", "not started", "", ""),
    ]
    assert table[1].score == "0/3"
    from rich.console import Console

    console = Console(width=120, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(live.render("exam [bold]", table, "http://127.0.0.1:8000/", time.monotonic()))
    text = console.export_text()
    assert "exam [bold]" in text and "1 connected, 0 away, 1 finished of 3" in text
