"""Reading numeric responses: units, currencies, separators, percent signs and scale words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casequiz.quiz.numbers import (
    NumberError,
    format_number,
    parse_unit,
    read_number,
    tolerance_of,
    within,
)


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        # the documented forms: all mean 5.8 when the unit is billion USD
        ("5.8", "billion USD", "5.8"),
        ("$5.8bn", "billion USD", "5.8"),
        ("5,800 million", "billion USD", "5.8"),
        ("5.8 billion", "billion USD", "5.8"),
        ("5.8 billion USD", "billion USD", "5.8"),
        ("US$5.8 billion", "billion USD", "5.8"),
        ("US$ 5.8bn", "billion USD", "5.8"),
        ("USD 5.8 bn", "billion USD", "5.8"),
        ("5.8 billion US dollars", "billion USD", "5.8"),
        ("5.8 billion dollars", "billion USD", "5.8"),
        ("5.8B", "billion USD", "5.8"),
        ("5800 million", "billion USD", "5.8"),
        ("5,800 mn", "billion USD", "5.8"),
        ("5,800 mln", "billion USD", "5.8"),
        ("5,800m", "billion USD", "5.8"),
        ("5,800,000 thousand", "billion USD", "5.8"),
        ("5,800,000k", "billion USD", "5.8"),
        ("0.0058 trillion", "billion USD", "5.8"),
        ("0.0058tn", "billion USD", "5.8"),
        ("5.8 billion.", "billion USD", "5.8"),
        # a scale word converts into the unit's scale
        ("0.688 billion", "million USD", "688"),
        ("$688 million", "million USD", "688"),
        ("688", "million USD", "688"),
        ("$5.8bn", "USD", "5800000000"),
        ("5.8 billion", None, "5800000000"),
        ("2.5 million", "people", "2500000"),
        ("2.5 million people", "million people", "2.5"),
        # percentages
        ("20%", "percent", "20"),
        ("20 %", "percent", "20"),
        ("20 percent", "percent", "20"),
        ("20 per cent", "percent", "20"),
        ("20", "percent", "20"),
        ("45%", "%", "45"),
        ("3.5 percentage points", "percentage points", "3.5"),
        ("45%", None, "45"),
        # other currencies, each against a unit in that currency
        ("€3.2bn", "billion EUR", "3.2"),
        ("3.2 billion euros", "billion EUR", "3.2"),
        ("¥ 20 billion", "billion yuan", "20"),
        ("20 billion yuan", "billion yuan", "20"),
        ("20bn RMB", "billion yuan", "20"),
        ("400 riels", "riel", "400"),
        ("KHR 400", "riel", "400"),
        ("៛400", "riel", "400"),
        ("£7", "GBP", "7"),
        ("$5", None, "5"),
        ("5 EUR", "tonnes", "5"),  # a unit with no currency in it does not judge currencies
        # thousands separators, decimal commas, signs, notation
        ("1,234,567", None, "1234567"),
        ("1 234 567", None, "1234567"),
        ("1\u00a0234", None, "1234"),
        ("1\u202f234", None, "1234"),
        ("5,8", "billion USD", "5.8"),
        ("0,688 billion", "million USD", "688"),
        ("1,5", None, "1.5"),
        ("-3.5", None, "-3.5"),
        ("−3.5", None, "-3.5"),
        ("-$5", "USD", "-5"),
        ("$-5", "USD", "-5"),
        ("+2", None, "2"),
        (".5", None, "0.5"),
        ("5.", None, "5"),
        ("1e+16", None, "10000000000000000"),
        ("1.5e-05", None, "0.000015"),
        ("  5.8  ", "billion USD", "5.8"),
        # words of the unit, singular or plural
        ("12 km", "km", "12"),
        ("12 tonne", "tonnes", "12"),
        ("12 kms", "km", "12"),
        ("3 m", "m", "3"),  # `m` is the unit here, not million
    ],
)
def test_reads(text: str, unit: str | None, value: str) -> None:
    assert read_number(text, unit).value == Decimal(value)


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("abc", "billion USD", "could not read 'abc' as a number"),
        ("", None, "could not read '' as a number"),
        ("five", None, "could not read 'five' as a number"),
        ("5.8 apples", "billion USD", "'apples' is not part of the unit billion USD"),
        ("about 5", None, "'about' is not a unit casequiz reads"),
        ("5 to 6", None, "more than one number"),
        ("12 3", None, "not grouped in thousands"),
        ("1,23,456", None, "not grouped in thousands"),
        ("--5", None, "more than one sign"),
        ("5.8 billion euros", "billion USD", "another currency than billion USD"),
        ("€5.8bn", "billion USD", "another currency"),
        ("$5 EUR", None, "two different currencies"),
        ("5%", "billion USD", "is a percentage, but the answer is in billion USD"),
    ],
)
def test_refuses(text: str, unit: str | None, message: str) -> None:
    with pytest.raises(NumberError, match=message):
        read_number(text, unit)


@pytest.mark.parametrize(
    ("text", "unit", "note"),
    [
        ("5,800 million", "billion USD", "read 5,800 million as 5.8 billion USD"),
        ("0.688 billion", "million USD", "read 0.688 billion as 688 million USD"),
        ("$5.8bn", "USD", "read $5.8bn as 5,800,000,000 USD"),
        ("5,8", "billion USD", "read 5,8 as 5.8 billion USD"),
        ("5.8 billion", None, "read 5.8 billion as 5,800,000,000"),
    ],
)
def test_notes_a_conversion(text: str, unit: str | None, note: str) -> None:
    assert read_number(text, unit).note == note


@pytest.mark.parametrize(
    ("text", "unit"),
    [("5.8", "billion USD"), ("$5.8bn", "billion USD"), ("20%", "percent"), ("1,234", None)],
)
def test_no_note_without_a_conversion(text: str, unit: str | None) -> None:
    assert read_number(text, unit).note is None


def test_conversion_is_exact() -> None:
    """Decimal arithmetic: 0.688 billion is 688 million, not 688.0000000000001."""
    assert read_number("0.688 billion", "million USD").value == 688
    assert read_number("5,800 million", "billion USD").value == Decimal("5.8")


def test_parse_unit() -> None:
    unit = parse_unit("billion USD")
    assert (unit.exponent, unit.words, unit.currencies, unit.percent) == (
        9,
        frozenset({"usd"}),
        frozenset({"USD"}),
        False,
    )
    assert parse_unit("percent").percent
    assert parse_unit("m").exponent == 0
    assert parse_unit(None) == parse_unit("  ")
    assert parse_unit("million tonnes").exponent == 6


@pytest.mark.parametrize(
    ("value", "inside"),
    [("5.9", True), ("5.7", True), ("5.8", True), ("5.9000001", False), ("5.6999999", False)],
)
def test_absolute_tolerance_bounds_inclusive(value: str, inside: bool) -> None:
    assert within(Decimal(value), 5.8, 0.1) is inside


def test_float_sums_count_as_the_bound() -> None:
    """5.8 + 0.1 is 5.8999999999999995 in floating point; it stands for 5.9."""
    assert within(Decimal(repr(5.8 + 0.1)), 5.8, 0.1)
    assert within(Decimal(repr(5.8 - 0.1)), 5.8, 0.1)


@pytest.mark.parametrize(
    ("value", "inside"),
    [("42.75", True), ("47.25", True), ("42.7", False), ("47.3", False)],
)
def test_percentage_tolerance_is_relative_to_the_answer(value: str, inside: bool) -> None:
    assert within(Decimal(value), 45.0, "5%") is inside


def test_tolerance_of() -> None:
    assert tolerance_of(45.0, "5%") == Decimal("2.25")
    assert tolerance_of(-200.0, " 10 % ") == 20
    assert tolerance_of(3.0, 0.5) == Decimal("0.5")


def test_zero_tolerance_is_exact() -> None:
    assert within(Decimal("0"), 0.0, 0.0)
    assert not within(Decimal("1e-20"), 0.0, 0.0)
    assert within(Decimal("2001"), 2001.0, 0.0)
    assert not within(Decimal("2002"), 2001.0, 0.0)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5.8, "5.8"),
        (45.0, "45"),
        (Decimal("5.8000"), "5.8"),
        (Decimal("5.8E+9"), "5,800,000,000"),
        (0.0, "0"),
        (-1234.5, "-1234.5"),
        (-12345.5, "-12,345.5"),
        (2001.0, "2001"),
        (1e20, "1e+20"),
    ],
)
def test_format_number(value: Decimal | float, text: str) -> None:
    assert format_number(value) == text
