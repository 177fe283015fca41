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

from casequiz.grade.itemstats import (
    Flag,
    FlagCode,
    QuestionStats,
    effective_weights,
    question_stats,
)
from casequiz.grade.teststats import Histogram, QuizStats, histogram, quiz_stats

__all__ = [
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


def item_analysis(
    attempts: Iterable[Mapping[str, float | None]],
    max_marks: Mapping[str, float],
    random_guess_scores: Mapping[str, float] | None = None,
) -> ItemAnalysis:
    """Moodle's quiz statistics for `attempts`, each a mapping question id -> mark earned.

    `max_marks` names every question of the quiz (in report order) with its maximum mark. As in
    Moodle, a question missing from an attempt, or whose mark is None, was left unanswered in a
    finished attempt and scores 0; choosing which attempts to pass (first, last, best, all) is
    the caller's business. `random_guess_scores` gives, per question, the fraction (0-1) a
    random guess would earn; questions without one get None.

    Raises ValueError for a mark on a question not in `max_marks`, a non-finite or non-numeric
    mark, or a negative or non-finite maximum: these are bugs upstream, not degenerate data.
    """
    guesses = dict(random_guess_scores or {})
    ids = list(max_marks)
    for qid in ids:
        maximum = max_marks[qid]
        if not math.isfinite(maximum) or maximum < 0:
            raise ValueError(f"question {qid!r}: maximum mark must be finite and >= 0")
    if unknown := sorted(set(guesses) - set(ids)):
        raise ValueError(f"random guess score for unknown question(s): {', '.join(unknown)}")

    columns: dict[str, list[float]] = {qid: [] for qid in ids}
    n = 0
    for index, attempt in enumerate(attempts):
        n += 1
        if unknown := sorted(set(attempt) - set(ids)):
            raise ValueError(f"attempt {index}: mark for unknown question(s): {', '.join(unknown)}")
        for qid in ids:
            mark = attempt.get(qid)
            columns[qid].append(
                0.0 if mark is None else _check_mark(mark, f"attempt {index}, question {qid!r}")
            )
    totals = [math.fsum(columns[qid][i] for qid in ids) for i in range(n)]

    max_total = math.fsum(max_marks.values())
    per_question = [
        question_stats(
            qid,
            columns[qid],
            totals,
            max_marks[qid],
            intended_weight=100 * max_marks[qid] / max_total if max_total else None,
            random_guess_score=guesses.get(qid),
        )
        for qid in ids
    ]
    per_question = [
        dataclasses.replace(stats, effective_weight=weight)
        for stats, weight in zip(per_question, effective_weights(per_question), strict=True)
    ]
    sum_mark_variance = math.fsum(s.mark_variance or 0.0 for s in per_question)
    return ItemAnalysis(
        questions=tuple(per_question),
        quiz=quiz_stats(totals, sum_mark_variance, len(ids), max_total),
        totals=tuple(totals),
    )
