"""The casequiz app: the flow between screens, and the one attempt in progress.

Screens say what the student did with messages (`StartAttempt`, `EndAttempt`, `GoHome`); the
app moves between home, questions and results, finishes an exam whose time runs out, writes
the result file of a finished exam, and asks before quitting an attempt. Scoring and storing
are the engine's: by the time any screen changes, the engine has committed the answer.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TextIO

from textual import on
from textual.screen import Screen

from casequiz.quiz import resultfile
from casequiz.quiz.attempt import Attempt, Clock, Mode, utc_now
from casequiz.quiz.literal import literal
from casequiz.store.base import ResultsStore as Store
from casequiz.tui.base import BaseApp
from casequiz.tui.messages import EndAttempt, GoHome, StartAttempt
from casequiz.tui.screens.confirm import ConfirmScreen
from casequiz.tui.screens.question import QuestionScreen
from casequiz.tui.settings import remembered_student

HERE = Path(__file__).parent
TICK_SECONDS = 0.25
"""How often the app checks an exam's time limit."""


def default_student() -> str:
    """The login name, as a starting point for the name box."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class CaseQuizApp(BaseApp):
    """Home screen, questions, feedback and results over one results store."""

    TITLE = "casequiz"

    def __init__(
        self,
        *,
        store: Store,
        bank_paths: list[Path] | None = None,
        attempt: Attempt | None = None,
        sources_dir: Path | None = None,
        student: str | None = None,
        seed: int | None = None,
        clock: Clock = utc_now,
        cursor_blink: bool = True,
        theme: str = "textual-dark",
    ) -> None:
        super().__init__()
        self.store = store
        self.bank_paths = list(bank_paths or [])
        self.attempt = attempt
        self.sources_dir = sources_dir
        self.student = (remembered_student() or default_student()) if student is None else student
        self.seed = seed
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.theme = theme
        self._home = attempt is None
        self._base = 1
        self._results_for: Attempt | None = None
        self.hand_in_failed = False
        """A result file could not be written: the command exits 1 (the attempt is stored)."""
        self.handed_in: list[Path] = []
        """The result files written, printed once the app has closed (`print_handed_in`)."""

    def on_mount(self) -> None:
        if self._home:
            from casequiz.bank.load import check_paths
            from casequiz.tui.screens.home import HomeScreen

            checked = check_paths(
                self.bank_paths, need_bank=True, sources_dir=self.sources_dir, light=True
            )
            self.push_screen(
                HomeScreen(
                    checked,
                    self.store,
                    student=self.student,
                    seed=self.seed,
                    sources_dir=self.sources_dir,
                )
            )
        elif self.attempt is not None:
            self.post_message(StartAttempt(self.attempt))
        self.set_interval(TICK_SECONDS, self._check_time)

    # -- the flow between screens ----------------------------------------------------------

    async def _to_base(self) -> None:
        """Close every screen above home (or above the blank base screen)."""
        while len(self.screen_stack) > self._base:
            await self.pop_screen()

    async def _above_base(self, screen: Screen[object]) -> None:
        """Show `screen` right above home (or the blank base), in place of the screen there:
        switched to, not pushed after closing that one, so that home is never drawn between
        the end of an attempt and its results (nor between results and a retry)."""
        while len(self.screen_stack) > self._base + 1:
            await self.pop_screen()
        if len(self.screen_stack) > self._base:
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    @on(StartAttempt)
    async def start_attempt(self, message: StartAttempt) -> None:
        self._base = 2 if self._home else 1
        self.attempt = message.attempt
        if message.attempt.finished or message.attempt.expired:
            await self._show_results(message.attempt)
        else:
            await self._above_base(QuestionScreen(message.attempt))

    @on(EndAttempt)
    async def end_attempt(self, message: EndAttempt) -> None:
        await self._show_results(message.attempt)

    @on(GoHome)
    async def go_home(self) -> None:
        if not self._home:
            self.exit(0)
            return
        self.attempt = None
        await self._to_base()

    async def _show_results(self, attempt: Attempt) -> None:
        """Finish the attempt (the engine commits it), write an exam's result file, show both."""
        if self._results_for is attempt:
            return
        from casequiz.tui.screens.results import Outcome, ResultsScreen

        self._results_for = attempt
        timed_out = not attempt.finished and attempt.expired
        outcome = Outcome(attempt.finish(), timed_out=timed_out)
        if attempt.mode is Mode.EXAM:
            try:
                outcome.result_file = resultfile.write(attempt.to_record())
                self.handed_in.append(outcome.result_file)
            except OSError as error:
                outcome.file_error = error.strerror or str(error)
                self.hand_in_failed = True
        await self._above_base(ResultsScreen(attempt, outcome, has_home=self._home))

    async def _check_time(self) -> None:
        """An exam whose time runs out finishes with what was answered, wherever the student is."""
        attempt = self.attempt
        if attempt is None or attempt.finished or attempt.time_limit is None:
            return
        if attempt.expired:
            await self._show_results(attempt)

    # -- keys everywhere -------------------------------------------------------------------

    @property
    def in_attempt(self) -> bool:
        return self.attempt is not None and not self.attempt.finished

    async def action_quit(self) -> None:
        """Quit; during an attempt, ask first (nothing is lost either way). An attempt started
        from the home screen goes back there, where it is listed to resume."""
        if not self.in_attempt or isinstance(self.screen, ConfirmScreen):
            self.exit(0)
            return
        if self._home:
            question = ConfirmScreen(
                "Leave this attempt?",
                "Every answer given is saved. It waits on the home screen, under Unfinished.",
                yes="Home",
                no="Stay",
            )
        elif not getattr(self.attempt.log, "durable", True):  # `--db :memory:`: gone on exit
            question = ConfirmScreen(
                "Quit now?",
                "This store is in memory: the attempt ends with casequiz and cannot be resumed.",
                yes="Quit",
                no="Stay",
            )
        else:
            question = ConfirmScreen(
                "Quit now?",
                "Every answer given is saved. Resume later with `casequiz resume`.",
                yes="Quit",
                no="Stay",
            )
        self.push_screen(question, self._after_quit_question)

    async def _after_quit_question(self, leave: bool | None) -> None:
        if not leave:
            return
        if self._home:
            await self.go_home()
        else:
            self.exit(0)


def run_home(bank_paths: list[Path], store: Store, *, sources_dir: Path | None = None) -> int:
    """`casequiz` with no command: the home screen over the banks at `bank_paths`."""
    app = CaseQuizApp(store=store, bank_paths=bank_paths, sources_dir=sources_dir)
    code = app.run_for_code()
    print_handed_in(app.handed_in, sys.stdout)
    return code or int(app.hand_in_failed)


def run_attempt(attempt: Attempt, store: Store) -> int:
    """`casequiz practice|exam|resume`: straight to the attempt's current question."""
    app = CaseQuizApp(store=store, attempt=attempt)
    code = app.run_for_code()
    print_handed_in(app.handed_in, sys.stdout)
    return code or int(app.hand_in_failed)


def print_handed_in(paths: list[Path], out: TextIO) -> None:
    """Each result file written, on a line of its own in the shell once the screen is gone:
    there the terminal wraps it softly, so it is copied whole however narrow the window."""
    for path in paths:
        print(f"Result file to hand in: {literal(str(path))}", file=out)
