"""The home screen: choose banks, topics, practice or exam, how many questions, and who you are.

The banks were found and checked before the screen opened (`./questions`, else the bundled
ones); a bank that does not load is named with its first problem instead of being hidden. An
unfinished attempt is offered to resume: it carries its own banks, mode and student. The
history of the name typed and the study menu open from here, and the command palette starts
a practice or an exam on any one bank (`start_on`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from casequiz.bank.diagnostics import BankError
from casequiz.bank.load import CheckResult, LoadedBank, load_banks
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection, SelectionError
from casequiz.records import AttemptRecord
from casequiz.store.base import ResultsStore as Store
from casequiz.tui.messages import StartAttempt
from casequiz.tui.settings import remember_student
from casequiz.tui.text import plain
from casequiz.tui.widgets.choices import ChoiceList
from casequiz.tui.widgets.keyfooter import KeyFooter
from casequiz.tui.widgets.modeswitch import ModeSwitch
from casequiz.tui.widgets.rowlabels import attempt_label, bank_label, whole_number


class HomeScreen(Screen[None]):
    """Start a new attempt or resume one."""

    HELP = "Home"
    """The help screen's section listed first."""

    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#banks"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", priority=True),
        Binding("ctrl+r", "resume_latest", "Resume", priority=True),
        Binding("ctrl+l", "study", "Study", priority=True),
        Binding("ctrl+o", "history", "History", priority=True),
        Binding("delete", "abandon", "Abandon", show=False),
    ]

    def __init__(
        self,
        checked: Sequence[CheckResult],
        store: Store,
        *,
        student: str = "",
        seed: int | None = None,
        sources_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.banks = [result.loaded for result in checked if result.loaded is not None]
        self.broken = [result for result in checked if result.loaded is None]
        self.store = store
        self.student = student
        self.seed = seed
        self.sources_dir = sources_dir
        self.unfinished: list[AttemptRecord] = []

    def compose(self) -> ComposeResult:
        yield Static("casequiz · learn from the case, one answer at a time", id="title")
        with Horizontal(id="columns"):
            with Vertical(id="left"):
                banks = ChoiceList(
                    [bank.bank.id for bank in self.banks],
                    multiple=True,
                    labels=[bank_label(bank) for bank in self.banks],
                    id="banks",
                )
                banks.border_title = "Banks"
                yield banks
                topics = ChoiceList([], multiple=True, id="topics")
                topics.border_title = "Topics · none ticked means all"
                yield topics
            with Vertical(id="right"):
                with ModeSwitch(id="mode", compact=True):
                    yield RadioButton("Practice", value=True, id="practice", compact=True)
                    yield RadioButton("Exam", id="exam", compact=True)
                with Horizontal(classes="field"):
                    yield Static("Name", classes="field-label")
                    yield Input(self.student, placeholder="your name", id="student", compact=True)
                with Horizontal(classes="field"):
                    yield Static("Questions", classes="field-label")
                    yield Input(placeholder="all", type="integer", id="count", compact=True)
                with Horizontal(classes="field"):
                    yield Static("Minutes", classes="field-label")
                    yield Input(
                        placeholder="no limit (exam)",
                        type="integer",
                        id="minutes",
                        disabled=True,
                        compact=True,
                    )
                yield Button("Start", variant="primary", id="start", compact=True)
                yield Button("Study (spaced repetition)", id="study", compact=True)
                yield Button("History", id="history", compact=True)
                resume = OptionList(id="unfinished")
                resume.border_title = "Unfinished · enter resumes"
                yield resume
        yield Static(self._broken_text(), id="status")
        yield KeyFooter()

    def _broken_text(self) -> Content:
        if not self.banks and not self.broken:
            return Content("No bank found: put bank files under ./questions.")
        if not self.broken:
            return Content("")
        first = self.broken[0]
        problem = first.errors[0].message if first.errors else "it could not be loaded"
        said = f"{first.display}: {problem}"
        if len(self.broken) > 1:
            said = f"{said.removesuffix('.')} (and {len(self.broken) - 1} more)"
        stop = "" if said.endswith((".", "?", "!")) else "."  # "did you mean 'x'?" ends already
        return Content.assemble(
            ("Not loaded: ", "bold $text-error"),
            plain(f"{said}{stop} Run `casequiz validate` on it."),
        )

    async def on_mount(self) -> None:
        banks = self.query_one("#banks", ChoiceList)
        if self.banks:
            banks.tick({0})
            banks.highlighted = 0
        await self._update_topics()
        self._update_unfinished()
        self._update_study()

    def on_screen_resume(self) -> None:
        self._update_unfinished()
        self._update_study()

    # -- choices ---------------------------------------------------------------------------

    def _chosen_banks(self) -> list[LoadedBank]:
        return [self.banks[i] for i in sorted(self.query_one("#banks", ChoiceList).ticked)]

    async def _update_topics(self) -> None:
        """List the topics of the ticked banks, keeping ticks on topics still listed."""
        topics = self.query_one("#topics", ChoiceList)
        kept = {topics.choices[i] for i in topics.ticked}
        counts: dict[str, int] = {}
        for bank in self._chosen_banks():
            for question in bank.bank.questions:
                if question.topic:
                    counts[question.topic] = counts.get(question.topic, 0) + 1
        names = list(counts)
        await topics.set_choices(
            names,
            [Content.assemble(plain(name), (f"  {counts[name]}", "$text-muted")) for name in names],
            {i for i, name in enumerate(names) if name in kept},
        )

    def _update_unfinished(self) -> None:
        self.unfinished = self.store.unfinished()
        listing = self.query_one("#unfinished", OptionList)
        listing.clear_options()
        listing.add_options(Option(attempt_label(record)) for record in self.unfinished)
        listing.display = bool(self.unfinished)

    async def on_choice_list_changed(self, event: ChoiceList.Changed) -> None:
        if event.choice_list.id == "banks":
            await self._update_topics()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.query_one("#minutes", Input).disabled = event.pressed.id != "exam"

    def say(self, text: str) -> None:
        self.query_one("#status", Static).update(Content.styled(text, "$text-warning"))

    # -- starting --------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "study":
            self.action_study()
        elif event.button.id == "history":
            self.action_history()

    def _student(self, why: str) -> str | None:
        """The name typed; when there is none, say `why` one is needed and go to the box."""
        student = self.query_one("#student", Input).value.strip()
        if not student:
            self.say(why)
            self.query_one("#student", Input).focus()
        return student or None

    def action_history(self) -> None:
        """The finished attempts of the name typed, to review."""
        from casequiz.tui.screens.history import HistoryScreen

        student = self._student("Type your name: the history is of your own attempts.")
        if student is None:
            return
        self.app.push_screen(HistoryScreen(self.store, student, sources_dir=self.sources_dir))

    # -- studying (spaced repetition) ------------------------------------------------------

    def _update_study(self) -> None:
        """Label the Study entry with what is due now and new for the name typed."""
        from casequiz.tui.screens.studymenu import entry_label

        student = self.query_one("#student", Input).value.strip()
        label = entry_label(self.banks, self.store, student, self.app.clock())  # type: ignore[attr-defined]
        self.query_one("#study", Button).label = label

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "student":
            self._update_study()

    def action_study(self) -> None:
        """Open the study menu for the name typed: every bank's counts and the forecast."""
        from casequiz.tui.screens.studymenu import StudyMenuScreen

        student = self._student("Type your name: your study schedule is your own.")
        if student is None:
            return
        if not self.banks:
            self.say("No bank to study.")
            return
        menu = StudyMenuScreen(
            self.banks,
            self.store,
            ticked=sorted(self.query_one("#banks", ChoiceList).ticked),
            student=student,
            seed=self.seed,
            clock=self.app.clock,  # type: ignore[attr-defined]
        )
        self.app.push_screen(menu)

    def action_start(self) -> None:
        """Start a new attempt with the choices on the screen."""
        self.start(self._chosen_banks(), exam=self.query_one("#exam", RadioButton).value)

    def start_on(self, index: int, *, exam: bool) -> None:
        """Start on one bank, every topic of it (the command palette's "Practice: …")."""
        self.start([self.banks[index]], exam=exam, topics=())

    def start(
        self, banks: list[LoadedBank], *, exam: bool, topics: tuple[str, ...] | None = None
    ) -> None:
        """A new attempt on `banks` with the name, count and minutes typed; `topics` None means
        the topics ticked."""
        if not banks:
            self.say("Tick at least one bank (space or its number key).")
            return
        student = self._student(
            "Type your name: it goes on the result." if exam else "Type your name."
        )
        if student is None:
            return
        count = whole_number(self.query_one("#count", Input).value)
        minutes = whole_number(self.query_one("#minutes", Input).value) if exam else None
        if count is not None and count < 1:
            self.say("Questions must be at least 1 (leave it empty for all).")
            self.query_one("#count", Input).focus()
            return
        if minutes is not None and minutes < 1:
            self.say("Minutes must be at least 1 (leave it empty for no limit).")
            self.query_one("#minutes", Input).focus()
            return
        if topics is None:
            listing = self.query_one("#topics", ChoiceList)
            topics = tuple(listing.choices[i] for i in sorted(listing.ticked))
        selection = Selection(topics=topics, count=count, seed=self.seed)
        try:
            attempt = Attempt.start(
                banks,
                selection,
                student=student,
                mode=Mode.EXAM if exam else Mode.PRACTICE,
                time_limit=minutes * 60 if minutes else None,
                log=self.store,
                clock=self.app.clock,  # type: ignore[attr-defined]
            )
        except SelectionError as error:
            self.say(str(error))
            return
        remember_student(student)
        self.post_message(StartAttempt(attempt))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "unfinished":
            self.resume(self.unfinished[event.option_index])

    def action_resume_latest(self) -> None:
        """The latest unfinished attempt that can go on, as `casequiz resume` picks it: one
        whose bank is gone is passed over (and named), so it never blocks the others."""
        if not self.unfinished:
            self.say("There is no unfinished attempt to resume.")
            return
        passed: list[str] = []
        for record in self.unfinished:
            resumed = self._resumed(record)
            if isinstance(resumed, str):
                label = str(attempt_label(record)).replace("\n", " · ")
                passed.append(f"{label}: {resumed}")
                continue
            if passed:  # a toast: the attempt's screen covers this one's status line at once
                more = f" (and {len(passed) - 1} more)" if len(passed) > 1 else ""
                self.app.notify(f"Passed over {passed[0]}{more}", severity="warning", markup=False)
            self.post_message(StartAttempt(resumed))
            return
        self.say(
            f"Cannot resume: {passed[0]}"
            + (f" (nor {len(passed) - 1} more)" if len(passed) > 1 else "")
        )

    def action_abandon(self) -> None:
        """Abandon the unfinished attempt highlighted in the list, once confirmed: it stays in
        the store, unscored, and is offered no more (an attempt whose bank is gone would
        otherwise sit there for good)."""
        from casequiz.tui.screens.confirm import ConfirmScreen

        listing = self.query_one("#unfinished", OptionList)
        index = listing.highlighted
        if self.focused is not listing or index is None or index >= len(self.unfinished):
            return
        record = self.unfinished[index]
        label = str(attempt_label(record)).replace("\n", " · ")

        def answered(yes: bool | None) -> None:
            if yes and record.id is not None and self.store.abandon_attempt(record.id):
                self.say(f"Abandoned: {label}")
            self._update_unfinished()

        self.app.push_screen(
            ConfirmScreen(
                "Abandon this attempt?",
                f"{label}. It stays in the results store, unscored, and is "
                "no longer offered to resume.",
                yes="Abandon",
                no="Keep",
            ),
            answered,
        )

    def resume(self, record: AttemptRecord) -> None:
        """Load the record's banks from where they were and continue it."""
        resumed = self._resumed(record)
        if isinstance(resumed, str):
            self.say(f"Cannot resume: {resumed}")
        else:
            self.post_message(StartAttempt(resumed))

    def _resumed(self, record: AttemptRecord) -> Attempt | str:
        """The record's attempt, continued from its banks where they were; else why not."""
        paths = [Path(bank["path"]) for bank in record.banks]
        try:
            banks = load_banks(paths, sources_dir=self.sources_dir, light=True)
            return Attempt.resume(record, banks, log=self.store, clock=self.app.clock)  # type: ignore[attr-defined]
        except BankError as error:
            first = error.diagnostics[0] if error.diagnostics else None
            return first.message if first else "its banks do not load"
        except SelectionError as error:
            return str(error)
