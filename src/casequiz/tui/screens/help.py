"""The help screen: every key, the current screen's first."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from casequiz.tui.keys import SECTIONS


class HelpScreen(ModalScreen[None]):
    """A scrollable list of the keys; any of escape, enter, ? or f1 closes it."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,question_mark,f1,q", "close", "Close")
    ]

    def __init__(self, first: str | None = None) -> None:
        super().__init__()
        self.first = first

    def compose(self) -> ComposeResult:
        ordered = sorted(SECTIONS, key=lambda section: section[0] != self.first)
        with Vertical(id="help"):
            yield Static("Keys  (escape closes)", id="help-title")
            with VerticalScroll(id="help-body"):
                for title, keys in ordered:
                    yield Static(title, classes="help-section", markup=False)
                    for key, what in keys:
                        with Horizontal(classes="help-row"):
                            yield Static(key, classes="help-key", markup=False)
                            yield Static(what, classes="help-what", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
