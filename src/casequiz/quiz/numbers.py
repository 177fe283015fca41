"""Numeric responses: reading what a student typed as a number in the question's unit.

Case texts write figures as `$5.8 billion`, `5,800 million` or `45 percent`, and students copy
that style. The question's `unit` (`billion USD`) fixes the scale its answer is written in; a
response may carry the unit, a currency, thousands separators, a percent sign and its own scale
word, and is converted to that scale. A bare number is read in the question's unit. Arithmetic
is decimal, so `5,800 million` is exactly 5.8 and a reading never shows `5.800000000000001`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

SCALES = {
    "thousand": 3,
    "thousands": 3,
    "k": 3,
    "million": 6,
    "millions": 6,
    "m": 6,
    "mn": 6,
    "mln": 6,
    "billion": 9,
    "billions": 9,
    "bn": 9,
    "bln": 9,
    "b": 9,
    "trillion": 12,
    "trillions": 12,
    "tn": 12,
}
# In a unit, one letter is more likely a unit of its own (`m` for metres) than a scale.
_UNIT_SCALES = {word: exponent for word, exponent in SCALES.items() if len(word) > 1}

_DOLLARS = frozenset({"USD", "AUD", "CAD", "HKD", "SGD", "NZD", "TWD"})
CURRENCIES: dict[str, frozenset[str]] = {
    "$": _DOLLARS,
    "dollar": _DOLLARS,
    "dollars": _DOLLARS,
    "€": frozenset({"EUR"}),
    "euro": frozenset({"EUR"}),
    "euros": frozenset({"EUR"}),
    "£": frozenset({"GBP"}),
    "pound": frozenset({"GBP"}),
    "pounds": frozenset({"GBP"}),
    "¥": frozenset({"CNY", "JPY"}),
    "yuan": frozenset({"CNY"}),
    "renminbi": frozenset({"CNY"}),
    "rmb": frozenset({"CNY"}),
    "yen": frozenset({"JPY"}),
    "riel": frozenset({"KHR"}),
    "riels": frozenset({"KHR"}),
    "៛": frozenset({"KHR"}),
    "baht": frozenset({"THB"}),
    "dong": frozenset({"VND"}),
    **{
        code.lower(): frozenset({code})
        for code in (*_DOLLARS, "EUR", "GBP", "CNY", "JPY", "KHR", "THB", "VND", "CHF", "INR")
    },
}
PERCENT = frozenset({"%", "percent", "pct", "percentage"})

_US_DOLLARS = re.compile(r"\bu\.?\s?s\.?\s*(?:\$|dollars?\b)")
_PER_CENT = re.compile(r"\bper\s+cent\b")
_TOKEN = re.compile(r"[^\W\d_]+|[^\w\s]")
_SIGNS = {"-": -1, "−": -1, "+": 1}
_NUMBER = re.compile(
    r"(?P<sign>[-+−])?"
    r"(?P<whole>\d(?:[\d,\u00a0\u202f\u2009 ]*\d)?)?"
    r"(?:\.(?P<frac>\d+))?"
    r"(?:[eE](?P<exp>[-+]?\d+))?"
)
_GROUPS = re.compile(r"\d{1,3}(?:([,\u00a0\u202f\u2009 ])\d{3})(?:\1\d{3})*")


class NumberError(ValueError):
    """A response that cannot be read as a number in the question's unit; says why."""


@dataclass(frozen=True, slots=True)
class Unit:
    """What a question's `unit` means for reading responses."""

    text: str | None
    exponent: int = 0
    """The power of ten the answer is written in: 9 for `billion USD`."""
    words: frozenset[str] = frozenset()
    """The unit's other words, accepted in a response and otherwise ignored."""
    currencies: frozenset[str] = frozenset()
    """The currency codes the unit may name; empty when it names none."""
    percent: bool = False


@dataclass(frozen=True, slots=True)
class Reading:
    """A number read from a response, in the question's unit."""

    value: Decimal
    note: str | None = None
    """How the text was read, when that took a conversion: `read 5,800 million as 5.8 billion`."""


def _tokens(text: str) -> list[str]:
    lowered = _PER_CENT.sub(" percent ", _US_DOLLARS.sub(" usd ", text.casefold()))
    return _TOKEN.findall(lowered)


@lru_cache(maxsize=512)
def parse_unit(unit: str | None) -> Unit:
    """Split a unit such as `billion USD` into its scale, currency and other words."""
    if not unit or not unit.strip():
        return Unit(None)
    exponent = 0
    words: set[str] = set()
    currencies: frozenset[str] = frozenset()
    percent = False
    for token in _tokens(unit):
        if token in _UNIT_SCALES:
            exponent += _UNIT_SCALES[token]
        else:
            words.add(token)
            if token in CURRENCIES:
                currencies = currencies | CURRENCIES[token]
            percent = percent or token in PERCENT
    return Unit(unit.strip(), exponent, frozenset(words), currencies, percent)


def _is_unit_word(token: str, unit: Unit) -> bool:
    return token in unit.words or f"{token}s" in unit.words or token.removesuffix("s") in unit.words


def _unreadable(text: str, why: str = "") -> NumberError:
    return NumberError(f"could not read '{text.strip()}' as a number{why}")


def _digits(match: re.Match[str], text: str) -> tuple[Decimal, bool]:
    """The number a match holds, and whether it was written with a decimal comma (`5,8`)."""
    whole = match["whole"] or "0"
    frac = match["frac"]
    comma_decimal = False
    if not whole.isdigit():
        head, _, tail = whole.partition(",")
        if (
            frac is None
            and whole.count(",") == 1
            and head.isdigit()
            and tail.isdigit()
            and (len(tail) != 3 or head == "0")
        ):
            whole, frac, comma_decimal = head, tail, True
        elif _GROUPS.fullmatch(whole):
            whole = re.sub(r"\D", "", whole)
        else:
            raise _unreadable(text, ": the digits are not grouped in thousands")
    literal = f"{match['sign'] or ''}{whole}.{frac or '0'}e{match['exp'] or '0'}"
    try:
        return Decimal(literal.replace("−", "-")), comma_decimal
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise _unreadable(text) from None


def format_number(value: Decimal | float) -> str:
    """A number as people write it: `5.8`, `2001`, `5,800,000,000`, never `5.8E+9`."""
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    if not number.is_finite():
        return str(value)
    number = number.normalize()
    if number == 0:
        return "0"
    if abs(number) >= Decimal("1e15") or abs(number) < Decimal("1e-6"):
        return f"{number:g}"
    if abs(number) < 10_000:  # four digits stay whole: years are the commonest figures
        return f"{number:f}"
    return f"{number:,f}"


def read_number(text: str, unit: str | None = None) -> Reading:
    """Read `text` as a number in `unit`, or raise `NumberError` saying what was wrong.

    The scale a response names is converted to the unit's (`0.688 billion` is 688 in `million
    USD`); a currency that contradicts the unit's, or a percentage against a unit that is not
    one, is refused rather than silently ignored.
    """
    parsed = parse_unit(unit)
    numbers = [m for m in _NUMBER.finditer(text) if m["whole"] or m["frac"]]
    if not numbers:
        raise _unreadable(text)
    if len(numbers) > 1:
        raise _unreadable(text, ": it holds more than one number")
    match = numbers[0]
    number, comma_decimal = _digits(match, text)
    prefix, suffix = _tokens(text[: match.start()]), _tokens(text[match.end() :])
    signs = [token for token in prefix if token in _SIGNS]
    if len(signs) > 1 or (signs and match["sign"]):
        raise _unreadable(text, ": it has more than one sign")
    if signs:
        prefix.remove(signs[0])
        number *= _SIGNS[signs[0]]
    if suffix and suffix[-1] == ".":
        suffix.pop()
    exponent: int | None = None
    currencies: frozenset[str] | None = None
    percent = False
    for token in prefix + suffix:
        if _is_unit_word(token, parsed):
            continue
        if token in CURRENCIES:
            currencies = CURRENCIES[token] if currencies is None else currencies & CURRENCIES[token]
            if not currencies:
                raise _unreadable(text, ": it names two different currencies")
        elif token in PERCENT:
            percent = True
        elif token in SCALES:
            exponent = (exponent or 0) + SCALES[token]
        else:
            named = f"part of the unit {parsed.text}" if parsed.text else "a unit casequiz reads"
            raise _unreadable(text, f": '{token}' is not {named}")
    if currencies and parsed.currencies and not currencies & parsed.currencies:
        raise NumberError(f"'{text.strip()}' is in another currency than {parsed.text}")
    if percent and parsed.text and not parsed.percent:
        raise NumberError(f"'{text.strip()}' is a percentage, but the answer is in {parsed.text}")
    shift = 0 if exponent is None else exponent - parsed.exponent
    value = number.scaleb(shift) if shift else number
    if shift or comma_decimal:
        shown = f"{format_number(value)} {parsed.text}" if parsed.text else format_number(value)
        return Reading(value, f"read {text.strip()} as {shown}")
    return Reading(value)


def _as_decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def tolerance_of(answer: float, tolerance: float | str) -> Decimal:
    """The absolute tolerance: a number as it is, `"5%"` as 5% of the answer's size."""
    if isinstance(tolerance, str):
        share = Decimal(tolerance.strip().removesuffix("%").strip()) / 100
        return abs(_as_decimal(answer)) * share
    return abs(_as_decimal(tolerance))


_EPSILON = Decimal("1e-12")


def within(value: Decimal, answer: float, tolerance: float | str) -> bool:
    """Whether `value` lies in answer ± tolerance, bounds included.

    The bounds get a relative slack of 1e-12, so a float computed as `5.8 + 0.1` (which is
    5.8999999999999995) still counts as the bound 5.9 it stands for.
    """
    centre = _as_decimal(answer)
    spread = tolerance_of(answer, tolerance)
    slack = max(abs(centre), spread, abs(value)) * _EPSILON
    return abs(value - centre) <= spread + slack
