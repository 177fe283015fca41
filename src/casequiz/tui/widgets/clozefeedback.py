"""Feedback on a cloze, blank by blank: the passage as answered, then a line per blank.

The passage comes back with each blank's marker holding what the student put in it, marked
✔ or ✘ (and coloured), so the answer reads in its sentence; below, each blank has its credit,
the answer given, how it was read, what was expected and the teacher's note on that blank. A
question not answered (the review after an exam) shows the passage with the expected answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from casequiz.bank.cloze import Gap, answer_text, blanks_in_order, read_passage
from casequiz.quiz.attempt import Answer
from casequiz.quiz.cloze import BlankVerdict, blank_verdicts
from casequiz.quiz.responses import ResponseError
from casequiz.tui.text import plain, points
from casequiz.tui.widgets.feedback import MARKS

if TYPE_CHECKING:
    from casequiz.bank.model import ClozeQuestion


def _results(question: ClozeQuestion, answer: Answer | None) -> list[BlankVerdict] | None:
    if answer is None:
        return None
    try:
        return blank_verdicts(question, answer.response)
    except ResponseError:  # a stored response of another shape: the verdict lines still say
        return None


class ClozeFeedback(Vertical):
    """The answered passage and the result of each blank."""

    def __init__(self, question: ClozeQuestion, answer: Answer | None) -> None:
        super().__init__(classes="cloze-feedback")
        self.question = question
        self.answer = answer
        self.results = _results(question, answer)

    def compose(self) -> ComposeResult:
        yield Static(self._passage(), classes="cloze-passage")
        if self.results is None:
            yield from self._expected_rows()
            return
        for number, result in enumerate(self.results, 1):
            verdict = result.verdict
            empty = not result.given.strip()
            mark, style = ("–", "$text-muted") if empty else MARKS[verdict.status]
            gutter = Content.assemble(
                (f"{number:>2} ", "bold"),
                (mark, f"bold {style}"),
                f" {points(verdict.score)}/{points(verdict.max):<3}",
            )
            lines = [self._given(result)]
            if verdict.reading and not empty:
                reading = verdict.reading
                lines.append(plain(reading[:1].upper() + reading[1:], "italic"))
            if not verdict.correct:
                lines.append(Content.assemble(("Expected: ", "bold"), plain(verdict.expected)))
            if result.feedback:
                lines.append(plain(result.feedback, "italic"))
            yield _row(gutter, Content("\n").join(lines))

    def _given(self, result: BlankVerdict) -> Content:
        if not result.given.strip():
            return Content.styled("left empty", "dim")
        unit = result.blank.unit if result.blank.type == "numeric" else None
        given = plain(result.given)
        if unit and not result.verdict.reading:
            given = Content.assemble(given, " ", plain(unit, "dim"))
        return given

    def _expected_rows(self) -> ComposeResult:
        """Not answered: each blank's expected answer and its points."""
        for number, (_, blank) in enumerate(blanks_in_order(self.question), 1):
            gutter = Content.assemble(
                (f"{number:>2} ", "bold"), ("–", "$text-muted"), f" 0/{points(blank.points):<3}"
            )
            unit = f" {blank.unit}" if blank.type == "numeric" and blank.unit else ""
            yield _row(
                gutter, Content.assemble(("Expected: ", "bold"), plain(answer_text(blank) + unit))
            )

    def _passage(self) -> Content:
        """The passage with each marker holding the answer given (or expected) and its mark."""
        numbers = {name: n for n, (name, _) in enumerate(blanks_in_order(self.question), 1)}
        by_name = {result.name: result for result in self.results or ()}
        parts: list[Content] = []
        for piece in read_passage(self.question.text).pieces:
            if isinstance(piece, str):
                parts.append(plain(piece))
                continue
            number = numbers.get(piece.name)
            if number is None:
                parts.append(plain(f"{{{{{piece.name}}}}}"))
                continue
            parts.append(self._marker(number, piece, by_name.get(piece.name)))
        return Content("").join(parts)

    def _marker(self, number: int, gap: Gap, result: BlankVerdict | None) -> Content:
        if result is None:  # not answered: the expected answer, plainly marked as such
            text = answer_text(self.question.blanks[gap.name])
            return Content.assemble((f"[{number}:", "bold"), plain(text, "bold"), ("]", "bold"))
        given = " ".join(result.given.split())
        if not given:
            return Content.styled(f"[{number}:______ –]", "bold $text-muted")
        mark, style = MARKS[result.verdict.status]
        return Content.assemble(
            (f"[{number}:", f"bold {style}"),
            plain(given, f"bold {style}"),
            (f" {mark}]", f"bold {style}"),
        )


def _row(gutter: Content, text: Content) -> Horizontal:
    """A blank's line: the gutter (number, mark, credit) and its text, wrapped beside it."""
    return Horizontal(
        Static(gutter, classes="gutter"), Static(text, classes="label"), classes="cloze-blank"
    )
