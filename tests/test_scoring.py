"""Scoring examples: every question type, every documented response form."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

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
from casequiz.quiz.responses import ResponseError
from casequiz.quiz.scoring import Verdict, expected_response, expected_text, score

DATA = Path(__file__).parent / "data" / "valid"


def single(**fields: Any) -> SingleQuestion:
    base: dict[str, Any] = {
        "type": "single",
        "id": "capital",
        "prompt": "Which city is the capital of Cambodia?",
        "options": ["Phnom Penh", "Siem Reap", "Battambang"],
        "answer": "Phnom Penh",
    }
    return SingleQuestion(**(base | fields))


def multiple(**fields: Any) -> MultipleQuestion:
    base: dict[str, Any] = {
        "type": "multiple",
        "id": "goods",
        "prompt": "Which goods does the scheme cover duty-free?",
        "options": ["garments", "footwear", "arms", "bicycles"],
        "answers": ["garments", "footwear", "bicycles"],
    }
    return MultipleQuestion(**(base | fields))


def numeric(**fields: Any) -> NumericQuestion:
    base: dict[str, Any] = {
        "type": "numeric",
        "id": "exports",
        "prompt": "How much did Cambodia export to the EU in 2017?",
        "answer": 5.8,
        "tolerance": 0.1,
        "unit": "billion USD",
    }
    return NumericQuestion(**(base | fields))


def short(**fields: Any) -> ShortQuestion:
    base: dict[str, Any] = {
        "type": "short",
        "id": "eba",
        "prompt": "What does EBA stand for?",
        "answer": "Everything but Arms",
    }
    return ShortQuestion(**(base | fields))


def order(**fields: Any) -> OrderQuestion:
    base: dict[str, Any] = {
        "type": "order",
        "id": "sequence",
        "prompt": "Put these in order.",
        "items": ["review opened", "report published", "partial withdrawal"],
    }
    return OrderQuestion(**(base | fields))


def match(**fields: Any) -> MatchQuestion:
    base: dict[str, Any] = {
        "type": "match",
        "id": "who",
        "prompt": "Match each party to its role.",
        "pairs": {"EU": "grants preferences", "Cambodia": "exports garments"},
        "distractors": ["builds ports"],
    }
    return MatchQuestion(**(base | fields))


TRUE_FALSE = TrueFalseQuestion(type="true_false", id="tf", prompt="Withdrawn?", answer=True)


# single ------------------------------------------------------------------------------------


def test_single_right_and_wrong() -> None:
    right = score(single(), "Phnom Penh")
    assert (right.score, right.max, right.status, right.correct) == (1.0, 1.0, "correct", True)
    assert right.expected == "Phnom Penh"
    assert right.reading is None
    wrong = score(single(), "Siem Reap")
    assert (wrong.score, wrong.status, wrong.correct, wrong.fraction) == (0.0, "wrong", False, 0)
    assert wrong.expected == "Phnom Penh"


def test_single_reads_an_option_typed_loosely() -> None:
    verdict = score(single(), "phnom  penh ")
    assert verdict.correct
    assert verdict.reading == "read 'phnom  penh' as 'Phnom Penh'"
    assert score(single(), "phnom penh").reading is None  # case alone needs no explaining


def test_single_text_that_is_no_option_is_wrong() -> None:
    assert score(single(), "Paris").status == "wrong"
    assert score(single(), "").status == "wrong"


def test_points_scale_the_score() -> None:
    verdict = score(single(points=2.5), "Phnom Penh")
    assert (verdict.score, verdict.max, verdict.fraction) == (2.5, 2.5, 1.0)


# multiple ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "expected_score", "status"),
    [
        (["garments", "footwear", "bicycles"], 1.0, "correct"),
        (["garments", "footwear"], 2 / 3, "partial"),
        (["garments"], 1 / 3, "partial"),
        (["garments", "footwear", "bicycles", "arms"], 2 / 3, "partial"),
        (["garments", "footwear", "arms"], 1 / 3, "partial"),
        (["garments", "arms"], 0.0, "wrong"),  # 1/3 - 1/3
        (["arms"], 0.0, "wrong"),  # floor at zero, never negative
        ([], 0.0, "wrong"),
    ],
)
def test_multiple_partial_moodle_rule(
    chosen: list[str], expected_score: float, status: str
) -> None:
    verdict = score(multiple(), chosen)
    assert verdict.score == pytest.approx(expected_score)
    assert verdict.status == status


def test_multiple_partial_times_points() -> None:
    assert score(multiple(points=3.0), ["garments", "footwear"]).score == pytest.approx(2.0)


def test_multiple_all_or_nothing() -> None:
    question = multiple(scoring="all")
    assert score(question, ["garments", "footwear", "bicycles"]).score == 1.0
    assert score(question, ["bicycles", "garments", "footwear"]).correct
    assert score(question, ["garments", "footwear"]).score == 0.0
    assert score(question, ["garments", "footwear", "bicycles", "arms"]).status == "wrong"


def test_multiple_detail_and_expected() -> None:
    verdict = score(multiple(), ["garments", "arms"])
    assert verdict.detail == (
        "garments: correct",
        "footwear: should be chosen",
        "arms: should not be chosen",
        "bicycles: should be chosen",
    )
    assert verdict.expected == "garments, footwear, bicycles"


def test_multiple_a_single_string_is_one_choice() -> None:
    assert score(multiple(answers=["arms"]), "arms").correct


def test_multiple_unknown_choice_counts_as_wrong() -> None:
    verdict = score(multiple(), ["garments", "footwear", "bicycles", "tanks"])
    assert verdict.score == pytest.approx(2 / 3)
    assert "tanks: not an option" in verdict.detail


# true/false --------------------------------------------------------------------------------


def test_true_false() -> None:
    assert score(TRUE_FALSE, True).correct
    assert score(TRUE_FALSE, False).status == "wrong"
    assert score(TRUE_FALSE, True).expected == "true"
    assert score(TRUE_FALSE, "yes").correct  # a word reaching scoring is read, not rejected


# numeric -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "5.8",
        "5.9",
        "5.7",
        "$5.8bn",
        "5,800 million",
        "5.8 billion",
        "US$5.8 billion",
        "5.8 billion USD",
        "5,750 million",
        "5,8",
        "5,800,000,000",
    ],
)
def test_numeric_full(typed: str) -> None:
    assert score(numeric(), typed).correct


@pytest.mark.parametrize("typed", ["5.91", "5.69", "5800", "5,900,000,001", "$5.9bn extra"])
def test_numeric_zero(typed: str) -> None:
    assert score(numeric(), typed).score == 0.0


def test_numeric_reading_explains_a_conversion() -> None:
    verdict = score(numeric(), "5,800 million")
    assert verdict.reading == "read 5,800 million as 5.8 billion USD"
    assert verdict.expected == "5.8 billion USD (±0.1)"


def test_numeric_million_unit_against_billion_response() -> None:
    question = numeric(answer=688.0, tolerance=0.0, unit="million USD")
    verdict = score(question, "0.688 billion")
    assert verdict.correct
    assert verdict.reading == "read 0.688 billion as 688 million USD"
    assert verdict.expected == "688 million USD"


def test_numeric_percent_unit_and_relative_tolerance() -> None:
    question = numeric(answer=45.0, tolerance="5%", unit="percent")
    assert score(question, "20%").status == "wrong"
    assert score(question, "45%").correct
    assert score(question, "47.25 %").correct  # 45 + 5% of 45, bound included
    assert score(question, "42.75").correct
    assert not score(question, "47.26%").correct
    assert score(question, "45").expected == "45 percent (±5%)"


def test_numeric_twenty_percent() -> None:
    assert score(numeric(answer=20.0, tolerance=0.0, unit="percent"), "20%").correct


def test_numeric_unreadable_scores_zero_and_says_why() -> None:
    verdict = score(numeric(), "abc")
    assert (verdict.score, verdict.status) == (0.0, "wrong")
    assert verdict.reading == "could not read 'abc' as a number"


def test_numeric_other_currency_scores_zero() -> None:
    verdict = score(numeric(), "€5.8bn")
    assert verdict.score == 0.0
    assert "another currency" in (verdict.reading or "")


def test_numeric_number_response_from_json() -> None:
    assert score(numeric(), 5.8).correct  # type: ignore[arg-type]


def test_numeric_expected_without_unit_or_tolerance() -> None:
    assert expected_text(numeric(unit=None, tolerance=0.0, answer=2001.0)) == "2001"
    assert expected_text(numeric(unit=None)) == "5.8 (±0.1)"


# short -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Everything but Arms",
        "everything but arms",
        "  EVERYTHING   BUT ARMS ",
        "Everything-but-Arms",
        "“Everything but Arms”",
        "Everything but Arms.",
        "Évérything bût Ärms",
        "Everything\tbut\nArms",
    ],
)
def test_short_normalized(typed: str) -> None:
    verdict = score(short(), typed)
    assert verdict.correct
    assert not verdict.fuzzy


@pytest.mark.parametrize("typed", ["Everythng but Arms", "Everything but Arm", "Anything but Arms"])
def test_short_normalized_refuses_typos(typed: str) -> None:
    assert score(short(), typed).status == "wrong"


def test_short_accept_list() -> None:
    question = short(answer="European Union", accept=["EU", "the EU"])
    assert score(question, "eu").correct
    assert score(question, "The E.U.").correct
    assert not score(question, "US").correct


def test_short_normalization_ignores_typographic_apostrophes() -> None:
    question = short(answer="Cambodia's exports")
    assert score(question, "Cambodia’s exports").correct
    assert score(question, "cambodias exports").correct


def test_short_exact() -> None:
    question = short(match="exact")
    assert score(question, "Everything but Arms").correct
    assert score(question, "  Everything but Arms \n").correct
    assert not score(question, "everything but arms").correct
    assert not score(question, "Everything  but Arms").correct


def test_short_fuzzy_accepts_a_typo_and_records_it() -> None:
    verdict = score(short(match="fuzzy"), "Everythng but Arms")
    assert verdict.correct
    assert verdict.fuzzy
    assert verdict.reading == "accepted with a typo: 'Everythng but Arms' for 'Everything but Arms'"


def test_short_fuzzy_matches_the_accept_list_too() -> None:
    question = short(match="fuzzy", answer="EBA", accept=["Everything-but-Arms"])
    verdict = score(question, "Everyting but Arms")
    assert verdict.fuzzy
    assert "for 'Everything-but-Arms'" in (verdict.reading or "")


def test_short_fuzzy_is_not_fuzzy_when_it_need_not_be() -> None:
    verdict = score(short(match="fuzzy"), "everything but arms")
    assert verdict.correct
    assert not verdict.fuzzy


@pytest.mark.parametrize(
    ("answer", "typed", "accepted"),
    [
        ("Hun Sen", "Hun Sem", True),  # 6 letters: one edit
        ("Hun Sen", "Han Sem", False),  # two edits is too many
        ("Everything but Arms", "Evrything bt Arms", True),  # 17 letters: two edits
        ("Everything but Arms", "Evrythng bt Arms", False),
        ("Generalised System of Preferences", "Generalized Sistem of Preferenses", True),
        ("EU", "EO", False),  # three letters or fewer: no typo forgiven
        ("2019", "2018", False),  # a typo in a number changes the answer
        ("in 2019", "in 2019", True),
    ],
)
def test_short_fuzzy_budget(answer: str, typed: str, accepted: bool) -> None:
    assert score(short(answer=answer, match="fuzzy"), typed).correct is accepted


def test_short_empty_response_never_matches() -> None:
    assert not score(short(answer="?!"), "").correct
    assert not score(short(match="fuzzy", answer="abcd"), "").correct
    assert score(short(answer="?!"), "?!").correct


# order -------------------------------------------------------------------------------------

FOUR = ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("chosen", "expected_score", "status"),
    [
        (["a", "b", "c", "d"], 1.0, "correct"),
        (["b", "a", "c", "d"], 5 / 6, "partial"),
        (["a", "c", "b", "d"], 5 / 6, "partial"),
        (["d", "b", "c", "a"], 1 / 6, "partial"),
        (["b", "c", "d", "a"], 3 / 6, "partial"),
        (["d", "c", "b", "a"], 0.0, "wrong"),
    ],
)
def test_order_share_of_pairs(chosen: list[str], expected_score: float, status: str) -> None:
    verdict = score(order(items=FOUR), chosen)
    assert verdict.score == pytest.approx(expected_score)
    assert verdict.status == status


def test_order_swapping_the_ends_of_three_reverses_it() -> None:
    """With three items, swapping the first and last reverses every pair: no credit."""
    assert score(order(), ["partial withdrawal", "report published", "review opened"]).score == 0


def test_order_all_or_nothing() -> None:
    question = order(items=FOUR, scoring="all")
    assert score(question, FOUR).correct
    assert score(question, ["b", "a", "c", "d"]).score == 0.0


def test_order_detail_and_expected() -> None:
    verdict = score(order(), ["report published", "review opened", "partial withdrawal"])
    assert verdict.score == pytest.approx(2 / 3)
    assert verdict.detail == (
        "2 of 3 pairs in the right relative order",
        "review opened: placed at 2, belongs at 1",
        "report published: placed at 1, belongs at 2",
    )
    assert verdict.expected == "review opened, report published, partial withdrawal"


def test_order_incomplete_or_padded_response_is_never_full() -> None:
    assert score(order(items=FOUR), ["a", "b", "c"]).score == pytest.approx(3 / 6)
    assert not score(order(items=FOUR), ["a", "b", "c", "d", "e"]).correct
    assert score(order(items=FOUR), []).score == 0.0


# match -------------------------------------------------------------------------------------


def test_match_share_of_pairs() -> None:
    right = {"EU": "grants preferences", "Cambodia": "exports garments"}
    assert score(match(), right).correct
    half = score(match(), {"EU": "builds ports", "Cambodia": "exports garments"})
    assert (half.score, half.status) == (0.5, "partial")
    assert half.detail == (
        "pair EU → builds ports: wrong",
        "pair Cambodia → exports garments: correct",
    )
    assert half.expected == "EU → grants preferences; Cambodia → exports garments"
    swapped = {"EU": "exports garments", "Cambodia": "grants preferences"}
    assert score(match(), swapped).status == "wrong"


def test_match_unanswered_pair() -> None:
    verdict = score(match(), {"EU": "grants preferences"})
    assert verdict.score == 0.5
    assert "pair Cambodia: not answered" in verdict.detail


def test_match_three_pairs_times_points() -> None:
    question = match(pairs={"a": "1", "b": "2", "c": "3"}, points=3.0)
    assert score(question, {"a": "1", "b": "2", "c": "1"}).score == pytest.approx(2.0)


# shapes, expected responses, the sample bank -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (single(), ["Phnom Penh"]),
        (multiple(), {"garments": True}),
        (TRUE_FALSE, "maybe"),
        (numeric(), ["5.8"]),
        (short(), None),
        (order(), {"a": "b"}),
        (match(), ["EU", "grants preferences"]),
    ],
)
def test_a_response_of_the_wrong_shape_is_an_error(question: Any, response: Any) -> None:
    with pytest.raises(ResponseError):
        score(question, response)


def test_every_type_of_the_sample_bank() -> None:
    (loaded,) = load_banks([DATA / "all-types.yaml"])
    questions = {question.id: question for question in loaded.bank.questions}
    for question in questions.values():
        verdict = score(question, expected_response(question))
        assert verdict.correct, question.id
    assert expected_response(questions["exports"]) == "5.8"
    assert expected_response(questions["share"]) == "45"
    assert expected_response(questions["withdrawn"]) is True
    assert expected_response(questions["eba-parts"]) == ["garments", "footwear", "bicycles"]
    assert score(questions["acronym"], "Everythng but Arms").fuzzy


def test_verdict_is_frozen() -> None:
    verdict = Verdict(score=1.0, max=2.0, status="partial", expected="x", reading=None)
    assert verdict.fraction == 0.5
    assert not verdict.correct
    with pytest.raises(AttributeError):
        verdict.score = 2.0  # type: ignore[misc]


def test_the_scoring_modules_import_no_ui_or_sql() -> None:
    code = (
        "import sys\n"
        "import casequiz.quiz.scoring, casequiz.quiz.responses\n"
        "import casequiz.quiz.numbers, casequiz.quiz.text\n"
        "bad = [m for m in ('textual', 'rich', 'sqlite3') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_a_full_amount_is_read_against_a_scaled_unit() -> None:
    """`688,000,000` against `million USD` is the full amount: 688 million, and it says so."""
    question = NumericQuestion(
        type="numeric", id="q", prompt="p", answer=688.0, tolerance=1.0, unit="million USD"
    )
    verdict = score(question, "688,000,000")
    assert verdict.correct
    assert verdict.reading == "read 688,000,000 as 688 million USD"
    assert not score(question, "690,000,000").correct
    assert score(question, "688").reading is None


def test_a_small_bare_number_stays_in_the_unit() -> None:
    """A number below the unit's scale is never taken for a full amount: 5 is 5 billion here."""
    question = NumericQuestion(
        type="numeric", id="q", prompt="p", answer=0.0, tolerance=0.1, unit="billion USD"
    )
    assert not score(question, "5").correct
