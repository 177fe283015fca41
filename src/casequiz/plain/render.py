"""Plain-mode text: questions, verdicts, excerpts and results as lines a screen reader can follow.

Colour is a courtesy for sighted terminal users only: none when the output is not a terminal or
`NO_COLOR` is set. Every piece of bank text passes through `literal`, so it cannot act on the
terminal.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from typing import TextIO

from casequiz.bank.model import (
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.plain.parse import letter
from casequiz.quiz.attempt import Attempt, Result
from casequiz.quiz.draw import Slot
from casequiz.quiz.literal import literal
from casequiz.quiz.scoring import Verdict

_STYLES = {"good": "32", "bad": "31", "part": "33", "dim": "2", "bold": "1"}
WIDTH = 78


def wants_colour(stream: TextIO) -> bool:
    return "NO_COLOR" not in os.environ and stream.isatty()


class Painter:
    """Wraps text in ANSI styles, or leaves it alone when colour is off."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, style: str, text: str) -> str:
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if self.colour else text


def _wrap(text: str, indent: str = "") -> list[str]:
    lines: list[str] = []
    for paragraph in literal(text).splitlines() or [""]:
        lines.extend(
            textwrap.wrap(paragraph, WIDTH, initial_indent=indent, subsequent_indent=indent)
            or [indent.rstrip()]
        )
    return lines


def question_lines(attempt: Attempt, paint: Painter) -> Iterator[str]:
    slot = attempt.current
    question = slot.question
    points = f"{question.points:g} point{'s' if question.points != 1 else ''}"
    where = " · ".join(p for p in (literal(question.topic or ""), points) if p)
    flagged = " · flagged" if attempt.position in attempt.flags else ""
    yield ""
    yield (
        paint("bold", f"Question {attempt.position + 1} of {len(attempt.slots)}")
        + f" · {where}{flagged}"
    )
    yield from _wrap(question.prompt)
    yield from _answer_help(slot)


def _answer_help(slot: Slot) -> Iterator[str]:
    question, choices = slot.question, slot.choices()
    if isinstance(question, SingleQuestion | MultipleQuestion | OrderQuestion):
        for number, choice in enumerate(choices, 1):
            yield from _wrap(choice, f"  {number}. ")[:1] + _wrap(choice, "     ")[1:]
    if isinstance(question, SingleQuestion):
        yield "Type the number of your answer."
    elif isinstance(question, MultipleQuestion):
        yield "Type the numbers of all correct answers, e.g. 1,3."
    elif isinstance(question, TrueFalseQuestion):
        yield "True or false? Type t or f."
    elif isinstance(question, NumericQuestion):
        unit = f" in {literal(question.unit)}" if question.unit else ""
        yield f"Type a number{unit}."
    elif isinstance(question, OrderQuestion):
        yield (
            "Type the numbers in the right order, e.g. "
            + " ".join(str(i) for i in range(len(choices), 0, -1))
            + "."
        )
    elif isinstance(question, MatchQuestion):
        for number, left in enumerate(question.pairs, 1):
            yield f"  {number}. {literal(left)}"
        for index, choice in enumerate(choices):
            yield f"     {letter(index)}) {literal(choice)}"
        yield "Pair each number with a letter, e.g. 1b 2a."
    else:
        yield "Type your answer."


def verdict_lines(
    slot: Slot, verdict: Verdict, paint: Painter, source_citation: dict[str, str]
) -> Iterator[str]:
    question = slot.question
    credit = f"{verdict.score:g}/{verdict.max:g}"
    if verdict.status == "correct":
        yield paint("good", f"Correct ({credit})")
    elif verdict.status == "partial":
        yield paint("part", f"Partly correct ({credit})")
    else:
        yield paint("bad", f"Wrong ({credit})")
    if verdict.status != "correct":
        yield from _wrap(f"Expected: {verdict.expected}")
    if verdict.reading:
        yield from _wrap(f"Read as: {verdict.reading}")
    for note in verdict.detail:
        yield from _wrap(note, "  - ")
    if question.explanation:
        yield from _wrap(question.explanation)
    for excerpt in question.source:
        yield from _wrap(f"“{excerpt.quote.strip()}”", "  > ")
        citation = source_citation.get(excerpt.ref, excerpt.ref)
        yield paint("dim", "    — " + literal(citation))


def citations(attempt: Attempt) -> dict[str, str]:
    return {
        ref: source.citation()
        for slot in attempt.slots
        for ref, source in slot.bank.bank.sources.items()
    }


def result_lines(attempt: Attempt, result: Result, paint: Painter) -> Iterator[str]:
    yield ""
    yield (
        paint("bold", f"Score: {result.score:g} of {result.max:g} ({result.percent:.0f}%)")
        + f" · {result.answered} of {len(attempt.slots)} answered, {result.correct} right"
    )
    for topic in result.topics:
        bar = "#" * round(topic.percent / 5)
        yield f"  {literal(topic.topic)[:30]:<30} {topic.percent:5.0f}%  {bar}"
    for index, (slot, answer) in enumerate(result.items, 1):
        if answer is None:
            mark = paint("dim", f"{'skipped':<7}")
        elif answer.verdict.correct:
            mark = paint("good", f"{'right':<7}")
        elif answer.verdict.status == "partial":
            mark = paint("part", f"{'partly':<7}")
        else:
            mark = paint("bad", f"{'wrong':<7}")
        prompt = literal(" ".join(slot.question.prompt.split()))
        yield f"  {index:>3}. {mark} {prompt[:60]}"


def prompt_lines(slot: Slot) -> Iterator[str]:
    """A question's prompt and how to answer it, for faces that show a slot outside an attempt
    (study mode)."""
    yield from _wrap(slot.question.prompt)
    yield from _answer_help(slot)
