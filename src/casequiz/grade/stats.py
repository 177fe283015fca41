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
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from casequiz.grade.counted import deviations_of, exact_sum
from casequiz.grade.itemstats import (
    Flag,
    FlagCode,
    QuestionStats,
    counted_question_stats,
    effective_weights,
)
from casequiz.grade.teststats import Histogram, QuizStats, counted_quiz_stats, histogram

__all__ = [
    "Absent",
    "Flag",
    "FlagCode",
    "Histogram",
    "ItemAnalysis",
    "QuestionStats",
    "QuizStats",
    "Tally",
    "histogram",
    "item_analysis",
]


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    """Everything `casequiz stats` reports: one entry per question, in the order given, and the
    whole-quiz figures, plus each attempt's total for the histogram."""

    questions: tuple[QuestionStats, ...]
    quiz: QuizStats
    totals: Sequence[float]

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

    tally = Tally(absent)
    known = set(ids)
    for index, attempt in enumerate(attempts):
        # Not drawn: the attempt's own questions, in any order (the statistics do not depend on
        # the order of the marks).
        if not known.issuperset(attempt):
            unknown = sorted(set(attempt) - known)
            raise ValueError(f"attempt {index}: mark for unknown question(s): {', '.join(unknown)}")
        given = attempt if absent == "not-drawn" else {qid: attempt.get(qid) for qid in ids}
        tally.add(given, max_marks, index)
    return tally.result(max_marks, guesses, totals=tuple)


class Tally:
    """`item_analysis` one attempt at a time, in memory bounded by the questions.

    Each question keeps how many attempts earned each (mark, total) pair, which is all Moodle's
    formulas need (`counted`); the totals are kept as 8-byte floats, for the histogram.
    """

    def __init__(self, absent: Absent = "unanswered") -> None:
        self.drawn_only = absent == "not-drawn"
        self.pairs: dict[str, Counter[tuple[float, float]]] = {}
        self.shares: dict[str, Counter[float]] = {}
        self.totals = array("d")
        self.total_counts: Counter[float] = Counter()
        self.drawn_counts: set[int] = set()
        self.largest_max = -math.inf

    def add(
        self, marks: Mapping[str, float | None], max_marks: Mapping[str, float], index: int = 0
    ) -> None:
        """One attempt's marks (None: left unanswered, 0); `index` names it in errors."""
        values = []
        for qid, mark in marks.items():
            if mark is None:
                value = 0.0
            elif mark.__class__ is float and math.isfinite(mark):  # the common case, checked fast
                value = mark
            else:
                value = _check_mark(mark, f"attempt {index}, question {qid!r}")
            values.append(value)
        total = math.fsum(values)
        out_of = math.fsum(max_marks[qid] for qid in marks)
        for qid, value in zip(marks, values, strict=True):
            pairs = self.pairs.get(qid)
            if pairs is None:
                pairs = self.pairs[qid] = Counter()
                self.shares[qid] = Counter()
            pairs[(value, total)] += 1
            if self.drawn_only:
                self.shares[qid][out_of] += 1
        self.add_total(total, out_of, len(values))

    def add_total(self, total: float, out_of: float, questions: int) -> None:
        """One attempt's total, its maximum and how many questions it has marks for, without
        its marks: those come counted (`add_pairs`), from a store that grouped them."""
        self.totals.append(total)
        self.total_counts[total] += 1
        self.drawn_counts.add(questions)
        self.largest_max = max(self.largest_max, out_of)

    def add_pairs(self, qid: str, mark: float, total: float, attempts: int) -> None:
        """`attempts` more attempts of that total with that mark on question `qid`."""
        pairs = self.pairs.get(qid)
        if pairs is None:
            pairs = self.pairs[qid] = Counter()
        pairs[(mark, total)] += attempts

    def add_shares(self, qid: str, out_of: float, attempts: int) -> None:
        """`attempts` more attempts of that maximum drew question `qid` (not drawn mode)."""
        if self.drawn_only:
            shares = self.shares.get(qid)
            if shares is None:
                shares = self.shares[qid] = Counter()
            shares[out_of] += attempts

    def result(
        self,
        max_marks: Mapping[str, float],
        guesses: Mapping[str, float | None],
        *,
        totals: Callable[[array[float]], Sequence[float]] = lambda kept: kept,
    ) -> ItemAnalysis:
        """The analysis of the attempts added, over the questions of `max_marks` in its order."""
        ids = list(max_marks)
        attempts = len(self.totals)
        full_max = math.fsum(max_marks.values())
        per_question = []
        for qid in ids:
            pairs = self.pairs.get(qid, Counter())
            if self.drawn_only:
                share_of = self.shares.get(qid)
                if share_of:
                    out_of = exact_sum(share_of.items()) / sum(share_of.values())
                else:  # never drawn: no share, unless there are no attempts to draw at all
                    out_of = 0.0 if attempts else full_max
            else:
                out_of = full_max
            intended = 100 * max_marks[qid] / out_of if out_of else None
            per_question.append(
                counted_question_stats(
                    qid,
                    pairs,
                    max_marks[qid],
                    intended_weight=intended,
                    random_guess_score=guesses.get(qid),
                )
            )
        per_question = [
            dataclasses.replace(stats, effective_weight=weight)
            for stats, weight in zip(per_question, effective_weights(per_question), strict=True)
        ]
        complete = not self.drawn_only or all(s.n == attempts for s in per_question)
        if complete:
            sum_mark_variance: float | None = math.fsum(
                s.mark_variance or 0.0 for s in per_question
            )
            slots, max_total = len(ids), full_max
        else:
            counts = set(self.drawn_counts)
            slots = counts.pop() if len(counts) == 1 else 0
            pooled: Counter[float] = Counter()
            for qid in ids:
                for (mark, _total), count in self.pairs.get(qid, Counter()).items():
                    pooled[mark] += count
            sum_mark_variance = slots * _slot_variance(pooled, slots) if slots else None
            max_total = self.largest_max
        return ItemAnalysis(
            questions=tuple(per_question),
            quiz=counted_quiz_stats(self.total_counts, sum_mark_variance, slots, max_total),
            totals=totals(self.totals),
        )


def _slot_variance(marks: Mapping[float, int], slots: int) -> float:
    """The variance of a slot holding a question drawn at random, from every drawn mark pooled
    (each distinct mark and how often it was earned).

    The squared deviations from the grand mean are divided by the number of marks minus the
    number of slots, the degrees of freedom the P slot variances Moodle sums would have between
    them. That keeps P times this figure at least the sum of those slot variances, however the
    marks are laid out in slots, so the CIC stays at most 100% as in the fixed quiz.
    """
    freedom = sum(marks.values()) - slots
    if freedom < 1:
        return 0.0
    dev = deviations_of(marks)
    return exact_sum((dev[m] * dev[m], c) for m, c in marks.items()) / freedom
