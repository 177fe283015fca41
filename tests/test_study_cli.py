"""`casequiz study` on the command line: plain sessions, `--stats`, a session killed mid-way."""

from __future__ import annotations

import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest
from fsrs import Rating

from casequiz.cli import study as study_command
from casequiz.cli.main import main
from casequiz.quiz import study as study_engine
from casequiz.store.cards import CardStore
from casequiz.store.db import Store

QUESTIONS = 5
BANK = "casequiz: 1\nid: facts\ntitle: Facts\nquestions:\n" + "".join(
    f"  - id: fact-{n}\n    type: true_false\n    topic: Facts\n"
    f"    prompt: Statement {n} is true.\n    answer: true\n"
    for n in range(1, QUESTIONS + 1)
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "CASEQUIZ_DB": str(tmp_path / "store.db"),
        "CASEQUIZ_CACHE_DIR": str(tmp_path / "cache"),
        "CASEQUIZ_RESULTS_DIR": str(tmp_path / "results"),
        "NO_COLOR": "1",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(BANK, "utf-8")
    return path


def reviews(env: dict[str, str], student: str = "kim") -> list[tuple[str, int, int]]:
    with Store(env["CASEQUIZ_DB"]) as store:
        return [(r.question_id, r.rating, r.suggested) for r in CardStore(store).reviews(student)]


def study(
    args: list[str], lines: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    code = main(["study", *args])
    return code, capsys.readouterr().out


def test_the_default_new_count_is_the_engines() -> None:
    assert study_command.DEFAULT_NEW == study_engine.DEFAULT_NEW


def test_help_does_not_load_the_scheduler_or_the_ui() -> None:
    """`casequiz study --help` stays instant: neither fsrs nor Textual is imported for it."""
    code = (
        "import sys\n"
        "from casequiz.cli.main import main\n"
        "try:\n"
        "    main(['study', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('fsrs', 'textual', 'casequiz.quiz.study') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "--new N" in done.stdout and "--stats" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_plain_session_rates_and_schedules(
    bank: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    # the two rated Again come back at the end (due in a minute), and are rated Easy then
    lines = "t\n1\nf\n\nt\neasy\nt\n4\nt\n4\n"
    code, out = study(
        [str(bank), "--plain", "--student", "kim", "--new", "3"], lines, monkeypatch, capsys
    )
    assert code == 0
    assert "Study session for kim: 0 due, 3 new." in out
    assert "Suggested rating: Again (wrong answer)." in out
    assert "Enter to accept Again, or 1 Again / 2 Hard / 3 Good / 4 Easy" in out
    assert "Again: next review in 1 minute" in out
    assert "Easy: next review in" in out
    assert "Studied: 5 ratings (2 Again, 3 Easy)." in out
    got = reviews(env)
    assert [(q, r) for q, r, _ in got] == [
        ("fact-1", 1),
        ("fact-2", 1),
        ("fact-3", 4),
        ("fact-1", 4),
        ("fact-2", 4),
    ]
    assert got[0][2] != 1  # the student overrode a right answer's suggestion with Again

    code, out = study(
        [str(bank), "--plain", "--student", "kim", "--new", "0"], "", monkeypatch, capsys
    )
    assert code == 0
    assert "Nothing to study now" in out
    assert "Next question due in" in out


def test_quitting_at_the_rating_prompt_keeps_the_answer(
    bank: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    code, out = study([str(bank), "--plain", "--student", "kim"], "f\nq\n", monkeypatch, capsys)
    assert code == 0
    assert "Saved: 1 rating so far." in out
    assert reviews(env) == [("fact-1", 1, 1)]


def test_stats_as_text_and_json(
    bank: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    study(
        [str(bank), "--plain", "--student", "kim", "--new", "2"], "f\n\nt\n3\n", monkeypatch, capsys
    )
    code, out = study([str(bank), "--stats", "--student", "kim"], "", monkeypatch, capsys)
    assert code == 0
    assert "Cards: 3 new · 2 learning · 0 review · 0 relearning · 0 retired" in out
    assert "Retention, last 30 days: 50% (1 of 2 reviews not rated Again)" in out
    assert "today    2  " + "#" * 40 in out
    code, out = study(
        [str(bank), "--stats", "--format", "json", "--student", "kim"], "", monkeypatch, capsys
    )
    assert code == 0
    data = json.loads(out)
    (facts,) = data["banks"]
    assert facts["cards"] == {"new": 3, "learning": 2, "review": 0, "relearning": 0, "retired": 0}
    assert facts["retention"]["rate"] == 0.5
    assert len(facts["forecast"]) == 14 and facts["forecast"][0]["due"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--new", "-1"], "argument --new: must be at least 0"),
        (["--limit", "0"], "argument --limit: must be at least 1"),
        (["--format", "json"], "--format goes with --stats"),
    ],
)
def test_usage_errors(
    bank: Path,
    env: dict[str, str],
    capsys: pytest.CaptureFixture,
    args: list[str],
    message: str,
) -> None:
    assert main(["study", str(bank), *args]) == 2
    assert message in capsys.readouterr().err


class Reader:
    """Reads a process's output on a thread, so a test can wait for a prompt with a timeout."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.chunks: queue.Queue[bytes] = queue.Queue()
        self.text = ""
        self.seen = 0
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[bytes]) -> None:
        while chunk := os.read(stream.fileno(), 4096):
            self.chunks.put(chunk)

    def until(self, marker: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while (found := self.text.find(marker, self.seen)) < 0:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {marker!r} in output:\n{self.text}")
            try:
                self.text += self.chunks.get(timeout=left).decode()
            except queue.Empty:
                continue
        self.seen = found + len(marker)
        return self.text


@pytest.mark.slow
@pytest.mark.parametrize("killed_at", ["question", "rating"])
def test_a_killed_session_keeps_every_rating_given(
    bank: Path, env: dict[str, str], killed_at: str
) -> None:
    """SIGKILL after three ratings: at the next question, or at the next rating prompt (then
    that answer is kept too, with its suggested rating)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "casequiz", "study", str(bank), "--plain", "--student", "kim"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | env,
    )
    assert process.stdin is not None and process.stdout is not None
    out = Reader(process.stdout)
    given = [Rating.Hard, Rating.Easy, Rating.Again]
    try:
        for rating in given:
            out.until("\n> ")
            process.stdin.write(b"t\n")
            process.stdin.flush()
            out.until("4 Easy: ")
            process.stdin.write(f"{int(rating)}\n".encode())
            process.stdin.flush()
            out.until("next review")
        out.until("\n> ")
        if killed_at == "rating":
            process.stdin.write(b"t\n")
            process.stdin.flush()
            out.until("4 Easy: ")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    got = reviews(env)
    assert [(q, r) for q, r, _ in got[:3]] == [
        ("fact-1", int(Rating.Hard)),
        ("fact-2", int(Rating.Easy)),
        ("fact-3", int(Rating.Again)),
    ]
    if killed_at == "rating":
        assert len(got) == 4 and got[3][0] == "fact-4" and got[3][1] == got[3][2]
    else:
        assert len(got) == 3
    with Store(env["CASEQUIZ_DB"]) as store:
        cards = {c.question_id: c for c in CardStore(store).cards("kim")}
    assert len(cards) == len(got)
    assert cards["fact-3"].state == "learning" and cards["fact-2"].state == "review"
