"""The random guess score of a question: what a student who guesses blindly earns on average.

Moodle reports it next to the facility index so a teacher can tell a question students know
from one they can guess. Each figure is the expected fraction of the points earned by a response
drawn uniformly from every response the question's form allows, scored by casequiz's own rules
(`casequiz.quiz.scoring`):

- single: one option of n is right, so 1/n (Moodle's figure);
- true_false: 1/2 (Moodle's figure);
- multiple: every subset of the options equally likely (each option ticked or not with even
  odds), scored +1/k per right choice and -1/k per wrong one, floored at 0; 1/2^n when scored
  all or nothing. Moodle declines to give a figure here; casequiz can, because its rule is exact;
- order: a random permutation puts each pair of items in the right relative order half the
  time, so 1/2 with partial credit; 1/n! all or nothing;
- match: each left-hand item matched to one of the m right-hand choices (answers and
  distractors) is right with chance 1/m, so 1/m (Moodle's figure);
- cloze: the blanks' figures weighted by their points when every blank is a choice (1/n for a
  choice of n); None when any blank is typed, for the reason below;
- numeric, short: None. A typed answer has no finite set of responses to guess from, and
  Moodle's 0 would read as "no one can guess it", a claim rather than a measurement.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casequiz.bank.model import Question

__all__ = ["multiple_guess_score", "random_guess_score"]


def multiple_guess_score(options: int, right: int) -> float:
    """The expected fraction earned by ticking each of `options` options with even odds, when
    `right` of them are correct and the partial-credit rule applies."""
    wrong = options - right
    expected = math.fsum(
        math.comb(right, hits) * math.comb(wrong, misses) * max(0, hits - misses) / right
        for hits in range(right + 1)
        for misses in range(wrong + 1)
    )
    return expected / 2**options


def random_guess_score(question: Question) -> float | None:
    """The random guess score of `question` as a fraction (0-1), or None where it has no meaning."""
    kind = question.type
    if kind == "single":
        options = set(question.options) | {question.answer}
        return 1 / len(options)
    if kind == "true_false":
        return 0.5
    if kind == "multiple":
        options = len(set(question.options) | set(question.answers))
        right = len(set(question.answers))
        if question.scoring == "all" or not right:
            return 1 / 2**options
        return multiple_guess_score(options, right)
    if kind == "order":
        return 0.5 if question.scoring == "partial" else 1 / math.factorial(len(question.items))
    if kind == "match":
        choices = set(question.pairs.values()) | set(question.distractors)
        return 1 / len(choices)
    if kind == "cloze":
        blanks = list(question.blanks.values())
        if not blanks or any(blank.type != "choice" for blank in blanks):
            return None
        earned = math.fsum(blank.points / len(set(blank.choices)) for blank in blanks)
        return earned / math.fsum(blank.points for blank in blanks)
    return None
