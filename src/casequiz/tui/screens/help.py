"""The help screen: every key, the current screen's first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from casequiz.tui.keys import SECTIONS, Section


class HelpScreen(ModalScreen[None]):
    """A scrollable list of the keys; any of escape, enter, ? or f1 closes it."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [Binding("escape,enter,question_mark,f1,q", "close", "Close")]

    def __init__(self, first: str | None = None) -> None:
        super().__init__()
        self.first = first

    def compose(self) -> ComposeResult:
        ordered = sorted(SECTIONS, key=lambda section: section[0] != self.first)
        with Vertical(id="help"):
            yield Static("Keys  (escape closes)", id="help-title")
            with VerticalScroll(id="help-body"):
                for section in ordered:
                    yield Static(_section(section), classes="help-section")

    def action_close(self) -> None:
        self.dismiss(None)


def _section(section: Section) -> Content:
    title, keys = section
    width = max(len(key) for key, _ in keys)
    lines = [Content.styled(title, "bold $text-accent")]
    for key, what in keys:
        lines.append(Content.assemble((f"  {key:<{width}}  ", "bold"), what))
    return Content("\n").join(lines)
