"""Coercing responses from a YAML/JSON sheet into the canonical form scoring expects."""

from __future__ import annotations

from typing import Any

import pytest

from casequiz.bank.model import (
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.quiz.responses import ResponseError, coerce_response

SINGLE = SingleQuestion(
    type="single",
    id="capital",
    prompt="Which city is the capital of Cambodia?",
    options=["Phnom Penh", "Siem Reap", "Battambang"],
    answer="Phnom Penh",
)
YEARS = SingleQuestion(
    type="single", id="year", prompt="When?", options=["1993", "2001"], answer="2001"
)
YES_NO = SingleQuestion(type="single", id="yn", prompt="Is it?", options=["Yes", "No"], answer="No")
MULTIPLE = MultipleQuestion(
    type="multiple",
    id="goods",
    prompt="Which goods?",
    options=["garments", "footwear", "arms", "bicycles"],
    answers=["garments", "footwear", "bicycles"],
)
TRUE_FALSE = TrueFalseQuestion(type="true_false", id="tf", prompt="Withdrawn?", answer=True)
NUMERIC = NumericQuestion(
    type="numeric", id="exports", prompt="How much?", answer=5.8, tolerance=0.1, unit="billion USD"
)
SHORT = ShortQuestion(type="short", id="eba", prompt="EBA?", answer="Everything but Arms")
ORDER = OrderQuestion(
    type="order",
    id="sequence",
    prompt="Order these.",
    items=["review opened", "report published", "partial withdrawal"],
)
MATCH = MatchQuestion(
    type="match",
    id="who",
    prompt="Match.",
    pairs={"EU": "grants preferences", "Cambodia": "exports garments"},
    distractors=["builds ports"],
)


@pytest.mark.parametrize(
    ("question", "value", "expected"),
    [
        (SINGLE, "Phnom Penh", "Phnom Penh"),
        (SINGLE, "  Phnom Penh ", "Phnom Penh"),
        (SINGLE, "phnom penh", "Phnom Penh"),
        (SINGLE, "PHNOM-PENH", "Phnom Penh"),
        (SINGLE, "Siem Reap", "Siem Reap"),
        (YEARS, 2001, "2001"),
        (YEARS, "2001", "2001"),
        (YES_NO, "No", "No"),
    ],
)
def test_single(question: SingleQuestion, value: Any, expected: str) -> None:
    assert coerce_response(question, value) == expected


@pytest.mark.parametrize("value", ["Paris", "", 3, None, ["Phnom Penh"], {"a": "b"}])
def test_single_refuses(value: Any) -> None:
    with pytest.raises(ResponseError, match='expected one of the options: "Phnom Penh"'):
        coerce_response(SINGLE, value)


def test_single_refuses_a_yaml_boolean() -> None:
    """`no` unquoted in YAML is false; guessing the option would hide the mistake."""
    with pytest.raises(ResponseError, match="expected one of the options"):
        coerce_response(YES_NO, False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["garments", "bicycles"], ["garments", "bicycles"]),
        (["Garments", "BICYCLES"], ["garments", "bicycles"]),
        ("arms", ["arms"]),
        ("garments, arms", ["garments", "arms"]),
        ([], []),
        (["garments", "garments"], ["garments"]),
        (("footwear",), ["footwear"]),
    ],
)
def test_multiple(value: Any, expected: list[str]) -> None:
    assert coerce_response(MULTIPLE, value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["garments", "tanks"], "expected one of the options"),
        ("tanks", "expected one of the options"),
        (True, "expected a list of options"),
        ({"garments": True}, "expected a list of options"),
    ],
)
def test_multiple_refuses(value: Any, message: str) -> None:
    with pytest.raises(ResponseError, match=message):
        coerce_response(MULTIPLE, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("FALSE", False),
        ("t", True),
        ("F", False),
        ("yes", True),
        (" No ", False),
    ],
)
def test_true_false(value: Any, expected: bool) -> None:
    assert coerce_response(TRUE_FALSE, value) is expected


@pytest.mark.parametrize("value", ["maybe", "", 1, 0, None, ["true"]])
def test_true_false_refuses(value: Any) -> None:
    with pytest.raises(ResponseError, match="expected true or false"):
        coerce_response(TRUE_FALSE, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$5.8bn", "$5.8bn"),
        ("5,800 million", "5,800 million"),
        ("abc", "abc"),  # unreadable, but that is scoring's verdict to give
        (5.8, "5.8"),
        (6, "6"),
        (5800000000.0, "5800000000"),
        (1.5e-05, "1.5e-05"),
    ],
)
def test_numeric(value: Any, expected: str) -> None:
    assert coerce_response(NUMERIC, value) == expected


@pytest.mark.parametrize("value", [True, None, [5.8], {"value": 5.8}])
def test_numeric_refuses(value: Any) -> None:
    with pytest.raises(ResponseError, match="expected a number"):
        coerce_response(NUMERIC, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Everything but Arms", "Everything but Arms"), ("anything", "anything"), (42, "42")],
)
def test_short(value: Any, expected: str) -> None:
    assert coerce_response(SHORT, value) == expected


def test_short_refuses_a_boolean_with_a_hint() -> None:
    with pytest.raises(ResponseError, match="quote it in YAML"):
        coerce_response(SHORT, False)
    with pytest.raises(ResponseError, match="expected a text answer"):
        coerce_response(SHORT, ["a"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            ["report published", "review opened", "partial withdrawal"],
            ["report published", "review opened", "partial withdrawal"],
        ),
        (
            ["Review opened", "REPORT PUBLISHED", "partial withdrawal"],
            ["review opened", "report published", "partial withdrawal"],
        ),
    ],
)
def test_order(value: Any, expected: list[str]) -> None:
    assert coerce_response(ORDER, value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("review opened", "expected a list of the items"),
        (["review opened", "report published"], 'missing: "partial withdrawal"'),
        (
            ["review opened", "review opened", "report published", "partial withdrawal"],
            '"review opened" is given twice',
        ),
        (["review opened", "report published", "elections"], "expected one of the items"),
    ],
)
def test_order_refuses(value: Any, message: str) -> None:
    with pytest.raises(ResponseError, match=message):
        coerce_response(ORDER, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {"Cambodia": "exports garments", "EU": "grants preferences"},
            {"EU": "grants preferences", "Cambodia": "exports garments"},
        ),
        ({"eu": "Builds ports"}, {"EU": "builds ports"}),
        ({"EU": "builds ports", "Cambodia": None}, {"EU": "builds ports"}),
        (
            {"EU": "builds ports", "Cambodia": "builds ports"},
            {"EU": "builds ports", "Cambodia": "builds ports"},
        ),
    ],
)
def test_match(value: Any, expected: dict[str, str]) -> None:
    coerced = coerce_response(MATCH, value)
    assert coerced == expected
    assert list(coerced) == list(expected)  # in the question's order


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["EU", "grants preferences"], "expected a mapping"),
        ({"China": "builds ports"}, "expected one of the left-hand items"),
        ({"EU": "lends money"}, "expected one of the right-hand items"),
        ({"EU": "builds ports", "eu": "grants preferences"}, '"EU" is given twice'),
    ],
)
def test_match_refuses(value: Any, message: str) -> None:
    with pytest.raises(ResponseError, match=message):
        coerce_response(MATCH, value)


def test_response_error_is_a_value_error() -> None:
    assert issubclass(ResponseError, ValueError)
