"""The question screen: answer, skip, go back, flag; feedback after each answer in practice.

Every action goes through the engine's `Attempt`, which commits before it returns, so whatever
the screen shows next, the answer is already stored. The screen decides only what to show:
after an answer, the next unanswered question (practice shows the feedback first); when none
is left, the results (an exam asks first, as its answers can no longer change).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, Select, Static

from casequiz.quiz.attempt import Attempt, AttemptClosed, Mode
from casequiz.quiz.responses import ResponseError
from casequiz.tui.messages import EndAttempt
from casequiz.tui.screens.confirm import ConfirmScreen
from casequiz.tui.screens.focus import FocusShowsCursor
from casequiz.tui.screens.help import HelpScreen
from casequiz.tui.widgets.answer import AnswerWidget, NoResponse
from casequiz.tui.widgets.keyfooter import KeyFooter
from casequiz.tui.widgets.questionview import QuestionView
from casequiz.tui.widgets.quizheader import QuizHeader


class QuestionScreen(FocusShowsCursor[None]):
    """One question of an attempt at a time."""

    HELP = "Question"
    """The help screen's section listed first."""

    CSS_PATH = "question.tcss"
    AUTO_FOCUS = ""
    """Textual's auto focus is off: it would focus the question's scroll view first (restyling
    the whole question, twice, before the first frame) only for `show_current` to move the
    focus to the answer. Where it made a difference (`on_mount`, `on_screen_resume`), the
    first widget that takes the focus gets it as before."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Submit"),
        Binding("pagedown", "skip", "Skip", priority=True),
        Binding("pageup", "back", "Back", priority=True),
        Binding("ctrl+f", "flag", "Flag", priority=True),
        Binding("ctrl+g", "hint", "Hint", priority=True),
        Binding("e", "end", "End"),
        Binding("s", "skip", "Skip", show=False),
        Binding("b", "back", "Back", show=False),
        Binding("m", "flag", "Flag", show=False),
        Binding("h", "hint", "Hint", show=False),
        Binding("escape", "leave_box", "Leave the text box", show=False),
        Binding("question_mark", "help", "Help", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, attempt: Attempt) -> None:
        super().__init__()
        self.attempt = attempt
        self._resumed = False

    def compose(self) -> ComposeResult:
        yield QuizHeader(self.attempt)
        yield QuestionView(self.attempt.current)
        yield Static(id="status")
        yield KeyFooter()

    async def on_mount(self) -> None:
        if self.locked:
            # Where Textual's auto focus mattered: a locked answer takes no focus.
            self.focus_next()
        await self.show_current()
        self.call_after_refresh(_preload)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """First shown: every widget was styled as it was mounted, a moment ago, so Textual's
        restyle of the whole screen (which runs after this) would change nothing. Back from a
        screen above with nothing focused (a text box left with Escape): the first widget that
        takes the focus gets it, as Textual's auto focus gives it."""
        if not self._resumed:
            event.refresh_styles = False
        elif self.focused is None:
            self.focus_next()
        self._resumed = True

    # -- showing ---------------------------------------------------------------------------

    @property
    def answer_widget(self) -> AnswerWidget:
        return self.query_one(QuestionView).answer  # type: ignore[return-value]

    @property
    def locked(self) -> bool:
        """Practice answers are final once their feedback has been seen."""
        return self.attempt.mode is Mode.PRACTICE and self.attempt.position in self.attempt.answers

    async def show_current(self, status: str = "") -> None:
        """Show the attempt's current question, with the response given to it, if any."""
        view = self.query_one(QuestionView)
        if view.slot is not self.attempt.current:
            await view.remove()
            view = QuestionView(self.attempt.current)
            await self.mount(view, after=self.query_one(QuizHeader))
        self.refresh_bindings()
        self.query_one(QuizHeader).refresh_state()
        widget = self.answer_widget
        given = self.attempt.answers.get(self.attempt.position)
        if given is not None:
            widget.restore(given.response)
            if self.locked:
                widget.freeze()
                status = status or "Answered. Enter shows the feedback again."
            else:
                status = status or "Answered. Enter replaces the answer."
        if not self.locked:
            widget.focus()
        self.say(status)

    def say(self, text: str, *, warning: bool = False) -> None:
        """A line under the question: what happened, or what to do next."""
        status = self.query_one("#status", Static)
        status.update(Content(text))
        status.set_class(warning, "-warning")

    # -- answering -------------------------------------------------------------------------

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a text box. Not a priority binding: the keys typed before it must land
        in the box first, or a quick `5`+Enter would submit an empty answer."""
        event.stop()
        await self.action_submit()

    async def action_submit(self) -> None:
        """Enter: submit the response, then show feedback (practice) or move on (exam)."""
        attempt = self.attempt
        if attempt.finished:
            return
        if self.locked:
            self._show_feedback()
            return
        try:
            response = self.answer_widget.response()
        except NoResponse as why:
            self.say(str(why), warning=True)
            return
        try:
            attempt.answer(response)
        except AttemptClosed:
            self.post_message(EndAttempt(attempt))
            return
        except ResponseError as error:
            self.say(str(error), warning=True)
            return
        if attempt.mode is Mode.PRACTICE:
            self.query_one(QuizHeader).update_standing()
            self._show_feedback()
        else:
            await self.move_on()

    def _show_feedback(self) -> None:
        from casequiz.tui.screens.feedback import FeedbackScreen

        attempt = self.attempt
        screen = FeedbackScreen(
            attempt.current,
            attempt.answers.get(attempt.position),
            position=attempt.position,
            total=len(attempt.slots),
        )
        self.app.push_screen(screen, self._after_feedback)

    async def _after_feedback(self, _: None) -> None:
        await self.move_on()

    async def move_on(self) -> None:
        """To the next unanswered question, or to the end when every one is answered."""
        attempt = self.attempt
        if attempt.finished:
            return
        left = attempt.unanswered()
        if not left:
            if attempt.mode is Mode.PRACTICE:
                self.post_message(EndAttempt(attempt))
            else:
                flagged = still_open(attempt) if attempt.flags else ""
                self.app.push_screen(
                    ConfirmScreen(
                        "Every question is answered. Finish the exam?",
                        f"{flagged} Once finished, answers can no longer be changed.".strip(),
                        yes="Finish",
                        no="Keep checking",
                        default=True,
                    ),
                    self._after_confirm_end,
                )
            return
        later = [i for i in left if i > attempt.position]
        attempt.go((later or left)[0])
        await self.show_current()

    # -- moving ----------------------------------------------------------------------------

    async def action_skip(self) -> None:
        """Leave this question for later and go to the next unanswered one."""
        before = self.attempt.position
        self.attempt.skip()
        if self.attempt.position == before:
            await self.show_current()
            self.say("No other question is waiting; answer this one, or press e to end.")
            return
        await self.show_current()

    async def action_back(self) -> None:
        if self.attempt.position == 0:
            self.say("This is the first question.")
            return
        self.attempt.back()
        await self.show_current()

    def action_flag(self) -> None:
        flagged = self.attempt.toggle_flag()
        self.query_one(QuizHeader).update_standing()
        self.say("Flagged: come back to it before the end." if flagged else "Flag removed.")

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
        self.app.push_screen(HelpScreen(self.HELP))

    def action_end(self) -> None:
        """End the attempt before every question is answered (asks first)."""
        detail = still_open(self.attempt)
        self.app.push_screen(
            ConfirmScreen("End the attempt now and see the results?", detail, yes="End"),
            self._after_confirm_end,
        )

    def _after_confirm_end(self, end: bool | None) -> None:
        if end:
            self.post_message(EndAttempt(self.attempt))


def still_open(attempt: Attempt) -> str:
    """`2 flagged, 1 unanswered (scores 0).`: what a student may want to look at before ending."""
    left, flagged = len(attempt.unanswered()), len(attempt.flags)
    parts = [f"{flagged} flagged"] if flagged else []
    if left:
        parts.append(f"{left} unanswered (score{'s' if left == 1 else ''} 0)")
    return (", ".join(parts) + ".") if parts else "Every question is answered."


def _preload() -> None:
    """Import the feedback screen once the first question is drawn: off the start-up path,
    and ready before the first answer is submitted."""
    import casequiz.tui.screens.feedback  # noqa: F401
