"""Per-question statistics and the flags that tell a teacher which questions to look at.

The formulas follow Moodle's `question/classes/statistics/questions/calculator.php`, because
graders compare against Moodle and its test fixtures are the only independent check we have:

- marks are in the question's own scale (0 to its maximum), not fractions, so `sd`,
  `mark_variance` and the covariances are in marks; `facility` alone is divided by the maximum
  (Moodle displays the SD as `sd / max`, available here as `sd_fraction`);
- the discrimination index correlates the question with the *rest* of the test (total minus this
  question), so a question does not correlate with itself;
- the effective weight uses the covariance with the *whole* total, and is None for a question
  whose covariance with the total is negative (Moodle shows "negative covariance" there).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from casequiz.grade.counted import deviations_of, exact_sum, paired_sorted
from casequiz.grade.teststats import within_rounding

__all__ = [
    "Flag",
    "FlagCode",
    "QuestionStats",
    "counted_question_stats",
    "effective_weights",
    "flags_for",
    "question_stats",
]

TOO_HARD_BELOW = 0.20
TOO_EASY_ABOVE = 0.90
LOW_EFFICIENCY_BELOW = 15.0


class FlagCode(StrEnum):
    """Why a question deserves a teacher's look; stable strings for JSON and CSV exports."""

    TOO_HARD = "too-hard"
    TOO_EASY = "too-easy"
    NEGATIVE_DISCRIMINATION = "negative-discrimination"
    LOW_EFFICIENCY = "low-efficiency"


@dataclass(frozen=True, slots=True)
class Flag:
    """One reason to review a question: a code for machines and a sentence for the teacher."""

    code: FlagCode
    reason: str


@dataclass(frozen=True, slots=True)
class QuestionStats:
    """Moodle's item statistics for one question.

    Percent figures (weights, discrimination index, discriminative efficiency) are 0-100 as
    Moodle shows them; `facility` and `random_guess_score` are fractions 0-1. Every figure that
    needs more data than there is (n < 2, a question everyone scored the same on) is None.
    """

    question: str
    n: int
    max_mark: float
    mark_average: float | None
    facility: float | None
    sd: float | None
    random_guess_score: float | None
    intended_weight: float | None
    effective_weight: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    covariance: float | None
    mark_variance: float | None
    other_mark_variance: float | None
    covariance_max: float | None
    covariance_with_total: float | None
    flags: tuple[Flag, ...]

    @property
    def sd_fraction(self) -> float | None:
        """The SD as a fraction of the maximum mark, the scale Moodle's table displays."""
        if self.sd is None or self.max_mark == 0:
            return None
        return self.sd / self.max_mark


def flags_for(
    facility: float | None,
    discrimination_index: float | None,
    discriminative_efficiency: float | None,
) -> tuple[Flag, ...]:
    """The flags a teacher reads next to a question, each saying why it was raised."""
    flags: list[Flag] = []
    if facility is not None and facility < TOO_HARD_BELOW:
        flags.append(
            Flag(
                FlagCode.TOO_HARD,
                (
                    f"too hard: the average student scored {facility * 100:.0f}% on it (below "
                    f"{TOO_HARD_BELOW * 100:.0f}%); check the wording and the key"
                ),
            )
        )
    if facility is not None and facility > TOO_EASY_ABOVE:
        flags.append(
            Flag(
                FlagCode.TOO_EASY,
                (
                    f"too easy: the average student scored {facility * 100:.0f}% on it (above "
                    f"{TOO_EASY_ABOVE * 100:.0f}%); it tells strong and weak students apart little"
                ),
            )
        )
    if discrimination_index is not None and discrimination_index < 0:
        flags.append(
            Flag(
                FlagCode.NEGATIVE_DISCRIMINATION,
                (
                    f"negative discrimination ({discrimination_index:.1f}%): students who did well "
                    "overall did worse on this question; check the key"
                ),
            )
        )
    if discriminative_efficiency is not None and discriminative_efficiency < LOW_EFFICIENCY_BELOW:
        flags.append(
            Flag(
                FlagCode.LOW_EFFICIENCY,
                (
                    f"low discriminative efficiency ({discriminative_efficiency:.1f}%, below "
                    f"{LOW_EFFICIENCY_BELOW:.0f}%): it separates students far less than it could"
                ),
            )
        )
    return tuple(flags)


def question_stats(
    question: str,
    marks: Sequence[float],
    totals: Sequence[float],
    max_mark: float,
    *,
    intended_weight: float | None,
    random_guess_score: float | None,
) -> QuestionStats:
    """Statistics of one question from its marks and the attempts' totals, attempt by attempt.

    The effective weight depends on every question, so it is left None here and filled in by
    `effective_weights` once all questions are known.
    """
    if len(marks) != len(totals):
        raise ValueError("a mark and a total for each attempt")
    return counted_question_stats(
        question,
        Counter(zip(marks, totals, strict=True)),
        max_mark,
        intended_weight=intended_weight,
        random_guess_score=random_guess_score,
    )


def counted_question_stats(
    question: str,
    pairs: Mapping[tuple[float, float], int],
    max_mark: float,
    *,
    intended_weight: float | None,
    random_guess_score: float | None,
) -> QuestionStats:
    """`question_stats` from how many attempts earned each (mark, total) pair.

    Every sum is over distinct values times their counts (`counted`), so the figures are those
    of the full lists to the last bit, and a question's memory is that of its distinct pairs.
    """
    marks: Counter[float] = Counter()
    others: Counter[float] = Counter()
    totals: Counter[float] = Counter()
    for (mark, total), count in pairs.items():
        marks[mark] += count
        others[total - mark] += count
        totals[total] += count
    n = sum(marks.values())
    mark_average = exact_sum(marks.items()) / n if n else None
    facility = (
        within_rounding(mark_average / max_mark, 0.0, 1.0)
        if mark_average is not None and max_mark
        else None
    )
    sd = di = de = cov = markvar = othervar = covmax = covtotal = None
    if n > 1:
        dmark, dother, dtotal = deviations_of(marks), deviations_of(others), deviations_of(totals)
        freedom = n - 1
        markvar = exact_sum((dmark[m] * dmark[m], c) for m, c in marks.items()) / freedom
        othervar = exact_sum((dother[o] * dother[o], c) for o, c in others.items()) / freedom
        cov = exact_sum((dmark[m] * dother[t - m], c) for (m, t), c in pairs.items()) / freedom
        # The largest covariance any pairing of these marks with these rest-of-test marks could
        # reach: both sorted ascending (rearrangement inequality).
        covmax = (
            exact_sum(
                paired_sorted(
                    ((dmark[m], c) for m, c in marks.items()),
                    ((dother[o], c) for o, c in others.items()),
                )
            )
            / freedom
        )
        covtotal = exact_sum((dmark[m] * dtotal[t], c) for (m, t), c in pairs.items()) / freedom
        sd = math.sqrt(markvar)
        if markvar * othervar:
            di = within_rounding(100 * cov / math.sqrt(markvar * othervar), -100.0, 100.0)
        if covmax:
            de = 100 * cov / covmax
    return QuestionStats(
        question=question,
        n=n,
        max_mark=max_mark,
        mark_average=mark_average,
        facility=facility,
        sd=sd,
        random_guess_score=random_guess_score,
        intended_weight=intended_weight,
        effective_weight=None,
        discrimination_index=di,
        discriminative_efficiency=de,
        covariance=cov,
        mark_variance=markvar,
        other_mark_variance=othervar,
        covariance_max=covmax,
        covariance_with_total=covtotal,
        flags=flags_for(facility, di, de),
    )


def effective_weights(stats: Sequence[QuestionStats]) -> list[float | None]:
    """Each question's share of the spread of totals, in percent, as Moodle estimates it.

    100 x sqrt(cov(question, total)) over the sum of that square root across questions whose
    covariance with the total is not negative; None for the others and when the sum is zero.
    """
    roots = [
        math.sqrt(s.covariance_with_total)
        if s.covariance_with_total is not None and s.covariance_with_total >= 0
        else None
        for s in stats
    ]
    total = math.fsum(r for r in roots if r is not None)
    return [100 * r / total if r is not None and total else None for r in roots]
