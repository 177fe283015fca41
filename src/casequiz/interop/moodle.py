"""Moodle's own question model, as its GIFT and XML formats both carry it.

The two Moodle formats spell the same fields differently, so each parses into and writes from
this one record; `from_moodle` and `to_moodle` map it to and from the bank model once for both.
Field names follow Moodle's (`qtype`, `fraction`, `defaultgrade`), formats are Moodle's names
(`moodle`, `html`, `plain`, `markdown`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMATS = ("moodle", "html", "plain", "markdown")

GRADES = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
    0.0,
)
"""The grades Moodle offers for an answer (`question_bank::fraction_options_full`); negative
ones are the same list below zero. Moodle skips a question whose answer has any other grade."""


def moodle_grade(fraction: float) -> float | None:
    """The grade of Moodle's list that `fraction` is, within Moodle's margin; None if none is."""
    for grade in GRADES:
        for signed in (grade, -grade):
            if abs(fraction - signed) < 0.00001:
                return signed
    return None


def percent(fraction: float) -> str:
    """A fraction as the percentage Moodle writes: `0.3333333` -> `33.33333`."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(slots=True)
class Text:
    """A rich text as Moodle keeps it: the text and its format."""

    text: str = ""
    format: str = "moodle"


@dataclass(slots=True)
class Answer:
    text: Text = field(default_factory=Text)
    fraction: float = 0.0
    feedback: Text = field(default_factory=Text)
    tolerance: float | None = None
    """Numerical answers: the error margin around `text`, a number."""


@dataclass(slots=True)
class Subquestion:
    """One pair of a matching question; an empty `text` makes `answer` a distractor."""

    text: Text
    answer: str


@dataclass(slots=True)
class MoodleQuestion:
    qtype: str
    line: int
    name: str = ""
    idnumber: str = ""
    text: Text = field(default_factory=Text)
    general_feedback: Text = field(default_factory=Text)
    answers: list[Answer] = field(default_factory=list)
    subquestions: list[Subquestion] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    category: str | None = None
    """The category the question is in, as Moodle writes its path."""
    defaultgrade: float = 1.0
    penalty: float | None = None
    single: bool = True
    usecase: bool = False
    shuffle: bool = True
    hints: list[Text] = field(default_factory=list)
    units: list[tuple[str, float]] = field(default_factory=list)
    """Numerical units and their multipliers; the one with multiplier 1 is the base unit."""
    ordering: list[Text] = field(default_factory=list)
    """Ordering questions (a plugin type): the items in their right order."""
    ordering_grading: str = ""
    layout: int = 0
    """Multiple-choice parts of a Cloze: 0 a drop-down, 1 vertical buttons, 2 horizontal."""
    parts: list[MoodleQuestion] = field(default_factory=list)
    """Embedded answers (Cloze, `multianswer`): the parts, in the order of their `{#n}`
    placeholders in `text`; each a shortanswer, numerical or multichoice question."""
