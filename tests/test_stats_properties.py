"""Properties the item statistics must keep for any marks, not just Moodle's fixture.

The generated marks mix a few common fractions (so ties, constant columns and zero variances turn
up often) with arbitrary fractions of each question's maximum.
"""

from __future__ import annotations

import math
from dataclasses import fields

from hypothesis import given
from hypothesis import strategies as st

from casequiz.grade.stats import ItemAnalysis, histogram, item_analysis

FRACTIONS = st.sampled_from([0.0, 0.25, 0.5, 1.0]) | st.floats(0.0, 1.0)
MAXIMA = st.sampled_from([1.0, 2.0, 0.5]) | st.floats(0.1, 10.0)


@st.composite
def quizzes(
    draw: st.DrawFn, min_attempts: int = 0
) -> tuple[list[dict[str, float]], dict[str, float]]:
    maxima = draw(st.lists(MAXIMA, min_size=1, max_size=6))
    max_marks = {f"q{i}": m for i, m in enumerate(maxima)}
    attempts = draw(
        st.lists(
            st.fixed_dictionaries(
                {qid: FRACTIONS.map(lambda f, m=m: f * m) for qid, m in max_marks.items()}
            ),
            min_size=min_attempts,
            max_size=30,
        )
    )
    return attempts, max_marks


def _figures(result: ItemAnalysis) -> list[tuple[str, object]]:
    """Every number in an analysis, flattened, for comparing two analyses."""
    out: list[tuple[str, object]] = []
    for q in result.questions:
        out += [
            (f"{q.question}.{f.name}", getattr(q, f.name)) for f in fields(q) if f.name != "flags"
        ]
        out.append((f"{q.question}.flags", tuple(f.code for f in q.flags)))
    out += [(f"quiz.{f.name}", getattr(result.quiz, f.name)) for f in fields(result.quiz)]
    return out


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


@given(quizzes())
def test_facility_is_a_fraction(quiz: tuple[list[dict[str, float]], dict[str, float]]) -> None:
    for q in item_analysis(*quiz).questions:
        assert q.facility is None or 0.0 <= q.facility <= 1.0


@given(quizzes())
def test_alpha_is_at_most_one(quiz: tuple[list[dict[str, float]], dict[str, float]]) -> None:
    stats = item_analysis(*quiz).quiz
    if stats.cic is not None:
        assert stats.cic / 100 <= 1.0
        assert stats.error_ratio is not None and stats.error_ratio >= 0.0


@given(quizzes())
def test_discrimination_index_is_a_correlation(
    quiz: tuple[list[dict[str, float]], dict[str, float]],
) -> None:
    for q in item_analysis(*quiz).questions:
        assert q.discrimination_index is None or -100.0 <= q.discrimination_index <= 100.0
        if q.discriminative_efficiency is not None and q.covariance is not None:
            assert q.discriminative_efficiency <= 100.0 + 1e-9  # covmax bounds cov from above


@given(quizzes(), st.data())
def test_attempt_order_does_not_matter(
    quiz: tuple[list[dict[str, float]], dict[str, float]], data: st.DataObject
) -> None:
    attempts, max_marks = quiz
    shuffled = data.draw(st.permutations(attempts))
    for (name, a), (_, b) in zip(
        _figures(item_analysis(attempts, max_marks)),
        _figures(item_analysis(shuffled, max_marks)),
        strict=True,
    ):
        assert _same(a, b), name


@given(quizzes(min_attempts=2))
def test_effective_weights_share_out_100(
    quiz: tuple[list[dict[str, float]], dict[str, float]],
) -> None:
    weights = [q.effective_weight for q in item_analysis(*quiz).questions]
    if any(w is not None for w in weights):
        assert math.isclose(sum(w for w in weights if w is not None), 100.0, rel_tol=1e-9)


@given(quizzes())
def test_histogram_keeps_every_total(quiz: tuple[list[dict[str, float]], dict[str, float]]) -> None:
    result = item_analysis(*quiz)
    chart = result.histogram(bins=5)
    assert sum(chart.counts) == len(quiz[0])
    assert len(chart.edges) == len(chart.counts) + 1
    assert list(chart.edges) == sorted(chart.edges)
    assert all(chart.edges[0] <= t <= chart.edges[-1] for t in result.totals)


@given(st.lists(st.floats(-1e6, 1e6), max_size=50), st.integers(1, 20))
def test_histogram_of_any_totals(totals: list[float], bins: int) -> None:
    chart = histogram(totals, bins)
    assert sum(chart.counts) == len(totals)
    assert len(chart.counts) == bins
    # Bin i holds exactly the totals in [edges[i], edges[i + 1]), the last bin closed.
    for i in range(1, bins):
        assert sum(chart.counts[:i]) == sum(1 for t in totals if t < chart.edges[i])


@given(quizzes(), st.floats(0.0, 1.0))
def test_degenerate_inputs_give_none_not_errors(
    quiz: tuple[list[dict[str, float]], dict[str, float]], fraction: float
) -> None:
    attempts, max_marks = quiz

    empty = item_analysis([], max_marks)
    assert empty.quiz.count == 0
    assert empty.quiz.mean is None and empty.quiz.median is None and empty.quiz.cic is None
    assert all(q.n == 0 and q.facility is None and q.sd is None for q in empty.questions)
    assert sum(empty.histogram().counts) == 0

    one = item_analysis(attempts[:1] or [{}], max_marks)
    assert one.quiz.count == 1 and one.quiz.sd is None and one.quiz.skewness is None
    assert all(q.discrimination_index is None and q.effective_weight is None for q in one.questions)

    same = [{qid: fraction * m for qid, m in max_marks.items()}] * 5
    flat = item_analysis(same, max_marks)
    assert flat.quiz.sd == 0.0
    assert flat.quiz.skewness is None and flat.quiz.kurtosis is None and flat.quiz.cic is None
    for q in flat.questions:
        assert q.sd == 0.0
        assert q.discrimination_index is None and q.discriminative_efficiency is None

    nothing = item_analysis([{}, {}], {})
    assert nothing.questions == () and nothing.quiz.count == 2 and nothing.quiz.cic is None

    zero_max = item_analysis(attempts, {**max_marks, "unscored": 0.0})
    assert zero_max.questions[-1].facility is None
