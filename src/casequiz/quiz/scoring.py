"""Scoring: one pure function from a question and a response to a verdict (docs/authoring.md).

Single, true/false, numeric and short questions are all or nothing; multiple, order and match
give partial credit. A verdict carries more than a number, because a wrong answer should teach
something: what was expected, how the response was read, and a note per part.

Responses are expected in canonical form (`casequiz.quiz.responses`), but choices are matched
leniently (an option typed in another case still counts), so a response that reached the store
by another road is scored the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from casequiz.quiz.numbers import (
    NumberError,
    format_number,
    parse_unit,
    read_number,
    tolerance_of,
    within,
)
from casequiz.quiz.responses import (
    Response,
    ResponseError,
    coerce_response,
    resolve,
    scalar_text,
)
from casequiz.quiz.text import find_match

if TYPE_CHECKING:
    from casequiz.bank.model import (
        AnyQuestion,
        ClozeQuestion,
        MatchQuestion,
        MultipleQuestion,
        NumericQuestion,
        OrderQuestion,
        ShortQuestion,
        SingleQuestion,
        TrueFalseQuestion,
    )

Status = Literal["correct", "partial", "wrong"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of one response: the score and what a student needs to understand it."""

    score: float
    """Between 0 and `max`."""
    max: float
    """The question's points."""
    status: Status
    expected: str
    """The expected answer, written for a person."""
    reading: str | None = None
    """How the response was read, when not literally ("read 5,800 million as 5.8 billion USD")."""
    fuzzy: bool = False
    """Accepted only thanks to fuzzy matching."""
    detail: tuple[str, ...] = ()
    """Notes per part: "garments: correct", "arms: should not be chosen"."""

    @property
    def correct(self) -> bool:
        """Full marks."""
        return self.status == "correct"

    @property
    def fraction(self) -> float:
        """The share of the points earned, from 0 to 1."""
        return self.score / self.max if self.max else 0.0


def _verdict(
    question: AnyQuestion,
    earned: int,
    out_of: int,
    *,
    reading: str | None = None,
    fuzzy: bool = False,
    detail: Sequence[str] = (),
) -> Verdict:
    """A verdict from a whole-number count (`earned` of `out_of`), so "correct" is never a
    question of floating-point rounding."""
    earned = min(max(earned, 0), out_of)
    points = question.points
    status: Status = "correct" if earned == out_of else "partial" if earned else "wrong"
    score = points if earned == out_of else points * earned / out_of
    return Verdict(
        score=min(max(score, 0.0), points),
        max=points,
        status=status,
        expected=expected_text(question),
        reading=reading,
        fuzzy=fuzzy,
        detail=tuple(detail),
    )


def _text(response: Response, what: str) -> str:
    text = scalar_text(response)
    if text is None:
        raise ResponseError(f"expected {what}; got {response!r}")
    return text


def _texts(response: Response, what: str) -> list[str]:
    if isinstance(response, str):
        return [response]
    if not isinstance(response, list | tuple):
        raise ResponseError(f"expected a list of {what}; got {response!r}")
    return [_text(item, what) for item in response]


def _read_as(typed: str, canonical: str) -> str | None:
    """How a loosely typed answer was read; none for a difference of case alone, which a
    student does not need explained."""
    if typed.strip().casefold() == canonical.casefold():
        return None
    return f"read '{typed.strip()}' as '{canonical}'"


def _score_single(question: SingleQuestion, response: Response) -> Verdict:
    typed = _text(response, "an option's text")
    chosen = resolve(typed, list(dict.fromkeys([*question.options, question.answer])))
    if chosen is None:
        return _verdict(question, 0, 1)
    return _verdict(question, int(chosen == question.answer), 1, reading=_read_as(typed, chosen))


def _score_multiple(question: MultipleQuestion, response: Response) -> Verdict:
    options = list(dict.fromkeys([*question.options, *question.answers]))
    chosen = list(dict.fromkeys(resolve(t, options) or t for t in _texts(response, "options")))
    right = set(question.answers)
    hits = sum(1 for choice in chosen if choice in right)
    misses = len(chosen) - hits
    detail = []
    for option in options:
        if option in chosen:
            detail.append(f"{option}: {'correct' if option in right else 'should not be chosen'}")
        elif option in right:
            detail.append(f"{option}: should be chosen")
    detail += [f"{choice}: not an option" for choice in chosen if choice not in options]
    exact = set(chosen) == right
    if question.scoring == "all" or not right:
        return _verdict(question, int(exact), 1, detail=detail)
    # Moodle's rule: +1/k per correct choice, -1/k per wrong one, never below zero.
    return _verdict(question, hits - misses, len(right), detail=detail)


def _score_true_false(question: TrueFalseQuestion, response: Response) -> Verdict:
    if not isinstance(response, bool):
        response = coerce_response(question, response)
    return _verdict(question, int(response is question.answer), 1)


def _score_numeric(question: NumericQuestion, response: Response) -> Verdict:
    typed = _text(response, "a number")
    try:
        reading = read_number(typed, question.unit)
    except NumberError as error:
        return _verdict(question, 0, 1, reading=str(error))
    inside = within(reading.value, question.answer, question.tolerance)
    if not inside and reading.note is None and _full_amount(question, reading.value):
        amount = reading.value.scaleb(-parse_unit(question.unit).exponent)
        note = f"read {typed.strip()} as {format_number(amount)} {question.unit}"
        return _verdict(question, 1, 1, reading=note)
    return _verdict(question, int(inside), 1, reading=reading.note)


def _full_amount(question: NumericQuestion, value: Decimal) -> bool:
    """Whether a bare number that is wrong in the unit is the right amount written out in full.

    `688,000,000` against 688 `million USD` is read as 688 million: a number written out to the
    unit's scale (at least a million here) and a thousand times beyond anything the question
    accepts cannot have been meant in the unit.
    """
    scale = parse_unit(question.unit).exponent
    if scale <= 0 or abs(value) < Decimal(1).scaleb(scale):
        return False
    highest = abs(Decimal(repr(question.answer))) + tolerance_of(
        question.answer, question.tolerance
    )
    if abs(value) <= 1000 * highest:
        return False
    return within(value.scaleb(-scale), question.answer, question.tolerance)


def _score_short(question: ShortQuestion, response: Response) -> Verdict:
    typed = _text(response, "a text answer")
    found = find_match(typed, [question.answer, *question.accept], question.match)
    if found is None:
        return _verdict(question, 0, 1)
    if found.edits:
        typo = "a typo" if found.edits == 1 else f"{found.edits} typos"
        reading = f"accepted with {typo}: '{typed.strip()}' for '{found.accepted}'"
        return _verdict(question, 1, 1, reading=reading, fuzzy=True)
    return _verdict(question, 1, 1, reading=_read_as(typed, found.accepted))


def _score_order(question: OrderQuestion, response: Response) -> Verdict:
    items = question.items
    chosen = [resolve(t, items) or t for t in _texts(response, "items")]
    place: dict[str, int] = {}
    for index, item in enumerate(chosen):
        place.setdefault(item, index)
    pairs = len(items) * (len(items) - 1) // 2
    in_order = sum(
        1
        for i, first in enumerate(items)
        for second in items[i + 1 :]
        if first in place and second in place and place[first] < place[second]
    )
    detail = [f"{in_order} of {pairs} pairs in the right relative order"]
    for index, item in enumerate(items):
        if item not in place:
            detail.append(f"{item}: missing, belongs at {index + 1}")
        elif place[item] != index:
            detail.append(f"{item}: placed at {place[item] + 1}, belongs at {index + 1}")
    exact = chosen == list(items)
    if question.scoring == "all":
        return _verdict(question, int(exact), 1, detail=detail)
    return _verdict(question, pairs if exact else min(in_order, pairs - 1), pairs, detail=detail)


def _score_match(question: MatchQuestion, response: Response) -> Verdict:
    if not isinstance(response, dict):
        raise ResponseError(f"expected a mapping left -> right; got {response!r}")
    lefts = list(question.pairs)
    rights = list(dict.fromkeys([*question.pairs.values(), *question.distractors]))
    given: dict[str, str] = {}
    for left, right in response.items():
        key = resolve(_text(left, "a left-hand item"), lefts) or str(left)
        if right is not None:
            typed = _text(right, "a right-hand item")
            given.setdefault(key, resolve(typed, rights) or typed)
    hits = 0
    detail = []
    for left, right in question.pairs.items():
        if left not in given:
            detail.append(f"pair {left}: not answered")
            continue
        ok = given[left] == right
        hits += ok
        detail.append(f"pair {left} → {given[left]}: {'correct' if ok else 'wrong'}")
    return _verdict(question, hits, len(question.pairs), detail=detail)


def _score_cloze(question: ClozeQuestion, response: Response) -> Verdict:
    from casequiz.quiz.cloze import score_cloze

    return score_cloze(question, response)


_SCORERS = {
    "single": _score_single,
    "multiple": _score_multiple,
    "true_false": _score_true_false,
    "numeric": _score_numeric,
    "short": _score_short,
    "order": _score_order,
    "match": _score_match,
    "cloze": _score_cloze,
}


def score(question: AnyQuestion, response: Response) -> Verdict:
    """Score `response` to `question`. Raises `ResponseError` if it has the wrong shape
    (say, a mapping for a choice question); a response of the right shape never raises."""
    return _SCORERS[question.type](question, response)


def _join(texts: Sequence[str]) -> str:
    return ("; " if any("," in text for text in texts) else ", ").join(texts)


def _expected_choices(question: MultipleQuestion) -> list[str]:
    """The correct options in the order they are listed."""
    right = set(question.answers)
    listed = [option for option in question.options if option in right]
    return list(dict.fromkeys([*listed, *question.answers]))


def expected_text(question: AnyQuestion) -> str:
    """The expected answer as a person reads it: `5.8 billion USD (±0.1)`, `a, b, c`."""
    if question.type == "single" or question.type == "short":
        return question.answer
    if question.type == "multiple":
        return _join(_expected_choices(question))
    if question.type == "true_false":
        return "true" if question.answer else "false"
    if question.type == "numeric":
        text = format_number(question.answer)
        if question.unit:
            text = f"{text} {question.unit.strip()}"
        tolerance = question.tolerance
        if isinstance(tolerance, str):
            return f"{text} (±{tolerance.replace(' ', '')})"
        return f"{text} (±{format_number(tolerance)})" if tolerance else text
    if question.type == "order":
        return _join(question.items)
    if question.type == "cloze":
        from casequiz.quiz.cloze import cloze_expected_text

        return cloze_expected_text(question)
    return "; ".join(f"{left} → {right}" for left, right in question.pairs.items())


def expected_response(question: AnyQuestion) -> Response:
    """The canonical correct response: it scores full marks, and the review shows it."""
    if question.type == "single" or question.type == "true_false" or question.type == "short":
        return question.answer
    if question.type == "multiple":
        return _expected_choices(question)
    if question.type == "numeric":
        text = repr(question.answer)
        return text.removesuffix(".0") if "e" not in text else text
    if question.type == "order":
        return list(question.items)
    if question.type == "cloze":
        from casequiz.quiz.cloze import cloze_expected_response

        return cloze_expected_response(question)
    return dict(question.pairs)
