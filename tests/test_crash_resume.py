"""A killed terminal loses nothing: plain mode in a real process, killed with SIGKILL, resumed.

The process gets its answers through a pipe one at a time; once the k-th is visible in the
store it is killed without warning (no `finally`, no flush, no goodbye). A second process runs
`casequiz resume --plain`: exactly the k answers are there, unchanged, and the rest of the
attempt can be taken to its end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from casequiz.records import AttemptRecord
from casequiz.store.db import Store

ENGINE = Path(__file__).parent / "data" / "engine"
BANK = ENGINE / "singles.yaml"
QUESTIONS = 6


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CASEQUIZ_DB", str(tmp_path / "casequiz.db"))
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CASEQUIZ_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield tmp_path


def casequiz(*args: str, **options: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "casequiz", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
        **options,  # type: ignore[call-overload]
    )


def the_attempt(db: Path) -> AttemptRecord | None:
    if not db.exists():
        return None
    with Store(db) as store:
        records = list(store.attempts(finished=None))
    return records[0] if records else None


def wait_for_answers(db: Path, count: int, process: subprocess.Popen[str]) -> AttemptRecord:
    """Poll the store until `count` answers are committed (and the attempt exists)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        record = the_attempt(db)
        if record is not None and len(record.answers) >= count:
            return record
        time.sleep(0.02)
    raise AssertionError(f"{count} answers never reached the store")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "k"), [("exam", 0), ("exam", 2), ("practice", 3), ("practice", 5)]
)
def test_a_killed_attempt_resumes_with_nothing_lost(env: Path, mode: str, k: int) -> None:
    db = env / "casequiz.db"
    process = casequiz(mode, str(BANK), "--plain", "--seed", "8", "--student", "ann")
    assert process.stdin is not None
    for number in range(1, k + 1):
        process.stdin.write(f"{1 + number % 3}\n")  # options 2, 3, 1, 2, 3: right and wrong
        process.stdin.flush()
        wait_for_answers(db, number, process)
    if k == 0:
        wait_for_answers(db, 0, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    killed = the_attempt(db)
    assert killed is not None and not killed.finished
    assert len(killed.answers) == k, "exactly the k answers given before the kill"

    rest = QUESTIONS - k
    resume = casequiz("resume", "--plain")
    out, err = resume.communicate("1\n" * rest + "n\n", timeout=60)
    assert resume.returncode == 0, err
    assert err == ""
    assert f"Question {k + 1} of {QUESTIONS}" in out
    if k:
        assert out.startswith(f"Resuming: {k} of {QUESTIONS} answered.")
        assert f"Question {k} of {QUESTIONS}" not in out, "nothing answered is asked again"
    assert "Score:" in out

    done = the_attempt(db)
    assert done is not None and done.finished and done.uid == killed.uid
    assert len(done.answers) == QUESTIONS == k + rest
    assert done.plan == killed.plan, "the same questions in the same order, options too"
    before = {(a.slot, repr(a.response), a.answered_at) for a in killed.answers}
    assert before <= {(a.slot, repr(a.response), a.answered_at) for a in done.answers}
    if mode == "exam":
        assert len(list((env / "results").glob("*.json"))) == 1
