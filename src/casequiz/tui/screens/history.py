"""The history screen: the student's finished attempts, the most recent first, each to review.

Enter opens an attempt's results as they were at the end, with every question's feedback and
excerpts one more Enter away, exactly as after taking it.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from casequiz.quiz.history import CannotReopen, Past, past_attempts, reopen
from casequiz.store.base import ResultsStore as Store
from casequiz.tui.screens.help import HelpScreen
from casequiz.tui.screens.results import Outcome, ResultsScreen
from casequiz.tui.text import plain
from casequiz.tui.widgets.keyfooter import KeyFooter


def past_label(past: Past) -> Content:
    """`2025-01-06 09:00 · exam · 3/4 (75%)`, then the banks' titles (they wrap, never cut)."""
    head = f"{past.when} · {past.record.mode} · {past.score}"
    return Content.assemble((head, "bold"), "\n", plain(past.title, "$text-muted"))


class HistoryScreen(Screen[None]):
    """Past attempts of one student."""

    HELP = "History"
    """The help screen's section listed first."""

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#history"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, store: Store, student: str, *, sources_dir: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.student = student
        self.sources_dir = sources_dir
        self.pasts = past_attempts(store.attempts(finished=True, student=student))

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble("History · ", plain(self.student)), id="title")
        if self.pasts:
            yield Static("Finished attempts, the most recent first · enter reviews one", id="intro")
        else:
            yield Static("No finished attempt yet for this name.", id="intro")
        listing = OptionList(*(Option(past_label(past)) for past in self.pasts), id="history")
        listing.display = bool(self.pasts)
        yield listing
        yield Static(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.pasts:
            self.query_one("#history", OptionList).highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        past = self.pasts[event.option_index]
        try:
            attempt = reopen(past.record, log=self.store, sources_dir=self.sources_dir)
        except CannotReopen as why:
            self.query_one("#status", Static).update(
                Content.styled(f"Cannot open it: {why}", "$text-warning")
            )
            return
        self.app.push_screen(
            ResultsScreen(attempt, Outcome(attempt.result()), has_home=True, past=True)
        )

    def action_back(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.HELP))
