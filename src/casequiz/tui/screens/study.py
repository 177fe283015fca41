"""The study question screen: the question and answer widgets of practice, one session's queue.

Enter scores the answer (the engine commits it with the suggested rating at once) and opens the
feedback with the rating; when the student goes on, the next question shows with a line saying
when the last one comes back. The screen returns a one-line summary when the session is over or
the student ends it.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from fsrs import Rating
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, Select, Static

from casequiz.quiz.attempt import Answer
from casequiz.quiz.responses import ResponseError
from casequiz.quiz.study import StudySession
from casequiz.quiz.studystats import describe_wait
from casequiz.tui.screens.focus import FocusShowsCursor
from casequiz.tui.screens.help import HelpScreen
from casequiz.tui.screens.studyfeedback import StudyFeedbackScreen
from casequiz.tui.text import plain
from casequiz.tui.widgets.answer import AnswerWidget, NoResponse
from casequiz.tui.widgets.keyfooter import KeyFooter
from casequiz.tui.widgets.questionview import QuestionView


def summary(session: StudySession) -> str:
    """`Studied 12: 2 Again, 8 Good, 2 Easy.`, or that nothing was rated."""
    if not session.history:
        return "Nothing rated in this session."
    counts = Counter(rated.rating for rated in session.history)
    parts = ", ".join(f"{counts[r]} {r.name}" for r in Rating if counts[r])
    return f"Studied {len(session.history)}: {parts}."


class StudyScreen(FocusShowsCursor[str]):
    """One question of a study session at a time."""

    CSS_PATH = "study.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Submit"),
        Binding("pagedown", "skip", "Skip", priority=True),
        Binding("ctrl+g", "hint", "Hint", priority=True),
        Binding("e", "end", "End session"),
        Binding("s", "skip", "Skip", show=False),
        Binding("h", "hint", "Hint", show=False),
        Binding("escape", "leave_box", "Leave the text box", show=False),
        Binding("question_mark", "help", "Help", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="study-header", classes="study-title")
        if self.session.current is not None:
            yield QuestionView(self.session.current)
        yield Static(id="status")
        yield KeyFooter()

    async def on_mount(self) -> None:
        if self.session.finished:
            self.dismiss(summary(self.session))
            return
        await self.show_current()

    def on_screen_resume(self) -> None:
        """Back from the feedback of the last question: the session is over."""
        if self.session.finished:
            self.dismiss(summary(self.session))

    @property
    def answer_widget(self) -> AnswerWidget:
        return self.query_one(QuestionView).answer  # type: ignore[return-value]

    async def show_current(self, status: str = "") -> None:
        """Show the session's current question with a fresh answer widget."""
        session = self.session
        slot = session.current
        assert slot is not None
        view = self.query_one(QuestionView)
        if view.slot is not slot:
            await view.remove()
            view = QuestionView(slot)
            await self.mount(view, after=self.query_one("#study-header"))
        self.refresh_bindings()
        kind = "new" if session.is_new(slot) else session.card_state(slot)
        more = f"{session.remaining} more" if session.remaining else "last one"
        self.query_one("#study-header", Static).update(
            Content.assemble(
                plain(slot.bank.bank.title),
                f" · question {session.shown} · {kind} · {more}",
            )
        )
        self.answer_widget.focus()
        self.say(status)

    def say(self, text: str, *, warning: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Content(text))
        status.set_class(warning, "-warning")

    # -- answering -------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a text box (not a priority binding, so that a cloze's Enter can go on to
        its next blank, and the keys typed before it land in the box first)."""
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        """Enter: score the answer, then show the feedback and the rating."""
        session = self.session
        if session.finished or session.answered:
            return
        try:
            response = self.answer_widget.response()
        except NoResponse as why:
            self.say(str(why), warning=True)
            return
        try:
            graded = session.answer(response)
        except ResponseError as error:
            self.say(str(error), warning=True)
            return
        self.answer_widget.freeze()
        answer = Answer(response, graded.verdict, graded.rated.reviewed_at, graded.seconds)
        screen = StudyFeedbackScreen(
            session,
            graded,
            answer,
            position=session.shown - 1,
            total=session.shown + session.remaining,
        )
        self.app.push_screen(screen, self._after_feedback)

    async def _after_feedback(self, _: None) -> None:
        """The rating is final: on to the next question, saying when the last comes back."""
        session = self.session
        last = session.history[-1] if session.history else None
        if session.finished:
            return  # `on_screen_resume` closes the screen once it is back on top
        note = ""
        if last is not None:
            note = f"{last.rating.name}: that question comes back "
            note += describe_wait(last.due, last.reviewed_at) + "."
        await self.show_current(note)

    # -- moving ----------------------------------------------------------------------------

    async def action_skip(self) -> None:
        """Leave this question for another day (it stays due) and go on."""
        if self.session.answered:
            return
        self.session.skip()
        if self.session.finished:
            self.dismiss(summary(self.session))
            return
        await self.show_current("Skipped: it stays due.")

    def action_end(self) -> None:
        """End the session here: every rating given is already saved."""
        self.dismiss(summary(self.session))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the hint key only on a question that has a hint."""
        if action == "hint":
            views = self.query(QuestionView)
            return bool(views) and views.first().has_hint
        return True

    def action_hint(self) -> None:
        if not self.query_one(QuestionView).show_hint():
            self.say("This question has no hint.")

    def action_leave_box(self) -> None:
        """Escape in a text box: take the focus away, so letters work as commands again."""
        if isinstance(self.focused, Input | Select):
            self.set_focus(None)
            self.say("Letter keys are commands now; tab goes back to the text box.")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("Study"))
