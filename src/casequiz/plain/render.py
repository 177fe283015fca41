"""Plain-mode text: questions, verdicts, excerpts and results as lines a screen reader can follow.

Colour is a courtesy for sighted terminal users only: none when the output is not a terminal or
`NO_COLOR` is set. Every piece of bank text passes through `literal`, so it cannot act on the
terminal.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from casequiz.bank.cloze import cited_excerpts
from casequiz.plain.parse import letter
from casequiz.quiz.attempt import Attempt, Result
from casequiz.quiz.draw import Slot
from casequiz.quiz.literal import literal
from casequiz.quiz.scoring import Verdict, expected_text
from casequiz.quiz.shown import expected_shown, quote_marks, response_text

if TYPE_CHECKING:
    from casequiz.bank.model import ClozeQuestion

_STYLES = {"good": "32", "bad": "31", "part": "33", "dim": "2", "bold": "1"}
WIDTH = 78


def wants_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when `NO_COLOR` is set (even to nothing: a screen
    reader user who sets it at all wants no escape codes)."""
    return "NO_COLOR" not in os.environ and stream.isatty()


class Painter:
    """Wraps text in ANSI styles, or leaves it alone when colour is off."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, style: str, text: str) -> str:
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if self.colour else text


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    """Bank text, made literal, wrapped to WIDTH; the first line starts with `indent`, the
    others with `hanging` (default: `indent` again)."""
    rest = indent if hanging is None else hanging
    lines: list[str] = []
    for paragraph in literal(text).splitlines() or [""]:
        first = rest if lines else indent
        lines.extend(
            textwrap.wrap(paragraph, WIDTH, initial_indent=first, subsequent_indent=rest)
            or [first.rstrip()]
        )
    return lines


wrap = _wrap
"""Bank text wrapped to the width, for the other plain-mode modules."""


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
    if question.hint:
        yield "Type ? for a hint."


def _answer_help_cloze(question: ClozeQuestion) -> Iterator[str]:
    from casequiz.plain.cloze import how_to_fill, marked_passage

    yield from _wrap(marked_passage(question), "  ")
    yield how_to_fill(question)


def _answer_help(slot: Slot) -> Iterator[str]:
    question, choices = slot.question, slot.choices()
    if question.type == "cloze":
        yield from _answer_help_cloze(question)
        return
    if question.type in ("single", "multiple", "order"):
        for number, choice in enumerate(choices, 1):
            label = f"  {number}. "
            yield from _wrap(choice, label, " " * len(label))
    if question.type == "single":
        yield "Type the number of your answer."
    elif question.type == "multiple":
        yield "Type the numbers of all correct answers, e.g. 1,3."
    elif question.type == "true_false":
        yield "  1. True"
        yield "  2. False"
        yield "True or false? Type t or 1 for true, f or 2 for false."
    elif question.type == "numeric":
        unit = f" in {literal(question.unit)}" if question.unit else ""
        yield f"Type a number{unit}."
    elif question.type == "order":
        yield (
            "Type the numbers in the right order, e.g. "
            + " ".join(str(i) for i in range(len(choices), 0, -1))
            + "."
        )
    elif question.type == "match":
        for number, left in enumerate(question.pairs, 1):
            yield f"  {number}. {literal(left)}"
        for index, choice in enumerate(choices):
            yield f"     {letter(index)}) {literal(choice)}"
        yield "Pair each number with a letter, e.g. 1b 2a."
    else:
        yield "Type your answer."


def points(value: float) -> str:
    """A score as people write it: `1`, `0.5`, `2.67` (never `2.66667`)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def hint_lines(hint: str) -> list[str]:
    return _wrap(f"Hint: {hint}")


def verdict_lines(
    slot: Slot,
    verdict: Verdict,
    paint: Painter,
    source_citation: dict[str, str],
    response: object = None,
) -> Iterator[str]:
    """The verdict, what was expected, why, the teacher's feedback on the options chosen (when
    `response` is given), the explanation and the excerpts with their source's title and date."""
    question = slot.question
    credit = f"{points(verdict.score)}/{points(verdict.max)}"
    if verdict.status == "correct":
        yield paint("good", f"Correct ({credit})")
    elif verdict.status == "partial":
        yield paint("part", f"Partly correct ({credit})")
    else:
        yield paint("bad", f"Wrong ({credit})")
    if question.type == "cloze":  # the passage, then a note per blank
        from casequiz.plain.cloze import verdict_passages

        for line in verdict_passages(question, response, verdict.correct):
            yield from _wrap(line)
    elif verdict.status != "correct":
        yield from _wrap(f"Expected: {expected_shown(question, verdict.expected)}")
    if verdict.reading:
        # The reading is a sentence of its own ("read 5,800 million as 5.8 billion USD").
        yield from _wrap(verdict.reading[:1].upper() + verdict.reading[1:])
    for note in verdict.detail:
        yield from _wrap(note, "  - ", "    ")
    chosen = response if isinstance(response, list) else [response]
    for option in chosen:
        if isinstance(option, str) and option in question.feedback:
            yield from _wrap(f"{option}: {question.feedback[option]}")
    if question.explanation:
        yield from _wrap(question.explanation)
    for excerpt in cited_excerpts(question):
        opening, closing = quote_marks(excerpt.quote)
        yield from _wrap(f"{opening}{excerpt.quote.strip()}{closing}", "  > ")
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
        paint(
            "bold",
            f"Score: {points(result.score)} of {points(result.max)} ({result.percent:.0f}%)",
        )
        + f" · {result.answered} of {len(attempt.slots)} answered, {result.correct} right"
    )
    for topic in result.topics:
        bar = "#" * round(topic.percent / 5)
        name = literal(topic.topic)
        if len(name) > 30:  # never cut a topic's name: it gets a line of its own
            yield f"  {name}"
            name = ""
        yield f"  {name:<30} {topic.percent:5.0f}%  {bar}".rstrip()
    for index, (slot, answer) in enumerate(result.items, 1):
        if answer is None:
            mark = paint("dim", f"{'skipped':<7}")
        elif answer.verdict.correct:
            mark = paint("good", f"{'right':<7}")
        elif answer.verdict.status == "partial":
            mark = paint("part", f"{'partly':<7}")
        else:
            mark = paint("bad", f"{'wrong':<7}")
        prompt = textwrap.shorten(literal(slot.question.prompt), 60, placeholder=" …")
        yield f"  {index:>3}. {mark} {prompt}"


def review_lines(attempt: Attempt, paint: Painter, sources: dict[str, str]) -> Iterator[str]:
    """Every question of a finished attempt with its verdict, or what was expected if skipped."""
    yield ""
    yield paint("bold", "Review")
    for index, (slot, answer) in enumerate(attempt.result().items, 1):
        yield ""
        yield from _wrap(f"{index}. " + " ".join(slot.question.prompt.split()))
        if answer is None:
            yield paint("dim", "Not answered.")
            expected = expected_shown(slot.question, expected_text(slot.question))
            yield from _wrap(f"Expected: {expected}")
            continue
        yield from _wrap(f"Your answer: {response_text(slot.question, answer.response)}")
        yield from verdict_lines(slot, answer.verdict, paint, sources, answer.response)


def prompt_lines(slot: Slot) -> Iterator[str]:
    """A question's prompt and how to answer it, for faces that show a slot outside an attempt
    (study mode)."""
    yield from _wrap(slot.question.prompt)
    yield from _answer_help(slot)
