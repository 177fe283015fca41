"""`casequiz practice`, `exam` and `resume` from the command line, in plain mode.

The commands run in-process through `main()` with stdin replaced, so each test sees the exit
code, stdout and stderr a user would; no Python traceback may ever reach them.
"""

from __future__ import annotations

import io
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from casequiz.cli.main import main
from casequiz.store.db import Store

ENGINE = Path(__file__).parent / "data" / "engine"
SINGLES = str(ENGINE / "singles.yaml")
MIXED = str(ENGINE / "mixed.yaml")


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CASEQUIZ_DB", str(tmp_path / "casequiz.db"))
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CASEQUIZ_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield tmp_path


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, typed: str = ""
) -> tuple[int, str, str]:
    """Run casequiz with `typed` on stdin; the exit code, stdout and stderr."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    try:
        code = main(list(args))
    except SystemExit as exited:  # argparse reports its own usage errors this way
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def stored(env: Path) -> list:
    with Store(env / "casequiz.db") as store:
        return list(store.attempts(finished=None))


def test_practice_then_resume_to_the_end(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    code, out, err = run(
        monkeypatch,
        capsys,
        "practice",
        SINGLES,
        "--plain",
        "--seed",
        "3",
        "--student",
        "ann",
        typed="1\n2\nq\n",
    )
    assert code == 0, err
    assert "Saved: 2 of 6 answered" in out
    code, out, err = run(monkeypatch, capsys, "resume", "--plain", typed="1\n1\n1\n1\nn\n")
    assert code == 0, err
    assert out.startswith("Resuming: 2 of 6 answered.")
    assert "Question 3 of 6" in out and "Question 2 of 6" not in out
    assert "Score:" in out
    (record,) = stored(env)
    assert record.finished and len(record.answers) == 6
    code, _, err = run(monkeypatch, capsys, "resume", "--plain")
    assert code == 1 and "No unfinished attempt" in err


def test_resume_picks_the_students_own_attempt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    run(monkeypatch, capsys, "exam", SINGLES, "--plain", "--student", "ann", typed="1\nq\n")
    run(monkeypatch, capsys, "exam", SINGLES, "--plain", "--student", "bob", typed="q\n")
    code, out, err = run(monkeypatch, capsys, "resume", "--student", "ann", "--plain", typed="q\n")
    assert code == 0 and "Resuming: 1 of 6 answered." in out
    code, _, err = run(monkeypatch, capsys, "resume", "--student", "cy", "--plain")
    assert code == 1 and "No unfinished attempt for cy" in err


def test_exam_writes_a_result_file_and_a_finished_attempt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    code, out, err = run(
        monkeypatch,
        capsys,
        "exam",
        SINGLES,
        "--count",
        "2",
        "--seed",
        "9",
        "--student",
        "ann",
        "--plain",
        typed="1\n2\n",
    )
    assert code == 0, err
    (path,) = (env / "results").glob("ann-engine-singles-*.json")
    assert f"Result file to hand in: {path}" in out
    (record,) = stored(env)
    assert record.mode == "exam" and record.finished and record.seed == 9


def test_the_same_seed_gives_the_same_quiz(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outs = [
        run(
            monkeypatch,
            capsys,
            "exam",
            MIXED,
            "--seed",
            "21",
            "--student",
            s,
            "--plain",
            typed="q\n",
        )[1]
        for s in ("ann", "bob")
    ]
    first = outs[0][: outs[0].index("> ")]
    assert first == outs[1][: outs[1].index("> ")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["exam", SINGLES, "--plain"], "--student"),
        (["exam", SINGLES, "--student", "ann", "--time-limit", "soon", "--plain"], "duration"),
        (["exam", SINGLES, "--student", "ann", "--time-limit", "0m", "--plain"], "more than zero"),
        (["practice", SINGLES, "--count", "0", "--plain"], "argument --count: must be at least 1"),
        (
            ["practice", SINGLES, "--topic", "Geography", "--plain"],
            "no topic 'Geography'; the topics are: Places, Timeline, Trade",
        ),
        (["practice", SINGLES, "--tag", "nope", "--plain"], "no tag 'nope'"),
        (["practice", "no/such/bank.yaml", "--plain"], "no such file or folder"),
        (["practice", SINGLES, "--student", "  ", "--plain"], "--student needs a name"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    code, out, err = run(monkeypatch, capsys, *args)
    assert code == 2
    assert message in err
    assert out == ""


def test_an_invalid_bank_exits_1_with_its_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bank = tmp_path / "broken.yaml"
    bank.write_text("casequiz: 1\nid: broken\ntitle: Broken\nquestions:\n  - id: x\n", "utf-8")
    code, out, err = run(monkeypatch, capsys, "practice", str(bank), "--plain")
    assert code == 1
    assert "broken.yaml:" in err and "casequiz validate" in err
    assert out == ""


@pytest.mark.parametrize("time_limit", ["20m", "1h30m", "90s", "45"])
def test_time_limits_in_the_forms_people_write(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: Path, time_limit: str
) -> None:
    code, out, _ = run(
        monkeypatch,
        capsys,
        "exam",
        SINGLES,
        "--student",
        "ann",
        "--plain",
        "--time-limit",
        time_limit,
        typed="q\n",
    )
    assert code == 0 and " s left" in out
    (record,) = stored(env)
    assert record.time_limit == {"20m": 1200, "1h30m": 5400, "90s": 90, "45": 2700}[time_limit]


def test_resume_when_the_bank_is_gone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bank = tmp_path / "copy.yaml"
    bank.write_bytes((ENGINE / "singles.yaml").read_bytes())
    (tmp_path / "report.txt").write_bytes((ENGINE / "report.txt").read_bytes())
    run(monkeypatch, capsys, "exam", str(bank), "--student", "ann", "--plain", typed="1\nq\n")
    bank.unlink()
    code, _, err = run(monkeypatch, capsys, "resume", "--plain")
    assert code == 1
    assert "its bank is gone" in err and "copy.yaml" in err and "--abandon" in err


def test_resume_when_a_question_was_removed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bank = tmp_path / "copy.yaml"
    text = (ENGINE / "singles.yaml").read_text("utf-8")
    bank.write_text(text, "utf-8")
    (tmp_path / "report.txt").write_bytes((ENGINE / "report.txt").read_bytes())
    run(monkeypatch, capsys, "exam", str(bank), "--student", "ann", "--plain", typed="q\n")
    bank.write_text(text.replace("id: port", "id: harbour"), "utf-8")
    code, _, err = run(monkeypatch, capsys, "resume", "--plain")
    assert code == 1
    assert "its bank changed" in err and "'port'" in err and "--abandon" in err


@pytest.mark.parametrize(
    "content", [b"this is not a database at all" * 100, b"SQLite format 3\0junk"]
)
def test_a_store_that_is_not_a_store_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: bytes,
) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(content)
    code, out, err = run(
        monkeypatch, capsys, "--db", str(db), "practice", SINGLES, "--plain", typed="1\n"
    )
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not a casequiz results store" in err
    assert db.read_bytes() == content, "the file is left as it was"


def test_another_programs_database_is_refused_and_left_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    before = db.read_bytes()
    code, _, err = run(
        monkeypatch, capsys, "--db", str(db), "exam", SINGLES, "--student", "a", "--plain"
    )
    assert code == 2 and "not a casequiz results store" in err
    assert db.read_bytes() == before
    with sqlite3.connect(db) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
    assert tables == ["recipes"]


def test_a_store_from_a_newer_casequiz_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "future.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    code, _, err = run(monkeypatch, capsys, "--db", str(db), "resume", "--plain")
    assert code == 2
    assert "newer casequiz" in err and "update casequiz" in err and err.count("\n") == 1
