"""Plain mode for a cloze: the passage with its blanks marked, then one prompt per blank.

A screen reader reads a passage once and then each blank on its own line, so a student never
has to count braces in a long line. Each blank is asked like the question type it resembles: a
choice by its number or text, a figure or words typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from casequiz.bank.cloze import blanks_in_order, fill, filled_passage
from casequiz.plain.parse import InputError, pick
from casequiz.quiz.literal import literal

if TYPE_CHECKING:
    from casequiz.bank.model import ClozeQuestion
    from casequiz.plain.console import Console

__all__ = [
    "blank_prompt",
    "how_to_fill",
    "marked_passage",
    "parse_blank",
    "response_passage",
    "verdict_passages",
]


def marked_passage(question: ClozeQuestion) -> str:
    """The passage with each blank shown as its name in brackets: `the [scheme] arrangement`."""
    return fill(question, lambda name: f"[{name}]")


def how_to_fill(question: ClozeQuestion) -> str:
    """The line said after the passage: how its blanks will be asked."""
    count = len(blanks_in_order(question))
    return (
        f"Fill in the {count} blank{'s' if count != 1 else ''} one by one; "
        "an empty line leaves a blank empty."
    )


def blank_prompt(question: ClozeQuestion, name: str) -> tuple[list[str], str]:
    """The lines shown before a blank is asked (its choices), and the prompt itself."""
    blank = question.blanks[name]
    lines: list[str] = []
    if blank.type == "choice":
        lines = [f"  {n}. {literal(choice)}" for n, choice in enumerate(blank.choices, 1)]
        how = "number or text"
    elif blank.type == "numeric":
        how = f"a number in {literal(blank.unit)}" if blank.unit else "a number"
    else:
        how = "words"
    return lines, f"[{literal(name)}] ({how}): "


def parse_blank(question: ClozeQuestion, name: str, line: str) -> str:
    """What a student typed for one blank, as the response's text for it."""
    blank = question.blanks[name]
    text = line.strip()
    if blank.type == "choice":
        picked = pick(text, list(blank.choices))
        if picked is None:
            raise InputError(f"type the number of a choice, 1 to {len(blank.choices)}")
        return picked
    return text


def response_passage(question: ClozeQuestion, response: object) -> str:
    """The passage with the student's answers filled in, each in brackets."""
    given = response if isinstance(response, dict) else {}
    return fill(question, lambda name: f"[{given[name]}]" if given.get(name) else None)


def verdict_passages(question: ClozeQuestion, response: object, correct: bool) -> Iterator[str]:
    """The passage as answered, and as it should read when it does not."""
    yield f"Your passage: {response_passage(question, response)}"
    if not correct:
        yield f"The passage: {filled_passage(question)}"


def ask_blanks(
    console: Console, question: ClozeQuestion, on_hint: Callable[[], None], quit_word: str = "q"
) -> dict[str, str] | None:
    """Ask each blank in the order of the text; the answers by blank name, or None when the
    student quits (`quit_word` or the end of the input). `?` shows the hint, as for any
    question; an empty line leaves the blank empty."""
    given: dict[str, str] = {}
    for name, _ in blanks_in_order(question):
        before, prompt = blank_prompt(question, name)
        console.say(*before)
        while True:
            line = console.ask(prompt)
            if line is None or line.strip().casefold() == quit_word:
                return None
            if line.strip() == "?":
                on_hint()
                continue
            if not line.strip():
                break
            try:
                given[name] = parse_blank(question, name, line)
            except InputError as problem:
                console.say(str(problem))
                continue
            break
    return given
