"""Questions an attempt did not draw: Moodle's handling of random questions in item_analysis.

With `absent="not-drawn"`, a question missing from an attempt's marks was not drawn: the
attempt is left out of that question's statistics (its own n), and its rest of the test is
the attempt's total minus its mark. A drawn question left unanswered (None) still scores 0.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casequiz.grade.stats import item_analysis
from casequiz.grade.teststats import deviations

MAX = {"a": 1.0, "b": 1.0, "c": 2.0}
# Three attempts, each drawing two of three questions.
DRAWN = [
    {"a": 1.0, "b": 0.0},
    {"b": 1.0, "c": 2.0},
    {"a": 0.0, "c": None},  # c drawn but unanswered: 0
    {"a": 1.0, "c": 1.0},
]


def test_not_drawn_questions_leave_the_attempt_out_of_their_statistics() -> None:
    result = item_analysis(DRAWN, MAX, absent="not-drawn")
    a, b, c = result.questions
    assert (a.n, b.n, c.n) == (3, 2, 3)
    assert a.facility == pytest.approx(2 / 3)  # 1, 0, 1 over the three attempts that drew a
    assert b.facility == pytest.approx(1 / 2)
    assert c.facility == pytest.approx(3 / 6)  # 2, 0 (unanswered), 1 out of 2
    assert result.totals == (1.0, 3.0, 0.0, 2.0)
    # Rest of the test for a: totals of the attempts that drew a, minus a's mark.
    rest = [1.0 - 1.0, 0.0 - 0.0, 2.0 - 1.0]
    marks = [1.0, 0.0, 1.0]
    dm, dr = deviations(marks), deviations(rest)
    cov = math.fsum(x * y for x, y in zip(dm, dr, strict=True)) / 2
    assert a.covariance == pytest.approx(cov)
    assert a.other_mark_variance == pytest.approx(math.fsum(d * d for d in dr) / 2)


def test_the_default_still_counts_a_missing_question_as_zero() -> None:
    result = item_analysis(DRAWN, MAX)
    a, b, c = result.questions
    assert (a.n, b.n, c.n) == (4, 4, 4)
    assert b.facility == pytest.approx(1 / 4)
    assert a.facility != item_analysis(DRAWN, MAX, absent="not-drawn").questions[0].facility


def test_unanswered_is_zero_and_not_drawn_is_absent() -> None:
    unanswered = item_analysis(
        [{"a": 1.0, "b": None}, {"a": 0.0, "b": 1.0}], MAX, absent="not-drawn"
    )
    skipped = item_analysis([{"a": 1.0}, {"a": 0.0, "b": 1.0}], MAX, absent="not-drawn")
    assert unanswered.questions[1].n == 2 and unanswered.questions[1].facility == 0.5
    assert skipped.questions[1].n == 1 and skipped.questions[1].facility == 1.0
    assert skipped.questions[2].n == 0 and skipped.questions[2].facility is None


def test_intended_weight_is_a_share_of_the_attempts_that_drew_it() -> None:
    result = item_analysis(DRAWN, MAX, absent="not-drawn")
    a, _b, c = result.questions
    # a was drawn with b (max 2), with c (max 3) twice: mean maximum 8/3.
    assert a.intended_weight == pytest.approx(100 * 1 / (8 / 3))
    assert c.intended_weight == pytest.approx(100 * 2 / 3)  # always in attempts worth 3
    assert result.quiz.max_total == 3.0


def test_cic_uses_slots_of_random_questions() -> None:
    # Every attempt drew two questions: P = 2, the slot variance from every mark pooled.
    result = item_analysis(DRAWN, MAX, absent="not-drawn")
    marks = [1.0, 0.0, 1.0, 2.0, 0.0, 0.0, 1.0, 1.0]
    pooled = math.fsum(d * d for d in deviations(marks)) / (len(marks) - 2)
    totals = [1.0, 3.0, 0.0, 2.0]
    k2 = math.fsum(d * d for d in deviations(totals)) / 3
    assert result.quiz.cic == pytest.approx(100 * 2 * (1 - 2 * pooled / k2))


def test_cic_is_undefined_when_attempts_drew_different_numbers() -> None:
    attempts = [*DRAWN, {"a": 1.0, "b": 1.0, "c": 2.0}]
    quiz = item_analysis(attempts, MAX, absent="not-drawn").quiz
    assert quiz.sd is not None and quiz.skewness is not None
    assert quiz.cic is None and quiz.error_ratio is None and quiz.standard_error is None


def test_a_bad_absent_value_is_refused() -> None:
    with pytest.raises(ValueError, match="absent"):
        item_analysis(DRAWN, MAX, absent="zero")  # type: ignore[arg-type]


MARKS = st.sampled_from([0.0, 0.5, 1.0]) | st.floats(0.0, 1.0)


@st.composite
def drawn_quizzes(draw: st.DrawFn) -> tuple[list[dict[str, float | None]], dict[str, float]]:
    maxima = draw(st.lists(st.sampled_from([1.0, 2.0, 0.5]), min_size=2, max_size=6))
    max_marks = {f"q{i}": m for i, m in enumerate(maxima)}
    count = draw(st.integers(1, len(max_marks)))
    attempts = []
    for _ in range(draw(st.integers(0, 25))):
        chosen = draw(
            st.lists(st.sampled_from(list(max_marks)), min_size=count, max_size=count, unique=True)
        )
        attempts.append(
            {q: draw(st.none() | MARKS.map(lambda f, m=max_marks[q]: f * m)) for q in chosen}
        )
    return attempts, max_marks


@settings(deadline=None)
@given(drawn_quizzes())
def test_drawn_subsets_keep_the_bounds(
    quiz: tuple[list[dict[str, float | None]], dict[str, float]],
) -> None:
    attempts, max_marks = quiz
    result = item_analysis(attempts, max_marks, absent="not-drawn")
    for q in result.questions:
        assert q.n == sum(1 for a in attempts if q.question in a)
        assert q.facility is None or 0.0 <= q.facility <= 1.0
        assert q.discrimination_index is None or -100.0 <= q.discrimination_index <= 100.0
    if result.quiz.cic is not None:
        assert result.quiz.cic <= 100.0  # the slot variance keeps alpha at most 1


@given(st.lists(st.lists(MARKS, min_size=3, max_size=3), max_size=20))
def test_every_question_drawn_gives_the_fixed_quiz_figures(rows: list[list[float]]) -> None:
    max_marks = {"x": 1.0, "y": 1.0, "z": 1.0}
    attempts = [dict(zip(max_marks, row, strict=True)) for row in rows]
    fixed = item_analysis(attempts, max_marks)
    drawn = item_analysis(attempts, max_marks, absent="not-drawn")
    assert drawn == fixed


def test_totals_too_close_to_spread_leave_skewness_undefined() -> None:
    # k2 is about 3e-307: its power 1.5 underflows to zero (found by hypothesis).
    quiz = item_analysis([{"q": 0.0}, {"q": 0.0}, {"q": 9.115318049693505e-154}], {"q": 1.0}).quiz
    assert quiz.sd is not None and quiz.sd > 0
    assert quiz.skewness is None and quiz.kurtosis is None
