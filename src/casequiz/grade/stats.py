"""Item analysis of a quiz: Moodle's quiz statistics from a plain matrix of marks.

This module is pure arithmetic. It takes the marks each attempt earned on each question and
returns Moodle's per-question and whole-quiz figures, so the store, the CLI and the tests can all
feed it the same way, and Moodle's own fixtures can check it without a database.

The formulas live in `itemstats` (per question) and `teststats` (whole quiz, histogram); this
module validates the input and assembles the two.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from casequiz.grade.itemstats import (
    Flag,
    FlagCode,
    QuestionStats,
    effective_weights,
    question_stats,
)
from casequiz.grade.teststats import Histogram, QuizStats, deviations, histogram, quiz_stats

__all__ = [
    "Absent",
    "Flag",
    "FlagCode",
    "Histogram",
    "ItemAnalysis",
    "QuestionStats",
    "QuizStats",
    "histogram",
    "item_analysis",
]


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    """Everything `casequiz stats` reports: one entry per question, in the order given, and the
    whole-quiz figures, plus each attempt's total for the histogram."""

    questions: tuple[QuestionStats, ...]
    quiz: QuizStats
    totals: tuple[float, ...]

    def histogram(self, bins: int = 10) -> Histogram:
        """Totals bucketed from 0 to the maximum mark, the axis a teacher expects."""
        return histogram(self.totals, bins, low=0.0, high=self.quiz.max_total)


def _check_mark(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where}: a mark must be a number, not {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{where}: a mark must be a finite number, not {value!r}")
    return float(value)


Absent = Literal["unanswered", "not-drawn"]
"""What a question missing from an attempt's mapping means; see `item_analysis`."""


def item_analysis(
    attempts: Iterable[Mapping[str, float | None]],
    max_marks: Mapping[str, float],
    random_guess_scores: Mapping[str, float | None] | None = None,
    *,
    absent: Absent = "unanswered",
) -> ItemAnalysis:
    """Moodle's quiz statistics for `attempts`, each a mapping question id -> mark earned.

    `max_marks` names every question of the quiz (in report order) with its maximum mark. A mark
    of None is a question left unanswered in a finished attempt: it scores 0. What a question
    *missing* from an attempt means depends on `absent`:

    - "unanswered" (the default, Moodle's fixed quiz): every attempt saw every question, so a
      missing question was left unanswered and scores 0;
    - "not-drawn" (Moodle's random questions, casequiz's `--count`): the attempt never saw it,
      so the attempt is left out of that question's statistics. Each question then has its own
      n, its rest of the test is the attempt's total minus its mark, and its intended weight is
      its share of the maximum of the attempts that drew it. Moodle computes the CIC over slots,
      each of which holds a question drawn at random; its slot variance is estimated here by the
      variance of all drawn marks pooled, with P the number of questions per attempt (the CIC is
      undefined when attempts drew different numbers). When every attempt drew every question
      this mode gives exactly the figures of the default one.

    Choosing which attempts to pass (first, last, best, all) is the caller's business.
    `random_guess_scores` gives, per question, the fraction (0-1) a random guess would earn;
    questions without one get None.

    Raises ValueError for a mark on a question not in `max_marks`, a non-finite or non-numeric
    mark, or a negative or non-finite maximum: these are bugs upstream, not degenerate data.
    """
    if absent not in ("unanswered", "not-drawn"):
        raise ValueError(f"absent must be 'unanswered' or 'not-drawn', not {absent!r}")
    guesses = dict(random_guess_scores or {})
    ids = list(max_marks)
    for qid in ids:
        maximum = max_marks[qid]
        if not math.isfinite(maximum) or maximum < 0:
            raise ValueError(f"question {qid!r}: maximum mark must be finite and >= 0")
    if unknown := sorted(set(guesses) - set(ids)):
        raise ValueError(f"random guess score for unknown question(s): {', '.join(unknown)}")

    drawn_only = absent == "not-drawn"
    # Per question: the indexes of the attempts that count for it, and their marks.
    rows: dict[str, list[int]] = {qid: [] for qid in ids}
    columns: dict[str, list[float]] = {qid: [] for qid in ids}
    totals: list[float] = []
    attempt_maxima: list[float] = []
    drawn_counts: set[int] = set()
    known = set(ids)
    for index, attempt in enumerate(attempts):
        # Not drawn: the attempt's own questions, in any order (each column still grows in
        # attempt order, and fsum's totals do not depend on the order of the marks).
        if not known.issuperset(attempt):
            unknown = sorted(set(attempt) - known)
            raise ValueError(f"attempt {index}: mark for unknown question(s): {', '.join(unknown)}")
        given = attempt.items() if drawn_only else [(qid, attempt.get(qid)) for qid in ids]
        marks = []
        maxima = []
        for qid, mark in given:
            if mark is None:
                value = 0.0
            elif mark.__class__ is float and math.isfinite(mark):  # the common case, checked fast
                value = mark
            else:
                value = _check_mark(mark, f"attempt {index}, question {qid!r}")
            rows[qid].append(index)
            columns[qid].append(value)
            marks.append(value)
            maxima.append(max_marks[qid])
        totals.append(math.fsum(marks))
        attempt_maxima.append(math.fsum(maxima))
        drawn_counts.add(len(marks))

    full_max = math.fsum(max_marks.values())
    per_question = []
    for qid in ids:
        if drawn_only:
            share_of = [attempt_maxima[i] for i in rows[qid]]
            if share_of:
                out_of = math.fsum(share_of) / len(share_of)
            else:  # never drawn: no share, unless there are no attempts to draw at all
                out_of = 0.0 if totals else full_max
        else:
            out_of = full_max
        intended = 100 * max_marks[qid] / out_of if out_of else None
        per_question.append(
            question_stats(
                qid,
                columns[qid],
                [totals[i] for i in rows[qid]],
                max_marks[qid],
                intended_weight=intended,
                random_guess_score=guesses.get(qid),
            )
        )
    per_question = [
        dataclasses.replace(stats, effective_weight=weight)
        for stats, weight in zip(per_question, effective_weights(per_question), strict=True)
    ]
    complete = not drawn_only or all(len(rows[qid]) == len(totals) for qid in ids)
    if complete:
        sum_mark_variance: float | None = math.fsum(s.mark_variance or 0.0 for s in per_question)
        slots, max_total = len(ids), full_max
    else:
        slots = drawn_counts.pop() if len(drawn_counts) == 1 else 0
        sum_mark_variance = slots * _slot_variance(columns.values(), slots) if slots else None
        max_total = max(attempt_maxima)
    return ItemAnalysis(
        questions=tuple(per_question),
        quiz=quiz_stats(totals, sum_mark_variance, slots, max_total),
        totals=tuple(totals),
    )


def _slot_variance(columns: Iterable[list[float]], slots: int) -> float:
    """The variance of a slot holding a question drawn at random, from every drawn mark pooled.

    The squared deviations from the grand mean are divided by the number of marks minus the
    number of slots, the degrees of freedom the P slot variances Moodle sums would have between
    them. That keeps P times this figure at least the sum of those slot variances, however the
    marks are laid out in slots, so the CIC stays at most 100% as in the fixed quiz.
    """
    marks = [mark for column in columns for mark in column]
    freedom = len(marks) - slots
    if freedom < 1:
        return 0.0
    return math.fsum(d * d for d in deviations(marks)) / freedom
