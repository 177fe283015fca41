"""`casequiz study` in the terminal UI: a session, then the study menu with the forecast.

An app of its own rather than a mode of the home app, because a session starts with the banks
and the student the command line gave; it shares the home app's screens, styles and keys.
Quitting never needs a question: every rating is committed before the next question shows.
"""

from __future__ import annotations

from casequiz.quiz.study import StudySession
from casequiz.store.base import ResultsStore as Store
from casequiz.tui.base import BaseApp
from casequiz.tui.screens.study import StudyScreen
from casequiz.tui.screens.studymenu import StudyMenuScreen


class StudyApp(BaseApp):
    """One study session, then the menu to see the forecast or study again."""

    TITLE = "casequiz study"
    HELP_SECTION = "Study"

    def __init__(
        self,
        session: StudySession,
        store: Store,
        *,
        seed: int | None = None,
        theme: str = "textual-dark",
    ) -> None:
        super().__init__()
        self.session = session
        self.store = store
        self.seed = seed
        self.theme = theme

    def on_mount(self) -> None:
        if self.session.finished:
            self.push_screen(self._menu("Nothing to study now: nothing is due and nothing is new."))
            return
        self.push_screen(self._menu(""))
        self.push_screen(StudyScreen(self.session), self._after_session)

    def _menu(self, note: str) -> StudyMenuScreen:
        return StudyMenuScreen(
            self.session.banks,
            self.store,
            student=self.session.student,
            seed=self.seed,
            clock=self.session.clock,
            note=note,
            leave_quits=True,
        )

    def _after_session(self, summary: str | None) -> None:
        if isinstance(self.screen, StudyMenuScreen):
            self.screen.show_note(summary or "")


def run_study(session: StudySession, store: Store, *, seed: int | None = None) -> int:
    """Run a study session in the terminal UI; returns the exit code."""
    return StudyApp(session, store, seed=seed).run_for_code()
