"""The home screen: choose banks, topics, practice or exam, how many questions, and who you are.

The banks were found and checked before the screen opened (`./questions`, else the bundled
ones); a bank that does not load is named with its first problem instead of being hidden. An
unfinished attempt is offered to resume: it carries its own banks, mode and student.
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
from textual.widgets import Button, Footer, Input, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from casequiz.bank.diagnostics import BankError
from casequiz.bank.load import CheckResult, LoadedBank, load_banks
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection, SelectionError
from casequiz.records import AttemptRecord
from casequiz.store.base import ResultsStore as Store
from casequiz.tui.messages import StartAttempt
from casequiz.tui.text import plain
from casequiz.tui.widgets.choices import ChoiceList


def bank_label(bank: LoadedBank) -> Content:
    """Title, then question count and topics on a second, dimmer line."""
    count = len(bank.bank.questions)
    about = f"{count} question{'s' if count != 1 else ''}"
    topics = bank.bank.topics()
    details = plain(f"{about} · {', '.join(topics)}" if topics else about, "$text-muted")
    return Content.assemble(plain(bank.bank.title, "bold"), "\n", details)


def attempt_label(record: AttemptRecord) -> Content:
    """`Ada · exam · 3/10 · 01-02 10:00 · Bank title`, on one line (the list crops it)."""
    titles = ", ".join(bank.get("title") or bank.get("id", "?") for bank in record.banks)
    started = record.started_at[5:16].replace("T", " ")
    return Content.assemble(
        plain(record.student, "bold"),
        f" · {record.mode} · {len(record.answers)}/{len(record.plan)} · {started} · ",
        plain(titles, "$text-muted"),
    )


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
                with RadioSet(id="mode"):
                    yield RadioButton("Practice", value=True, id="practice")
                    yield RadioButton("Exam", id="exam")
                with Horizontal(classes="field"):
                    yield Static("Name", classes="field-label")
                    yield Input(self.student, placeholder="your name", id="student")
                with Horizontal(classes="field"):
                    yield Static("Questions", classes="field-label")
                    yield Input(placeholder="all", type="integer", id="count")
                with Horizontal(classes="field"):
                    yield Static("Minutes", classes="field-label")
                    yield Input(placeholder="no limit", type="integer", id="minutes", disabled=True)
                yield Button("Start", variant="primary", id="start")
                yield Button("Study (spaced repetition)", id="study", compact=True)
                resume = OptionList(id="unfinished")
                resume.border_title = "Unfinished · enter resumes"
                yield resume
        yield Static(self._broken_text(), id="status")
        yield Footer()

    def _broken_text(self) -> Content:
        if not self.banks and not self.broken:
            return Content("No bank found: put bank files under ./questions.")
        if not self.broken:
            return Content("")
        first = self.broken[0]
        problem = first.errors[0].message if first.errors else "it could not be loaded"
        more = f" (and {len(self.broken) - 1} more)" if len(self.broken) > 1 else ""
        return Content.assemble(
            ("Not loaded: ", "bold $text-error"),
            plain(f"{first.display}: {problem}{more}. Run `casequiz validate` on it."),
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

        student = self.query_one("#student", Input).value.strip()
        if not student:
            self.say("Type your name: your study schedule is your own.")
            self.query_one("#student", Input).focus()
            return
        if not self.banks:
            self.say("No bank to study.")
            return
        menu = StudyMenuScreen(
            self.banks,
            self.store,
            student=student,
            seed=self.seed,
            clock=self.app.clock,  # type: ignore[attr-defined]
        )
        self.app.push_screen(menu)

    def action_start(self) -> None:
        """Start a new attempt with the choices on the screen."""
        banks = self._chosen_banks()
        if not banks:
            self.say("Tick at least one bank (space or its number key).")
            return
        exam = self.query_one("#exam", RadioButton).value
        student = self.query_one("#student", Input).value.strip()
        if not student:
            self.say("Type your name: it goes on the result." if exam else "Type your name.")
            self.query_one("#student", Input).focus()
            return
        count = _whole(self.query_one("#count", Input).value)
        minutes = _whole(self.query_one("#minutes", Input).value) if exam else None
        if count == 0 or minutes == 0:
            self.say("The number of questions and the minutes must be at least 1.")
            return
        topics = self.query_one("#topics", ChoiceList)
        selection = Selection(
            topics=tuple(topics.choices[i] for i in sorted(topics.ticked)),
            count=count,
            seed=self.seed,
        )
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
        self.post_message(StartAttempt(attempt))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "unfinished":
            self.resume(self.unfinished[event.option_index])

    def action_resume_latest(self) -> None:
        if self.unfinished:
            self.resume(self.unfinished[0])
        else:
            self.say("There is no unfinished attempt to resume.")

    def resume(self, record: AttemptRecord) -> None:
        """Load the record's banks from where they were and continue it."""
        paths = [Path(bank["path"]) for bank in record.banks]
        try:
            banks = load_banks(paths, sources_dir=self.sources_dir)
            attempt = Attempt.resume(record, banks, log=self.store, clock=self.app.clock)  # type: ignore[attr-defined]
        except BankError as error:
            first = error.diagnostics[0] if error.diagnostics else None
            self.say(f"Cannot resume: {first.message if first else 'its banks do not load'}")
            return
        except SelectionError as error:
            self.say(f"Cannot resume: {error}")
            return
        self.post_message(StartAttempt(attempt))


def _whole(text: str) -> int | None:
    """A whole number typed in a box, or None when the box is empty."""
    text = text.strip()
    return int(text) if text.lstrip("-").isdigit() else None
