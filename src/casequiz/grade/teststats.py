"""Whole-test statistics and the histogram of total scores, as Moodle's quiz report defines them.

Moodle is the reference a grader compares against, so every formula here follows
`mod/quiz/report/statistics/classes/calculator.php`, including when a figure is left undefined:
variances divide by n - 1, skewness needs three attempts, kurtosis four, and the coefficient of
internal consistency is only computed where Moodle computes it (three attempts or more, more
than one question, totals that vary). Undefined figures are None, never NaN or an exception,
so a report over one attempt still prints.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from casequiz.grade.counted import deviations_of, exact_sum, median_of

__all__ = [
    "Histogram",
    "QuizStats",
    "counted_quiz_stats",
    "deviations",
    "histogram",
    "quiz_stats",
    "within_rounding",
]

# How far past a mathematical bound a figure may land through float rounding alone. Anything
# further out is a real error and is left visible rather than clamped away.
_ROUNDING = 1e-9


def deviations(values: Sequence[float]) -> list[float]:
    """Each value minus the mean, with constant data giving exact zeros.

    The mean of equal floats can differ from them in the last bit (fsum([0.1] * 3) / 3), which
    would turn a zero variance into 1e-34 and a skewness of zero over zero into a huge number.
    Moodle tests `k2 != 0`; exact zeros keep that test meaningful.
    """
    if not values:
        return []
    if min(values) == max(values):
        return [0.0] * len(values)
    mean = math.fsum(values) / len(values)
    return [value - mean for value in values]


def within_rounding(value: float, low: float, high: float) -> float:
    """Clamp a figure that overshoots a proven bound by rounding error only.

    Correlations lie in [-1, 1] and Cronbach's alpha is at most 1 (Cauchy-Schwarz), but the float
    arithmetic can return 1.0000000000000002; a report should not show 100.00000000000001 %.
    """
    if high < value <= high + _ROUNDING * max(1.0, abs(high)):
        return high
    if low - _ROUNDING * max(1.0, abs(low)) <= value < low:
        return low
    return value


@dataclass(frozen=True, slots=True)
class QuizStats:
    """Moodle's whole-quiz figures over the total marks of the attempts analysed.

    `cic`, `error_ratio` and `standard_error` are in percent (CIC is Cronbach's alpha x 100),
    as Moodle reports them; `mean`, `median`, `sd` and `standard_error` are in marks.
    """

    count: int
    max_total: float
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None


def quiz_stats(
    totals: Sequence[float], sum_mark_variance: float | None, questions: int, max_total: float
) -> QuizStats:
    """Compute the whole-quiz figures from each attempt's total mark.

    `sum_mark_variance` is the sum of the questions' mark variances and `questions` their number
    (Moodle's P), both needed for the coefficient of internal consistency. A None sum leaves the
    CIC (and the error figures that follow from it) undefined: attempts that drew different
    numbers of questions have no single P.
    """
    return counted_quiz_stats(Counter(totals), sum_mark_variance, questions, max_total)


def counted_quiz_stats(
    totals: Mapping[float, int], sum_mark_variance: float | None, questions: int, max_total: float
) -> QuizStats:
    """`quiz_stats` from how many attempts earned each total (`counted`): the same figures."""
    n = sum(totals.values())
    mean = exact_sum(totals.items()) / n if n else None
    median = median_of(totals) if n else None
    sd = skewness = kurtosis = cic = error_ratio = standard_error = None
    if n > 1:
        dev = deviations_of(totals)
        power2 = exact_sum((dev[t] * dev[t], c) for t, c in totals.items())
        sd = math.sqrt(power2 / (n - 1))
        if n > 2:
            # k-statistics, exactly as calculator.php writes them.
            m2 = power2 / n
            m3 = exact_sum((dev[t] ** 3, c) for t, c in totals.items()) / n
            m4 = exact_sum((dev[t] ** 4, c) for t, c in totals.items()) / n
            k2 = n * m2 / (n - 1)
            k3 = n * n * m3 / ((n - 1) * (n - 2))
            if k2 != 0:
                # A spread of totals so small that k2 ** 1.5 or k2 ** 2 underflows to zero
                # leaves the figure undefined, as k2 == 0 does, rather than dividing by zero.
                if k2**1.5:
                    skewness = k3 / k2**1.5
                if n > 3 and k2 * k2:
                    k4 = n * n * ((n + 1) * m4 - 3 * (n - 1) * m2 * m2)
                    k4 /= (n - 1) * (n - 2) * (n - 3)
                    kurtosis = k4 / (k2 * k2)
                if questions > 1 and sum_mark_variance is not None:
                    cic = 100 * questions / (questions - 1) * (1 - sum_mark_variance / k2)
                    cic = within_rounding(cic, -math.inf, 100.0)
                    error_ratio = 100 * math.sqrt(max(0.0, 1 - cic / 100))
                    standard_error = error_ratio * sd / 100
    return QuizStats(
        count=n,
        max_total=max_total,
        mean=mean,
        median=median,
        sd=sd,
        skewness=skewness,
        kurtosis=kurtosis,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=standard_error,
    )


@dataclass(frozen=True, slots=True)
class Histogram:
    """Counts of totals per bin; bin i spans [edges[i], edges[i + 1]), the last one closed."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


def histogram(
    totals: Iterable[float],
    bins: int = 10,
    *,
    low: float | None = None,
    high: float | None = None,
) -> Histogram:
    """Bucket total scores into `bins` equal bins for a terminal bar chart.

    The range defaults to the data's; a range given (typically 0 to the maximum mark) is widened
    to cover every total, because a chart that silently drops an attempt misleads. Bin membership
    is decided against the returned edges themselves, so a total equal to an edge always lands
    in the bin that starts there, whatever the float rounding of the width.
    """
    if bins < 1:
        raise ValueError(f"a histogram needs at least one bin, not {bins}")
    if low is not None and high is not None and low > high:
        raise ValueError(f"histogram range is empty: low {low} is above high {high}")
    values = list(totals)
    if any(not math.isfinite(v) for v in values):
        raise ValueError("totals must be finite numbers")
    lo = low if low is not None else (min(values) if values else 0.0)
    hi = high if high is not None else (max(values) if values else 1.0)
    if values:
        lo, hi = min(lo, *values), max(hi, *values)
    if hi <= lo:
        lo, hi = lo - 0.5, lo + 0.5
    edges = [lo + (hi - lo) * i / bins for i in range(bins)] + [hi]
    counts = [0] * bins
    for value in values:
        counts[min(max(bisect_right(edges, value) - 1, 0), bins - 1)] += 1
    return Histogram(edges=tuple(edges), counts=tuple(counts))
