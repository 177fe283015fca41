"""Short answers that are dates: the framing word and the month's spelling do not count,
every part of the date does (docs/authoring.md, `short`)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casequiz.bank.model import ShortQuestion
from casequiz.quiz.scoring import score
from casequiz.quiz.text import date_key


def short(answer: str, **fields: Any) -> ShortQuestion:
    base: dict[str, Any] = {"type": "short", "id": "when", "prompt": "When?", "answer": answer}
    return ShortQuestion(**(base | fields))


@pytest.mark.parametrize(
    ("answer", "typed"),
    [
        ("1979", "in 1979"),
        ("1979", "since 1979"),
        ("1979", "Since 1979."),
        ("1994", "from 1994"),
        ("August", "Aug"),
        ("August", "Aug."),
        ("August", "in August"),
        ("August 2020", "in August 2020"),
        ("August 2020", "Aug 2020"),
        ("September 2018", "in Sept. 2018"),
        ("April 29", "on April 29"),
        ("April 29", "29 April"),
        ("April 29", "on April 29th"),
    ],
)
def test_a_framed_or_abbreviated_date_is_the_date(answer: str, typed: str) -> None:
    verdict = score(short(answer), typed)
    assert verdict.correct, typed
    assert verdict.reading == f"read '{typed}' as '{answer}'"


@pytest.mark.parametrize(
    ("answer", "typed"),
    [
        ("1979", "1978"),
        ("1979", "before 1979"),
        ("1979", "after 1979"),
        ("1979", "until 1979"),
        ("1979", "by 1979"),
        ("1979", "about 1979"),
        ("1979", "in 1979 or 1980"),
        ("1979", "since 79"),
        ("August", "Sep"),
        ("August", "August 2020"),  # the answer names no year: the response adds one
        ("August 2020", "August"),  # a part of the date is missing
        ("August 2020", "in August 2019"),
        ("April 29", "April 30"),
        ("April 29", "in April"),
        ("sixth", "in sixth"),
    ],
)
def test_a_different_date_stays_wrong(answer: str, typed: str) -> None:
    assert score(short(answer), typed).status == "wrong", typed


def test_the_rule_adds_to_the_accept_list() -> None:
    question = short("August", accept=["August 2020"])
    assert score(question, "in Aug 2020").correct
    assert score(question, "Aug.").correct


def test_exact_matching_reads_no_dates() -> None:
    assert not score(short("1979", match="exact"), "in 1979").correct
    assert score(short("1979", match="exact"), "1979").correct


def test_fuzzy_matching_reads_dates_but_forgives_no_digit() -> None:
    assert score(short("1979", match="fuzzy"), "since 1979").correct
    assert not score(short("1979", match="fuzzy"), "since 1997").correct


def test_what_is_not_a_date() -> None:
    assert date_key("sixth") is None
    assert date_key("29") is None  # a day alone
    assert date_key("in 1979", framed=False) is None  # only a response may be framed
    assert date_key("in") is None
    assert date_key("May 2019 2020") is None  # two years
    assert date_key("32 May") is None
    assert date_key("29 April 2019") == date_key("April 29th, 2019") == "29 april 2019"


_years = st.integers(min_value=1000, max_value=2999).map(str)
_leads = st.sampled_from(["", "in ", "since ", "from ", "on "])


@given(answer=_years, typed=_years, lead=_leads)
def test_a_year_is_accepted_exactly_when_it_is_the_year(answer: str, typed: str, lead: str) -> None:
    assert score(short(answer), lead + typed).correct is (answer == typed)
