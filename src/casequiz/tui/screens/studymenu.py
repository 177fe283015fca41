"""The study menu: each bank with what is due now, new and learned, and the 14-day forecast.

Opened from the home screen's Study entry (for the name typed there) or by `casequiz study`
after a session. The figures are read again every time the screen shows, so they follow the
ratings just given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from casequiz.bank.load import LoadedBank
from casequiz.quiz.schedule import utc_now
from casequiz.quiz.study import DEFAULT_NEW, Clock, StudySession
from casequiz.quiz.studystats import BankCounts, bank_counts, forecast
from casequiz.store.base import ResultsStore as Store
from casequiz.store.cards import CardStore
from casequiz.tui.screens.help import HelpScreen
from casequiz.tui.text import plain
from casequiz.tui.widgets.choices import ChoiceList
from casequiz.tui.widgets.forecast import ForecastChart
from casequiz.tui.widgets.keyfooter import KeyFooter
from casequiz.tui.widgets.rowlabels import whole_number


def counts_label(bank: LoadedBank, counts: BankCounts) -> Content:
    """Title, then the three counts on a second, dimmer line."""
    figures = f"{counts.due} due now · {counts.new} new · {counts.learned} learned"
    return Content.assemble(plain(bank.bank.title, "bold"), "\n", (figures, "$text-muted"))


def entry_label(banks: Sequence[LoadedBank], store: Store, student: str, now: datetime) -> str:
    """The home screen's Study entry: what is due now and new for the name typed there."""
    if not student or not banks:
        return "Study (spaced repetition)"
    counts = bank_counts(banks, CardStore(store).cards(student), now)
    due, new = sum(c.due for c in counts), sum(c.new for c in counts)
    return f"Study · {due} due now · {new} new"


class StudyMenuScreen(Screen[None]):
    """Choose banks and how many new questions, see the forecast, start a session."""

    CSS_PATH = "study.tcss"
    AUTO_FOCUS = "#study-banks"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Study", priority=True),
        Binding("escape", "back", "Back"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(
        self,
        banks: Sequence[LoadedBank],
        store: Store,
        *,
        student: str,
        seed: int | None = None,
        clock: Clock = utc_now,
        note: str = "",
        leave_quits: bool = False,
        ticked: Sequence[int] | None = None,
    ) -> None:
        super().__init__()
        self.banks = list(banks)
        self.ticked = set(range(len(self.banks)) if ticked is None else ticked)
        """The banks ticked at first: those ticked on the home screen, else every one."""
        self.store = store
        self.cards = CardStore(store)
        self.student = student
        self.seed = seed
        self.clock = clock
        self.note = note
        self.leave_quits = leave_quits
        """Escape quits the app (opened by `casequiz study`) instead of going back home."""

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble("Study · spaced repetition · ", plain(self.student)),
            classes="study-title",
        )
        with Horizontal(id="study-columns"):
            banks = ChoiceList(
                [bank.bank.id for bank in self.banks],
                multiple=True,
                labels=[plain(bank.bank.title, "bold") for bank in self.banks],
                id="study-banks",
            )
            banks.border_title = "Banks · due now / new / learned"
            yield banks
            with Vertical(id="study-side"):
                with Horizontal(classes="field"):
                    yield Static("New", classes="field-label")
                    yield Input(str(DEFAULT_NEW), type="integer", id="study-new")
                with Horizontal(classes="field"):
                    yield Static("Limit", classes="field-label")
                    yield Input(placeholder="no limit", type="integer", id="study-limit")
                yield Button("Study now", variant="primary", id="study-start")
        chart = ForecastChart(id="forecast")
        chart.border_title = "Due in the next 14 days · today first"
        yield chart
        yield Static(Content(self.note), id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        banks = self.query_one("#study-banks", ChoiceList)
        banks.tick(self.ticked)
        if self.banks:
            banks.highlighted = 0
        self.refresh_figures()

    def on_screen_resume(self) -> None:
        self.refresh_figures()

    def refresh_figures(self) -> None:
        """Read the student's cards again: the counts per bank and the forecast."""
        cards = self.cards.cards(self.student)
        now = self.clock()
        listing = self.query_one("#study-banks", ChoiceList)
        for row, bank, counts in zip(
            listing.rows, self.banks, bank_counts(self.banks, cards, now), strict=False
        ):
            row.set_label(counts_label(bank, counts))
        chosen = {self.banks[i].bank.id for i in listing.ticked}
        questions = {
            (bank.bank.id, question.id) for bank in self.banks for question in bank.bank.questions
        }
        mine = [c for c in cards if c.bank_id in chosen and c.key in questions]
        self.query_one(ForecastChart).show(forecast(mine, now) if mine else [])

    def on_choice_list_changed(self, event: ChoiceList.Changed) -> None:
        self.refresh_figures()

    def say(self, text: str) -> None:
        self.query_one("#status", Static).update(Content.styled(text, "$text-warning"))

    # -- starting --------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "study-start":
            self.action_start()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def action_start(self) -> None:
        """Start a session over the ticked banks."""
        from casequiz.tui.screens.study import StudyScreen

        listing = self.query_one("#study-banks", ChoiceList)
        banks = [self.banks[i] for i in sorted(listing.ticked)]
        if not banks:
            self.say("Tick at least one bank (space or its number key).")
            return
        new = whole_number(self.query_one("#study-new", Input).value)
        limit = whole_number(self.query_one("#study-limit", Input).value)
        if (new is not None and new < 0) or (limit is not None and limit < 1):
            self.say("New must be 0 or more, and the limit at least 1.")
            return
        session = StudySession.start(
            banks,
            student=self.student,
            new=DEFAULT_NEW if new is None else new,
            limit=limit,
            log=self.cards,
            seed=self.seed,
            clock=self.clock,
        )
        if session.finished:
            self.say("Nothing to study now: nothing is due and nothing is new.")
            return
        self.app.push_screen(StudyScreen(session), self._after_session)

    def _after_session(self, summary: str | None) -> None:
        self.show_note(summary or "")

    def show_note(self, text: str) -> None:
        """A line under the forecast: how the last session went."""
        self.refresh_figures()
        self.query_one("#status", Static).update(Content(text))

    def action_back(self) -> None:
        if self.leave_quits:
            self.app.exit(0)
        else:
            self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("Study"))
