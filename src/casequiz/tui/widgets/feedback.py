"""Feedback on one answer: the verdict, what was expected and why, and the evidence.

Shown after each answer in practice and for every question in the review after an exam. A wrong
answer should teach something, so the panel says how the response was read, what was expected,
what was wrong part by part, the teacher's explanation, and then the excerpts that support the
answer, highlighted.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from casequiz.bank.cloze import cited_excerpts
from casequiz.quiz.attempt import Answer
from casequiz.quiz.draw import Slot
from casequiz.quiz.scoring import expected_text
from casequiz.quiz.shown import expected_shown, response_text
from casequiz.tui.text import plain, points
from casequiz.tui.widgets.excerpt import ExcerptView

MARKS = {
    "correct": ("✔", "$text-success"),
    "partial": ("◐", "$text-warning"),
    "wrong": ("✘", "$text-error"),
}
"""The mark and colour of a verdict in a list (results, a cloze's blanks)."""

VERDICTS = {
    "correct": ("✔ Correct", "correct"),
    "partial": ("◐ Partly correct", "partial"),
    "wrong": ("✘ Wrong", "wrong"),
}


def labelled(label: str, text: str, style: str = "") -> Content:
    """`Label: text`, the label bold and the text literal."""
    return Content.assemble((f"{label}: ", "bold"), plain(text, style))


class FeedbackPanel(Vertical):
    """Everything a student should learn from one answered (or unanswered) question."""

    def __init__(self, slot: Slot, answer: Answer | None) -> None:
        super().__init__(id="feedback")
        self.slot = slot
        self.answer = answer

    def compose(self) -> ComposeResult:
        question = self.slot.question
        answer = self.answer
        if answer is None:
            title, kind = "– Not answered", "unanswered"
            score = f"0/{points(question.points)}"
        else:
            title, kind = VERDICTS[answer.verdict.status]
            score = f"{points(answer.verdict.score)}/{points(answer.verdict.max)}"
        unit = "point" if question.points == 1 else "points"
        yield Static(f"{title} · {score} {unit}", classes=f"verdict -{kind}", markup=False)
        if question.type == "cloze":
            from casequiz.tui.widgets.clozefeedback import ClozeFeedback

            yield ClozeFeedback(question, answer)
        else:
            yield Static(self._lines(), classes="lines")
        if question.explanation:
            yield Static(plain(question.explanation), classes="explanation")
        if excerpts := cited_excerpts(question):
            views = [ExcerptView(self.slot.bank, e, question) for e in excerpts]
            heading = Content.styled("Source" if len(views) == 1 else "Sources", "bold")
            if any(view.has_text for view in views):
                more = " · tab picks one" if len(views) > 1 else ""
                heading = Content.assemble(heading, (f"   o opens the full text{more}", "dim"))
            yield Static(heading, classes="heading")
            yield from views

    def _lines(self) -> Content:
        """The answer, how it was read, what was expected, and the notes on its parts."""
        question, answer = self.slot.question, self.answer
        lines: list[Content] = []
        if answer is not None:
            lines.append(labelled("Your answer", response_text(question, answer.response)))
            if reading := answer.verdict.reading:
                # A sentence of its own: "read 5,800 million as 5.8 billion USD".
                lines.append(plain(reading[:1].upper() + reading[1:], "italic"))
        expected = answer.verdict.expected if answer else expected_text(question)
        lines.append(labelled("Expected", expected_shown(question, expected)))
        for note in answer.verdict.detail if answer else ():
            lines.append(Content.assemble("  • ", plain(note)))
        for note in self._option_feedback():
            lines.append(Content.assemble("  ", plain(note, "italic")))
        return Content("\n").join(lines)

    def _option_feedback(self) -> list[str]:
        """The teacher's note on each option the student chose, if there is one."""
        feedback = self.slot.question.feedback
        if not feedback or self.answer is None:
            return []
        chosen = self.answer.response
        picked = chosen if isinstance(chosen, list) else [chosen]
        return [feedback[text] for text in picked if isinstance(text, str) and text in feedback]
