"""Scoring a cloze: each blank scored as the question it resembles, the question as their sum.

A short blank is scored as a `short` question, a numeric blank as a `numeric` one (units and
all) and a choice blank as a `single` one, so a blank never reads an answer differently from
the question type a teacher already knows. The per-blank results are computed here on demand,
from the question and the response, rather than stored in the verdict: a stored verdict stays
plain JSON, and the feedback a student sees is always the one the bank gives now.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casequiz.bank.cloze import answer_text, blank_names, blanks_in_order
from casequiz.bank.light import construct
from casequiz.quiz.responses import Response, ResponseError, coerce_text, resolve, scalar_text
from casequiz.quiz.scoring import Verdict, expected_text, score

if TYPE_CHECKING:
    from casequiz.bank.model import (
        AnyBlank,
        ClozeQuestion,
        NumericQuestion,
        ShortQuestion,
        SingleQuestion,
    )


@dataclass(frozen=True, slots=True)
class BlankVerdict:
    """One blank's result: what was given, and the verdict on it alone (`max` = its points)."""

    name: str
    blank: AnyBlank
    given: str
    """The response to this blank; empty when it was left blank."""
    verdict: Verdict

    @property
    def feedback(self) -> str | None:
        """The blank's feedback, shown when it is not fully right."""
        return None if self.verdict.correct else self.blank.feedback


def blank_question(
    question: ClozeQuestion, name: str
) -> SingleQuestion | ShortQuestion | NumericQuestion:
    """The blank `name` as the question it is scored as (its points, its answer, its rules).

    Built without validation (`light.construct`, a few microseconds), of the question's kind
    (the model's, or a light record): the blank was validated with its bank.
    """
    blank = question.blanks[name]
    common = {"id": f"{question.id}.{name}", "prompt": name, "points": blank.points}
    if blank.type == "choice":
        return construct(
            question,
            "SingleQuestion",
            type="single",
            options=list(blank.choices),
            answer=blank.answer,
            **common,
        )
    if blank.type == "numeric":
        return construct(
            question,
            "NumericQuestion",
            type="numeric",
            answer=blank.answer,
            tolerance=blank.tolerance,
            unit=blank.unit,
            **common,
        )
    return construct(
        question,
        "ShortQuestion",
        type="short",
        answer=blank.answer,
        accept=list(blank.accept),
        match=blank.match,
        **common,
    )


def _given(response: Response) -> dict[str, str]:
    """A response as the blanks' texts by name, accepting a list in blank order too."""
    if isinstance(response, Mapping):
        given: dict[str, str] = {}
        for key, value in response.items():
            text = scalar_text(value) if value is not None else ""
            if text is None:
                raise ResponseError(f"expected a text for blank {key!r}; got {value!r}")
            given[str(key)] = text
        return given
    raise ResponseError(f"expected a mapping of blank names to answers; got {response!r}")


def blank_verdicts(question: ClozeQuestion, response: Response) -> list[BlankVerdict]:
    """Each blank's result, in the order of the text.

    A list response is read in blank order. Raises `ResponseError` for a response of the
    wrong shape (text, a boolean); a blank the response does not name was left empty.
    """
    if isinstance(response, list | tuple):
        response = coerce_cloze(question, response)
    given = _given(response)
    results = []
    for name, blank in blanks_in_order(question):
        text = given.get(name, "")
        alone = blank_question(question, name)
        if text:  # white space alone is scored: it may be all a strange answer holds
            verdict = score(alone, text)
        else:
            verdict = Verdict(
                score=0.0, max=blank.points, status="wrong", expected=expected_text(alone)
            )
        results.append(BlankVerdict(name, blank, text, verdict))
    return results


def _note(result: BlankVerdict) -> str:
    verdict = result.verdict
    if verdict.correct:
        words = "correct"
        if verdict.reading:
            words += f" ({verdict.reading})"
    else:
        words = "not answered" if not result.given.strip() else "wrong"
        if verdict.reading and result.given.strip():
            words += f" ({verdict.reading})"
        words += f", expected {verdict.expected}"
        if result.feedback:
            words += f" — {result.feedback}"
    return f"{result.name}: {words}"


def score_cloze(question: ClozeQuestion, response: Response) -> Verdict:
    """The question's verdict: the sum of its blanks' scores, a note per blank."""
    results = blank_verdicts(question, response)
    total = math.fsum(result.verdict.score for result in results)
    right = sum(1 for result in results if result.verdict.correct)
    if results and right == len(results):
        status, total = "correct", question.points
    elif total > 0:
        status = "partial"
    else:
        status = "wrong"
    return Verdict(
        score=min(max(total, 0.0), question.points),
        max=question.points,
        status=status,  # type: ignore[arg-type]
        expected=cloze_expected_text(question),
        fuzzy=any(result.verdict.fuzzy for result in results),
        detail=tuple(_note(result) for result in results),
    )


def cloze_expected_text(question: ClozeQuestion) -> str:
    """Each blank's expected answer by name: `scheme: Everything but Arms; share: 45 (±2)`."""
    return "; ".join(
        f"{name}: {expected_text(blank_question(question, name))}" for name in blank_names(question)
    )


def cloze_expected_response(question: ClozeQuestion) -> dict[str, str]:
    """The canonical right response: each blank's answer, by name, in text order."""
    return {name: answer_text(blank) for name, blank in blanks_in_order(question)}


def coerce_cloze(question: ClozeQuestion, value: object) -> dict[str, str]:
    """A sheet's or file's response to a cloze in canonical form: a mapping name -> text.

    Takes a mapping per blank (`scheme: EBA`, or `1: EBA` for numbered blanks) or a list in
    the order of the text; a blank left empty (absent, null or "") is left out. A choice
    blank's answer must be one of its choices, as for a `single` question.
    """
    names = blank_names(question)
    if isinstance(value, list | tuple):
        if len(value) > len(names):
            raise ResponseError(
                f"expected at most {len(names)} answers, one per blank "
                f"({', '.join(names)}); got {len(value)}"
            )
        value = dict(zip(names, value, strict=False))
    if not isinstance(value, Mapping):
        raise ResponseError(
            f"expected a mapping from the blanks ({', '.join(names)}) to answers, "
            f"or a list in that order; got {value!r}"
        )
    given: dict[str, str] = {}
    for key, item in value.items():
        name = scalar_text(key)
        if name is None or name not in question.blanks:
            raise ResponseError(f"no blank {key!r}; the blanks are: {', '.join(names)}")
        if item is None or item == "":
            continue
        text = coerce_text(item, f"a text for blank {name!r}")
        blank = question.blanks[name]
        if blank.type == "choice":
            found = resolve(text, blank.choices)
            if found is None:
                listing = ", ".join(f'"{choice}"' for choice in blank.choices)
                raise ResponseError(
                    f"expected one of the choices for blank {name!r}: {listing}; got {item!r}"
                )
            text = found
        given[name] = text
    return {name: given[name] for name in names if name in given}
