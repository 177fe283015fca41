"""Known-answer tests for the item statistics.

The main check reproduces Moodle's own quiz-statistics fixtures (25 attempts x 7 questions, with
figures Moodle computed independently in a spreadsheet) to the tolerances Moodle's test uses. The
fixtures are read from the shared reference folder next to the repository, never copied in. The
hand-worked example below them pins what the fixtures cannot: every question there is out of 1,
so they cannot tell marks from fractions.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
import yaml

from casequiz.grade.itemstats import flags_for
from casequiz.grade.stats import FlagCode, ItemAnalysis, histogram, item_analysis

REFERENCE = Path(__file__).resolve().parents[2] / "shared/reference/moodle-quiz-statistics"

# qstats00.csv column -> QuestionStats attribute, with Moodle's relative tolerance for it.
QUESTION_FIGURES = {
    "facility": ("facility", 1e-6),
    "sd": ("sd", 1e-6),
    "effectiveweight": ("effective_weight", 1e-5),
    "covariance": ("covariance", 1e-5),
    "markvariance": ("mark_variance", 1e-6),
    "othermarkvariance": ("other_mark_variance", 1e-6),
    "discriminationindex": ("discrimination_index", 1e-5),
    "covariancemax": ("covariance_max", 1e-6),
    "discriminativeefficiency": ("discriminative_efficiency", 1e-5),
}
# quizstats00.yaml key -> QuizStats attribute; Moodle's tolerance is relative 1.5e-5 for all.
QUIZ_FIGURES = {
    "median": "median",
    "firstattemptsavg": "mean",
    "allattemptsavg": "mean",
    "firstattemptscount": "count",
    "allattemptscount": "count",
    "standarddeviation": "sd",
    "skewness": "skewness",
    "kurtosis": "kurtosis",
    "cic": "cic",
    "errorratio": "error_ratio",
    "standarderror": "standard_error",
}
QUIZ_TOLERANCE = 1.5e-5

needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(),
    reason=f"Moodle's golden statistics are not at {REFERENCE} (they live outside the repository)",
)


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def moodle() -> ItemAnalysis:
    rows = _rows("results00.csv")
    slots = [col.split(".")[1] for col in rows[0] if col.startswith("slots.")]
    attempts = [{slot: float(row[f"slots.{slot}.mark"]) for slot in slots} for row in rows]
    analysis = item_analysis(attempts, {slot: 1.0 for slot in slots})
    # The fixture's own totals agree with ours (it rounds 4.3333333 to 4.33333).
    for row, total in zip(rows, analysis.totals, strict=True):
        assert math.isclose(float(row["summarks"]), total, rel_tol=1e-5)
    return analysis


def _question_expectations() -> list[tuple[str, str, float, float]]:
    if not REFERENCE.is_dir():
        return []
    cases = []
    for row in _rows("qstats00.csv"):
        for column, value in row.items():
            if column == "slot" or value in ("", None):
                continue
            attribute, tolerance = QUESTION_FIGURES[column]  # a new figure must not be skipped
            cases.append((row["slot"], attribute, float(value), tolerance))
    return cases


@needs_reference
def test_reference_data_is_the_expected_shape(moodle: ItemAnalysis) -> None:
    assert [q.question for q in moodle.questions] == [str(i) for i in range(1, 8)]
    assert all(q.n == 25 for q in moodle.questions)
    assert len(_question_expectations()) == 7 * len(QUESTION_FIGURES)


@needs_reference
@pytest.mark.parametrize(("slot", "attribute", "expected", "tolerance"), _question_expectations())
def test_question_figure_matches_moodle(
    moodle: ItemAnalysis, slot: str, attribute: str, expected: float, tolerance: float
) -> None:
    stats = {q.question: q for q in moodle.questions}[slot]
    actual = getattr(stats, attribute)
    assert actual is not None, f"{attribute} for slot {slot} is undefined"
    assert actual == pytest.approx(expected, rel=tolerance, abs=0), f"{attribute}, slot {slot}"


@needs_reference
def test_quiz_figures_match_moodle(moodle: ItemAnalysis) -> None:
    expected = yaml.safe_load((REFERENCE / "quizstats00.yaml").read_text(encoding="utf-8"))
    assert set(expected) == set(QUIZ_FIGURES), "a whole-quiz figure is not being checked"
    for key, value in expected.items():
        actual = getattr(moodle.quiz, QUIZ_FIGURES[key])
        assert actual is not None, f"{key} is undefined"
        assert actual == pytest.approx(value, rel=QUIZ_TOLERANCE, abs=0), key


@needs_reference
def test_moodle_fixture_flags(moodle: ItemAnalysis) -> None:
    flags = {q.question: {f.code for f in q.flags} for q in moodle.questions}
    # Every question of the fixture discriminates negatively; only question 3 is too easy.
    assert all(FlagCode.NEGATIVE_DISCRIMINATION in codes for codes in flags.values())
    assert all(FlagCode.LOW_EFFICIENCY in codes for codes in flags.values())
    assert [q for q, codes in flags.items() if FlagCode.TOO_EASY in codes] == ["3"]
    assert not any(FlagCode.TOO_HARD in codes for codes in flags.values())
    assert all(q.intended_weight == pytest.approx(100 / 7) for q in moodle.questions)


# A hand-worked example: question a out of 2, b out of 1, three attempts.
#   a: 2 0 1 (mean 1, variance 1)     b = rest of a: 1 0 1 (mean 2/3, variance 1/3)
#   totals 3 0 2 (mean 5/3, variance 7/3); cov(a, rest) = 1/2; covmax = 1/2.
HAND = [{"a": 2.0, "b": 1.0}, {"a": 0.0}, {"a": 1.0, "b": 1.0}]  # b left unanswered once


def test_hand_worked_question_figures_are_in_marks() -> None:
    result = item_analysis(HAND, {"a": 2.0, "b": 1.0}, {"a": 0.25})
    a, b = result.questions
    assert a.facility == pytest.approx(0.5)
    assert a.sd == pytest.approx(1.0)  # marks, as Moodle stores it...
    assert a.sd_fraction == pytest.approx(0.5)  # ...and as its table shows it
    assert a.mark_variance == pytest.approx(1.0)
    assert a.other_mark_variance == pytest.approx(1 / 3)
    assert a.covariance == pytest.approx(0.5)
    assert a.covariance_max == pytest.approx(0.5)
    assert a.discrimination_index == pytest.approx(50 * math.sqrt(3))
    assert a.discriminative_efficiency == pytest.approx(100.0)
    assert a.intended_weight == pytest.approx(200 / 3)
    assert b.intended_weight == pytest.approx(100 / 3)
    assert a.random_guess_score == 0.25
    assert b.random_guess_score is None
    # cov(a, total) = 3/2, cov(b, total) = 5/6: weights split sqrt(3/2) : sqrt(5/6).
    assert a.effective_weight == pytest.approx(
        100 * math.sqrt(1.5) / (math.sqrt(1.5) + math.sqrt(5 / 6))
    )
    assert a.covariance_with_total == pytest.approx(1.5)
    assert a.effective_weight + b.effective_weight == pytest.approx(100.0)
    assert b.facility == pytest.approx(2 / 3)  # the missing mark counted as 0


def test_hand_worked_quiz_figures() -> None:
    quiz = item_analysis(HAND, {"a": 2.0, "b": 1.0}).quiz
    assert quiz.count == 3
    assert quiz.max_total == 3.0
    assert quiz.mean == pytest.approx(5 / 3)
    assert quiz.median == 2.0
    assert quiz.sd == pytest.approx(math.sqrt(7 / 3))
    # k3 = n^2 m3 / ((n-1)(n-2)) with m3 = -20/27 gives -10/3.
    assert quiz.skewness == pytest.approx((-10 / 3) / (7 / 3) ** 1.5)
    assert quiz.kurtosis is None  # needs four attempts
    assert quiz.cic == pytest.approx(600 / 7)  # 100 * 2/1 * (1 - (4/3) / (7/3))
    assert quiz.error_ratio == pytest.approx(100 * math.sqrt(1 / 7))
    assert quiz.standard_error == pytest.approx(math.sqrt(1 / 7) * math.sqrt(7 / 3))


def test_flags_say_why() -> None:
    hard_and_easy = [{"hard": 0.0, "easy": 1.0}] * 9 + [{"hard": 1.0, "easy": 1.0}]
    result = item_analysis(hard_and_easy, {"hard": 1.0, "easy": 1.0})
    hard, easy = result.questions
    assert [f.code for f in hard.flags] == [FlagCode.TOO_HARD]
    assert "10%" in hard.flags[0].reason
    assert [f.code for f in easy.flags] == [FlagCode.TOO_EASY]
    assert easy.discrimination_index is None  # everyone scored the same: nothing to correlate

    reversed_key = [{"q": 0.0, "r": 1.0, "s": 1.0}, {"q": 1.0, "r": 0.0, "s": 0.0}] * 3
    q = item_analysis(reversed_key, dict.fromkeys("qrs", 1.0)).questions[0]
    codes = [f.code for f in q.flags]
    assert codes == [FlagCode.NEGATIVE_DISCRIMINATION, FlagCode.LOW_EFFICIENCY]
    assert "check the key" in q.flags[0].reason


def test_effective_weight_is_none_for_negative_covariance_with_total() -> None:
    attempts = [{"q": 1.0, "r": 0.0, "s": 0.0}, {"q": 0.0, "r": 1.0, "s": 1.0}] * 2
    q, r, s = item_analysis(attempts, dict.fromkeys("qrs", 1.0)).questions
    assert q.covariance_with_total is not None and q.covariance_with_total < 0
    assert q.effective_weight is None
    assert r.effective_weight == pytest.approx(50.0)
    assert s.effective_weight == pytest.approx(50.0)


def test_perfectly_consistent_questions_give_alpha_of_exactly_one() -> None:
    # Three copies of one question: alpha is 1 exactly, which float arithmetic overshoots
    # (100.00000000000001 without the rounding clamp) and sqrt(1 - alpha) would then fail on.
    attempts = [dict.fromkeys("abc", mark) for mark in (0.5, 0.7, 0.0)]
    quiz = item_analysis(attempts, dict.fromkeys("abc", 1.0)).quiz
    assert quiz.cic == 100.0
    assert quiz.error_ratio == 0.0
    assert quiz.standard_error == 0.0


@pytest.mark.parametrize(
    ("facility", "di", "de", "codes"),
    [
        (0.19, 10.0, 50.0, {FlagCode.TOO_HARD}),
        (0.20, 10.0, 50.0, set()),
        (0.90, 10.0, 50.0, set()),
        (0.91, 10.0, 50.0, {FlagCode.TOO_EASY}),
        (0.5, -0.1, 50.0, {FlagCode.NEGATIVE_DISCRIMINATION}),
        (0.5, 0.0, 15.0, set()),
        (0.5, 0.0, 14.9, {FlagCode.LOW_EFFICIENCY}),
        (None, None, None, set()),
    ],
)
def test_flag_thresholds(
    facility: float | None, di: float | None, de: float | None, codes: set[FlagCode]
) -> None:
    assert {flag.code for flag in flags_for(facility, di, de)} == codes


def test_histogram_edges_and_counts() -> None:
    result = histogram([0, 1, 1.5, 2, 4], bins=4, low=0, high=4)
    assert result.edges == (0.0, 1.0, 2.0, 3.0, 4.0)
    assert result.counts == (1, 2, 1, 1)  # half-open bins, the last one closed
    assert histogram([5], bins=2, low=0, high=4).edges[-1] == 5  # widened, never dropped
    # 0.3 * 3 / 7 rounds to 0.29999999999999993: binned against the edges, not by division.
    edges = histogram([], bins=7, low=0, high=0.7).edges
    on_edges = histogram(edges, bins=7, low=0, high=0.7)
    assert on_edges.counts == (1, 1, 1, 1, 1, 1, 2)
    with pytest.raises(ValueError, match="bin"):
        histogram([1.0], bins=0)


@pytest.mark.parametrize(
    ("attempts", "message"),
    [
        ([{"x": 1.0}], "unknown question"),
        ([{"a": float("nan")}], "finite"),
        ([{"a": "1"}], "number"),
    ],
)
def test_bad_marks_are_reported(attempts: list[dict[str, object]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        item_analysis(attempts, {"a": 1.0})  # type: ignore[arg-type]
