"""The body of the question screen: what is asked, and the widget to answer it with.

Rebuilt for every question the student moves to, so an answer widget never carries state from
one question to the next; a response given earlier is put back with `restore`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from casequiz.quiz.draw import Slot
from casequiz.tui.text import plain, points
from casequiz.tui.widgets.answers import answer_widget

INSTRUCTIONS = {
    "single": "Choose one: its number key, or ↑/↓.",
    "multiple": "Tick every right answer: number keys or space.",
    "true_false": "t or 1 for true, f or 2 for false.",
    "numeric": "Type a number.",
    "short": "Type a short answer.",
    "order": "Put in order: ↑/↓ to pick an item, u/d (or shift+↑/↓) to move it.",
    "match": "Match each item: ↑/↓ to pick a row, a number key to give it a choice.",
    "cloze": "Fill in the blanks: tab moves between them, enter on the last submits.",
}


class QuestionView(VerticalScroll):
    """Topic, points, the prompt, the hint (offered; shown when asked for) and the answer."""

    def __init__(self, slot: Slot) -> None:
        super().__init__(id="body")
        self.slot = slot

    def compose(self) -> ComposeResult:
        question = self.slot.question
        unit = "point" if question.points == 1 else "points"
        meta = [Content(f"{points(question.points)} {unit}")]
        if question.topic:
            meta.insert(0, plain(question.topic))
        meta.append(Content(INSTRUCTIONS[question.type]))
        yield Static(Content(" · ").join(meta), id="meta")
        yield Static(plain(question.prompt), id="prompt")
        if question.hint:
            yield Static(
                Content.assemble(("Hint available: ", "bold"), "press ctrl+g to see it."),
                id="hint-offer",
            )
            yield Static(Content.assemble(("Hint: ", "bold"), plain(question.hint)), id="hint")
        yield answer_widget(self.slot)

    @property
    def answer(self) -> Widget:
        return self.query_one("#answer")

    def show_hint(self) -> bool:
        """Reveal the hint; False when the question has none."""
        hints = self.query("#hint")
        for hint in hints:
            hint.display = True
        for offer in self.query("#hint-offer"):
            offer.display = False
        return bool(hints)

    @property
    def has_hint(self) -> bool:
        return bool(self.slot.question.hint)
