"""`casequiz stats`: Moodle's item analysis from the results store, per bank.

The end-to-end check feeds Moodle's own fixture (25 attempts x 7 questions) through a store and
the command, and expects Moodle's figures back, read from the shared reference folder.
"""

from __future__ import annotations

import csv
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from casequiz.bank.load import load_banks
from casequiz.grade.report import QUESTION_COLUMNS
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.quiz.scoring import expected_response
from casequiz.store.db import Store
from test_grade_support import cli, fill, read_csv, read_json, record

DATA = Path(__file__).parent / "data"
REFERENCE = Path(__file__).resolve().parents[2] / "shared/reference/moodle-quiz-statistics"


@pytest.fixture(autouse=True)
def _no_local_banks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from an empty folder, so ./questions cannot lend a bank the test did not name."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CASEQUIZ_DB", raising=False)


@pytest.fixture
def drawn(tmp_path: Path) -> Path:
    """Twelve real attempts at the all-types bank, each drawing 5 of its 9 questions."""
    db = tmp_path / "drawn.db"
    banks = load_banks([DATA / "valid"])
    with Store(db) as store:
        for i in range(12):
            attempt = Attempt.start(
                banks,
                Selection(seed=i, count=5),
                student=f"student {i % 6}",
                mode=Mode.EXAM,
                log=store,
            )
            for index in range(len(attempt.slots)):
                if (index + i) % 3:
                    attempt.answer(expected_response(attempt.current.question))
                attempt.next()
            attempt.finish()
    return db


def test_table_shows_the_figures_flags_and_a_histogram(
    drawn: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, drawn, "stats")
    assert code == 0
    assert out.startswith("all-types: One question of each type\n")
    assert "12 attempts by 6 students (all finished attempts)" in out
    for label in (
        "mean",
        "median",
        "standard deviation",
        "skewness",
        "kurtosis",
        "CIC (Cronbach's alpha)",
        "error ratio",
        "standard error",
    ):
        assert f"\n  {label} " in out
    assert "facility" in out and "discrim." in out and "disc.eff." in out
    chart = out.split("Total scores (marks, 12 attempts)\n")[1].strip().splitlines()
    assert len(chart) == 10
    assert sum(int(line.rsplit(" ", 1)[1]) for line in chart) == 12
    assert all(" | " in line for line in chart) and any("#" in line for line in chart)


def test_questions_not_drawn_are_left_out_of_their_statistics(
    drawn: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = read_json(cli(capsys, drawn, "stats", "--format", "json")[1])
    (bank,) = report["banks"]
    assert bank["bank"] == "all-types" and bank["attempts"] == 12
    with Store(drawn) as store:
        attempts = list(store.attempts())
    for q in bank["questions"]:
        drew = [a for a in attempts if any(p["question"] == q["question"] for p in a.plan)]
        assert q["n"] == len(drew)  # not 12: the others never saw it
        earned = [sum(x.score for x in a.answers if x.question_id == q["question"]) for a in drew]
        points = q["max_mark"]  # 1 but for the cloze, worth its blanks' points
        assert q["facility_pct"] == pytest.approx(100 * sum(earned) / len(drew) / points)
    assert bank["test"]["count"] == 12
    assert bank["test"]["max_total"] == 8.0  # five questions, one of them the cloze (4 points)
    assert bank["test"]["cic_pct"] is not None  # every attempt drew five: P = 5
    assert sum(bank["histogram"]["counts"]) == 12


def test_random_guess_scores_and_types_come_from_the_bank(
    drawn: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = read_json(cli(capsys, drawn, "stats", "--format", "json")[1])["banks"][0][
        "questions"
    ]
    guesses = {q["question"]: q["random_guess_pct"] for q in questions}
    types = {q["question"]: q["type"] for q in questions}
    assert types["capital"] == "single" and guesses["capital"] == pytest.approx(100 / 3)
    assert types["withdrawn"] == "true_false" and guesses["withdrawn"] == 50.0
    assert guesses["exports"] is None and guesses["acronym"] is None
    assert [q["question"] for q in questions] == [  # the bank's order
        q
        for q in (
            "capital",
            "eba-parts",
            "withdrawn",
            "exports",
            "share",
            "acronym",
            "sequence",
            "who",
            "passage",
        )
        if q in types
    ]


def test_without_the_bank_file_the_report_says_less(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = fill(tmp_path / "r.db", [record("Ana", {"q2": (1.0, 1.0), "q1": (0.0, 1.0)})])
    code, out, _ = cli(capsys, db, "stats")
    assert code == 0 and "bank file not found" in out
    questions = read_json(cli(capsys, db, "stats", "--format", "json")[1])["banks"][0]["questions"]
    assert [q["question"] for q in questions] == ["q1", "q2"]  # by id
    assert all(q["random_guess_pct"] is None and q["type"] is None for q in questions)
    found = read_json(
        cli(capsys, db, "stats", "--format", "json", "--banks", str(DATA / "grade"))[1]
    )["banks"][0]
    assert found["bank_file"].endswith("quiz.yaml")
    assert [q["random_guess_pct"] for q in found["questions"]] == [25.0, 50.0]


def test_marks_are_put_on_the_question_s_points(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # q3 is worth 3 points in the bank; an older version of the bank scored it out of 1.
    db = fill(
        tmp_path / "r.db",
        [
            record("Ana", {"q3": (1.0, 1.0), "q1": (1.0, 1.0)}),
            record("Bo", {"q3": (1.5, 3.0), "q1": (0.0, 1.0)}),
            record("Cy", {"q3": None, "q1": (1.0, 1.0)}),
        ],
    )
    bank = read_json(
        cli(capsys, db, "stats", "--format", "json", "--banks", str(DATA / "grade"))[1]
    )["banks"][0]
    _q1, q3 = bank["questions"]
    assert q3["max_mark"] == 3.0
    assert q3["mean_mark"] == pytest.approx((3.0 + 1.5 + 0.0) / 3)
    assert q3["facility_pct"] == pytest.approx(50.0)
    assert bank["test"]["max_total"] == 4.0


def test_banks_are_reported_one_by_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = fill(
        tmp_path / "r.db",
        [
            record("Ana", {"q1": (1.0, 1.0)}, other={"extra": {"x1": (0.0, 1.0)}}),
            record("Bo", {"q1": (0.0, 1.0)}),
        ],
    )
    report = read_json(cli(capsys, db, "stats", "--format", "json")[1])
    assert [(b["bank"], b["attempts"]) for b in report["banks"]] == [("extra", 1), ("quiz", 2)]
    only = read_json(cli(capsys, db, "stats", "--format", "json", "--bank", "quiz")[1])
    assert [b["bank"] for b in only["banks"]] == ["quiz"]
    assert [q["question"] for q in only["banks"][0]["questions"]] == ["q1"]
    code, out, err = cli(capsys, db, "stats", "--bank", "nope")
    assert code == 2 and out == "" and "the banks are: extra, quiz" in err


def test_attempts_first_keeps_one_per_student(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    records = []
    for day, (student, right) in enumerate([("Ana", 0), ("Ana", 2), ("Bo", 1), ("Bo", 2)]):
        moment = (start + timedelta(days=day)).isoformat(timespec="milliseconds")
        marks = {f"q{i}": (1.0 if i < right else 0.0, 1.0) for i in range(2)}
        records.append(record(student, marks, started=moment, finished=moment))
    db = fill(tmp_path / "r.db", records)

    def mean(which: str) -> float:
        data = read_json(cli(capsys, db, "stats", "--format", "json", "--attempts", which)[1])
        test = data["banks"][0]["test"]
        assert data["attempts"] == which
        return test["mean"], test["count"]

    assert mean("all") == (1.25, 4)
    assert mean("first") == (0.5, 2)
    assert mean("last") == (2.0, 2)
    assert mean("best") == (2.0, 2)


def test_csv_and_markdown(drawn: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, drawn, "stats", "--format", "csv")
    assert code == 0
    rows = read_csv(out)
    assert list(rows[0]) == list(QUESTION_COLUMNS)
    for row in rows:
        assert int(row["n"]) > 0
        assert 0.0 <= float(row["facility_pct"]) <= 100.0
        assert row["random_guess_pct"] == "" or float(row["random_guess_pct"]) > 0
        for code_ in row["flags"].split():
            assert code_ in ("too-hard", "too-easy", "negative-discrimination", "low-efficiency")
    code, out, _ = cli(capsys, drawn, "stats", "--format", "md")
    assert code == 0
    assert out.startswith("# Item analysis\n")
    for heading in ("### Whole test", "### Questions", "### Total scores"):
        assert heading in out
    assert "| figure | value |" in out and "```\n" in out


def test_flags_say_why_in_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # q0 everyone gets right (too easy); q1 only the weakest gets right (negative discrimination).
    records = [
        record(
            f"s{i}",
            {
                "q0": (1.0, 1.0),
                "q1": (1.0 if i == 0 else 0.0, 1.0),
                "q2": (1.0 if i > 1 else 0.0, 1.0),
                "q3": (1.0 if i > 2 else 0.0, 1.0),
            },
        )
        for i in range(5)
    ]
    db = fill(tmp_path / "r.db", records)
    out = cli(capsys, db, "stats")[1]
    assert "To review" in out
    assert "q0: too easy" in out
    assert "q1: negative discrimination" in out
    flags = {
        q["question"]: [f["code"] for f in q["flags"]]
        for q in read_json(cli(capsys, db, "stats", "--format", "json")[1])["banks"][0]["questions"]
    }
    assert flags["q0"] == ["too-easy"]
    assert "negative-discrimination" in flags["q1"]


def test_empty_and_missing_stores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.db"
    code, out, err = cli(capsys, missing, "stats")
    assert (code, out) == (0, "") and "no results store" in err and not missing.exists()
    empty = tmp_path / "empty.db"
    Store(empty).close()
    for fmt in ("table", "json", "csv", "md"):
        code, out, err = cli(capsys, empty, "stats", "--format", fmt)
        assert (code, out) == (0, "") and "no finished attempts" in err


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="Moodle's fixtures live outside the repository")
def test_moodle_s_fixture_through_the_store_and_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (REFERENCE / "results00.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    records = [
        record(
            f"student {row['quizattempt']}",
            {str(slot): (float(row[f"slots.{slot}.mark"]), 1.0) for slot in range(1, 8)},
        )
        for row in rows
    ]
    db = fill(tmp_path / "moodle.db", records)
    bank = read_json(cli(capsys, db, "stats", "--format", "json")[1])["banks"][0]
    with (REFERENCE / "qstats00.csv").open(newline="", encoding="utf-8") as handle:
        expected = {row["slot"]: row for row in csv.DictReader(handle)}
    for q in bank["questions"]:
        want = expected[q["question"]]
        assert q["n"] == 25
        assert q["facility_pct"] == pytest.approx(100 * float(want["facility"]), rel=1e-6)
        assert q["sd_pct"] == pytest.approx(100 * float(want["sd"]), rel=1e-6)
        assert q["effective_weight_pct"] == pytest.approx(float(want["effectiveweight"]), rel=1e-5)
        assert q["discrimination_index_pct"] == pytest.approx(
            float(want["discriminationindex"]), rel=1e-5
        )
        assert q["discriminative_efficiency_pct"] == pytest.approx(
            float(want["discriminativeefficiency"]), rel=1e-5
        )
    quiz = yaml.safe_load((REFERENCE / "quizstats00.yaml").read_text(encoding="utf-8"))
    test = bank["test"]
    for key, ours in [
        ("allattemptsavg", "mean"),
        ("median", "median"),
        ("standarddeviation", "sd"),
        ("skewness", "skewness"),
        ("kurtosis", "kurtosis"),
        ("cic", "cic_pct"),
        ("errorratio", "error_ratio_pct"),
        ("standarderror", "standard_error"),
    ]:
        assert test[ours] == pytest.approx(quiz[key], rel=1.5e-5), key
    assert test["count"] == 25 and math.isclose(test["max_total"], 7.0)
