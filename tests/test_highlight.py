"""`answer_spans`: the words of an excerpt that carry a question's answer."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casequiz.bank.load import load_banks
from casequiz.bank.model import (
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.quiz.highlight import answer_spans

ROOT = Path(__file__).resolve().parents[1]


def words(question: Any, quote: str) -> list[str]:
    return [quote[start:end] for start, end in answer_spans(question, quote)]


def single(answer: str, options: list[str] | None = None) -> SingleQuestion:
    return SingleQuestion(
        type="single", id="q", prompt="p", options=options or [answer, "other"], answer=answer
    )


def numeric(answer: float, unit: str | None = None, tolerance: float | str = 0.0) -> Any:
    return NumericQuestion(
        type="numeric", id="q", prompt="p", answer=answer, unit=unit, tolerance=tolerance
    )


def test_a_single_answer_is_found_whatever_its_case_and_quotes() -> None:
    question = single("The world's least developed countries")
    quote = "the initiative allows the world’s least developed countries to export any goods"
    assert words(question, quote) == ["the world’s least developed countries"]


def test_a_short_answer_skips_the_quotation_marks_around_it() -> None:
    question = ShortQuestion(
        type="short", id="q", prompt="p", answer="Everything but Arms", accept=["EBA"]
    )
    quote = "Cambodia benefits from the “Everything but Arms” (EBA) initiative."
    assert words(question, quote) == ["Everything but Arms", "EBA"]


def test_a_hyphenated_answer_matches_spaced_words() -> None:
    question = ShortQuestion(type="short", id="q", prompt="p", answer="quota-free")
    assert words(question, "duty-free and quota free to the market") == ["quota free"]


def test_every_right_option_of_a_multiple_choice_and_no_wrong_one() -> None:
    question = MultipleQuestion(
        type="multiple",
        id="q",
        prompt="p",
        options=["garments", "footwear", "arms", "bicycles"],
        answers=["garments", "footwear", "bicycles"],
    )
    quote = "It covers garments, footwear and bicycles — everything but arms."
    assert words(question, quote) == ["garments", "footwear", "bicycles"]


@pytest.mark.parametrize(
    ("quote", "unit", "found"),
    [
        ("Exports to the EU reached $5.8 billion in 2017.", "billion USD", "$5.8 billion"),
        ("roughly 5,800 million dollars of goods", "billion USD", "5,800 million dollars"),
        ("That was 45 percent of all exports.", "percent", "45 percent"),
        ("a contraction of 4% in 2020", "percent", "4%"),
        ("about US$500,000 a year", "USD", "US$500,000"),
    ],
)
def test_a_figure_is_found_with_its_currency_and_scale(quote: str, unit: str, found: str) -> None:
    answer = {"$5.8": 5.8, "5,800": 5.8, "45": 45, "4%": 4, "US$": 500_000}
    value = next(v for k, v in answer.items() if k in found)
    assert words(numeric(value, unit), quote) == [found]


def test_an_exact_figure_wins_over_one_within_the_tolerance() -> None:
    question = numeric(5.8, "billion USD", 0.5)
    quote = "It was $5.5 billion in 2016 and $5.8 billion in 2017."
    assert words(question, quote) == ["$5.8 billion"]
    assert words(numeric(5.7, "billion USD", 0.5), quote) == ["$5.5 billion", "$5.8 billion"]


def test_other_numbers_are_not_the_answer() -> None:
    assert words(numeric(18, "months"), "an 18-month review began in 2019") == ["18"]
    assert words(numeric(6, "months"), "a six-month period") == []


def test_order_items_are_found_as_phrases_or_by_their_words() -> None:
    question = OrderQuestion(
        type="order",
        id="q",
        prompt="p",
        items=["review opened", "report published", "partial withdrawal"],
    )
    quote = "The review opened, a report was published, and then came the partial withdrawal."
    assert words(question, quote) == [
        "review opened",
        "report",
        "published",
        "partial withdrawal",
    ]


def test_match_pairs_next_to_each_other_merge_into_one_span() -> None:
    question = MatchQuestion(
        type="match",
        id="q",
        prompt="p",
        pairs={"EU": "grants preferences", "Cambodia": "exports garments"},
        distractors=["builds ports"],
    )
    quote = "The EU grants preferences; Cambodia exports garments."
    assert words(question, quote) == ["EU grants preferences", "Cambodia exports garments"]


def test_a_true_false_statement_points_at_the_words_it_shares() -> None:
    question = TrueFalseQuestion(
        type="true_false",
        id="q",
        prompt="The EU withdrew part of the preferences in August 2020.",
        answer=True,
    )
    quote = "In August 2020 the EU withdrew a fifth of the preferences."
    assert words(question, quote) == ["August 2020", "withdrew", "preferences"]


def test_nothing_in_common_means_no_highlight() -> None:
    assert answer_spans(single("Phnom Penh"), "Nothing about the capital here.") == []


def test_the_bundled_case_has_a_highlight_in_most_excerpts() -> None:
    """A check that the matching suits real excerpts, not only the tests' own."""
    banks = load_banks([ROOT / "questions"])
    pairs = [(q, e.quote) for b in banks for q in b.bank.questions for e in q.source]
    found = sum(1 for question, quote in pairs if answer_spans(question, quote))
    assert found >= 0.85 * len(pairs)


@given(
    answer=st.text(min_size=1, max_size=20),
    quote=st.text(max_size=120),
)
def test_spans_are_sorted_disjoint_and_inside_the_quote(answer: str, quote: str) -> None:
    for question in (
        single(answer, [answer, answer + "x"]),
        ShortQuestion(type="short", id="q", prompt=answer, answer=answer),
        TrueFalseQuestion(type="true_false", id="q", prompt=answer, answer=False),
    ):
        spans = answer_spans(question, quote)
        for start, end in spans:
            assert 0 <= start < end <= len(quote)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end < start


@given(quote=st.text(alphabet="0123456789.,$% abmilonpercent", max_size=60))
def test_numeric_spans_never_fail_on_odd_figures(quote: str) -> None:
    spans = answer_spans(numeric(5.8, "billion USD", "5%"), quote)
    assert all(0 <= start < end <= len(quote) for start, end in spans)
