"""What every casequiz app shares: its stylesheets, the global keys, help and the theme."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from casequiz.tui.screens.help import HelpScreen

HERE = Path(__file__).parent


class BaseApp(App[int]):
    """Quit, help and theme keys over the casequiz look; the exit code is the app's result."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        HERE / "app.tcss",
        HERE / "widgets" / "widgets.tcss",
    ]
    """Absolute, so that a subclass defined elsewhere (a benchmark, a test) finds them too."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False, priority=True),
    ]
    HELP_SECTION: ClassVar[str | None] = None
    """The help section to open first when the screen names none."""

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: the app's own commands, then Textual's that still make sense here."""
        from casequiz.tui.commands import LEFT_OUT, commands

        yield from commands(self, screen)
        for command in super().get_system_commands(screen):
            if command.title not in LEFT_OUT:
                yield command

    def on_ready(self) -> None:
        """The first frame is up: the start-up, if it paused the garbage collector, is over."""
        from casequiz.bank.collector import started

        started()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(getattr(self.screen, "HELP", None) or self.HELP_SECTION))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def run_for_code(self) -> int:
        """Run the app; its exit code (0 when it returned none)."""
        self.run()
        return self.return_code or 0
