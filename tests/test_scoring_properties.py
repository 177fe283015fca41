"""Scoring properties over generated questions: bounds, full marks, order, shuffling, tolerance.

The strategies build valid question models directly, so every property runs against the same
strict model the loader produces.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from casequiz.bank.model import (
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.quiz.numbers import tolerance_of
from casequiz.quiz.responses import Response
from casequiz.quiz.scoring import expected_response, score
from casequiz.quiz.text import _normalize_unicode, normalize

# Per test, not a global profile: loading a profile here would change every other module's tests.
SETTINGS = settings(max_examples=150, deadline=None)

texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=14)
words = st.text("abcdefghijklmnopqrstuvwxyz ÉéÄäß-’'.,", min_size=1, max_size=20)
labels = st.one_of(texts, words)
points = st.one_of(st.sampled_from([1.0, 2.0, 0.5, 3.0]), st.floats(0.01, 1000))
UNITS = [None, "billion USD", "million USD", "USD", "percent", "km", "million people", "%"]
numbers = st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def _common(draw: st.DrawFn) -> dict[str, Any]:
    return {"id": "q", "prompt": "p", "points": draw(points)}


@st.composite
def singles(draw: st.DrawFn) -> SingleQuestion:
    options = draw(st.lists(labels, min_size=2, max_size=6, unique=True))
    return SingleQuestion(
        type="single", options=options, answer=draw(st.sampled_from(options)), **_common(draw)
    )


@st.composite
def multiples(draw: st.DrawFn, scoring: str | None = None) -> MultipleQuestion:
    options = draw(st.lists(labels, min_size=2, max_size=7, unique=True))
    answers = draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
    return MultipleQuestion(
        type="multiple",
        options=options,
        answers=answers,
        scoring=scoring or draw(st.sampled_from(["partial", "all"])),
        **_common(draw),
    )


@st.composite
def true_falses(draw: st.DrawFn) -> TrueFalseQuestion:
    return TrueFalseQuestion(type="true_false", answer=draw(st.booleans()), **_common(draw))


percentages = st.one_of(
    st.integers(0, 100).map(lambda n: f"{n}%"),
    st.decimals(0, 100, places=2).map(lambda d: f"{d} %"),
)


@st.composite
def numerics(draw: st.DrawFn) -> NumericQuestion:
    tolerance = draw(st.one_of(st.just(0.0), st.floats(0, 1e6, allow_subnormal=False), percentages))
    return NumericQuestion(
        type="numeric",
        answer=draw(numbers),
        tolerance=tolerance,
        unit=draw(st.sampled_from(UNITS)),
        **_common(draw),
    )


@st.composite
def shorts(draw: st.DrawFn) -> ShortQuestion:
    return ShortQuestion(
        type="short",
        answer=draw(labels),
        accept=draw(st.lists(labels, max_size=3)),
        match=draw(st.sampled_from(["normalized", "exact", "fuzzy"])),
        **_common(draw),
    )


@st.composite
def orders(draw: st.DrawFn, min_size: int = 2, scoring: str | None = None) -> OrderQuestion:
    return OrderQuestion(
        type="order",
        items=draw(st.lists(labels, min_size=min_size, max_size=8, unique=True)),
        scoring=scoring or draw(st.sampled_from(["partial", "all"])),
        **_common(draw),
    )


@st.composite
def matches(draw: st.DrawFn) -> MatchQuestion:
    lefts = draw(st.lists(labels, min_size=2, max_size=6, unique=True))
    sides = draw(st.lists(labels, min_size=len(lefts) + 3, max_size=len(lefts) + 3, unique=True))
    extra = draw(st.integers(0, 3))
    return MatchQuestion(
        type="match",
        pairs=dict(zip(lefts, sides, strict=False)),
        distractors=sides[len(lefts) : len(lefts) + extra],
        **_common(draw),
    )


questions = st.one_of(
    singles(), multiples(), true_falses(), numerics(), shorts(), orders(), matches()
)


@st.composite
def any_response(draw: st.DrawFn, question: Any) -> Response:
    """A response of the right shape, right or wrong, well formed or not."""
    junk = draw(st.lists(labels, max_size=3))
    if isinstance(question, SingleQuestion):
        return draw(st.sampled_from([*question.options, *junk]))
    if isinstance(question, MultipleQuestion):
        return draw(st.lists(st.sampled_from([*question.options, *junk]), max_size=9))
    if isinstance(question, TrueFalseQuestion):
        return draw(st.booleans())
    if isinstance(question, NumericQuestion):
        near = draw(numbers)
        return draw(
            st.sampled_from(
                [repr(near), f"{near:,.2f}", f"${near / 1000:.3f}bn", f"{near} million", *junk]
            )
        )
    if isinstance(question, ShortQuestion):
        return draw(st.sampled_from([question.answer, *question.accept, *junk]))
    if isinstance(question, OrderQuestion):
        return draw(st.lists(st.sampled_from([*question.items, *junk]), max_size=10))
    rights = [*question.pairs.values(), *question.distractors, *junk]
    return draw(st.dictionaries(st.sampled_from(list(question.pairs)), st.sampled_from(rights)))


@st.composite
def question_and_response(draw: st.DrawFn) -> tuple[Any, Response]:
    question = draw(questions)
    return question, draw(any_response(question))


@SETTINGS
@given(question_and_response())
def test_score_within_bounds(case: tuple[Any, Response]) -> None:
    question, response = case
    verdict = score(question, response)
    assert 0.0 <= verdict.score <= question.points
    assert verdict.max == question.points
    assert verdict.correct is (verdict.score == question.points)
    assert (verdict.status == "wrong") is (verdict.score == 0.0)
    assert 0.0 <= verdict.fraction <= 1.0


@SETTINGS
@given(questions)
def test_expected_response_scores_full(question: Any) -> None:
    verdict = score(question, expected_response(question))
    assert verdict.correct, verdict
    assert verdict.score == question.points
    assert not verdict.fuzzy


@SETTINGS
@given(orders(min_size=3, scoring="partial"), st.data())
def test_order_adjacent_swap_is_partial(question: OrderQuestion, data: st.DataObject) -> None:
    items = list(question.items)
    i = data.draw(st.integers(0, len(items) - 2))
    items[i], items[i + 1] = items[i + 1], items[i]
    verdict = score(question, items)
    assert 0 < verdict.score < question.points
    assert verdict.status == "partial"


@SETTINGS
@given(orders(min_size=4, scoring="partial"), st.data())
def test_order_any_swap_is_partial_from_four_items(
    question: OrderQuestion, data: st.DataObject
) -> None:
    """From four items on, no single swap reverses every pair (with three, swapping the ends
    does: see test_scoring.test_order_swapping_the_ends_of_three_reverses_it)."""
    items = list(question.items)
    i, j = sorted(data.draw(st.lists(st.integers(0, len(items) - 1), min_size=2, unique=True)))[:2]
    items[i], items[j] = items[j], items[i]
    assert 0 < score(question, items).score < question.points


@SETTINGS
@given(orders(scoring="all"), st.permutations(range(8)))
def test_order_all_or_nothing(question: OrderQuestion, permutation: list[int]) -> None:
    chosen = [question.items[i] for i in permutation if i < len(question.items)]
    verdict = score(question, chosen)
    assert verdict.score in (0.0, question.points)
    assert verdict.correct is (chosen == question.items)


def _permuted(values: list[str], data: st.DataObject) -> list[str]:
    return data.draw(st.permutations(values))


@SETTINGS
@given(st.one_of(singles(), multiples()), st.data())
def test_option_shuffling_never_changes_a_score(question: Any, data: st.DataObject) -> None:
    response = data.draw(any_response(question))
    shuffled = question.model_copy(update={"options": _permuted(question.options, data)})
    assert score(shuffled, response).score == score(question, response).score


@SETTINGS
@given(matches(), st.data())
def test_match_shuffling_never_changes_a_score(
    question: MatchQuestion, data: st.DataObject
) -> None:
    response = data.draw(any_response(question))
    pairs = list(question.pairs.items())
    shuffled = question.model_copy(
        update={
            "distractors": _permuted(question.distractors, data),
            "pairs": dict(data.draw(st.permutations(pairs))),
        }
    )
    assert score(shuffled, response).score == score(question, response).score


@SETTINGS
@given(multiples(), st.data())
def test_multiple_adding_a_wrong_choice_never_raises_the_score(
    question: MultipleQuestion, data: st.DataObject
) -> None:
    wrong = [option for option in question.options if option not in question.answers]
    assume(wrong)
    chosen = data.draw(st.lists(st.sampled_from(question.options), unique=True))
    extra = data.draw(st.sampled_from(wrong))
    assume(extra not in chosen)
    assert score(question, [*chosen, extra]).score <= score(question, chosen).score


@SETTINGS
@given(multiples(scoring="partial"), st.data())
def test_multiple_a_wrong_choice_costs_credit(
    question: MultipleQuestion, data: st.DataObject
) -> None:
    """Moodle's rule: a wrong choice takes back 1/k, so it lowers any score above zero."""
    wrong = [option for option in question.options if option not in question.answers]
    assume(wrong)
    chosen = data.draw(st.lists(st.sampled_from(question.answers), min_size=1, unique=True))
    before = score(question, chosen).score
    assert before > 0
    assert score(question, [*chosen, data.draw(st.sampled_from(wrong))]).score < before


@SETTINGS
@given(multiples(scoring="partial"), st.data())
def test_multiple_adding_a_right_choice_never_lowers_the_score(
    question: MultipleQuestion, data: st.DataObject
) -> None:
    chosen = data.draw(st.lists(st.sampled_from(question.options), unique=True))
    missing = [answer for answer in question.answers if answer not in chosen]
    assume(missing)
    assert score(question, [*chosen, missing[0]]).score >= score(question, chosen).score


def _spread(question: NumericQuestion) -> float:
    return float(tolerance_of(question.answer, question.tolerance))


@SETTINGS
@given(numerics(), st.sampled_from([-1, 1]))
def test_numeric_bounds_inclusive(question: NumericQuestion, side: int) -> None:
    bound = question.answer + side * _spread(question)
    assert score(question, repr(bound)).correct


@SETTINGS
@given(numerics(), st.sampled_from([-1, 1]))
def test_numeric_just_outside_scores_zero(question: NumericQuestion, side: int) -> None:
    spread = _spread(question)
    step = 1e-6 * max(1.0, abs(question.answer), spread)
    outside = question.answer + side * (spread + step)
    assert score(question, repr(outside)).score == 0.0


@SETTINGS
@given(numerics())
def test_numeric_answer_with_its_unit_scores_full(question: NumericQuestion) -> None:
    typed = f"{expected_response(question)} {question.unit or ''}"
    assert score(question, typed).correct


@SETTINGS
@given(shorts(), st.data())
def test_short_case_and_spacing_never_matter_unless_exact(
    question: ShortQuestion, data: st.DataObject
) -> None:
    assume(question.match != "exact")
    assume(normalize(question.answer))
    typed = f"  {question.answer.upper()}  "
    assume(normalize(typed) == normalize(question.answer))  # some letters upper-case to two
    assert score(question, typed).correct


@SETTINGS
@given(st.text(st.characters(max_codepoint=127)))
def test_ascii_fast_path_normalizes_like_the_full_rule(text: str) -> None:
    assert normalize(text) == _normalize_unicode(text)


@SETTINGS
@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)
