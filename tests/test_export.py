"""`casequiz export`: the gradebook a grader opens in a spreadsheet.

The CSV is parsed back in every test, as a spreadsheet would read it: columns, types, numbers
that stay numbers, and no text cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from casequiz.bank.load import load_banks
from casequiz.grade.source import from_record, read_attempts
from casequiz.grade.tables import ATTEMPT_COLUMNS, QUESTION_COLUMNS, TOPIC_COLUMNS
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.quiz.scoring import expected_response
from casequiz.store.db import Store
from test_grade_support import cli, fill, read_csv, record

DATA = Path(__file__).parent / "data"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


@pytest.fixture
def taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store of real attempts at the all-types bank: four students, six questions each."""
    monkeypatch.delenv("CASEQUIZ_DB", raising=False)
    db = tmp_path / "results.db"
    banks = load_banks([DATA / "valid"])
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with Store(db) as store:
        for i, student in enumerate(["Ana", "Bo", '=HYPERLINK("http://x")', "-2"]):
            now = [start + timedelta(days=i)]

            def clock(now: list[datetime] = now) -> datetime:
                now[0] += timedelta(seconds=30)
                return now[0]

            attempt = Attempt.start(
                banks,
                Selection(seed=i, count=6),
                student=student,
                mode=Mode.EXAM,
                log=store,
                clock=clock,
            )
            for index in range(len(attempt.slots)):
                question = attempt.current.question
                if index % (i + 2):  # each student gets a different share right
                    attempt.answer(expected_response(question))
                elif question.type in ("single", "numeric", "short"):
                    attempt.answer("+1")  # a wrong answer that looks like a formula
                attempt.next()
            attempt.finish()
    return db


def test_csv_opens_with_the_expected_columns_and_types(
    taken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "grades.csv"
    code, stdout, stderr = cli(capsys, taken, "export", "-o", str(out))
    assert code == 0 and stdout == ""
    assert "wrote 4 rows" in stderr
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # the BOM only with --excel
    assert b"\r\n" in raw  # RFC 4180 line ends
    rows = read_csv(raw.decode("utf-8"))
    topics = [c for c in rows[0] if c not in ATTEMPT_COLUMNS]
    assert list(rows[0]) == [*ATTEMPT_COLUMNS, *topics]
    assert topics == ["Basics (%)", "Figures (%)", "Timeline (%)"]  # the bank's order
    assert [r["student"] for r in rows] == ["Ana", "Bo", '\'=HYPERLINK("http://x")', "'-2"]
    for row in rows:
        assert row["bank"] == "all-types" and len(row["bank_hash"]) == 64
        assert row["mode"] == "exam"
        started = datetime.fromisoformat(row["started"])
        finished = datetime.fromisoformat(row["finished"])
        assert float(row["duration_s"]) == (finished - started).total_seconds()
        score, out_of, percent = float(row["score"]), float(row["max"]), float(row["percent"])
        assert out_of in (6.0, 9.0) and 0 <= score <= out_of  # 9 with the cloze (4 points)
        assert percent == pytest.approx(100 * score / out_of, abs=0.01)
        for topic in topics:
            assert row[topic] == "" or 0.0 <= float(row[topic]) <= 100.0
    with Store(taken) as store:
        stored = [a.score for a in store.attempts()]
    assert [float(r["score"]) for r in rows] == stored


def test_by_question_rows_add_up_to_each_attempt(
    taken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, _ = cli(capsys, taken, "export", "--by", "question")
    assert code == 0
    rows = read_csv(stdout)
    assert list(rows[0]) == list(QUESTION_COLUMNS)
    assert len(rows) == 4 * 6
    with Store(taken) as store:
        for attempt in store.attempts():
            mine = [r for r in rows if r["attempt"] == attempt.uid]
            assert sum(float(r["score"]) for r in mine) == pytest.approx(attempt.score)
            assert sum(float(r["max"]) for r in mine) == pytest.approx(attempt.max_score)
            assert [r["question"] for r in mine] == [p["question"] for p in attempt.plan]
    for row in rows:
        assert row["verdict"] in ("correct", "partial", "wrong", "unanswered")
        if row["verdict"] == "unanswered":
            assert row["response"] == "" and row["score"] == "0.0"
        if row["question"] in ("eba-parts", "sequence", "who") and row["response"]:
            assert isinstance(json.loads(row["response"]), list | dict)  # JSON text
    formulas = [r["response"] for r in rows if r["response"].lstrip("'") == "+1"]
    assert formulas and all(r == "'+1" for r in formulas)


def test_by_topic_is_per_student_and_topic(taken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = cli(capsys, taken, "export", "--by", "topic")
    assert code == 0
    rows = read_csv(stdout)
    assert list(rows[0]) == list(TOPIC_COLUMNS)
    keys = [(r["student"], r["topic"]) for r in rows]
    assert len(keys) == len(set(keys))
    by_question = read_csv(cli(capsys, taken, "export", "--by", "question")[1])
    for row in rows:
        mine = [
            r for r in by_question if (r["student"], r["topic"]) == (row["student"], row["topic"])
        ]
        assert int(row["questions"]) == len(mine)
        assert float(row["score"]) == pytest.approx(sum(float(r["score"]) for r in mine))
        assert int(row["attempts"]) == 1


def test_json_and_markdown_hold_the_same_rows(
    taken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_rows = read_csv(cli(capsys, taken, "export")[1])
    data = json.loads(cli(capsys, taken, "export", "--format", "json")[1])
    assert isinstance(data, list) and len(data) == len(csv_rows)
    for from_json, from_csv in zip(data, csv_rows, strict=True):
        assert list(from_json) == list(from_csv)
        assert isinstance(from_json["score"], float) and isinstance(from_json["percent"], float)
        assert float(from_csv["score"]) == from_json["score"]
    assert data[2]["student"] == '=HYPERLINK("http://x")'  # JSON is data, not a spreadsheet
    code, report, _ = cli(capsys, taken, "export", "--format", "md")
    assert code == 0
    assert report.startswith("# Scores by attempt")
    assert "## Summary" in report and "| bank | attempts | students |" in report
    assert '=HYPERLINK("http://x")' in report  # shown literally, markup escaped
    assert "| all-types | 4 | 4 |" in report


def test_format_follows_the_output_file(
    taken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "grades.json"
    assert cli(capsys, taken, "export", "-o", str(out))[0] == 0
    assert isinstance(json.loads(out.read_text("utf-8")), list)


def test_excel_adds_the_bom(
    taken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "grades.csv"
    assert cli(capsys, taken, "export", "--excel", "-o", str(out))[0] == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert read_csv(raw.decode("utf-8-sig"))[0]["student"] == "Ana"
    code, _, err = cli(capsys, taken, "export", "--excel", "--format", "json")
    assert code == 2 and "CSV only" in err


def test_empty_and_missing_stores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere" / "results.db"
    code, out, err = cli(capsys, missing, "export")
    assert (code, out) == (0, "") and "no results store" in err
    assert not missing.exists() and not missing.parent.exists()  # not created by a report

    empty = tmp_path / "empty.db"
    Store(empty).close()
    target = tmp_path / "grades.csv"
    code, out, err = cli(capsys, empty, "export", "-o", str(target))
    assert (code, out) == (0, "") and "no finished attempts" in err
    assert not target.exists()

    fill(empty, [record("Ana", {"q1": (1.0, 1.0)}, finished=None)])  # unfinished: not counted
    code, out, err = cli(capsys, empty, "export", "--by", "question")
    assert (code, out) == (0, "") and "no finished attempts" in err


def test_the_store_comes_from_the_environment(
    taken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from casequiz.cli.main import main

    monkeypatch.setenv("CASEQUIZ_DB", str(taken))
    assert main(["export"]) == 0
    assert len(read_csv(capsys.readouterr().out)) == 4


def test_since_keeps_attempts_started_on_or_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = fill(
        tmp_path / "r.db",
        [
            record(
                "Ana",
                {"q1": (1.0, 1.0)},
                started=f"2026-03-{day:02d}T12:00:00.000+00:00",
                finished=f"2026-03-{day:02d}T12:10:00.000+00:00",
            )
            for day in (1, 10, 20)
        ],
    )
    rows = read_csv(cli(capsys, db, "export", "--since", "2026-03-10")[1])
    assert [r["started"][:10] for r in rows] == ["2026-03-10", "2026-03-20"]
    rows = read_csv(cli(capsys, db, "export", "--since", "2026-03-10T13:00:00+00:00")[1])
    assert [r["started"][:10] for r in rows] == ["2026-03-20"]
    code, out, err = cli(capsys, db, "export", "--since", "2026-04-01")
    assert (code, out) == (0, "") and "--since 2026-04-01" in err
    code, _, err = cli(capsys, db, "export", "--since", "last week")
    assert code == 2 and "--since" in err and "Traceback" not in err


def test_student_filter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = fill(tmp_path / "r.db", [record(s, {"q1": (1.0, 1.0)}) for s in ("Ana", "Bo", "Ana")])
    rows = read_csv(cli(capsys, db, "export", "--student", "Ana")[1])
    assert [r["student"] for r in rows] == ["Ana", "Ana"]


def _day(day: int) -> dict[str, str]:
    return {
        "started": f"2026-03-{day:02d}T09:00:00.000+00:00",
        "finished": f"2026-03-{day:02d}T09:30:00.000+00:00",
    }


@pytest.fixture
def repeated(tmp_path: Path) -> Path:
    """Ana tries three times (40%, 80%, 60%), Bo twice (100%, 20%), over days 1-5."""

    def marks(right: int) -> dict[str, tuple[float, float]]:
        return {f"q{i}": (1.0 if i < right else 0.0, 1.0) for i in range(5)}

    return fill(
        tmp_path / "r.db",
        [
            record("Ana", marks(2), **_day(1)),
            record("Bo", marks(5), **_day(2)),
            record("Ana", marks(4), **_day(3)),
            record("Bo", marks(1), **_day(4)),
            record("Ana", marks(3), **_day(5)),
        ],
    )


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        ("first", [("Ana", 40.0), ("Bo", 100.0)]),
        ("last", [("Bo", 20.0), ("Ana", 60.0)]),
        ("best", [("Bo", 100.0), ("Ana", 80.0)]),
        ("all", [("Ana", 40.0), ("Bo", 100.0), ("Ana", 80.0), ("Bo", 20.0), ("Ana", 60.0)]),
    ],
)
def test_attempts_first_last_best(
    repeated: Path,
    which: str,
    expected: list[tuple[str, float]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = read_csv(cli(capsys, repeated, "export", "--attempts", which)[1])
    assert [(r["student"], float(r["percent"])) for r in rows] == expected


def test_best_keeps_the_first_of_equal_attempts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = fill(tmp_path / "r.db", [record("Ana", {"q1": (1.0, 1.0)}, **_day(d)) for d in (3, 1, 2)])
    rows = read_csv(cli(capsys, db, "export", "--attempts", "best")[1])
    assert [r["started"][:10] for r in rows] == ["2026-03-01"]


def test_bank_shows_its_part_of_mixed_attempts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mixed = record("Ana", {"q1": (1.0, 1.0), "q2": (0.0, 2.0)}, other={"extra": {"x1": (3.0, 3.0)}})
    db = fill(tmp_path / "r.db", [mixed, record("Bo", {"q1": (0.0, 1.0)})])
    whole = read_csv(cli(capsys, db, "export")[1])
    assert [(r["bank"], float(r["score"]), float(r["max"])) for r in whole] == [
        ("extra+quiz", 4.0, 6.0),
        ("quiz", 0.0, 1.0),
    ]
    assert whole[0]["bank_hash"] == "hash-extra+hash-quiz"
    part = read_csv(cli(capsys, db, "export", "--bank", "quiz")[1])
    assert [(r["bank"], float(r["score"]), float(r["max"])) for r in part] == [
        ("quiz", 1.0, 3.0),
        ("quiz", 0.0, 1.0),
    ]
    rows = read_csv(cli(capsys, db, "export", "--bank", "extra", "--by", "question")[1])
    assert [r["question"] for r in rows] == ["x1"]
    code, out, err = cli(capsys, db, "export", "--bank", "nope")
    assert code == 2 and out == ""
    assert "no finished attempt was drawn from bank 'nope'; the banks are: extra, quiz" in err


def test_unanswered_questions_take_their_points_from_the_bank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nobody answered q4 (4 points in the bank): only the bank file can say what it was worth.
    db = fill(
        tmp_path / "r.db", [record("Ana", {"q1": (1.0, 1.0), "q4": None}, topics={"q1": "Topic A"})]
    )
    rows = read_csv(
        cli(capsys, db, "export", "--by", "question", "--banks", str(DATA / "grade"))[1]
    )
    assert [(r["question"], r["topic"], r["verdict"], float(r["max"])) for r in rows] == [
        ("q1", "Topic A", "correct", 1.0),
        ("q4", "Topic B", "unanswered", 4.0),
    ]
    topics = read_csv(cli(capsys, db, "export", "--banks", str(DATA / "grade"))[1])[0]
    assert (topics["Topic A (%)"], topics["Topic B (%)"]) == ("100.0", "0.0")


def test_the_lean_reader_agrees_with_the_store(taken: Path) -> None:
    with Store(taken) as store:
        lean = read_attempts(store)
        full = [from_record(r) for r in store.attempts()]
    assert lean == full


def test_export_and_stats_do_not_import_textual(taken: Path, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from casequiz.cli.main import main\n"
        "for argv in (['export', '--format', 'md'], ['export', '--by', 'question'], ['stats'],\n"
        "             ['stats', '--format', 'json']):\n"
        "    assert main(['--db', sys.argv[1], *argv, '-o', sys.argv[2]]) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(loaded)\n"
    )
    env = {**os.environ, "CASEQUIZ_DB": str(tmp_path / "unused.db")}
    done = subprocess.run(
        [sys.executable, "-c", script, str(taken), str(tmp_path / "out.txt")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
