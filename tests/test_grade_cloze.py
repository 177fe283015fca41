"""A cloze in the grader's views: one export row per question, its response the mapping per
blank; `stats` over its summed marks; result files re-scored blank by blank on import."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from casequiz.bank.load import load_banks
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.quiz.rescore import Rescorer
from casequiz.store.db import Store
from test_grade_support import cli, read_csv

PASSAGES = Path(__file__).parent / "data" / "cloze" / "passages.yaml"
RESPONSES = [
    # figures (market 1, exports 2, "2" 1), scheme (name 1, age 1), goods (1: 1, 2: 2)
    ({"market": "EU", "exports": "5.8", "2": "45"}, ["EBA", "old"], {"1": "garments"}),
    ({"market": "China", "exports": "5.8"}, ["EBA", "new"], {"1": "shoes", "2": "footwear"}),
    ({"market": "EU"}, ["Everything but Arms", "old"], {"1": "garments", "2": "footwear"}),
    ({}, ["x", "new"], {"2": "footwear"}),
]


@pytest.fixture
def taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Four exams at the bank of clozes, every question drawn, answered as in RESPONSES."""
    monkeypatch.delenv("CASEQUIZ_DB", raising=False)
    db = tmp_path / "results.db"
    banks = load_banks([PASSAGES], use_cache=False)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with Store(db) as store:
        for i, answers in enumerate(RESPONSES):
            now = [start + timedelta(days=i)]

            def clock(now: list[datetime] = now) -> datetime:
                now[0] += timedelta(seconds=30)
                return now[0]

            attempt = Attempt.start(
                banks, Selection(seed=1), student=f"s{i}", mode=Mode.EXAM, log=store, clock=clock
            )
            by_id = dict(zip(("figures", "scheme", "goods"), answers, strict=True))
            for _ in range(len(attempt.slots)):
                attempt.answer(by_id[attempt.current.question.id])  # type: ignore[arg-type]
                attempt.next()
            attempt.finish()
    return db


EXPECTED_SCORES = {
    "s0": {"figures": 4.0, "scheme": 2.0, "goods": 1.0},
    "s1": {"figures": 2.0, "scheme": 1.0, "goods": 2.0},
    "s2": {"figures": 1.0, "scheme": 2.0, "goods": 3.0},
    "s3": {"figures": 0.0, "scheme": 0.0, "goods": 2.0},
}


def test_export_by_question_has_one_row_per_cloze_with_its_mapping(
    taken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, taken, "export", "--by", "question")
    assert code == 0
    rows = read_csv(out)
    assert len(rows) == 12  # four attempts, three questions: one row each, not one per blank
    scores = {(r["student"], r["question"]): float(r["score"]) for r in rows}
    assert scores == {(s, q): v for s, qs in EXPECTED_SCORES.items() for q, v in qs.items()}
    first = next(r for r in rows if (r["student"], r["question"]) == ("s1", "figures"))
    assert json.loads(first["response"]) == {"market": "China", "exports": "5.8"}
    assert (first["max"], first["verdict"]) == ("4.0", "partial")
    verdicts = {r["verdict"] for r in rows}
    assert verdicts == {"correct", "partial", "wrong"}


def test_export_by_attempt_sums_the_blanks(taken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, taken, "export")
    rows = {r["student"]: r for r in read_csv(out)}
    assert code == 0
    for student, scores in EXPECTED_SCORES.items():
        assert float(rows[student]["score"]) == sum(scores.values())
        assert float(rows[student]["max"]) == 9.0


def test_stats_facility_is_the_mean_fraction_of_the_points(
    taken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, taken, "stats", "--format", "json", "--banks", str(PASSAGES))
    assert code == 0
    (report,) = json.loads(out)["banks"]
    questions = {q["question"]: q for q in report["questions"]}
    figures = questions["figures"]
    assert figures["type"] == "cloze"
    # marks 4, 2, 1, 0 out of 4: a mean of 1.75, 43.75% of the points
    assert figures["facility_pct"] == pytest.approx(43.75)
    assert figures["random_guess_pct"] is None  # typed blanks cannot be guessed
    scheme = questions["scheme"]
    assert scheme["facility_pct"] == pytest.approx(62.5)


def test_a_result_file_is_rescored_blank_by_blank(taken: Path) -> None:
    banks = load_banks([PASSAGES], use_cache=False)
    with Store(taken) as store:
        record = store.attempt(store.list_attempts()[0].id)
    assert record is not None
    for answer in record.answers:
        answer.score = answer.max_score  # an edited file claims full marks
        answer.status = "correct"
    record.score = record.max_score
    rescored = Rescorer(banks).rescore(record)
    assert rescored.disagrees
    assert rescored.record.score == sum(EXPECTED_SCORES[record.student].values())
    figures = next(a for a in rescored.record.answers if a.question_id == "figures")
    assert figures.verdict["detail"][0].startswith("market: ")


def test_a_result_file_with_clozes_imports_rescored(
    taken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file a student hands in, edited to claim full marks, imports at the bank's scores."""
    from casequiz.quiz import resultfile

    with Store(taken) as store:
        record = store.attempt(store.list_attempts()[1].id)
    assert record is not None and record.student == "s1"
    path = resultfile.write(record, tmp_path / "handed-in")
    data = json.loads(path.read_text("utf-8"))
    attempt = data["attempt"]
    for answer in attempt["answers"]:
        answer["score"], answer["status"] = answer["max_score"], "correct"
    attempt["score"] = attempt["max_score"]
    path.write_text(json.dumps(data), "utf-8")
    other = tmp_path / "grader.db"
    code, _, err = cli(capsys, other, "results", "import", str(path), "--bank", str(PASSAGES))
    assert code == 0, err
    with Store(other) as store:
        [summary] = store.list_attempts()
        imported = store.attempt(summary.id)
    assert imported is not None
    assert imported.score == sum(EXPECTED_SCORES["s1"].values())
    figures = next(a for a in imported.answers if a.question_id == "figures")
    assert figures.response == {"market": "China", "exports": "5.8"}
    assert (figures.score, figures.status) == (2.0, "partial")


def test_the_cached_summary_holds_a_cloze_s_points_and_guess_score() -> None:
    from casequiz.bank.model import Bank
    from casequiz.bank.summary import BankSummary, summary_data
    from casequiz.grade.guess import random_guess_score

    bank = Bank.model_validate(
        {
            "casequiz": 1,
            "id": "b",
            "title": "B",
            "questions": [
                {
                    "id": "q",
                    "type": "cloze",
                    "prompt": "Fill in.",
                    "text": "{{a}} and {{b}}",
                    "blanks": {
                        "a": {"type": "choice", "choices": ["x", "y"], "answer": "x"},
                        "b": {"type": "choice", "choices": ["x", "y", "z", "w"], "answer": "w",
                              "points": 3},
                    },
                }
            ],
        }
    )  # fmt: skip
    summary = BankSummary.read(summary_data(bank), PASSAGES, "digest")
    assert summary is not None
    [facts] = summary.questions
    assert facts.points == 4.0
    # (1 × 1/2 + 3 × 1/4) / 4
    assert random_guess_score(facts) == pytest.approx(1.25 / 4)
    assert random_guess_score(bank.questions[0]) == pytest.approx(1.25 / 4)
