"""The casequiz app as a served student sees it: their one attempt, no home, no files.

A served exam ends on a screen that gives the score and nothing of the key: the review with
its right answers and excerpts would otherwise reach the next class through the first. No result
file is written: the answers are already in the teacher's store.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from casequiz.quiz.attempt import Attempt, Mode
from casequiz.tui.app import CaseQuizApp
from casequiz.tui.text import plain, points


class DoneScreen(Screen[None]):
    """The end of a served exam: answered, scored, recorded."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "app.quit", "Close"),
        Binding("q", "app.quit", "Close", show=False),
    ]
    DEFAULT_CSS = """
    DoneScreen { align: center middle; }
    DoneScreen > #done { width: 64; height: auto; padding: 1 2; border: round $success; }
    """

    def __init__(self, attempt: Attempt, timed_out: bool) -> None:
        super().__init__()
        self.attempt = attempt
        self.timed_out = timed_out

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        result = attempt.result()
        answered = len(attempt.answers)
        head = "Time is up: the exam is finished." if self.timed_out else "The exam is finished."
        yield Static(
            Content.assemble(
                (head, "bold"),
                "\n\n",
                plain(attempt.student),
                f", you answered {answered} of {len(attempt.slots)} questions and scored "
                f"{points(result.score)} of {points(result.max)}.\n\n"
                "Your answers are with your teacher; you may close this page.",
            ),
            id="done",
        )
        yield Footer()


class ServedApp(CaseQuizApp):
    """One student's attempt, started for them by the server."""

    ENABLE_COMMAND_PALETTE = False
    """Its screenshot and theme commands are the teacher's machine's, not the student's."""

    async def _show_results(self, attempt: Attempt) -> None:
        if attempt.mode is not Mode.EXAM:
            await super()._show_results(attempt)
            return
        if self._results_for is attempt:
            return
        self._results_for = attempt
        timed_out = not attempt.finished and attempt.expired
        attempt.finish()
        await self._above_base(DoneScreen(attempt, timed_out))

    async def action_quit(self) -> None:
        """Ctrl+Q closes the page's session; the attempt waits, reloading resumes it."""
        self.exit(0)
