"""Random guess scores: each checked against casequiz's own scorer over every possible response.

The figure is defined as the mean fraction earned by a response drawn uniformly from all the
responses a question's form allows; enumerating them and scoring each with
`casequiz.quiz.scoring.score` checks the closed forms in `grade.guess`.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casequiz.bank.load import load_banks
from casequiz.bank.model import (
    MatchQuestion,
    MultipleQuestion,
    OrderQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.grade.guess import multiple_guess_score, random_guess_score
from casequiz.quiz.scoring import score

DATA = Path(__file__).parent / "data" / "valid"


def _mean_fraction(question: object, responses: list[object]) -> float:
    return math.fsum(score(question, r).fraction for r in responses) / len(responses)


def _subsets(options: list[str]) -> list[list[str]]:
    return [
        list(chosen)
        for size in range(len(options) + 1)
        for chosen in itertools.combinations(options, size)
    ]


def _multiple(options: int, right: int, scoring: str = "partial") -> MultipleQuestion:
    labels = [f"o{i}" for i in range(options)]
    return MultipleQuestion(
        id="m",
        type="multiple",
        prompt="?",
        options=labels,
        answers=labels[:right],
        scoring=scoring,
    )


@given(st.integers(1, 7).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n))))
def test_multiple_partial_matches_every_subset_scored(shape: tuple[int, int]) -> None:
    options, right = shape
    question = _multiple(options, right)
    expected = _mean_fraction(question, _subsets(list(question.options)))
    assert random_guess_score(question) == pytest.approx(expected)
    assert multiple_guess_score(options, right) == pytest.approx(expected)


def test_multiple_all_or_nothing() -> None:
    question = _multiple(4, 2, "all")
    assert random_guess_score(question) == pytest.approx(
        _mean_fraction(question, _subsets(list(question.options)))
    )
    assert random_guess_score(question) == 1 / 16


@pytest.mark.parametrize(("items", "scoring"), [(2, "partial"), (4, "partial"), (4, "all")])
def test_order_matches_every_permutation_scored(items: int, scoring: str) -> None:
    labels = [f"i{i}" for i in range(items)]
    question = OrderQuestion(id="o", type="order", prompt="?", items=labels, scoring=scoring)
    responses = [list(p) for p in itertools.permutations(labels)]
    assert random_guess_score(question) == pytest.approx(_mean_fraction(question, responses))


def test_match_matches_every_assignment_scored() -> None:
    question = MatchQuestion(
        id="w",
        type="match",
        prompt="?",
        pairs={"a": "1", "b": "2", "c": "3"},
        distractors=["4"],
    )
    rights = ["1", "2", "3", "4"]
    responses = [
        dict(zip("abc", chosen, strict=True)) for chosen in itertools.product(rights, repeat=3)
    ]
    assert random_guess_score(question) == pytest.approx(_mean_fraction(question, responses))
    assert random_guess_score(question) == 0.25


def test_single_and_true_false() -> None:
    single = SingleQuestion(id="s", type="single", prompt="?", options=["a", "b", "c"], answer="b")
    assert random_guess_score(single) == pytest.approx(_mean_fraction(single, ["a", "b", "c"]))
    tf = TrueFalseQuestion(id="t", type="true_false", prompt="?", answer=False)
    assert random_guess_score(tf) == _mean_fraction(tf, [True, False]) == 0.5


def test_every_type_of_a_real_bank() -> None:
    (bank,) = load_banks([DATA])
    guesses = {q.id: random_guess_score(q) for q in bank.bank.questions}
    assert guesses == {
        "capital": pytest.approx(1 / 3),
        "eba-parts": pytest.approx(multiple_guess_score(4, 3)),
        "withdrawn": 0.5,
        "exports": None,
        "share": None,
        "acronym": None,
        "sequence": 0.5,
        "who": pytest.approx(1 / 3),
        "passage": None,  # two of its blanks are typed
    }
